# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The state-driven skeleton every resource module shares, whatever the provider.

find the current object -> plan changes for the options the user set -> apply them unless in check mode ->
report the object under a stable key, with ``changed`` exact and a before/after diff of the managed fields.
Provider layers (waldur_resource, gcore_resource) add how to reach their API; modules add what is specific to
one kind of object.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import time

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import FAILURES, InputError, capitalized
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.module import fail_from_exception
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.timestamps import format_timestamp, parse_timestamp
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.plan import Plan
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.waiting import TimeLeft, WaitTimeout


def same_value(field, wanted, current, timestamps=()):
    """Whether the user's value equals the API's, treating unset and empty alike and timestamps (the fields named in
    ``timestamps``) by instant."""
    if isinstance(wanted, datetime.datetime) or field in timestamps:
        return parse_timestamp(wanted) == parse_timestamp(current)
    if isinstance(wanted, str) and not wanted:
        return not current
    if isinstance(wanted, dict) and not wanted:
        return not current
    return wanted == current


def lost_response(exc):
    """True when a mutating request failed in a way that leaves open whether the server acted on it."""
    return isinstance(exc, ApiError) and (exc.status is None or exc.status >= 500)


def unsettled(exc):
    """True when only a look at the object can tell whether a request took effect: its answer was lost, or a
    retry of it was refused (409) because an earlier attempt had already started the change."""
    return lost_response(exc) or (isinstance(exc, ApiError) and exc.status == 409 and exc.attempts > 1)


