"""Generic HTTP machinery shared by the API simulators.

A simulator plugs an ``App`` into ``SimServer``: the server owns sockets, TLS, keep-alive, the request log and
fault injection; the app owns authentication, routing and state. Every request is handled while holding one
global lock, so simulator state never needs finer locking. The optional latency model (``latency.py``) is served
after the answer is computed, outside that lock, so slow answers overlap as on a real server.
"""

import json
import random
import re
import ssl
import sys
import threading
import time
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from .latency import RETRY_AFTER, LatencyModel, Load

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class ApiError(Exception):
    """An HTTP error answer: raise it anywhere below a handler."""

    def __init__(self, status, body=None, headers=None):
        super().__init__(status, body)
        self.status = int(status)
        self.body = body
        self.headers = dict(headers or {})


class Request:
    """One parsed HTTP request."""

    def __init__(self, method, target, headers, body, scheme):
        parts = urlsplit(target)
        self.method = method
        self.path = parts.path
        self.query_string = parts.query
        self.query = parse_qsl(parts.query, keep_blank_values=True)
        self.headers = headers
        self.body = body
        host = headers.get("Host") or "localhost"
        self.base_url = "%s://%s" % (scheme, host)

    def params(self, name):
        """All values of a query parameter, in order."""
        return [value for key, value in self.query if key == name]

    def param(self, name, default=None):
        """The last value of a query parameter (as Django's QueryDict.get does)."""
        values = self.params(name)
        return values[-1] if values else default

    def json(self):
        """The JSON body; an empty body reads as an empty object."""
        if not self.body or not self.body.strip():
            return {}
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, {"detail": "JSON parse error - %s" % exc}) from exc


class Response:
    """An answer: a JSON-serialisable body (None for no body), a status and extra headers. ``objects``: how many
    objects were serialised into it, each weighted by the share of its fields sent (for the latency model)."""

    def __init__(self, body=None, status=200, headers=None, objects=0.0):
        self.body = body
        self.status = int(status)
        self.headers = dict(headers or {})
        self.objects = objects


class Router:
    """Maps (method, path regex) to handlers; HEAD falls back to GET; a known path with another method is a 405."""

    def __init__(self):
        self._routes = []

    def add(self, methods, pattern, handler):
        if isinstance(methods, str):
            methods = [methods]
        self._routes.append((frozenset(methods), re.compile("^%s$" % pattern), handler))

    def resolve(self, method, path):
        """Return (handler, path kwargs); raise ApiError 404 or 405."""
        allowed = set()
        lookup = "GET" if method == "HEAD" else method
        for methods, regex, handler in self._routes:
            match = regex.match(path)
            if not match:
                continue
            if lookup in methods:
                return handler, match.groupdict()
            allowed.update(methods)
        if allowed:
            raise ApiError(405, {"detail": 'Method "%s" not allowed.' % method}, {"Allow": ", ".join(sorted(allowed))})
        raise ApiError(404, {"detail": "Not found."})


FAULT_KINDS = ("503", "502", "429", "reset", "slow")
FAULT_PHASES = ("before", "after")
# A 429 says the server refused the request unprocessed; no server sends it after acting, so it has no "after".
PHASES_OF_KIND = {"429": ("before",)}
FAULT_BODIES = {503: {"detail": "Service temporarily unavailable."}, 502: {"detail": "Bad gateway."},
                429: {"detail": "Request was throttled."}}


def _fault(kind, phase, retry_after=None, delay=0.0, body=None):
    """One fault to inject: ``kind`` (a status, ``reset`` or ``slow``) in ``phase``.

    ``before``: the request is not processed (a status is answered, the connection is dropped, or the answer is
    only late). ``after``: the request is processed and then its answer is replaced by the status, dropped, or
    sent late.
    """
    status = int(kind) if kind.isdigit() else None
    return {"kind": kind, "phase": phase, "status": status, "drop_connection": kind == "reset",
            "retry_after": retry_after, "delay": delay, "body": FAULT_BODIES.get(status, {"detail": "Simulated failure."}) if body is None else body}


