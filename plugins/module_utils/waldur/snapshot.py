# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The waldur_snapshot module's logic: a snapshot of a volume, its name, description, metadata and retention."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.resource import same_value
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.child import ChildResourceModule


class SnapshotModule(ChildResourceModule):
    kind = "snapshot"
    result_key = "snapshot"
    updatable_fields = dict(name="name", description="description", metadata="metadata", kept_until="kept_until")
    parent_kind = "volume"
    parent_option = "volume"
    parent_filter = "source_volume_uuid"
    create_action = "snapshot"

    def precheck(self, current):
        """A 7.x server reads no ``metadata`` (a read-only field of its snapshot serializer): refuse to send it."""
        wanted = self.params.get("metadata")
        if self.params["state"] == "absent" or wanted is None:
            return
        if current is None or not same_value("metadata", wanted, current.get("metadata")):
            self.client.generation.refuse_ignored_options(["metadata"], self.subject(current))
