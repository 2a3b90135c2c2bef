#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: waldur_instance
short_description: Manage OpenStack instances (virtual machines) through Waldur
version_added: 1.0.0
description:
  - Create an instance by a marketplace order, or by restoring a backup; reconcile its name, description, flavor,
    security groups, ports, floating IPs and allowed address pairs; start, stop or restart it; terminate it, or remove
    only its Waldur record.
  - Only the options you set are compared and changed. Options that only shape a new instance (image, volumes, SSH key,
    user data...) are never applied to an existing one; a different value gives a warning.
  - Every step waits for the previous one, because Waldur refuses a second action on an instance that is still busy.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  state:
    description:
      - V(present) creates the instance if needed and reconciles the options you set, leaving its power state alone.
      - V(started), V(stopped) also make sure it runs or is stopped; nothing is sent when it already is.
      - V(restarted) restarts a running instance (or starts a stopped one); it always reports a change.
      - V(absent) terminates it through the marketplace and, with O(wait=true), waits until it is gone. A running
        instance is stopped first (or deleted running with O(force=true)).
    type: str
    choices: [present, absent, started, stopped, restarted]
    default: present
  uuid:
    description:
      - UUID of an existing instance. Needed to rename an instance.
    type: str
  name:
    description:
      - Name of the instance (a DNS name). With O(project), identifies the instance when O(uuid) is not set.
      - With O(uuid) set, a different name renames the instance.
    type: str
  project:
    description:
      - Project of the instance, by name, UUID or URL. Required to find an instance by name and to create one.
    type: str
  offering:
    description:
      - The instance offering of the tenant to create the instance in (for example V(Virtual machine in demo-tenant)),
        by name, UUID or URL. Required to create an instance by order.
    type: str
  description:
    description:
      - Description of the instance.
    type: str
  flavor:
    description:
      - Flavor by name, UUID or URL, looked up in the instance's tenant.
      - A different flavor on an existing instance resizes it, which needs it stopped; see O(allow_stop).
    type: str
  flavor_min_cpu:
    description:
      - Instead of O(flavor), the smallest flavor with at least this many cores (and O(flavor_min_ram)).
    type: int
  flavor_min_ram:
    description:
      - Instead of O(flavor), the smallest flavor with at least this much RAM, in GiB (for example V(0.5) or V(4)).
    type: float
  image:
    description:
      - Image by name, UUID or URL. Required to create an instance by order. Only used when creating.
    type: str
  system_volume_size:
    description:
      - Size of the system volume in GiB. Required to create an instance by order. Only used when creating.
    type: int
  system_volume_type:
    description:
      - Volume type of the system volume, by name, UUID or URL. Only used when creating.
    type: str
  data_volumes:
    description:
      - Data volumes to create with the instance. Only used when creating; manage volumes later with M(cloudfleet.openstack.waldur_volume).
      - More than one needs a Waldur 8.x server (see the notes).
    type: list
    elements: dict
    suboptions:
      size:
        description: Size in GiB.
        type: int
        required: true
      type:
        description: Volume type by name, UUID or URL.
        type: str
  subnet:
    description:
      - Shorthand for one port on this subnet (name, UUID or URL) with an address chosen by OpenStack.
    type: str
  ports:
    description:
      - The instance's ports, one per subnet, optionally with fixed IP addresses. On an existing instance a different
        set replaces the ports (and detaches its floating IPs, which O(floating_ips) can set again).
    type: list
    elements: dict
    suboptions:
      subnet:
        description: Subnet by name, UUID or URL.
        type: str
        required: true
      fixed_ips:
        description:
          - IP addresses to take on the subnet.
          - Needs a Waldur 8.x server (see the notes).
        type: list
        elements: str
  floating_ips:
    description:
      - Floating IPs the instance should have, each on the subnet of one of its ports. With O(floating_ips[].address)
        that existing floating IP is used; without it any free one is allocated.
      - The list is the complete set; V([]) removes all floating IPs.
    type: list
    elements: dict
    suboptions:
      subnet:
        description: Subnet (of one of the instance's ports) by name, UUID or URL.
        type: str
        required: true
      address:
        description: An existing floating IP address (or its UUID or URL).
        type: str
  security_groups:
    description:
      - Security groups by name, UUID or URL. The list is the complete set for the instance.
    type: list
    elements: str
  allowed_address_pairs:
    description:
      - Allowed address pairs of the instance's ports. The list is the complete set for the instance; V([]) removes them all.
    type: list
    elements: dict
    suboptions:
      subnet:
        description: The subnet of the port the pair belongs to. Not needed when the instance has one port.
        type: str
      ip_address:
        description: IP address or CIDR.
        type: str
        required: true
      mac_address:
        description: MAC address; the port's own when not set.
        type: str
  server_group:
    description:
      - Server group by name, UUID or URL. Only used when creating.
    type: str
  ssh_key:
    description:
      - SSH public key registered in Waldur, by name, UUID or URL. Only used when creating.
    type: str
  user_data:
    description:
      - Cloud-init user data. Only used when creating.
      - Left out of results and logs unless O(return_user_data=true).
    type: str
  return_user_data:
    description:
      - Whether results may show C(user_data). It often holds passwords or keys, so by default it is left out of
        results (including the diff) and the option's value is never logged.
    type: bool
    default: false
  availability_zone:
    description:
      - Availability zone by name, UUID or URL. Only used when creating.
    type: str
  connect_directly_to_external_network:
    description:
      - Connect the instance directly to the external network. Only used when creating.
    type: bool
  config_drive:
    description:
      - Attach a config drive. Only used when creating. Needs a Waldur 8.x server (see the notes).
    type: bool
  metadata:
    description:
      - Instance metadata. Only used when creating. Needs a Waldur 8.x server (see the notes).
    type: dict
  source_backup:
    description:
      - Create the instance by restoring this backup (name, UUID or URL, looked up in O(project)) instead of ordering it.
        O(flavor) is required; O(ports), O(security_groups) and O(floating_ips) may override the backed-up ones.
      - Only used when creating.
    type: str
  allow_stop:
    description:
      - Allow the module to stop a running instance to change its flavor, and start it again afterwards.
      - Without it such a change fails and nothing is changed.
    type: bool
    default: false
  delete_volumes:
    description:
      - With O(state=absent), delete the instance's data volumes too (the system volume is always deleted).
    type: bool
    default: true
  release_floating_ips:
    description:
      - With O(state=absent), release the instance's floating IPs.
    type: bool
    default: true
  delete_backups:
    description:
      - With O(state=absent), first delete the instance's backups and the snapshots of its volumes, which Waldur
        otherwise refuses to delete the instance with.
    type: bool
    default: false
  force:
    description:
      - With O(state=absent), delete the instance even while it runs (Waldur's C(force_destroy)).
    type: bool
    default: false
extends_documentation_fragment:
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.waldur.action_group
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.wait
  - cloudfleet.openstack.waldur.lifecycle
notes:
  - Sizes are GiB here and MiB in the API (and in the returned object).
  - With O(wait=false), a new instance is returned as its order (or restore) left it, still being built.
    O(state=stopped), O(state=restarted) and O(allowed_address_pairs) need it built, so for them the module waits
    for an instance the order has already made; one the order has not made yet is left to a later run.
  - Waldur 7.x servers ignore some options without a word, so the instance would not get them (O(ports[].fixed_ips),
    O(config_drive), O(metadata) and more than one of O(data_volumes)). When the server says it is 7.x
    (C(/api/version/), which answers staff and support users), a task that would send one of them fails before
    anything is changed. With other users the module cannot tell and sends them.
  - The form of the security groups update differs between Waldur 7.x and 8.x servers; the module sends the one the
    server takes.
"""

EXAMPLES = r"""
- name: Create a web server with a data volume and a floating IP
  cloudfleet.openstack.waldur_instance:
    name: web-1
    project: Demo Project
    offering: Virtual machine in demo-tenant
    flavor: m1.small
    image: ubuntu-24.04
    system_volume_size: 20
    data_volumes:
      - size: 50
        type: ssd
    subnet: demo-subnet
    floating_ips:
      - subnet: demo-subnet
    security_groups: [default, ssh, web]
    ssh_key: demo-key
  register: web

- name: Resize it, stopping and starting it as needed
  cloudfleet.openstack.waldur_instance:
    name: web-1
    project: Demo Project
    flavor: m1.medium
    allow_stop: true

- name: Stop it
  cloudfleet.openstack.waldur_instance:
    name: web-1
    project: Demo Project
    state: stopped

- name: Restore a backup into a new instance
  cloudfleet.openstack.waldur_instance:
    name: web-1-restored
    project: Demo Project
    source_backup: web-1-nightly
    flavor: m1.small
    state: started

- name: Delete it with its backups
  cloudfleet.openstack.waldur_instance:
    name: web-1
    project: Demo Project
    state: absent
    delete_backups: true
"""

RETURN = r"""
instance:
  description:
    - The instance as the Waldur API returns it (sizes in MiB). In check mode, for an instance that would be created,
      only the options you set. Null when the instance is absent. With O(wait=false) right after ordering, the name,
      the order's UUID and state, and the marketplace resource UUID.
  returned: always
  type: dict
  contains:
    uuid:
      description: UUID of the instance.
      type: str
    name:
      description: Name of the instance.
      type: str
    state:
      description: Waldur state.
      type: str
      sample: OK
    runtime_state:
      description: OpenStack (Nova) status.
      type: str
      sample: ACTIVE
    flavor_name:
      description: Name of the flavor.
      type: str
    internal_ips:
      description: Fixed IP addresses.
      type: list
      elements: str
    external_ips:
      description: Floating IP addresses.
      type: list
      elements: str
    volumes:
      description: The instance's volumes.
      type: list
      elements: dict
    marketplace_resource_uuid:
      description: UUID of the marketplace resource that bills and terminates the instance.
      type: str
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.instance import InstanceModule
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.marketplace import MARKETPLACE_ARGUMENT_SPEC
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.resource import run_resource_module

ARGUMENT_SPEC = dict(
    MARKETPLACE_ARGUMENT_SPEC,
    state=dict(type="str", default="present", choices=["present", "absent"] + ["started", "stopped", "restarted"]),
    flavor=dict(type="str"),
    flavor_min_cpu=dict(type="int"),
    flavor_min_ram=dict(type="float"),
    image=dict(type="str"),
    system_volume_size=dict(type="int"),
    system_volume_type=dict(type="str"),
    data_volumes=dict(type="list", elements="dict", options=dict(size=dict(type="int", required=True), type=dict(type="str"))),
    subnet=dict(type="str"),
    ports=dict(type="list", elements="dict", options=dict(
        subnet=dict(type="str", required=True), fixed_ips=dict(type="list", elements="str"))),
    floating_ips=dict(type="list", elements="dict", options=dict(
        subnet=dict(type="str", required=True), address=dict(type="str"))),
    security_groups=dict(type="list", elements="str"),
    allowed_address_pairs=dict(type="list", elements="dict", options=dict(
        subnet=dict(type="str"), ip_address=dict(type="str", required=True), mac_address=dict(type="str"))),
    server_group=dict(type="str"),
    ssh_key=dict(type="str", no_log=False),
    user_data=dict(type="str"),
    return_user_data=dict(type="bool", default=False),
    availability_zone=dict(type="str"),
    connect_directly_to_external_network=dict(type="bool"),
    config_drive=dict(type="bool"),
    metadata=dict(type="dict"),
    source_backup=dict(type="str"),
    allow_stop=dict(type="bool", default=False),
    delete_volumes=dict(type="bool", default=True),
    release_floating_ips=dict(type="bool", default=True),
    delete_backups=dict(type="bool", default=False),
    force=dict(type="bool", default=False),
)


def main():
    run_resource_module(
        InstanceModule, ARGUMENT_SPEC,
        required_one_of=[("uuid", "name")],
        mutually_exclusive=[("flavor", "flavor_min_cpu"), ("flavor", "flavor_min_ram"), ("subnet", "ports"),
                            ("source_backup", "image"), ("force", "unlink")],
        absent_only=("force", "delete_backups", "delete_volumes", "release_floating_ips"),
    )


if __name__ == "__main__":
    main()
