#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: gcore_reseller_name_template
short_description: Manage a Gcore Cloud reseller's naming configuration of a region
version_added: 1.0.0
description:
  - Create, change or delete the naming configuration a Gcore Cloud reseller sets for the clients of one region,
    that is whether they may give instances names of their own, and which name templates they may use for virtual
    machines, bare metal servers and load balancers.
  - Without a configuration a region has no naming restriction; deleting the configuration drops them all.
  - Only the options you set are compared and changed; the fields you do not set keep their values.
  - Needs an API key of the reseller.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  state:
    description:
      - V(present) creates the configuration if the region has none, and changes the fields you set that differ.
        A new configuration gets the API's defaults for the fields you do not set.
      - V(absent) deletes the configuration, which drops every naming restriction of the region.
    type: str
    choices: [present, absent]
    default: present
  reseller_id:
    description:
      - ID of the reseller whose clients the configuration governs.
      - The API checks it only when the configuration is written, so an unknown reseller fails then, and not in check mode.
    type: int
    required: true
  allow_custom_name:
    description:
      - Whether clients may give an instance a name of their own (the create request's C(name)) rather than a name template.
    type: bool
  allowed_name_templates:
    description:
      - The only name templates clients may use for virtual machines, for example V(vm-{ip_octets}).
        C({ip_octets}), C({two_ip_octets}) and C({one_ip_octet}) are filled from the instance's first IPv4 address.
      - The order of the templates does not matter.
    type: list
    elements: str
  allowed_name_win_templates:
    description:
      - The only name templates clients may use for Windows virtual machines.
      - The order of the templates does not matter.
    type: list
    elements: str
  allowed_bm_name_templates:
    description:
      - The only name templates clients may use for bare metal servers.
      - The order of the templates does not matter.
    type: list
    elements: str
  allowed_bm_name_win_templates:
    description:
      - The only name templates clients may use for Windows bare metal servers.
      - The order of the templates does not matter.
    type: list
    elements: str
  allowed_lb_name_templates:
    description:
      - The only name templates clients may use for load balancers.
      - The order of the templates does not matter.
    type: list
    elements: str
  allowed_lb_name_restriction:
    description:
      - The restriction load balancer names must follow, as the API takes it.
      - An empty string and no restriction are the same.
    type: str
attributes:
  check_mode:
    support: full
    description:
      - No request that changes anything is sent; the current configuration is still read, and the region is looked
        up before one would be created, so an unknown region fails in check mode too.
  diff_mode:
    support: full
    description: Shows the fields the module manages, and whether the configuration exists, before and after.
extends_documentation_fragment:
  - cloudfleet.openstack.gcore
  - cloudfleet.openstack.gcore.action_group
  - cloudfleet.openstack.connection
notes:
  - The configuration is read from the list of the reseller's configurations (C(GET /cloud/v1/reseller_name_templates)),
    written with C(PUT /cloud/v1/reseller_name_templates) and deleted with
    C(DELETE /cloud/v1/reseller_name_templates/{reseller_id}/{region_id}).
  - A change sends every field the module knows, those you did not set with their current values.
seealso:
  - module: cloudfleet.openstack.gcore_instance_info
    description: Its C(region_details) show the naming rules in force for a project and the reseller's configurations.
"""

EXAMPLES = r"""
- name: In region 76, clients name instances only after their address
  cloudfleet.openstack.gcore_reseller_name_template:
    reseller_id: 7
    region_id: 76
    allow_custom_name: false
    allowed_name_templates:
      - vm-{ip_octets}
    allowed_name_win_templates:
      - win-{two_ip_octets}
  register: naming

- name: Allow names of their own again; the templates stay as they are
  cloudfleet.openstack.gcore_reseller_name_template:
    reseller_id: 7
    region_id: 76
    allow_custom_name: true

- name: Drop every naming restriction of region 76
  cloudfleet.openstack.gcore_reseller_name_template:
    reseller_id: 7
    region_id: 76
    state: absent

- name: Connection settings once for every Gcore module of a block
  module_defaults:
    group/cloudfleet.openstack.gcore:
      api_key: "{{ vault_gcore_reseller_api_key }}"
      region_id: 77
  block:
    - name: Load balancers of region 77 take a template name
      cloudfleet.openstack.gcore_reseller_name_template:
        reseller_id: 7
        allowed_lb_name_templates:
          - lb-{ip_octets}
"""

RETURN = r"""
name_template:
  description:
    - The naming configuration as the API returns it. Null when it is absent.
    - In check mode, for a configuration that would be created, the reseller, the region and the fields you set.
  returned: always
  type: dict
  contains:
    reseller_id:
      description: ID of the reseller.
      type: int
      sample: 7
    reseller_name:
      description: Name of the reseller, if the API knows it.
      type: str
    region_id:
      description: ID of the region.
      type: int
      sample: 76
    allow_custom_name:
      description: Whether clients may give instances names of their own.
      type: bool
      sample: false
    allowed_name_templates:
      description: Name templates allowed for virtual machines.
      type: list
      elements: str
      sample: ["vm-{ip_octets}"]
    allowed_name_win_templates:
      description: Name templates allowed for Windows virtual machines.
      type: list
      elements: str
    allowed_bm_name_templates:
      description: Name templates allowed for bare metal servers.
      type: list
      elements: str
    allowed_bm_name_win_templates:
      description: Name templates allowed for Windows bare metal servers.
      type: list
      elements: str
    allowed_lb_name_templates:
      description: Name templates allowed for load balancers.
      type: list
      elements: str
    allowed_lb_name_restriction:
      description: The restriction load balancer names follow.
      type: str
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.module import run_resource_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.reseller import GcoreResellerNameTemplate

ARGUMENT_SPEC = dict(
    state=dict(type="str", default="present", choices=["present", "absent"]),
    reseller_id=dict(type="int", required=True),
    allow_custom_name=dict(type="bool"),
    allowed_name_templates=dict(type="list", elements="str"),
    allowed_name_win_templates=dict(type="list", elements="str"),
    allowed_bm_name_templates=dict(type="list", elements="str"),
    allowed_bm_name_win_templates=dict(type="list", elements="str"),
    allowed_lb_name_templates=dict(type="list", elements="str"),
    allowed_lb_name_restriction=dict(type="str"),
)


def main():
    run_resource_module(GcoreResellerNameTemplate, ARGUMENT_SPEC, wait=False, project=False)


if __name__ == "__main__":
    main()