class ResourceModule:
    """Base class of resource modules. Subclasses implement the hooks; ``run()`` does the rest."""

    result_key = None
    label = "object"
    # Options the module reconciles on an existing object: option name -> API field name.
    updatable_fields = {}
    # The updatable fields that hold a point in time: compared by instant and sent in the API's format.
    timestamp_fields = ()
    # The option that names an object by its identifier ("uuid" on Waldur, "id" on Gcore).
    id_option = "id"
    # Exceptions that become a clean module failure (anything else is a bug and keeps its traceback).
    failures = FAILURES

    def __init__(self, module, client):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.client = client
        self.changed = False
        # What this task has changed so far, step by step ("stop", "change_flavor"...), for a failure's message.
        self.steps_done = []
        self._clock = getattr(client, "clock", None) or time.monotonic
        # One wait_timeout for the whole task: every wait, and every retry of the transport, draws on it.
        self._budget = self.params.get("wait_timeout") or 600
        self._deadline = self._clock() + self._budget
        if hasattr(client, "set_deadline"):
            client.set_deadline(self._deadline, self._clock)

    def time_left(self, doing):
        """Seconds left of ``wait_timeout`` for this whole task, which may wait several times."""
        left = self._deadline - self._clock()
        if left <= 0:
            raise WaitTimeout("Timed out after %s s (wait_timeout) before %s" % (self._budget, doing))
        return TimeLeft(left, self._budget)

    def send_recovering(self, send, outcome):
        """``send()`` a request that is not safe to repeat blindly (an action), recovering from faults as an operator would.

        When the answer is lost (or a retry of it is refused as a conflict), ``outcome()`` re-reads the object: it
        returns what stands for the answer when the wanted effect is done or under way, or None when it is neither;
        only then is the request sent again, within the retry budget and the task's deadline.
        """
        attempt = 0
        while True:
            try:
                return send()
            except ApiError as exc:
                if not unsettled(exc):
                    raise
                found = outcome()
                if found is not None:
                    return found
                attempt += 1
                # A request that timed out may still be executing on the server: sending it again could do it twice.
                if exc.read_timeout or not self.client.pause_before_retry(attempt):
                    raise

    # ---- hooks -------------------------------------------------------------------------------------------

    def find(self):
        """The current object, or None. Raise when the identity is ambiguous."""
        raise NotImplementedError

    def create(self):
        """Create the object (never called in check mode) and return it."""
        raise NotImplementedError

    def predicted(self):
        """What a created object would look like, for check mode and the diff."""
        return dict((field, self.params.get(option)) for option, field in self.updatable_fields.items())

    def update(self, current, changes):
        """Apply ``changes`` ({api_field: value}) to the object (never called in check mode); return it."""
        raise NotImplementedError

    def delete(self, current):
        """Delete the object (never called in check mode) and, when waiting, wait until it is gone."""
        raise NotImplementedError

    def remove(self, current):
        """What ``state=absent`` does to an existing object; deleting it unless a subclass knows better."""
        if not self.check_mode:
            self.delete(current)

    def refreshed(self, current):
        """The current object brought up to date before comparing (``refresh`` options)."""
        return current

    def precheck(self, current):
        """Refuse, before any request that changes something, what cannot be done (shrinking a disk...)."""

    def lookup_after_lost_create(self):
        """The object a create whose answer was lost may have made, or None."""
        return self.find()

    def can_tell_if_created(self):
        """Whether ``lookup_after_lost_create`` can prove that a create whose answer was lost made nothing."""
        return True

    def plan_actions(self, obj):
        """The steps that bring an existing (or just created) object into a state beyond its fields (``started``,
        attached, resized...); none by default."""
        return Plan(obj)

    def apply_step(self, obj, step, last):
        """Send one step of a plan (never called in check mode) and record it in ``steps_done``; return the object
        as it is known before the step's effect."""
        raise NotImplementedError

    def reconcile_state(self, obj):
        """Bring the object into a state beyond existing; return it."""
        return self.carry_out(obj, self.plan_actions(obj))

    def settled(self, obj):
        """The object once the task's last step has finished (when waiting); called after every present run."""
        return obj

    def subject(self, obj=None):
        name = (obj or {}).get("name") or self.params.get("name") or self.params.get(self.id_option) or "?"
        return "%s '%s'" % (capitalized(self.label), name)

    # ---- the flow ----------------------------------------------------------------------------------------

    def carry_out(self, obj, plan):
        """Send the plan's steps in order (in check mode, only count them as changes); return the object as they
        leave it, which in check mode is the plan's prediction."""
        steps = list(plan)
        for index, step in enumerate(steps):
            self.changed = True
            if not self.check_mode:
                obj = self.apply_step(obj, step, last=index == len(steps) - 1)
            obj = dict(obj, **step.effect)
        return obj

    def diff_view(self, obj):
        if obj is None:
            return {"state": "absent"}
        view = dict((option, obj.get(field)) for option, field in self.updatable_fields.items())
        for option, field in self.updatable_fields.items():
            if field in self.timestamp_fields and view[option]:
                view[option] = format_timestamp(view[option])
        view["state"] = "present"
        return view

    def identified_by_id(self):
        return bool(self.params.get(self.id_option))

    def planned_changes(self, current):
        """Fields the user set whose value differs from the current object: {api_field: wanted}."""
        changes = {}
        for option, field in self.updatable_fields.items():
            wanted = self.params.get(option)
            if wanted is None:
                continue
            if option == "name" and not self.identified_by_id():
                continue
            if not same_value(field, wanted, current.get(field), self.timestamp_fields):
                changes[field] = format_timestamp(wanted) if field in self.timestamp_fields else wanted
        return changes

    def create_reconciled(self):
        """Create; if the answer was lost after the request may have arrived, look the object up: use the object
        it made, or create again when the look-up proves nothing was made."""
        lost = []

        def outcome():
            if not self.can_tell_if_created():
                raise lost[-1]
            found = self.lookup_after_lost_create()
            if found is not None:
                self.module.warn("The create request for %s got no clear answer (%s); the object exists and is used."
                                 % (self.subject(), lost[-1]))
            return found

        def send():
            try:
                return self.create()
            except ApiError as exc:
                lost.append(exc)
                raise

        return self.send_recovering(send, outcome)

    def not_found_by_id(self):
        """The failure for an object named by its UUID or id that does not exist: no create can give it that id."""
        option = self.id_option
        subject = self.subject()
        if self.params[option] not in subject:
            subject += " (%s %s)" % (option, self.params[option])
        article = "an" if self.label[:1] in "aeiou" else "a"
        return InputError("%s not found; %s %s cannot be created with a given %s (to create one, set name instead of %s)"
                          % (subject, article, self.label, option, option))

    def execute(self):
        current = self.find()
        if current is None and self.params["state"] != "absent" and self.identified_by_id():
            raise self.not_found_by_id()
        if current is not None:
            current = self.refreshed(current)
        self.precheck(current)
        before = self.diff_view(current)
        result_obj = current

        if self.params["state"] == "absent":
            if current is not None:
                self.changed = True
                self.remove(current)
            result_obj = None
        else:
            if current is None:
                self.changed = True
                result_obj = self.predicted() if self.check_mode else self.create_reconciled()
            else:
                changes = self.planned_changes(current)
                if changes:
                    self.changed = True
                    if self.check_mode:
                        result_obj = dict(current, **changes)
                    else:
                        result_obj = self.update(current, changes)
            result_obj = self.settled(self.reconcile_state(result_obj))

        result = {"changed": self.changed, self.result_key: result_obj}
        if self.module._diff:
            result["diff"] = {"before": before, "after": self.diff_view(result_obj)}
        self.module.exit_json(**result)

    def run(self):
        try:
            self.execute()
        except self.failures as exc:
            facts = {}
            if self.steps_done:
                # A task that fails half-way says what it had already changed, so nothing is left unreported.
                facts["steps_done"] = list(self.steps_done)
            fail_from_exception(self.module, exc, subject=self.subject(), **facts)
        finally:
            close = getattr(self.client, "close", None)
            if close:
                close()
