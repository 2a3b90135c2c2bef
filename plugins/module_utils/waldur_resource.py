# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The state-driven skeleton every Waldur resource module shares.

find the current object -> plan changes for the options the user set -> apply them unless in check mode ->
report the object under a stable key, with ``changed`` exact and a before/after diff of the managed fields.
Subclasses supply the resource-specific parts: how to find, create, update and delete one object.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.cloudfleet.openstack.plugins.module_utils.transport import ApiError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur import KINDS, WaldurError, normalize_uuid, pick_one
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur_module import (
    FAILURES, client_from_module, fail_from_exception, waldur_argument_spec,
)

LIFECYCLE_ARGUMENT_SPEC = dict(
    unlink=dict(type="bool", default=False),
    refresh=dict(type="bool", default=False),
)


def parse_timestamp(value):
    """An ISO 8601 timestamp as an aware UTC datetime (naive input is taken as UTC); None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        text = str(value).strip().replace(" ", "T")
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise WaldurError("'%s' is not an ISO 8601 date and time, for example 2030-01-31T12:00:00Z" % value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.astimezone(datetime.timezone.utc)


def format_timestamp(value):
    parsed = parse_timestamp(value)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ") if parsed else None


def same_value(field, wanted, current):
    if field == "kept_until":
        return parse_timestamp(wanted) == parse_timestamp(current)
    if field == "description":
        return (wanted or "") == (current or "")
    if field == "metadata":
        return (wanted or {}) == (current or {})
    return wanted == current


def lost_response(exc):
    """True when a mutating request failed in a way that leaves open whether the server acted on it."""
    return isinstance(exc, ApiError) and (exc.status is None or exc.status >= 500)


class WaldurResourceModule:
    """Base class of the Waldur resource modules. See the module docstring for the flow."""

    kind = None
    result_key = None
    # Fields the module reconciles: option name -> API field name (same units on both sides).
    updatable_fields = {}
    # States the module understands besides present/absent.
    extra_states = ()

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.client = client_from_module(module)
        self.changed = False
        self.label = KINDS[self.kind].label

    # ---- hooks for subclasses -----------------------------------------------------------------------------

    def find(self):
        """The current object, or None. Raise WaldurError when the identity is ambiguous."""
        raise NotImplementedError

    def create(self):
        """Create the object (the caller has already checked check mode) and return it."""
        raise NotImplementedError

    def predicted(self):
        """What a created object would look like, for check mode and the diff."""
        return dict((field, self.params.get(option)) for option, field in self.updatable_fields.items())

    def delete(self, current):
        """Delete the object and, when waiting, wait until it is gone."""
        raise NotImplementedError

    def reconcile_state(self, current):
        """Bring an existing object into an extra state (``started``...); return the object."""
        return current

    # ---- shared mechanics ---------------------------------------------------------------------------------

    @property
    def object_path(self):
        return KINDS[self.kind].path

    def path_of(self, obj):
        return "%s%s/" % (self.object_path, obj["uuid"])

    def subject(self, obj=None):
        name = (obj or {}).get("name") or self.params.get("name") or self.params.get("uuid") or "?"
        return "%s '%s'" % (self.label[:1].upper() + self.label[1:], name)

    def find_by_uuid(self):
        uuid = normalize_uuid(self.params["uuid"])
        if not uuid:
            raise WaldurError("uuid '%s' is not a valid UUID" % self.params["uuid"])
        return self.client.get_or_none("%s%s/" % (self.object_path, uuid))

    def find_by_name(self, within=None, **filters):
        matches = self.client.find_by_name(self.kind, self.params["name"], **filters)
        if not matches:
            return None
        return pick_one(self.kind, self.params["name"], matches, within)

    def wait_for_ok(self, obj):
        if not self.params.get("wait", True):
            return obj
        return self.client.wait_for_state(self.kind, obj["uuid"], self.params["wait_timeout"], label="'%s'" % obj.get("name"))

    def diff_view(self, obj):
        if obj is None:
            return {"state": "absent"}
        view = dict((option, obj.get(field)) for option, field in self.updatable_fields.items())
        if view.get("kept_until"):
            view["kept_until"] = format_timestamp(view["kept_until"])
        view["state"] = "present"
        return view

    def planned_changes(self, current):
        """Fields the user set whose value differs from the current object: {api_field: wanted}."""
        changes = {}
        for option, field in self.updatable_fields.items():
            wanted = self.params.get(option)
            if wanted is None:
                continue
            if option == "name" and not self.params.get("uuid"):
                continue
            if not same_value(field, wanted, current.get(field)):
                changes[field] = format_timestamp(wanted) if field == "kept_until" else wanted
        return changes

    def update(self, current, changes):
        if self.check_mode:
            after = dict(current)
            after.update(changes)
            return after
        self.client.transport.request("PATCH", self.path_of(current), json_body=changes)
        return self.wait_for_ok(self.client.get(self.path_of(current)))

    def refresh(self, current):
        """Ask Waldur to pull the object from OpenStack and wait for that to finish, so reads are current."""
        if self.check_mode or not current.get("backend_id"):
            return current
        self.client.action(self.kind, current["uuid"], "pull")
        return self.client.wait_for_state(self.kind, current["uuid"], self.params["wait_timeout"], label="'%s'" % current.get("name"))

    def unlink(self, current):
        if not self.check_mode:
            self.client.action(self.kind, current["uuid"], "unlink", expected=(200, 202, 204))

    def create_reconciled(self):
        """Create, but if the response was lost after the request may have arrived, look the object up first."""
        try:
            return self.create()
        except ApiError as exc:
            if not lost_response(exc):
                raise
            found = self.find()
            if found is None:
                raise
            self.module.warn("The create request for %s got no clear answer (%s); the object exists and is used."
                             % (self.subject(), exc))
            return found

    def execute(self):
        state = self.params["state"]
        current = self.find()
        if current is not None and self.params.get("refresh"):
            current = self.refresh(current)
        before = self.diff_view(current)
        result_obj = current

        if state == "absent":
            if current is not None:
                self.changed = True
                if self.params.get("unlink"):
                    self.unlink(current)
                elif not self.check_mode:
                    self.delete(current)
            result_obj = None
        else:
            if current is None:
                self.changed = True
                result_obj = self.predicted() if self.check_mode else self.create_reconciled()
            else:
                changes = self.planned_changes(current)
                if changes:
                    self.changed = True
                    result_obj = self.update(current, changes)
            result_obj = self.reconcile_state(result_obj)

        after = self.diff_view(result_obj)
        result = {"changed": self.changed, self.result_key: result_obj}
        if self.module._diff:
            result["diff"] = {"before": before, "after": after}
        self.module.exit_json(**result)

    def run(self):
        try:
            self.execute()
        except FAILURES as exc:
            fail_from_exception(self.module, exc, subject=self.subject())
        finally:
            self.client.close()


def resource_module(argument_spec, **kwargs):
    """An AnsibleModule with the connection, wait and lifecycle options added to ``argument_spec``."""
    spec = waldur_argument_spec(wait=True, **LIFECYCLE_ARGUMENT_SPEC)
    spec.update(argument_spec)
    return AnsibleModule(argument_spec=spec, supports_check_mode=True, **kwargs)
