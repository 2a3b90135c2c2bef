#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: gcore_instance_info
short_description: List Gcore Cloud instances
version_added: 1.0.0
description:
  - List the instances of a Gcore Cloud project and region with any filter of the API, across all pages,
    or get one instance by id or name.
  - On request, adds each instance's interfaces, ports, security groups, metadata, remote console, metrics and the
    flavors it can be resized into; and the region's flavors for a planned instance, naming restrictions and the
    reseller's name template configurations.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  id:
    description:
      - Return only the instance with this id. An unknown id returns an empty list.
    type: str
  name:
    description:
      - Return only instances with exactly this name.
    type: str
  name_pattern:
    description:
      - Return only instances whose name matches this regular expression (MySQL style) or contains this text, as the
        API's C(name) filter does.
    type: str
  all_clients:
    description:
      - Search the instances of every client of the reseller (needs a reseller API key) by O(name) or O(id),
        instead of listing this project and region. Results are summaries (C(id), C(name), C(project_id),
        C(region_id), C(client_id), ...), and no other filter applies.
    type: bool
    default: false
  status:
    description:
      - Return only instances with this status.
    type: str
    choices: [ACTIVE, BUILD, DELETED, ERROR, HARD_REBOOT, MIGRATING, PASSWORD, PAUSED, REBOOT, REBUILD, RESCUE, RESIZE,
              REVERT_RESIZE, SHELVED, SHELVED_OFFLOADED, SHUTOFF, SOFT_DELETED, SUSPENDED, UNKNOWN, VERIFY_RESIZE]
  flavor_id:
    description:
      - Return only instances with exactly this flavor, for example V(g1-standard-1-2).
    type: str
  flavor_prefix:
    description:
      - Return only instances whose flavor id starts with this, for example V(g1-standard) or V(g1-).
    type: str
  exclude_flavor_prefix:
    description:
      - Leave out instances whose flavor id starts with this.
    type: str
  ip:
    description:
      - Return only instances with an address matching this (a regular expression is allowed).
    type: str
  uuid:
    description:
      - Return only instances whose id contains this part.
    type: str
  changes_since:
    description:
      - Return only instances whose status changed at or after this time (ISO 8601, for example V(2030-01-31T12:00:00Z);
        without a time zone, UTC). Sent as the API's C(changes-since).
    type: str
  changes_before:
    description:
      - Return only instances that last changed at or before this time (ISO 8601). Sent as C(changes-before).
    type: str
  metadata_kv:
    description:
      - Return only instances that have every one of these metadata key-value pairs.
    type: dict
  metadata_v:
    description:
      - Return only instances that have every one of these metadata values.
    type: list
    elements: str
  tag_key_value:
    description:
      - Return only instances that have every one of these tags (key-value pairs).
    type: dict
  tag_value:
    description:
      - Return only instances that have every one of these tag values.
    type: list
    elements: str
  include_baremetal:
    description:
      - Include bare metal servers (the API leaves them out by default).
    type: bool
  include_ai:
    description:
      - Include AI instances (the API leaves them out by default).
    type: bool
  include_k8s:
    description:
      - Include Kubernetes nodes (the API includes them by default).
    type: bool
  only_isolated:
    description:
      - Return only isolated instances.
    type: bool
  only_with_fixed_external_ip:
    description:
      - Return only bare metal servers with an external fixed IP address.
    type: bool
  available_floating:
    description:
      - Return only instances that can take a floating IP address.
    type: bool
  exclude_secgroup:
    description:
      - Leave out instances in the security group with this name.
    type: str
  with_ddos:
    description:
      - Include the DDoS protection profile of bare metal servers (needed for the three DDoS filters below).
    type: bool
  profile_name:
    description:
      - Return only bare metal servers with this DDoS profile name (with O(with_ddos=true)).
    type: str
  protection_status:
    description:
      - Return only bare metal servers with this DDoS protection status (with O(with_ddos=true)).
    type: str
    choices: [Active, Queued, Error]
  type_ddos_profile:
    description:
      - Return only bare metal servers with basic or advanced DDoS protection (with O(with_ddos=true)).
    type: str
    choices: [basic, advanced]
  with_interfaces_name:
    description:
      - Add the interface name to each fixed address in C(addresses).
    type: bool
  order_by:
    description:
      - Order of the results.
    type: str
    choices: [created.asc, created.desc, name.asc, name.desc, status.asc, status.desc]
  include:
    description:
      - Details to add to each instance under RV(instances[].subresources).
      - V(console) needs a running instance; for another one it is null.
    type: list
    elements: str
    choices: [interfaces, ports, security_groups, metadata, console, metrics, available_flavors]
    default: []
  console_type:
    description:
      - Kind of remote console for O(include=console).
    type: str
    choices: [novnc, spice, vnc, serial]
    default: novnc
  metrics_time_unit:
    description:
      - Unit of O(metrics_time_interval) for O(include=metrics); points come every 5 minutes (V(hour)) or every hour (V(day)).
    type: str
    choices: [hour, day]
    default: hour
  metrics_time_interval:
    description:
      - How many O(metrics_time_unit)s of metrics to return with O(include=metrics).
    type: int
    default: 1
  metadata_keys:
    description:
      - Metadata items to read one by one for each instance, under C(subresources.metadata_items) (null when an
        instance does not have the key). Keys with special characters are read through the v2 metadata item API.
    type: list
    elements: str
  include_prices:
    description:
      - Add prices to the flavors of O(include=available_flavors) and O(region_details=available_flavors).
    type: bool
    default: false
  region_details:
    description:
      - Facts of the project and region to return beside RV(instances).
      - V(available_flavors) (RV(available_flavors)) lists the flavors that can boot an instance with O(planned_volumes).
      - V(naming_restrictions) (RV(naming_restrictions)) the rules instance names must follow.
      - V(reseller_name_templates) (RV(reseller_name_templates)) the reseller's naming configurations (reseller API key).
    type: list
    elements: str
    choices: [available_flavors, naming_restrictions, reseller_name_templates]
    default: []
  planned_volumes:
    description:
      - The volumes of a planned instance, as O(cloudfleet.openstack.gcore_instance#module:volumes) takes them, for
        O(region_details=available_flavors). Without them, every flavor of the region that is enabled.
    type: list
    elements: dict
    suboptions:
      source:
        description: Where the volume comes from.
        type: str
        choices: [image, snapshot, new-volume, apptemplate, existing-volume]
      image:
        description: Image by id or name.
        type: str
      snapshot:
        description: Snapshot by id or name.
        type: str
      apptemplate:
        description: App template by id or display name.
        type: str
      volume:
        description: An available volume by id or name.
        type: str
      size:
        description: Size in GiB.
        type: int
      name:
        description: Name of the new volume.
        type: str
      type_name:
        description: Volume type.
        type: str
        choices: [standard, ssd_hiiops, ssd_local, ssd_lowlatency, cold, ultra]
      boot_index:
        description: Boot order; V(0) is the boot volume.
        type: int
      delete_on_termination:
        description: Delete the volume with the instance.
        type: bool
      attachment_tag:
        description: Tag of the volume attachment.
        type: str
      tags:
        description: Tags of the new volume.
        type: dict
  deprecated_naming_endpoint:
    description:
      - Read O(region_details=naming_restrictions) from the deprecated C(instances/.../available_names) endpoint,
        for regions that lack the reseller one.
    type: bool
    default: false
extends_documentation_fragment:
  - cloudfleet.openstack.gcore
  - cloudfleet.openstack.gcore.action_group
  - cloudfleet.openstack.gcore.project
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.gcore.info
"""

EXAMPLES = r"""
- name: The running instances of the project and region, newest first
  cloudfleet.openstack.gcore_instance_info:
    status: ACTIVE
    order_by: created.desc
  register: running

- name: One instance with its interfaces, security groups and an hour of metrics
  cloudfleet.openstack.gcore_instance_info:
    name: web-1
    include: [interfaces, security_groups, metrics]
  register: web

- name: Production instances that changed today
  cloudfleet.openstack.gcore_instance_info:
    tag_key_value:
      env: production
    changes_since: "{{ now(utc=true).strftime('%Y-%m-%dT00:00:00Z') }}"

- name: Flavors that can boot Ubuntu, and the naming rules
  cloudfleet.openstack.gcore_instance_info:
    name: none-wanted
    region_details: [available_flavors, naming_restrictions]
    planned_volumes:
      - image: ubuntu-22.04
  register: region
"""

RETURN = r"""
instances:
  description:
    - The matching instances as the Gcore API returns them, in the API's order (summaries with O(all_clients=true)).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the instance.
      type: str
    name:
      description: Name of the instance.
      type: str
    status:
      description: Status, for example C(ACTIVE).
      type: str
    flavor:
      description: The flavor.
      type: dict
    addresses:
      description: Addresses by network name.
      type: dict
    tags:
      description: Tags, each with C(key), C(value) and C(read_only).
      type: list
      elements: dict
    subresources:
      description:
        - The details asked for with O(include) and O(metadata_keys), by name. C(console) is a mapping
          (C(protocol), C(type), C(url)), C(metadata_items) maps each key to its item; the others are lists.
      type: dict
      returned: when O(include) or O(metadata_keys) is set
available_flavors:
  description: Flavors that can boot an instance with O(planned_volumes).
  returned: when O(region_details) contains V(available_flavors)
  type: list
  elements: dict
naming_restrictions:
  description: The naming rules (C(custom_name_allowed), C(name_templates_limited), allowed templates...).
  returned: when O(region_details) contains V(naming_restrictions)
  type: dict
reseller_name_templates:
  description: The reseller's naming configurations, one per region.
  returned: when O(region_details) contains V(reseller_name_templates)
  type: list
  elements: dict
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.filters import INSTANCE_FILTERS
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.info import SUBRESOURCES, run_instance_info
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.bodies import VOLUME_OPTIONS

ARGUMENT_SPEC = dict(
    INSTANCE_FILTERS,
    id=dict(type="str"),
    all_clients=dict(type="bool", default=False),
    include=dict(type="list", elements="str", default=[], choices=SUBRESOURCES),
    console_type=dict(type="str", default="novnc", choices=["novnc", "spice", "vnc", "serial"]),
    metrics_time_unit=dict(type="str", default="hour", choices=["hour", "day"]),
    metrics_time_interval=dict(type="int", default=1),
    metadata_keys=dict(type="list", elements="str", no_log=False),
    include_prices=dict(type="bool", default=False),
    region_details=dict(type="list", elements="str", default=[],
                        choices=["available_flavors", "naming_restrictions", "reseller_name_templates"]),
    planned_volumes=dict(type="list", elements="dict", options=VOLUME_OPTIONS),
    deprecated_naming_endpoint=dict(type="bool", default=False),
)


def main():
    run_instance_info(ARGUMENT_SPEC)


if __name__ == "__main__":
    main()