class RandomFaults:
    """Random fault mode: each request (of ``method`` and matching ``path_regex``) fails with probability ``rate``,
    with a kind and a phase drawn from those allowed. A ``seed`` makes the draws reproducible for the same sequence
    of requests."""

    def __init__(self, spec):
        self.rate = float(spec.get("rate", 0.1))
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        self.kinds = [str(kind) for kind in spec.get("kinds") or FAULT_KINDS]
        self.phases = list(spec.get("phases") or FAULT_PHASES)
        unknown = [kind for kind in self.kinds if kind not in FAULT_KINDS] + [phase for phase in self.phases if phase not in FAULT_PHASES]
        if unknown:
            raise ValueError("unknown fault kinds or phases: %s (kinds: %s; phases: %s)"
                             % (", ".join(unknown), ", ".join(FAULT_KINDS), ", ".join(FAULT_PHASES)))
        self.seed = spec.get("seed")
        self.retry_after = spec.get("retry_after", 1)
        self.slow_seconds = float(spec.get("slow_seconds", 1.0))
        self.method = (spec.get("method") or "").upper() or None
        self.path_regex = re.compile(spec.get("path_regex") or ".*")
        self._random = random.Random(self.seed)

    def describe(self):
        return {"rate": self.rate, "kinds": self.kinds, "phases": self.phases, "seed": self.seed, "retry_after": self.retry_after,
                "slow_seconds": self.slow_seconds, "method": self.method, "path_regex": self.path_regex.pattern}

    def draw(self, method, path):
        if (self.method and self.method != method) or not self.path_regex.search(path):
            return None
        if self._random.random() >= self.rate:
            return None
        kind = self._random.choice(self.kinds)
        phases = [phase for phase in self.phases if phase in PHASES_OF_KIND.get(kind, FAULT_PHASES)]
        if not phases:
            return None
        phase = self._random.choice(phases)
        return _fault(kind, phase, retry_after=self.retry_after if kind == "429" else None,
                      delay=self.slow_seconds if kind == "slow" else 0.0)


class FaultInjector:
    """Makes the next N requests that match a rule fail (or lose their connection), and, in random mode, any request
    with a given probability. Counts the faults injected (by kind and phase) and the requests sent again after one."""

    def __init__(self):
        self._rules = []
        self._random = None
        self._lock = threading.Lock()
        self._reset_counters()

    def _reset_counters(self):
        self._injected = {}
        self._by_method = {}
        self._requests = 0
        self._retried = 0
        # (method, path, query) of requests that got a fault and were not sent again yet.
        self._unanswered = set()

    def add(self, spec):
        rule = {
            "method": (spec.get("method") or None),
            "path_regex": re.compile(spec.get("path_regex") or ".*"),
            "status": int(spec.get("status", 503)),
            "count": int(spec.get("count", 1)),
            "retry_after": spec.get("retry_after"),
            "body": spec.get("body", {"detail": "Simulated failure."}),
            "drop_connection": bool(spec.get("drop_connection", False)),
            "phase": spec.get("phase", "before"),
            "delay": float(spec.get("delay", 0.0)),
        }
        if rule["phase"] not in FAULT_PHASES:
            raise ValueError("phase must be one of %s" % ", ".join(FAULT_PHASES))
        if rule["method"]:
            rule["method"] = rule["method"].upper()
        with self._lock:
            self._rules.append(rule)
        return self.describe(rule)

    def start_random(self, spec):
        faults = RandomFaults(spec)
        with self._lock:
            self._random = faults
            self._reset_counters()
        return faults.describe()

    def stop_random(self):
        with self._lock:
            self._random = None

    def random_mode(self):
        with self._lock:
            return self._random.describe() if self._random else None

    def clear(self):
        with self._lock:
            self._rules = []
            self._random = None

    def rules(self):
        with self._lock:
            return [self.describe(rule) for rule in self._rules]

    def stats(self):
        """Faults injected by kind and phase, the requests seen and those sent again after a fault."""
        with self._lock:
            by_kind, by_phase = {}, {}
            for (kind, phase), count in self._injected.items():
                by_kind[kind] = by_kind.get(kind, 0) + count
                by_phase[phase] = by_phase.get(phase, 0) + count
            return {"requests": self._requests, "faults": sum(self._injected.values()), "by_kind": by_kind, "by_phase": by_phase,
                    "by_kind_and_phase": dict(("%s/%s" % key, count) for key, count in sorted(self._injected.items())),
                    "by_method": dict(self._by_method),
                    "retried": self._retried}

    @staticmethod
    def describe(rule):
        shown = dict(rule)
        shown["path_regex"] = rule["path_regex"].pattern
        return shown

    def _take_rule(self, method, path):
        for rule in self._rules:
            if rule["method"] and rule["method"] != method:
                continue
            if not rule["path_regex"].search(path):
                continue
            rule["count"] -= 1
            if rule["count"] <= 0:
                self._rules.remove(rule)
            kind = "reset" if rule["drop_connection"] else str(rule["status"])
            fault = _fault(kind, rule["phase"], rule["retry_after"], rule["delay"], rule["body"])
            fault["status"] = None if rule["drop_connection"] else rule["status"]
            return fault
        return None

    def take(self, method, path, query=""):
        """The fault to inject into this request (a rule's first, else a random draw), or None; counts both."""
        key = (method, path, query)
        with self._lock:
            self._requests += 1
            if key in self._unanswered:
                self._unanswered.discard(key)
                self._retried += 1
            fault = self._take_rule(method, path)
            if fault is None and self._random is not None:
                fault = self._random.draw(method, path)
            if fault is not None:
                counted = (fault["kind"], fault["phase"])
                self._injected[counted] = self._injected.get(counted, 0) + 1
                self._by_method[method] = self._by_method.get(method, 0) + 1
                if fault["kind"] != "slow":
                    self._unanswered.add(key)
            return fault


