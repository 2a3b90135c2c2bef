# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every provider's API client shares: its one transport, the task's deadline that its retries draw on, a
pause before sending a request again, and closing its connections."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ApiClient:
    """Base of the provider clients: callers talk to the client, never to its transport."""

    def __init__(self, transport):
        self.transport = transport

    def set_deadline(self, deadline, clock):
        """No retry waits beyond ``deadline`` (a ``clock()`` value): the task's wait_timeout."""
        self.transport.set_deadline(deadline, clock)

    def pause_before_retry(self, attempt):
        """Sleep before sending a request again; False when the retry budget or the deadline does not allow it."""
        return self.transport.pause_before_retry(attempt)

    def when_throttled(self, callback):
        """Call ``callback()`` whenever the server answers 429 (Too Many Requests), before the request is retried."""
        self.transport.on_throttled = callback

    def close(self):
        self.transport.close()
