#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: waldur_snapshot
short_description: Manage snapshots of OpenStack volumes through Waldur
version_added: 1.0.0
description:
  - Create a snapshot of a volume, update its name, description, metadata and retention date, delete it,
    or remove only its Waldur record.
  - Only the options you set are compared and changed.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  state:
    description:
      - V(present) creates the snapshot if it does not exist and updates the options you set.
      - V(absent) deletes it (or, with O(unlink=true), removes only the Waldur record).
    type: str
    choices: [present, absent]
    default: present
  uuid:
    description:
      - UUID of an existing snapshot. Needed to rename a snapshot.
    type: str
  name:
    description:
      - Name of the snapshot. Together with O(volume) (or O(project)) it identifies the snapshot when O(uuid) is not set.
      - With O(uuid) set, a different name renames the snapshot.
    type: str
  volume:
    description:
      - The volume to snapshot, by name, UUID or URL. Required to create a snapshot.
    type: str
  project:
    description:
      - Project (name, UUID or URL) in which to look up O(volume) and the snapshot by name.
    type: str
  description:
    description:
      - Description of the snapshot.
    type: str
  metadata:
    description:
      - Metadata of the snapshot, as a mapping. Replaces the current metadata when different.
      - Needs a Waldur 8.x server. A 7.x server ignores it, so when the server says it is 7.x (C(/api/version/), which
        answers staff and support users) a different O(metadata) fails before anything is changed.
    type: dict
  kept_until:
    description:
      - Date and time (ISO 8601, for example V(2030-01-31T12:00:00Z)) until which the snapshot is kept.
    type: str
extends_documentation_fragment:
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.waldur.action_group
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.wait
  - cloudfleet.openstack.waldur.lifecycle
"""

EXAMPLES = r"""
- name: Snapshot a data volume, kept for a month
  cloudfleet.openstack.waldur_snapshot:
    name: data-before-upgrade
    volume: web-1-data
    project: Demo Project
    description: Taken before the upgrade
    kept_until: "2030-01-31T00:00:00Z"
  register: snap

- name: Rename it
  cloudfleet.openstack.waldur_snapshot:
    uuid: "{{ snap.snapshot.uuid }}"
    name: data-2030-01

- name: Delete it
  cloudfleet.openstack.waldur_snapshot:
    uuid: "{{ snap.snapshot.uuid }}"
    state: absent
"""

RETURN = r"""
snapshot:
  description:
    - The snapshot as the Waldur API returns it (size in MiB). In check mode, for a snapshot that would be created,
      only the options you set. Null when the snapshot is absent.
  returned: always
  type: dict
  contains:
    uuid:
      description: UUID of the snapshot.
      type: str
    name:
      description: Name of the snapshot.
      type: str
    state:
      description: Waldur state.
      type: str
      sample: OK
    size:
      description: Size in MiB.
      type: int
    source_volume:
      description: URL of the snapshotted volume.
      type: str
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.child import CHILD_ARGUMENT_SPEC
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.resource import run_resource_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.snapshot import SnapshotModule

ARGUMENT_SPEC = dict(
    CHILD_ARGUMENT_SPEC,
    volume=dict(type="str"),
    metadata=dict(type="dict"),
)


def main():
    run_resource_module(SnapshotModule, ARGUMENT_SPEC, required_one_of=[("uuid", "name")])


if __name__ == "__main__":
    main()
