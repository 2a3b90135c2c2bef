#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: waldur_backup_info
short_description: List OpenStack instance backups managed by Waldur
version_added: 1.0.0
description:
  - List backups of OpenStack instances through the Waldur API, filtered by any documented list filter, or get one by UUID or name.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  instance:
    description:
      - Return only backups of this instance, given by name, UUID or URL.
    type: str
extends_documentation_fragment:
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.waldur.action_group
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.waldur.info
"""

EXAMPLES = r"""
- name: List the backups of an instance
  cloudfleet.openstack.waldur_backup_info:
    instance: web-1
    project: Demo Project
  register: backups
"""

RETURN = r"""
backups:
  description:
    - The matching backups as the Waldur API returns them (sizes in MiB), in the API's order or sorted by O(order_by).
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
    instance_name:
      description: Name of the instance the backup was taken of.
      type: str
    kept_until:
      description: Date and time after which the backup may be deleted, if set.
      type: str
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.info import INFO_ARGUMENT_SPEC, InfoSpec, run_info_module

SPEC = InfoSpec(
    kind="backup",
    result_key="backups",
    api_filters=[
        "backend_id", "can_manage", "customer", "customer_abbreviation", "customer_name", "customer_native_name",
        "customer_uuid", "description", "external_ip", "instance", "instance_uuid", "name", "name_exact", "project",
        "project_name", "project_uuid", "service_settings_name", "service_settings_uuid", "state", "tenant", "tenant_uuid",
        "uuid",
    ],
    extra_reference_options=dict(instance=("instance", "instance_uuid")),
    order_keys=("instance_name", "kept_until"),
)

ARGUMENT_SPEC = dict(
    INFO_ARGUMENT_SPEC,
    instance=dict(type="str"),
)


def main():
    run_info_module(SPEC, ARGUMENT_SPEC)


if __name__ == "__main__":
    main()
