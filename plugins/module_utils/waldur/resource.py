# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Waldur layer of the resource-module skeleton (see resource.py): identity by UUID or name, PATCH updates,
waiting for OK, pull before reading (``refresh``) and removing only the Waldur record (``unlink``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common import module as common_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.resource import ResourceModule, same_value
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import KINDS, WaldurError, normalize_uuid
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.module import (
    client_from_module, waldur_argument_spec,
)

# States in which Waldur is still working on an object: actions would be refused with 409 until it is OK.
BUSY_STATES = frozenset(("CREATION_SCHEDULED", "CREATING", "UPDATE_SCHEDULED", "UPDATING"))
# States of an object Waldur is deleting: a second delete would be refused with 409 too.
DELETION_STATES = frozenset(("DELETION_SCHEDULED", "DELETING"))

# How every Waldur resource module names its object and its state.
IDENTITY_ARGUMENT_SPEC = dict(
    state=dict(type="str", default="present", choices=["present", "absent"]),
    uuid=dict(type="str"),
    name=dict(type="str"),
    project=dict(type="str"),
    description=dict(type="str"),
)

LIFECYCLE_ARGUMENT_SPEC = dict(
    unlink=dict(type="bool", default=False),
    refresh=dict(type="bool", default=False),
)


class WaldurResourceModule(ResourceModule):
    """Base class of the Waldur resource modules."""

    kind = None
    id_option = "uuid"

    def __init__(self, module, client=None):
        super(WaldurResourceModule, self).__init__(module, client or client_from_module(module))
        self.label = KINDS[self.kind].label
        # True while a step of this task (PATCH or action) may still be running on the server: Waldur answers a
        # second action on an object that is not OK with 409, so the next step waits first.
        self._busy = False

    def find_by_uuid(self):
        uuid = normalize_uuid(self.params["uuid"])
        if not uuid:
            raise WaldurError("uuid '%s' is not a valid UUID" % self.params["uuid"])
        return self.client.retrieve_or_none(self.kind, uuid)

    def find_by_name(self, within=None, **filters):
        matches = self.client.find_by_name(self.kind, self.params["name"], **filters)
        if not matches:
            return None
        return self.client.pick_one(self.kind, self.params["name"], matches, within)

    def wait_until_ok(self, obj):
        return self.client.wait_for_state(self.kind, obj["uuid"], self.time_left("%s was OK" % self.subject(obj)),
                                          label="'%s'" % obj.get("name"))

    def ok_when_waiting(self, obj):
        return self.wait_until_ok(obj) if self.params.get("wait", True) else obj

    def wait_until_gone(self, obj, order_uuid=None):
        self.client.wait_until_gone(self.kind, obj["uuid"], self.time_left("%s was deleted" % self.subject(obj)),
                                    label="'%s'" % obj.get("name"), order_uuid=order_uuid)

    def after_previous_step(self, obj):
        """The object once the previous step of this task has finished."""
        if self._busy:
            obj = self.wait_until_ok(obj)
            self._busy = False
        return obj

    def apply_step(self, obj, step, last):
        """Send one action once the previous step has finished (Waldur refuses an action on a busy object).

        ``step.done(current)`` tells from a re-read object whether the action's effect is there (see ``send_action``);
        ``step.send(uuid)`` replaces the plain POST for actions whose body depends on the server (see generation.py)."""
        if not obj.get("uuid"):
            return obj
        obj = self.after_previous_step(obj)
        self.send_action(obj, step.action, step.body, step.done, send=step.send)
        self.steps_done.append("%s sent to %s" % (step.action, self.subject(obj)))
        self._busy = True
        return obj

    def send_action(self, obj, action, body=None, done=None, expected=(200, 201, 202), send=None):
        """POST an action on the object; after a fault, re-read it and send again only if the action is neither done
        nor under way. Under way: the object is busy (Waldur answered an earlier attempt by scheduling the work).
        Done: ``done(current)`` says so, or, for an action without a visible effect (restart, pull), the object
        records this action as its last one and was modified since ``obj`` was read."""
        def outcome():
            current = self.client.retrieve_or_none(self.kind, obj["uuid"])
            if current is None:
                return {} if action == "unlink" else None
            if current.get("state") in BUSY_STATES:
                return {}
            if done is not None:
                return {} if done(current) else None
            changed = current.get("modified") and current.get("modified") != obj.get("modified")
            return {} if changed and current.get("action") == action else None

        def request():
            if send is not None:
                return send(obj["uuid"])
            return self.client.action(self.kind, obj["uuid"], action, body=body, expected=expected)

        return self.send_recovering(request, outcome)

    def update(self, current, changes):
        """PUT the full representation when the user set every editable field, else PATCH only what differs.
        Both carry absolute values, so the transport retries them; a retry refused because the first attempt
        already made the object busy is settled by reading the fields back."""
        current = self.after_previous_step(current)
        if all(self.params.get(option) is not None for option in self.updatable_fields):
            method = "PUT"
            body = dict((field, current.get(field)) for field in self.updatable_fields.values())
            body.update(changes)
        else:
            method, body = "PATCH", changes

        def outcome():
            now = self.client.retrieve_or_none(self.kind, current["uuid"]) or {}
            return {} if all(same_value(field, value, now.get(field), self.timestamp_fields) for field, value in changes.items()) else None

        self.send_recovering(lambda: self.client.update(self.kind, current["uuid"], method, body), outcome)
        self.steps_done.append("%s updated (%s)" % (self.subject(current), ", ".join(sorted(changes))))
        self._busy = True
        return self.client.retrieve(self.kind, current["uuid"])

    def delete_object(self, kind, obj):
        """DELETE an object (a snapshot, a backup); a fault whose retry is refused because the first attempt started
        the deletion is settled by reading the object: gone or being deleted is done."""
        def outcome():
            now = self.client.retrieve_or_none(kind, obj["uuid"])
            return {} if now is None or now.get("state") in DELETION_STATES else None

        self.send_recovering(lambda: self.client.delete(kind, obj["uuid"]), outcome)

    def settled(self, obj):
        if self.check_mode or not obj or not obj.get("uuid") or not self._busy:
            return obj
        return self.wait_until_ok(obj) if self.params.get("wait", True) else self.client.retrieve(self.kind, obj["uuid"])

    def refreshed(self, current):
        """The object as it will be compared: one an earlier run left busy is awaited first, whatever ``wait`` says
        (Waldur refuses to change a busy object, and only the settled object tells what to change); with
        ``refresh``, Waldur pulls it from OpenStack and the pull is awaited, so reads are current."""
        if self.already_being_deleted(current):
            return self.gone(current)
        if current.get("state") in BUSY_STATES and not self.check_mode:
            current = self.wait_until_ok(current)
        if not self.params.get("refresh") or self.check_mode or not current.get("backend_id"):
            return current
        self.send_action(current, "pull")
        return self.wait_until_ok(current)

    def already_being_deleted(self, current):
        """Whether absent is asked of an object an earlier run (with wait=false) left being deleted. Unlinking is
        asked for anyway: it is how a deletion stuck in Waldur is cleaned up."""
        asked_absent = self.params.get("state") == "absent" and not self.params.get("unlink")
        return current.get("state") in DELETION_STATES and asked_absent

    def gone(self, current):
        """None, for an object already being deleted: awaited (when waiting) rather than deleted a second time."""
        if self.params.get("wait", True) and not self.check_mode:
            self.wait_until_gone(current)
        return None

    def remove(self, current):
        if self.check_mode:
            return
        if self.params.get("unlink"):
            self.send_action(current, "unlink", expected=(200, 202, 204))
        else:
            self.delete(current)


def run_resource_module(module_class, argument_spec, **checks):
    """Run a Waldur resource module: its ``argument_spec`` with the connection, wait and lifecycle options added, and
    the argument checks of ``checks`` (``required_one_of``, ``absent_only``...)."""
    spec = waldur_argument_spec(wait=True, **LIFECYCLE_ARGUMENT_SPEC)
    spec.update(argument_spec)
    absent_only = ("unlink",) + tuple(checks.pop("absent_only", ()))
    common_module.run_resource_module(module_class, spec, absent_only=absent_only, **checks)
