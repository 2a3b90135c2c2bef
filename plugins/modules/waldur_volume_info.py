#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: waldur_volume_info
short_description: List OpenStack volumes managed by Waldur
version_added: 1.0.0
description:
  - List OpenStack (Cinder) volumes through the Waldur API, filtered by any documented list filter, or get one by UUID or name.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  runtime_state:
    description:
      - Return only volumes whose OpenStack status is this, for example V(available), V(in-use).
    type: str
  instance:
    description:
      - Return only volumes attached to this instance, given by name, UUID or URL.
    type: str
  snapshot:
    description:
      - Return only volumes restored from this snapshot, given by name, UUID or URL.
    type: str
  availability_zone:
    description:
      - Return only volumes in the availability zone with this name.
    type: str
extends_documentation_fragment:
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.waldur.action_group
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.waldur.info
"""

EXAMPLES = r"""
- name: List the unattached volumes of a project
  cloudfleet.openstack.waldur_volume_info:
    project: Demo Project
    runtime_state: available
  register: free_volumes

- name: List the volumes of one instance
  cloudfleet.openstack.waldur_volume_info:
    instance: web-1
    project: Demo Project

- name: List a project's volumes, largest first, by name among those of one size
  cloudfleet.openstack.waldur_volume_info:
    project: Demo Project
    order_by: -size,name
"""

RETURN = r"""
volumes:
  description:
    - The matching volumes as the Waldur API returns them (sizes in MiB), in the API's order or sorted by O(order_by).
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
      sample: 10240
    runtime_state:
      description: OpenStack (Cinder) status.
      type: str
      sample: in-use
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.info import INFO_ARGUMENT_SPEC, InfoSpec, run_info_module

SPEC = InfoSpec(
    kind="volume",
    result_key="volumes",
    api_filters=[
        "attach_instance_uuid", "availability_zone_name", "backend_id", "can_manage", "customer", "customer_abbreviation",
        "customer_name", "customer_native_name", "customer_uuid", "description", "external_ip", "instance", "instance_uuid",
        "name", "name_exact", "project", "project_name", "project_uuid", "runtime_state", "service_settings_name",
        "service_settings_uuid", "snapshot", "snapshot_uuid", "state", "tenant", "tenant_uuid", "uuid",
    ],
    extra_filter_options=dict(runtime_state="runtime_state", availability_zone="availability_zone_name"),
    extra_reference_options=dict(instance=("instance", "instance_uuid"), snapshot=("snapshot", "snapshot_uuid")),
    order_keys=("runtime_state", "size", "type_name", "bootable", "device", "instance_name", "image_name", "availability_zone_name"),
)

ARGUMENT_SPEC = dict(
    INFO_ARGUMENT_SPEC,
    runtime_state=dict(type="str"),
    instance=dict(type="str"),
    snapshot=dict(type="str"),
    availability_zone=dict(type="str"),
)


def main():
    run_info_module(SPEC, ARGUMENT_SPEC)


if __name__ == "__main__":
    main()
