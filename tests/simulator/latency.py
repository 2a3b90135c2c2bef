"""A latency model: answers as late as a real server's would be, and a cap on the requests in flight.

Both are off by default. This is a model, not a measurement of a real server:

- ``LatencyModel(latency=(BASE, PER_OBJECT))`` (milliseconds): every API answer (errors included) leaves ``BASE +
  PER_OBJECT * objects`` after its request was read, where ``objects`` (``Response.objects``) counts the objects
  serialised into the answer, each weighted by the share of its fields sent (``object_weight``). The simulator's own
  work counts toward that time; the rest is slept outside the global state lock, so concurrent requests overlap as
  on a real server.
- ``Load(max_concurrent=N)``: a request that arrives while ``N`` others are in flight (read, not yet answered) is
  answered ``429`` at once with ``Retry-After`` (``RETRY_AFTER`` seconds), as a throttling gateway does.

``/_sim/`` requests never wait, never count and are never refused.
"""

import argparse
import threading
import time

# A selected field share below this still costs this share: the row is fetched and the object built anyway.
FIELD_SHARE_FLOOR = 0.2
RETRY_AFTER = 1


def object_weight(sent, total):
    """The cost of serialising one object of ``total`` fields of which ``sent`` are sent, as a share of the whole
    object's: ``sent / total``, never below ``FIELD_SHARE_FLOOR``; 1 for the whole object."""
    if total <= 0 or sent >= total:
        return 1.0
    return max(FIELD_SHARE_FLOOR, float(sent) / total)


def parse_latency(value):
    """``(base_ms, per_object_ms)`` from ``"300,10"``, ``[300, 10]`` or ``{"base_ms": 300, "per_object_ms": 10}``;
    None (the model off) for None, ``""`` or both zero. ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, dict):
        unknown = sorted(set(value) - {"base_ms", "per_object_ms"})
        if unknown:
            raise ValueError("unknown keys: %s (known: base_ms, per_object_ms)" % ", ".join(unknown))
        parts = [value.get("base_ms", 0), value.get("per_object_ms", 0)]
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise ValueError("expected BASE,PER_OBJECT (milliseconds)")
    if len(parts) != 2:
        raise ValueError("expected BASE,PER_OBJECT (milliseconds)")
    try:
        if any(isinstance(part, bool) for part in parts):
            raise ValueError
        base, per_object = (float(part) for part in parts)
    except (TypeError, ValueError) as exc:
        raise ValueError("expected BASE,PER_OBJECT as two numbers of milliseconds") from exc
    if base < 0 or per_object < 0:
        raise ValueError("BASE and PER_OBJECT must not be negative")
    if base == 0 and per_object == 0:
        return None
    return base, per_object


def parse_max_concurrent(value):
    """A positive integer, or None (no cap) for None or 0. ValueError for anything else."""
    if value is None:
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError("expected a whole number of requests")
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError("expected a whole number of requests") from exc
    if number < 0:
        raise ValueError("must not be negative")
    return number or None


def _argparse_type(parse):
    def convert(text):
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc
    return convert


# The command-line flags of every simulator and of ``python -m tests.simulator.run``: (flag, argparse keywords).
OPTIONS = [
    ("--latency", dict(type=_argparse_type(parse_latency), default=None, metavar="BASE,PER_OBJECT",
                       help="model a real server's latency: every answer waits BASE ms plus PER_OBJECT ms per object it "
                            "serialises (less when fields are selected); off by default")),
    ("--max-concurrent", dict(type=_argparse_type(parse_max_concurrent), default=None, metavar="N",
                              help="answer 429 with Retry-After to a request beyond N in flight; off by default")),
]


class LatencyModel:
    """How late an answer leaves: ``BASE + PER_OBJECT * response.objects`` milliseconds after its request was read.
    ``sleep`` and ``clock`` are replaceable for tests."""

    def __init__(self, latency=None, sleep=time.sleep, clock=time.monotonic):
        self.sleep = sleep
        self.clock = clock
        self._model = (0.0, 0.0)
        self.set(latency)

    def set(self, latency):
        """Change the model (anything ``parse_latency`` takes); None turns it off. One assignment, so a request
        never sees half of a change."""
        self._model = parse_latency(latency) or (0.0, 0.0)

    @property
    def base_ms(self):
        return self._model[0]

    @property
    def per_object_ms(self):
        return self._model[1]

    @property
    def enabled(self):
        return self._model != (0.0, 0.0)

    def describe(self):
        """``{"base_ms", "per_object_ms"}``, or None when off."""
        base, per_object = self._model
        return {"base_ms": base, "per_object_ms": per_object} if self.enabled else None

    def milliseconds(self, response):
        """The modelled time of ``response``; 0 when off."""
        base, per_object = self._model
        return base + per_object * (getattr(response, "objects", 0) or 0)

    def wait(self, response, started):
        """Sleep until the modelled time of ``response`` has passed since ``started`` (a ``clock()`` reading); the
        caller must not hold the state lock. Returns the modelled milliseconds."""
        modelled = self.milliseconds(response)
        if modelled:
            remaining = modelled / 1000.0 - (self.clock() - started)
            if remaining > 0:
                self.sleep(remaining)
        return modelled


class Load:
    """The requests in flight, the cap on them (``max_concurrent``, None for none) and counters:
    ``{"in_flight", "max_in_flight", "requests", "throttled", "latency_ms"}`` (``latency_ms``: the modelled time of
    the answers so far)."""

    def __init__(self, max_concurrent=None):
        self._lock = threading.Lock()
        self.max_concurrent = parse_max_concurrent(max_concurrent)
        self._in_flight = 0
        self.reset()

    def set_max_concurrent(self, value):
        parsed = parse_max_concurrent(value)
        with self._lock:
            self.max_concurrent = parsed

    def reset(self):
        """Zero the counters; ``max_in_flight`` restarts from the requests in flight now."""
        with self._lock:
            self._max_in_flight = self._in_flight
            self._requests = 0
            self._throttled = 0
            self._latency_ms = 0.0

    def enter(self):
        """Admit a request (True) or refuse it (False: more than ``max_concurrent`` would be in flight)."""
        with self._lock:
            if self.max_concurrent is not None and self._in_flight >= self.max_concurrent:
                self._throttled += 1
                return False
            self._in_flight += 1
            self._requests += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
            return True

    def leave(self, latency_ms=0.0):
        """An admitted request has been answered (or dropped)."""
        with self._lock:
            self._in_flight -= 1
            self._latency_ms += latency_ms

    def stats(self):
        with self._lock:
            return {"in_flight": self._in_flight, "max_in_flight": self._max_in_flight, "requests": self._requests,
                    "throttled": self._throttled, "latency_ms": self._latency_ms, "max_concurrent": self.max_concurrent}
