#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: gcore_instance
short_description: Manage Gcore Cloud instances
version_added: 1.0.0
description:
  - Create a Gcore Cloud virtual machine (through the v2 create API), keep it in the power state you want,
    reconcile its name, tags, metadata, flavor, security groups, server group and network interfaces, and delete it.
  - Only the options you set are compared and changed. Every long operation is a Gcore task, and the module waits
    for each one (see O(wait)).
  - Before a create, the regional quota is checked (also in check mode); a shortfall fails with the numbers.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  state:
    description:
      - V(present) creates the instance if it does not exist and reconciles the options you set, whatever its power state.
      - V(started), V(stopped) and V(suspended) also bring it into that power state; nothing is sent when it is already
        there. A suspended instance is resumed by V(started); a stopped one can be suspended.
      - V(restarted) reboots it (O(reboot_type)); it always reports a change, except right after the instance was created.
        A stopped instance is started, a suspended one resumed (with O(reboot_type=soft)).
      - V(absent) deletes it, with the floating IPs, reserved fixed IPs and volumes you name.
    type: str
    choices: [present, absent, started, stopped, restarted, suspended]
    default: present
  id:
    description:
      - ID of an existing instance. Needed to rename an instance.
      - A new instance cannot be given an id; with O(state) other than V(absent), an unknown id fails.
    type: str
  name:
    description:
      - Name of the instance. Without O(id), the instance with exactly this name in the project and region is the one
        managed; several instances with this name fail as ambiguous, listing their ids.
      - With O(id) set, a different name renames the instance.
    type: str
  name_template:
    description:
      - Name template for a new instance, for example V(web-{ip_octets}); C({ip_octets}), C({two_ip_octets}) and
        C({one_ip_octet}) are filled from the instance's first IPv4 address.
      - The name is not known before the instance exists, so without O(id) every run creates a new instance;
        register the result and use its RV(instance.id) to manage it afterwards.
    type: str
  flavor:
    description:
      - Flavor by id or name, for example V(g1-standard-2-4). Required to create an instance.
      - A different flavor on an existing instance changes it. The instance must be stopped for that; a running
        (or suspended) instance fails unless O(allow_stop=true) or O(state=stopped).
    type: str
  allow_stop:
    description:
      - Let the module stop a running or suspended instance to change its flavor, and bring it back to its power
        state afterwards (or to the one O(state) asks for).
    type: bool
    default: false
  interfaces:
    description:
      - Network interfaces. Required to create an instance; the first one is the primary interface.
      - On an existing instance, each entry is matched with an interface it has (by type and network, subnet or
        reserved fixed IP, and by O(interfaces[].interface_name) when set) and a missing one is attached.
        Interfaces not listed are detached only with O(purge_interfaces=true).
    type: list
    elements: dict
    suboptions:
      type:
        description:
          - V(external) (an address in the region's public network), V(subnet) (a given subnet), V(any_subnet)
            (any subnet of a network) or V(reserved_fixed_ip).
          - When not set, it follows from the options given, in this order of precedence O(interfaces[].reserved_fixed_ip),
            O(interfaces[].subnet), O(interfaces[].network); without any of them, V(external).
        type: str
        choices: [external, subnet, any_subnet, reserved_fixed_ip]
      network:
        description:
          - Network by id or name (V(subnet) and V(any_subnet) interfaces).
        type: str
      subnet:
        description:
          - Subnet by id or name (V(subnet) interfaces), looked up within O(interfaces[].network) when that is set.
        type: str
      reserved_fixed_ip:
        description:
          - Reserved fixed IP by port id, name or IP address (V(reserved_fixed_ip) interfaces).
        type: str
      ip_address:
        description:
          - The fixed address to take in the network (V(any_subnet) interfaces, creation only).
        type: str
      ip_family:
        description:
          - IP family of the address (V(external) and V(any_subnet) interfaces).
        type: str
        choices: [ipv4, ipv6, dual]
      floating_ip:
        description:
          - V(new) allocates a floating IP for the interface; any other value is an existing floating IP by id or address.
          - Creation only; not for V(external) interfaces.
        type: str
      interface_name:
        description:
          - Name of the interface.
        type: str
      security_groups:
        description:
          - Security groups (id or name) of this interface. Creation only, and not together with O(security_groups).
        type: list
        elements: str
  purge_interfaces:
    description:
      - Detach the interfaces of an existing instance that O(interfaces) does not list.
    type: bool
    default: false
  volumes:
    description:
      - Volumes of a new instance; exactly one of them boots it (C(boot_index) V(0), or the first one with an image).
        Required to create an instance, and not compared on an existing one.
    type: list
    elements: dict
    suboptions:
      source:
        description:
          - Where the volume comes from. When not set, it follows from which of O(volumes[].image),
            O(volumes[].snapshot), O(volumes[].apptemplate) and O(volumes[].volume) is given; without any, V(new-volume).
        type: str
        choices: [image, snapshot, new-volume, apptemplate, existing-volume]
      image:
        description:
          - Image by id or name (source V(image)).
        type: str
      snapshot:
        description:
          - Snapshot by id or name (source V(snapshot)).
        type: str
      apptemplate:
        description:
          - App template by id or display name (source V(apptemplate)); see also O(configuration).
        type: str
      volume:
        description:
          - An available volume by id or name (source V(existing-volume)).
        type: str
      size:
        description:
          - Size in GiB. Required for V(new-volume) and V(snapshot); an image or app template volume defaults to what
            the image needs.
        type: int
      name:
        description:
          - Name of the new volume.
        type: str
      type_name:
        description:
          - Volume type.
        type: str
        choices: [standard, ssd_hiiops, ssd_local, ssd_lowlatency, cold, ultra]
      boot_index:
        description:
          - Boot order; V(0) is the boot volume.
        type: int
      delete_on_termination:
        description:
          - Delete the volume with the instance.
        type: bool
      attachment_tag:
        description:
          - Tag of the volume attachment.
        type: str
      tags:
        description:
          - Tags of the new volume.
        type: dict
  ssh_key_name:
    description:
      - Name of the SSH key (project keypair) to put on a new instance. Creation only; a different key on an existing
        instance gives a warning.
    type: str
  username:
    description:
      - Name of a user to create on a new Linux instance (needs O(password)). Creation only.
    type: str
  password:
    description:
      - Password of O(username), or of the image's default user (C(Admin) on Windows). Creation only.
      - On Linux the API ignores O(user_data) when a password is set.
    type: str
  user_data:
    description:
      - A cloud-init (Linux) or cloudbase-init (Windows) script for a new instance. Plain text is base64-encoded by the
        module; set O(user_data_encoded=true) to pass base64 as it is. Creation only.
      - Left out of results and logs unless O(return_user_data=true).
    type: str
  return_user_data:
    description:
      - Whether results may show C(user_data). It often holds passwords or keys, so by default it is left out of
        results (including the diff) and the option's value is never logged.
    type: bool
    default: false
  user_data_encoded:
    description:
      - Whether O(user_data) is already base64 (it is then checked and sent as it is).
    type: bool
    default: false
  security_groups:
    description:
      - Security groups (id or name) of the instance, on all its interfaces.
      - On a new instance, without this option or per-interface groups, the API gives it the region's C(default) group.
      - On an existing instance, this is the complete list; groups not listed are removed and missing ones added.
    type: list
    elements: str
  servergroup:
    description:
      - Server group (id or name) the instance belongs to. An existing instance is moved into it (out of any other one first).
      - An empty string takes the instance out of its server group.
    type: str
  tags:
    description:
      - Tags (key-value pairs). A key with a null value is removed.
      - Tags you do not name are kept, unless O(purge_tags=true). Read-only tags (set by Gcore) cannot be changed.
      - Mutually exclusive with O(metadata), which manages the same key-value pairs through the metadata API.
    type: dict
  purge_tags:
    description:
      - Remove the tags O(tags) does not name (except read-only ones).
    type: bool
    default: false
  metadata:
    description:
      - Metadata items (key-value pairs), managed through the instance metadata API. A key with a null value is deleted.
      - Items you do not name are kept, unless O(purge_metadata=true), which replaces all metadata at once.
      - On a new instance they are sent as its initial tags (Gcore keeps metadata and tags as one set of pairs).
    type: dict
  purge_metadata:
    description:
      - Replace the whole metadata with O(metadata) (read-only items are kept).
    type: bool
    default: false
  allow_app_ports:
    description:
      - For an instance from an app template, open the ports the application needs. Creation only.
    type: bool
  configuration:
    description:
      - Settings an app template asks for, for example C(admin_email). Creation only.
    type: dict
  reboot_type:
    description:
      - How O(state=restarted) reboots the instance. V(hard) and V(powercycle) also recover an instance in C(ERROR).
    type: str
    choices: [soft, hard, powercycle]
    default: soft
  legacy_power_actions:
    description:
      - Send power actions to the deprecated per-action endpoints (C(/start), C(/stop), C(/reboot), C(/powercycle),
        C(/suspend), C(/resume)) instead of the v2 C(action) endpoint, for regions that lack it. A hard reboot is a power cycle there.
    type: bool
    default: false
  delete_floatings:
    description:
      - With O(state=absent), delete every floating IP of the instance with it (otherwise they are only detached).
      - Mutually exclusive with O(delete_floating_ips).
    type: bool
    default: false
  delete_floating_ips:
    description:
      - With O(state=absent), the floating IPs (id or address) to delete with the instance.
    type: list
    elements: str
  delete_reserved_fixed_ips:
    description:
      - With O(state=absent), the reserved fixed IPs (port id, name or address) to delete with the instance;
        the others go back to the pool of reserved addresses.
    type: list
    elements: str
  delete_volumes:
    description:
      - With O(state=absent), the volumes (id or name) to delete with the instance, besides those created with
        O(volumes[].delete_on_termination=true); the others are detached and kept.
    type: list
    elements: str
extends_documentation_fragment:
  - cloudfleet.openstack.gcore
  - cloudfleet.openstack.gcore.action_group
  - cloudfleet.openstack.gcore.project
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.wait
  - cloudfleet.openstack.gcore.resource
notes:
  - With O(wait=false), steps that must follow one another (stop, change the flavor, start) are still awaited; only
    the last one is not. A new instance is then left booting and O(state) is not applied to it.
  - In check mode the module sends one POST, to C(check_limits), which is a read (the API computes whether the quota
    allows the instance and changes nothing), so that check mode predicts a quota shortfall as the real run meets it.
"""

EXAMPLES = r"""
- name: A web server from Ubuntu, on the demo network with a new floating IP
  cloudfleet.openstack.gcore_instance:
    name: web-1
    flavor: g1-standard-2-4
    volumes:
      - image: ubuntu-22.04
        size: 20
        delete_on_termination: true
    interfaces:
      - network: demo-net
        subnet: demo-subnet
        floating_ip: new
    security_groups: [default, web]
    ssh_key_name: demo-key
    user_data: |
      #cloud-config
      packages: [nginx]
    tags:
      env: production
  register: web

- name: Stop it, change its flavor and tag it (other tags are kept)
  cloudfleet.openstack.gcore_instance:
    name: web-1
    state: stopped
    flavor: g1-standard-4-8
    tags:
      team: web

- name: Rename it, by id
  cloudfleet.openstack.gcore_instance:
    id: "{{ web.instance.id }}"
    name: web-01

- name: Hard reboot
  cloudfleet.openstack.gcore_instance:
    id: "{{ web.instance.id }}"
    state: restarted
    reboot_type: hard

- name: Delete it with its floating IPs
  cloudfleet.openstack.gcore_instance:
    id: "{{ web.instance.id }}"
    state: absent
    delete_floatings: true

- name: Connection settings once for every Gcore module of a block
  module_defaults:
    group/cloudfleet.openstack.gcore:
      api_key: "{{ vault_gcore_api_key }}"
      project_id: 1
      region_id: 76
  block:
    - name: Make sure the instance runs
      cloudfleet.openstack.gcore_instance:
        name: web-01
        state: started
"""

RETURN = r"""
instance:
  description:
    - The instance as the Gcore API returns it. Null when it is absent.
    - In check mode, for an instance that would be created, what is known of it before it exists.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the instance.
      type: str
      sample: 0d6f6f4c-2c2b-4a2e-9b1c-6f5f3a1b2c3d
    name:
      description: Name of the instance.
      type: str
      sample: web-1
    status:
      description: Status, for example C(ACTIVE), C(SHUTOFF), C(SUSPENDED), C(ERROR).
      type: str
      sample: ACTIVE
    vm_state:
      description: Virtual machine state, for example C(active), C(stopped).
      type: str
    flavor:
      description: The flavor (C(flavor_id), C(flavor_name), C(vcpus), C(ram) in MiB, C(os_type), ...).
      type: dict
    addresses:
      description: Addresses by network name, each with C(addr) and C(type) (C(fixed) or C(floating)).
      type: dict
    tags:
      description: Tags, each with C(key), C(value) and C(read_only).
      type: list
      elements: dict
    security_groups:
      description: Security groups, each with its C(name).
      type: list
      elements: dict
    volumes:
      description: Attached volumes, each with C(id) and C(delete_on_termination).
      type: list
      elements: dict
    servergroup:
      description: The server group (C(id), C(name), C(policy)) the instance is in, or null.
      type: dict
      returned: when O(servergroup) is set
    interfaces:
      description: The network interfaces as the interfaces API lists them.
      type: list
      elements: dict
      returned: when O(interfaces) is set
    metadata:
      description: The metadata items as a mapping.
      type: dict
      returned: when O(metadata) is set
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.module import run_resource_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.bodies import INTERFACE_OPTIONS, VOLUME_OPTIONS
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.instance import GcoreInstance

ARGUMENT_SPEC = dict(
    state=dict(type="str", default="present", choices=["present", "absent", "started", "stopped", "restarted", "suspended"]),
    id=dict(type="str"),
    name=dict(type="str"),
    name_template=dict(type="str"),
    flavor=dict(type="str"),
    allow_stop=dict(type="bool", default=False),
    interfaces=dict(type="list", elements="dict", options=INTERFACE_OPTIONS),
    purge_interfaces=dict(type="bool", default=False),
    volumes=dict(type="list", elements="dict", options=VOLUME_OPTIONS),
    ssh_key_name=dict(type="str", no_log=False),
    username=dict(type="str"),
    password=dict(type="str", no_log=True),
    user_data=dict(type="str"),
    user_data_encoded=dict(type="bool", default=False),
    return_user_data=dict(type="bool", default=False),
    security_groups=dict(type="list", elements="str"),
    servergroup=dict(type="str"),
    tags=dict(type="dict"),
    purge_tags=dict(type="bool", default=False),
    metadata=dict(type="dict"),
    purge_metadata=dict(type="bool", default=False),
    allow_app_ports=dict(type="bool"),
    configuration=dict(type="dict"),
    reboot_type=dict(type="str", default="soft", choices=["soft", "hard", "powercycle"]),
    legacy_power_actions=dict(type="bool", default=False),
    delete_floatings=dict(type="bool", default=False),
    delete_floating_ips=dict(type="list", elements="str"),
    delete_reserved_fixed_ips=dict(type="list", elements="str"),
    delete_volumes=dict(type="list", elements="str"),
)


def main():
    run_resource_module(
        GcoreInstance, ARGUMENT_SPEC,
        required_one_of=[("id", "name", "name_template")],
        mutually_exclusive=[("name", "name_template"), ("tags", "metadata"), ("delete_floatings", "delete_floating_ips")],
        absent_only=("delete_floatings", "delete_floating_ips", "delete_reserved_fixed_ips", "delete_volumes"),
        scalar_valued=("tags", "metadata"),
    )


if __name__ == "__main__":
    main()