def logged_body(raw):
    """A request body as the request log holds it: the parsed JSON, else the text; None when there is none."""
    if not raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
    try:
        return json.loads(text)
    except ValueError:
        return text


class RequestLog:
    """Appends one JSON line per request to a file, flushed at once: ``ts``, ``method``, ``path``, ``query``,
    ``status``, then ``agent`` (the User-Agent, when sent) and ``body`` (only for requests that sent one); readers
    of the first five keys keep working."""

    def __init__(self, path):
        self._lock = threading.Lock()
        self._file = open(path, "a", encoding="utf-8")  # pylint: disable=consider-using-with

    def record(self, method, path, query, status, body=None, agent=None):
        entry = {"ts": time.time(), "method": method, "path": path, "query": query, "status": status}
        if agent is not None:
            entry["agent"] = agent
        if body is not None:
            entry["body"] = body
        line = json.dumps(entry)
        with self._lock:
            self._file.write(line + "\n")
            self._file.flush()

    def close(self):
        with self._lock:
            self._file.close()


class App:
    """What a simulator provides to the server. Subclasses override the hooks they need."""

    def authenticate(self, request):
        """Raise ApiError(401) to refuse the request."""

    def before_request(self, request):
        """Runs under the global lock before routing (e.g. to advance simulated time)."""

    def handle(self, request):
        """Return a Response or raise ApiError."""
        raise ApiError(404, {"detail": "Not found."})

    def throttled(self, retry_after):
        """The answer to a request beyond the cap on requests in flight (no lock held): Django REST framework's."""
        return Response({"detail": "Request was throttled. Expected available in %d second%s." % (retry_after, "" if retry_after == 1 else "s")},
                        429, {"Retry-After": str(retry_after)})


