#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: waldur_snapshot_info
short_description: List OpenStack volume snapshots managed by Waldur
version_added: 1.0.0
description:
  - List OpenStack volume snapshots through the Waldur API, filtered by any documented list filter, or get one by UUID or name.
  - On request, adds each snapshot's restorations (the volumes restored from it).
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  runtime_state:
    description:
      - Return only snapshots whose OpenStack status is this, for example V(available).
    type: str
  source_volume:
    description:
      - Return only snapshots of this volume, given by name, UUID or URL.
    type: str
  backup:
    description:
      - Return only snapshots that are part of this backup, given by name, UUID or URL.
    type: str
  include:
    description:
      - Sub-resources to add to each snapshot under RV(snapshots[].subresources).
    type: list
    elements: str
    choices: [restorations]
    default: []
extends_documentation_fragment:
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.waldur.action_group
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.waldur.info
"""

EXAMPLES = r"""
- name: List the snapshots of a volume with the volumes restored from them
  cloudfleet.openstack.waldur_snapshot_info:
    source_volume: data-1
    project: Demo Project
    include: [restorations]
  register: snapshots
"""

RETURN = r"""
snapshots:
  description:
    - The matching snapshots as the Waldur API returns them (sizes in MiB), in the API's order or sorted by O(order_by).
  returned: always
  type: list
  elements: dict
  contains:
    uuid:
      description: UUID.
      type: str
      sample: 6b1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d
    name:
      description: Name.
      type: str
    state:
      description: Waldur state.
      type: str
      sample: OK
    size:
      description: Size in MiB.
      type: int
    source_volume_name:
      description: Name of the volume the snapshot was taken of.
      type: str
    subresources:
      description: The sub-resources asked for with O(include); C(restorations) is a list.
      type: dict
      returned: when O(include) is set
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.info import INFO_ARGUMENT_SPEC, InfoSpec, SubResource, run_info_module

SPEC = InfoSpec(
    kind="snapshot",
    result_key="snapshots",
    api_filters=[
        "backend_id", "backup", "backup_uuid", "can_manage", "customer", "customer_abbreviation", "customer_name",
        "customer_native_name", "customer_uuid", "description", "external_ip", "name", "name_exact", "project",
        "project_name", "project_uuid", "runtime_state", "service_settings_name", "service_settings_uuid", "source_volume",
        "source_volume_uuid", "state", "tenant", "tenant_uuid", "uuid",
    ],
    extra_filter_options=dict(runtime_state="runtime_state"),
    extra_reference_options=dict(source_volume=("volume", "source_volume_uuid"), backup=("backup", "backup_uuid")),
    order_keys=("runtime_state", "size", "source_volume_name", "kept_until"),
    subresources=[SubResource("restorations", "restorations")],
)

ARGUMENT_SPEC = dict(
    INFO_ARGUMENT_SPEC,
    runtime_state=dict(type="str"),
    source_volume=dict(type="str"),
    backup=dict(type="str"),
)


def main():
    run_info_module(SPEC, ARGUMENT_SPEC)


if __name__ == "__main__":
    main()
