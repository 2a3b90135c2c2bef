#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: waldur_backup
short_description: Manage backups of OpenStack instances through Waldur
version_added: 1.0.0
description:
  - Back up an instance (one snapshot of each of its volumes), update the backup's name, description and retention
    date, delete it with its snapshots, or remove only its Waldur record.
  - Only the options you set are compared and changed.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  state:
    description:
      - V(present) creates the backup if it does not exist and updates the options you set.
      - V(absent) deletes it and its snapshots (or, with O(unlink=true), removes only the Waldur record).
    type: str
    choices: [present, absent]
    default: present
  uuid:
    description:
      - UUID of an existing backup. Needed to rename a backup.
    type: str
  name:
    description:
      - Name of the backup. Together with O(instance) (or O(project)) it identifies the backup when O(uuid) is not set.
      - With O(uuid) set, a different name renames the backup.
    type: str
  instance:
    description:
      - The instance to back up, by name, UUID or URL. Required to create a backup.
    type: str
  project:
    description:
      - Project (name, UUID or URL) in which to look up O(instance) and the backup by name.
    type: str
  description:
    description:
      - Description of the backup.
    type: str
  kept_until:
    description:
      - Date and time (ISO 8601, for example V(2030-01-31T12:00:00Z)) until which the backup is kept.
    type: str
extends_documentation_fragment:
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.waldur.action_group
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.wait
  - cloudfleet.openstack.waldur.lifecycle
"""

EXAMPLES = r"""
- name: Back up an instance before maintenance
  cloudfleet.openstack.waldur_backup:
    name: web-1-nightly
    instance: web-1
    project: Demo Project
    kept_until: "2030-01-31T00:00:00Z"
  register: backup

- name: Delete the backup and its snapshots
  cloudfleet.openstack.waldur_backup:
    uuid: "{{ backup.backup.uuid }}"
    state: absent
"""

RETURN = r"""
backup:
  description:
    - The backup as the Waldur API returns it. In check mode, for a backup that would be created, only the options
      you set. Null when the backup is absent.
  returned: always
  type: dict
  contains:
    uuid:
      description: UUID of the backup.
      type: str
    name:
      description: Name of the backup.
      type: str
    state:
      description: Waldur state.
      type: str
      sample: OK
    instance:
      description: URL of the backed-up instance.
      type: str
    metadata:
      description: What was backed up of the instance (name, flavor and image names, key name, user data...).
      type: dict
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.backup import BackupModule
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.child import CHILD_ARGUMENT_SPEC
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.resource import run_resource_module

ARGUMENT_SPEC = dict(
    CHILD_ARGUMENT_SPEC,
    instance=dict(type="str"),
)


def main():
    run_resource_module(BackupModule, ARGUMENT_SPEC, required_one_of=[("uuid", "name")])


if __name__ == "__main__":
    main()
