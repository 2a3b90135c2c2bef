# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Waldur layer of the resource-module skeleton (see resource.py): identity by UUID or name, PATCH updates,
waiting for OK, pull before reading (``refresh``) and removing only the Waldur record (``unlink``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.cloudfleet.openstack.plugins.module_utils.resource import ResourceModule
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur import KINDS, WaldurError, normalize_uuid, pick_one
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur_module import (
    FAILURES, client_from_module, waldur_argument_spec,
)

LIFECYCLE_ARGUMENT_SPEC = dict(
    unlink=dict(type="bool", default=False),
    refresh=dict(type="bool", default=False),
)


class WaldurResourceModule(ResourceModule):
    """Base class of the Waldur resource modules."""

    kind = None
    failures = FAILURES

    def __init__(self, module, client=None):
        super(WaldurResourceModule, self).__init__(module, client or client_from_module(module))
        self.label = KINDS[self.kind].label

    @property
    def object_path(self):
        return KINDS[self.kind].path

    def path_of(self, obj):
        return "%s%s/" % (self.object_path, obj["uuid"])

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

    def update(self, current, changes):
        self.client.transport.request("PATCH", self.path_of(current), json_body=changes)
        return self.wait_for_ok(self.client.get(self.path_of(current)))

    def refreshed(self, current):
        """Ask Waldur to pull the object from OpenStack and wait for that to finish, so reads are current."""
        if not self.params.get("refresh") or self.check_mode or not current.get("backend_id"):
            return current
        self.client.action(self.kind, current["uuid"], "pull")
        return self.client.wait_for_state(self.kind, current["uuid"], self.params["wait_timeout"], label="'%s'" % current.get("name"))

    def remove(self, current):
        if self.check_mode:
            return
        if self.params.get("unlink"):
            self.client.action(self.kind, current["uuid"], "unlink", expected=(200, 202, 204))
        else:
            self.delete(current)


def resource_module(argument_spec, **kwargs):
    """An AnsibleModule with the connection, wait and lifecycle options added to ``argument_spec``."""
    spec = waldur_argument_spec(wait=True, **LIFECYCLE_ARGUMENT_SPEC)
    spec.update(argument_spec)
    return AnsibleModule(argument_spec=spec, supports_check_mode=True, **kwargs)
