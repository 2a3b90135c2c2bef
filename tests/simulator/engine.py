"""Simulated time: steps scheduled ``delay`` seconds apart, run lazily when a request arrives.

Steps are chained from their *scheduled* time, not from when they happened to run, so the recorded timeline is
the one a real backend would have produced even if no request came in between. Every field change is recorded
as an event stamped with that scheduled time.
"""

import heapq
import time


class Scheduler:
    """A heap of due steps plus the event log. Not thread-safe: callers hold the server lock."""

    def __init__(self, delay, clock=time.time):
        self.delay = float(delay)
        self.clock = clock
        self.events = []
        self._heap = []
        self._seq = 0

    def now(self):
        return self.clock()

    def later(self, step, base=None, steps=1):
        """Run ``step(ts)`` at ``base + steps * delay`` (base defaults to now); return the due time."""
        due = (self.now() if base is None else base) + steps * self.delay
        self._seq += 1
        heapq.heappush(self._heap, (due, self._seq, step))
        return due

    def advance(self, until=None):
        """Run every step that is due by ``until`` (default: now), in order; steps may schedule more steps."""
        until = self.now() if until is None else until
        while self._heap and self._heap[0][0] <= until:
            due, _seq, step = heapq.heappop(self._heap)
            step(due)

    def pending(self):
        return len(self._heap)

    def record(self, ts, kind, uuid, field, old, new):
        self.events.append({"ts": ts, "kind": kind, "uuid": uuid, "field": field, "from": old, "to": new})

    def events_since(self, since=None):
        if since is None:
            return list(self.events)
        return [event for event in self.events if event["ts"] > since]
