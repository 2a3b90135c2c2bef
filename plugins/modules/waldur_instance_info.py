#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: waldur_instance_info
short_description: List OpenStack instances managed by Waldur
version_added: 1.0.0
description:
  - List OpenStack virtual machines through the Waldur API, filtered by any documented list filter, or get one by UUID or name.
  - On request, adds each instance's console log, console URL, ports and floating IPs.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  runtime_state:
    description:
      - Return only instances whose OpenStack status is this, for example V(ACTIVE) or V(SHUTOFF).
    type: str
  external_ip:
    description:
      - Return only instances with this external (floating) IP address.
    type: str
  availability_zone:
    description:
      - Return only instances in the availability zone with this name.
    type: str
  include:
    description:
      - Sub-resources to add to each instance under RV(instances[].subresources).
    type: list
    elements: str
    choices: [console_log, console_url, floating_ips, ports]
    default: []
  console_log_length:
    description:
      - Number of lines of console log to return with O(include=console_log). All lines when not set.
    type: int
  return_user_data:
    description:
      - Whether the instances may show C(user_data). It often holds passwords or keys, so by default it is left out.
    type: bool
    default: false
extends_documentation_fragment:
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.waldur.action_group
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.waldur.info
"""

EXAMPLES = r"""
- name: List the running instances of a project
  cloudfleet.openstack.waldur_instance_info:
    project: Demo Project
    runtime_state: ACTIVE
  register: running

- name: Get one instance with its ports and the last 50 lines of its console log
  cloudfleet.openstack.waldur_instance_info:
    name: web-1
    project: Demo Project
    include: [ports, console_log]
    console_log_length: 50
  register: web

- name: List the running instances of a project, the most recently started first
  cloudfleet.openstack.waldur_instance_info:
    project: Demo Project
    runtime_state: ACTIVE
    order_by: -start_time

- name: Filter on any documented filter of /api/openstack-instances/
  cloudfleet.openstack.waldur_instance_info:
    filters:
      service_settings_name: OpenStack Cloud
      query: web
"""

RETURN = r"""
instances:
  description:
    - The matching instances as the Waldur API returns them (sizes in MiB), in the API's order or sorted by O(order_by).
  returned: always
  type: list
  elements: dict
  contains:
    uuid:
      description: UUID of the instance.
      type: str
      sample: 6b1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d
    name:
      description: Name of the instance.
      type: str
      sample: web-1
    state:
      description: Waldur state.
      type: str
      sample: OK
    runtime_state:
      description: OpenStack (Nova) status.
      type: str
      sample: ACTIVE
    external_ips:
      description: Floating IP addresses.
      type: list
      elements: str
    internal_ips:
      description: Fixed IP addresses.
      type: list
      elements: str
    subresources:
      description:
        - The sub-resources asked for with O(include), keyed by name. C(console_log) is a string,
          C(console_url) a string, C(ports) and C(floating_ips) lists.
      type: dict
      returned: when O(include) is set
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import INSTANCE_LIST_FILTERS
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.info import INFO_ARGUMENT_SPEC, InfoSpec, SubResource, run_info_module

SPEC = InfoSpec(
    kind="instance",
    result_key="instances",
    api_filters=INSTANCE_LIST_FILTERS,
    order_keys=("runtime_state", "start_time", "flavor_name", "image_name", "cores", "ram", "disk", "availability_zone_name",
                "key_name"),
    extra_filter_options=dict(runtime_state="runtime_state", external_ip="external_ip", availability_zone="availability_zone_name"),
    subresources=[
        SubResource("console_log", "console_log", params=lambda p: {"length": p["console_log_length"]} if p["console_log_length"] else None),
        SubResource("console_url", "console", unwrap=lambda value: (value or {}).get("url")),
        SubResource("floating_ips", "floating_ips", paged=True),
        SubResource("ports", "ports", paged=True),
    ],
)

ARGUMENT_SPEC = dict(
    INFO_ARGUMENT_SPEC,
    runtime_state=dict(type="str"),
    external_ip=dict(type="str"),
    availability_zone=dict(type="str"),
    console_log_length=dict(type="int"),
    return_user_data=dict(type="bool", default=False),
)


def main():
    run_info_module(SPEC, ARGUMENT_SPEC)


if __name__ == "__main__":
    main()