def _reason(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def encode_body(body):
    if body is None:
        return b""
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SimServer/1.0"
    # Headers and body leave in one write, without waiting on Nagle's algorithm.
    wbufsize = -1
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Stay quiet: the request log is the record of requests."""

    def _dispatch(self):
        sim = self.server.sim
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        started = sim.latency.clock()
        request = Request(self.command, self.path, self.headers, body, sim.scheme)
        if request.path.startswith("/_sim/"):
            response = sim.respond(request)
            self._send(request, response)
            sim.log_request(request, response.status)
            return
        if not sim.load.enter():
            response = sim.app.throttled(RETRY_AFTER)
            self._send(request, response)
            sim.log_request(request, response.status)
            return
        modelled = 0.0
        try:
            modelled = self._serve(sim, request, started)
        finally:
            sim.load.leave(modelled)

    def _serve(self, sim, request, started):
        """Answer an API request: faults first, then the app (under the lock), then the modelled latency (outside
        it). Returns the modelled milliseconds."""
        modelled = 0.0
        fault = sim.faults.take(self.command, request.path, request.query_string)
        if fault is None:
            response = sim.respond(request)
            modelled = sim.latency.wait(response, started)
        else:
            if fault["phase"] == "before" and fault["delay"]:
                time.sleep(fault["delay"])
                started = sim.latency.clock()
            processed = fault["phase"] == "after" or (fault["status"] is None and not fault["drop_connection"])
            response = sim.respond(request) if processed else None
            if processed:
                modelled = sim.latency.wait(response, started)
            if fault["phase"] == "after" and fault["delay"]:
                time.sleep(fault["delay"])
            if fault["drop_connection"]:
                sim.log_request(request, 0)
                self.close_connection = True
                return modelled
            if fault["status"] is not None:
                headers = {}
                if fault["retry_after"] is not None:
                    headers["Retry-After"] = str(fault["retry_after"])
                response = Response(fault["body"], fault["status"], headers)
        self._send(request, response)
        sim.log_request(request, response.status)
        return modelled

    def _send(self, request, response):
        payload = b"" if response.status in (204, 304) else encode_body(response.body)
        self.send_response(response.status, _reason(response.status))
        if response.status not in (204, 304):
            self.send_header("Content-Type", JSON_CONTENT_TYPE)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in response.headers.items():
            self.send_header(name, str(value))
        self.end_headers()
        if request.method != "HEAD" and payload:
            self.wfile.write(payload)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch


class _ThreadingServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, sim, ssl_context):
        self.sim = sim
        self.ssl_context = ssl_context
        super().__init__(address, _Handler)

    def finish_request(self, request, client_address):
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        try:
            secure = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            super().finish_request(secure, client_address)
        finally:
            secure.close()

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class SimServer:
    """A threaded HTTP(S) server around an App; start() runs it in a background thread."""

    def __init__(self, app, host="127.0.0.1", port=0, tls_cert=None, tls_key=None, request_log=None, latency=None,
                 max_concurrent=None):
        """``request_log``: a file path, or a list of them (every request goes to each). ``latency``: ``(BASE,
        PER_OBJECT)`` milliseconds (or ``"BASE,PER_OBJECT"``), None for none; ``max_concurrent``: the requests in
        flight beyond which a request is answered 429, None for no cap (see ``latency.py``)."""
        self.app = app
        self.lock = threading.RLock()
        self.faults = FaultInjector()
        self.latency = LatencyModel(latency)
        self.load = Load(max_concurrent)
        paths = request_log if isinstance(request_log, (list, tuple)) else [request_log]
        self.request_logs = [RequestLog(path) for path in paths if path]
        context = None
        if tls_cert:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls_cert, tls_key)
        self.scheme = "https" if context else "http"
        self._httpd = _ThreadingServer((host, port), self, context)
        self.host = host
        self.port = self._httpd.server_address[1]
        self._thread = None

    @property
    def url(self):
        return "%s://%s:%d" % (self.scheme, self.host, self.port)

    def respond(self, request):
        with self.lock:
            try:
                self.app.authenticate(request)
                self.app.before_request(request)
                return self.app.handle(request)
            except ApiError as exc:
                return Response(exc.body, exc.status, exc.headers)
            except Exception as exc:  # pylint: disable=broad-except
                traceback.print_exc()
                return Response({"detail": "Internal simulator error: %s" % exc}, 500)

    def log_request(self, request, status):
        if self.request_logs:
            body = logged_body(request.body)
            for log in self.request_logs:
                log.record(request.method, request.path, request.query_string, status, body, request.headers.get("User-Agent"))

    def start(self):
        self._thread = threading.Thread(target=self.serve_forever, name="sim-server", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        self._httpd.serve_forever(poll_interval=0.05)

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        for log in self.request_logs:
            log.close()
