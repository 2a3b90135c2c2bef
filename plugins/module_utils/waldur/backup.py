# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The waldur_backup module's logic: a backup of an instance, its name, description and retention."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.child import ChildResourceModule


class BackupModule(ChildResourceModule):
    kind = "backup"
    result_key = "backup"
    updatable_fields = dict(name="name", description="description", kept_until="kept_until")
    parent_kind = "instance"
    parent_option = "instance"
    parent_filter = "instance_uuid"
    create_action = "backup"
