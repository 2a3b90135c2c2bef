# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Objects created by an action on a parent: snapshots (``POST volumes/<uuid>/snapshot/``) and backups
(``POST instances/<uuid>/backup/``). Both are updated with PATCH and deleted with DELETE (202, asynchronous)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import KINDS, NotFoundError, WaldurError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.timestamps import format_timestamp
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.resource import IDENTITY_ARGUMENT_SPEC, WaldurResourceModule

CHILD_ARGUMENT_SPEC = dict(IDENTITY_ARGUMENT_SPEC, kept_until=dict(type="str"))


class ChildResourceModule(WaldurResourceModule):
    timestamp_fields = ("kept_until",)
    parent_kind = None
    parent_option = None
    parent_filter = None
    create_action = None

    def __init__(self, module):
        super(ChildResourceModule, self).__init__(module)
        self._parent = None
        self._project_uuid = None

    def project_uuid(self):
        if self.params.get("project") and self._project_uuid is None:
            self._project_uuid = self.client.resolve("project", self.params["project"])["uuid"]
        return self._project_uuid

    def parent(self):
        """The parent object named by the user (resolved once, within the project when one is given)."""
        if self._parent is None and self.params.get(self.parent_option):
            within = "in project '%s'" % self.params["project"] if self.params.get("project") else None
            self._parent = self.client.resolve(self.parent_kind, self.params[self.parent_option], within=within,
                                               project_uuid=self.project_uuid())
        return self._parent

    def find(self):
        if self.params.get("uuid"):
            return self.find_by_uuid()
        try:
            parent = self.parent()
        except NotFoundError:
            if self.params["state"] == "absent":
                # Without its parent there is nothing of this name to delete.
                return None
            raise
        if parent is not None:
            return self.find_by_name(within="of %s '%s'" % (KINDS[self.parent_kind].label, parent["name"]),
                                     **{self.parent_filter: parent["uuid"]})
        return self.find_by_name(within="in project '%s'" % self.params["project"] if self.params.get("project") else None,
                                 project_uuid=self.project_uuid())

    def create_body(self):
        body = {"name": self.params["name"]}
        for option, field in self.updatable_fields.items():
            if option != "name" and self.params.get(option) is not None:
                body[field] = format_timestamp(self.params[option]) if option == "kept_until" else self.params[option]
        return body

    def require_parent(self):
        parent = self.parent()
        if parent is None:
            raise WaldurError("%s does not exist; %s is required to create it" % (self.subject(), self.parent_option))
        return parent

    def predicted(self):
        self.require_parent()
        return super(ChildResourceModule, self).predicted()

    def create(self):
        parent = self.require_parent()
        created = self.client.action(self.parent_kind, parent["uuid"], self.create_action, body=self.create_body(),
                                     expected=(200, 201))
        return self.ok_when_waiting(created)

    def delete(self, current):
        self.delete_object(self.kind, current)
        if self.params["wait"]:
            self.wait_until_gone(current)
