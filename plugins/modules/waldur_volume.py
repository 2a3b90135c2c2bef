#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: waldur_volume
short_description: Manage OpenStack volumes through Waldur
version_added: 1.0.0
description:
  - Create a volume by a marketplace order, or by restoring a snapshot; rename it, set its description and bootable flag,
    grow it, change its type, attach it to an instance or detach it; terminate it, or remove only its Waldur record.
  - Only the options you set are compared and changed. Every step waits for the previous one to finish, because Waldur
    refuses a second action on a volume that is still busy.
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
options:
  state:
    description:
      - V(present) creates the volume if it does not exist and brings the options you set to their values.
      - V(absent) terminates it through the marketplace (or, with O(unlink=true), removes only the Waldur record).
    type: str
    choices: [present, absent]
    default: present
  uuid:
    description:
      - UUID of an existing volume. Needed to rename a volume.
    type: str
  name:
    description:
      - Name of the volume. With O(project), identifies the volume when O(uuid) is not set.
      - With O(uuid) set, a different name renames the volume.
    type: str
  project:
    description:
      - Project of the volume, by name, UUID or URL. Required to find a volume by name and to create one.
    type: str
  offering:
    description:
      - The volume offering of the tenant to create the volume in (for example V(Volume in demo-tenant)), by name, UUID or URL.
      - Required to create a volume by order, and it scopes the look-ups of O(type), O(availability_zone) and O(image).
    type: str
  description:
    description:
      - Description of the volume.
    type: str
  size:
    description:
      - Size in GiB, at least 1. Required to create a volume by order.
      - A larger size than the current one extends the volume; a smaller one fails without changing anything.
      - Extending a volume attached to a running instance is refused by Waldur unless live resize is enabled; stop the
        instance first.
    type: int
  type:
    description:
      - Volume type, by name, UUID or URL. A different type on an existing volume retypes it.
      - Retyping an attached volume needs O(allow_detach=true).
    type: str
  availability_zone:
    description:
      - Availability zone of a new volume, by name, UUID or URL. Only used when creating.
    type: str
  image:
    description:
      - Image to create a bootable volume from, by name, UUID or URL. Only used when creating.
    type: str
  source_snapshot:
    description:
      - Create the volume by restoring this snapshot (name, UUID or URL, looked up in O(project)) instead of ordering it.
        The volume gets the snapshot's size and type. Only used when creating.
    type: str
  bootable:
    description:
      - Whether the volume is bootable.
    type: bool
  instance:
    description:
      - Instance the volume should be attached to, by name, UUID or URL (looked up in the volume's project).
      - A volume attached elsewhere is moved only with O(allow_detach=true).
    type: str
  device:
    description:
      - Ignored, with a warning when attaching. Waldur 7.x and 8.x servers choose the device themselves and read no
        device in an attach request, so it is not sent. The device the volume got is returned as RV(volume.device).
    type: str
  detach:
    description:
      - Detach the volume from its instance.
    type: bool
    default: false
  allow_detach:
    description:
      - Allow the module to detach the volume when a change needs it detached (retyping, moving it to another instance,
        deleting it); it is re-attached where it belongs afterwards.
      - Without it, such a change fails and nothing is changed.
    type: bool
    default: false
extends_documentation_fragment:
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.waldur.action_group
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.wait
  - cloudfleet.openstack.waldur.lifecycle
notes:
  - Sizes are GiB in the options and MiB in everything the module reports (the returned object and the C(--diff) views), as the API counts them.
"""

EXAMPLES = r"""
- name: Create a 20 GiB SSD volume and attach it to an instance
  cloudfleet.openstack.waldur_volume:
    name: web-1-data
    project: Demo Project
    offering: Volume in demo-tenant
    size: 20
    type: ssd
    instance: web-1

- name: Grow it to 50 GiB
  cloudfleet.openstack.waldur_volume:
    name: web-1-data
    project: Demo Project
    size: 50

- name: Restore a snapshot into a new volume
  cloudfleet.openstack.waldur_volume:
    name: web-1-data-restored
    project: Demo Project
    source_snapshot: data-before-upgrade

- name: Delete a volume, detaching it first if needed
  cloudfleet.openstack.waldur_volume:
    name: web-1-data
    project: Demo Project
    state: absent
    allow_detach: true
"""

RETURN = r"""
volume:
  description:
    - The volume as the Waldur API returns it (sizes in MiB). In check mode, for a volume that would be created, only
      the options you set. Null when the volume is absent. With O(wait=false) right after ordering, the name, the
      order's UUID and state, and the marketplace resource UUID.
  returned: always
  type: dict
  contains:
    uuid:
      description: UUID of the volume.
      type: str
    name:
      description: Name of the volume.
      type: str
    state:
      description: Waldur state.
      type: str
      sample: OK
    runtime_state:
      description: OpenStack (Cinder) status.
      type: str
      sample: in-use
    size:
      description: Size in MiB.
      type: int
      sample: 20480
    type_name:
      description: Name of the volume type.
      type: str
    instance_name:
      description: Name of the instance the volume is attached to.
      type: str
    device:
      description: Device of the volume on its instance.
      type: str
      sample: /dev/vdb
    marketplace_resource_uuid:
      description: UUID of the marketplace resource that bills and terminates the volume.
      type: str
"""

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.marketplace import MARKETPLACE_ARGUMENT_SPEC
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.resource import run_resource_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.volume import VolumeModule

ARGUMENT_SPEC = dict(
    MARKETPLACE_ARGUMENT_SPEC,
    size=dict(type="int"),
    type=dict(type="str"),
    availability_zone=dict(type="str"),
    image=dict(type="str"),
    source_snapshot=dict(type="str"),
    bootable=dict(type="bool"),
    instance=dict(type="str"),
    device=dict(type="str"),
    detach=dict(type="bool", default=False),
    allow_detach=dict(type="bool", default=False),
)


def main():
    run_resource_module(VolumeModule, ARGUMENT_SPEC, required_one_of=[("uuid", "name")],
                        mutually_exclusive=[("instance", "detach"), ("source_snapshot", "image")])


if __name__ == "__main__":
    main()
