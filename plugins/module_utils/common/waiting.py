# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One poller for every wait in the collection.

A probe is called at most once per ``interval`` seconds, measured from the start of one probe to the start of
the next, so the request rate never exceeds ``1 / interval`` however slow the API answers, and completion is
noticed at most ``interval`` seconds (plus one round trip) after it happens. The default of 0.5 s gives at
most 2 requests per second and sub-second latency; a fixed 20 s interval would add 10 s on average to every wait.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

DEFAULT_INTERVAL = 0.5


class WaitTimeout(Exception):
    """The deadline passed before the awaited condition held. ``last`` is the probe's last observation."""

    def __init__(self, message, last=None):
        super(WaitTimeout, self).__init__(message)
        self.message = message
        self.last = last

    def __str__(self):
        return self.message


class TimeLeft(float):
    """Seconds left of a task's ``wait_timeout`` (``budget``): a wait given it times out naming what the user set."""

    def __new__(cls, left, budget):
        value = float.__new__(cls, left)
        value.budget = budget
        return value


class Poller:
    """Calls ``probe()`` until it reports completion or ``timeout`` seconds pass.

    ``probe`` returns ``(done, value)``; it raises to abort the wait (for example on an ERRED object).
    """

    def __init__(self, timeout, interval=DEFAULT_INTERVAL, clock=time.monotonic, sleep=time.sleep):
        self.timeout = timeout
        self.interval = interval
        self._clock = clock
        self._sleep = sleep

    def wait(self, probe, description, describe_last=None, probe_at_once=True):
        """Return the probe's value once done; raise WaitTimeout naming ``description`` and the last value seen.

        ``probe_at_once=False`` takes the first look one interval later: right after starting an operation the
        answer is known to be "not yet", so asking at once only adds a request.
        """
        deadline = self._clock() + self.timeout
        if not probe_at_once:
            self._sleep(min(self.interval, self.timeout))
        while True:
            started = self._clock()
            done, value = probe()
            if done:
                return value
            now = self._clock()
            if now >= deadline:
                last = describe_last(value) if describe_last else None
                message = "Timed out after %s waiting for %s" % (self._spent(), description)
                if last:
                    message = "%s (%s)" % (message, last)
                raise WaitTimeout(message, last=value)
            next_start = min(started + self.interval, deadline)
            if next_start > now:
                self._sleep(next_start - now)

    def _spent(self):
        budget = getattr(self.timeout, "budget", None)
        if budget is None:
            return "%s s" % _seconds(self.timeout)
        return "%s s (wait_timeout)" % _seconds(budget)


def _seconds(value):
    return int(value) if float(value).is_integer() else round(value, 1)
