# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # One wait budget per task, the same for both providers.
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Whether to wait until the operation has finished (on Gcore, until the tasks the API starts for it have finished).
        With V(false) the module returns once the API has accepted the request, with the object as that left it; steps
        that must follow one another are still awaited, only the last one is not.
      - An object an earlier run left busy (being created or updated on Waldur, locked by a running task on Gcore) is awaited
        before it is compared, whatever O(wait) says; the API refuses to change a busy object, and only the settled object
        tells what to change.
      - On Waldur, with V(true), an object left being deleted is awaited until it is gone. It is not deleted a second time
        (C(unlink=true) still removes its Waldur record).
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds the whole module task may wait before failing, for all of its steps together (a flavor change that
        stops, resizes and starts an instance waits at most this long in total); retries of requests draw on it too.
        Completion is noticed within a second.
      - At least 1; a smaller value is refused before any request.
    type: int
    default: 600
"""
