"""Constructors of the rows that both the seeded world and the API create: ports, floating IPs, volumes, instances."""

from .addressing import allocate, new_mac
from .store import new_id


def port_row(network, subnets, created, port_id=None, interface_name=None, security_group_ids=(), wanted_ip=None,
             reserved=False):
    """A port with one address in each of ``subnets`` (``wanted_ip`` in the first one when given)."""
    ips = []
    for index, subnet in enumerate(subnets):
        ips.append({"subnet_id": subnet["id"], "address": allocate(subnet, wanted_ip if index == 0 else None)})
    return {
        "id": port_id or new_id(), "network_id": network["id"], "ips": ips, "mac": new_mac(),
        "interface_name": interface_name, "security_group_ids": list(security_group_ids),
        "port_security_enabled": True, "floating_ip_id": None, "reserved": reserved, "created": created,
    }


def floating_ip_row(project_id, region_id, subnet, created, floating_id=None, creator_task_id=None):
    """A floating IP with a new address from the external ``subnet``."""
    return {
        "id": floating_id or new_id(), "project_id": project_id, "region_id": region_id, "subnet_id": subnet["id"],
        "address": allocate(subnet),
        "port_id": None, "fixed_ip_address": None, "instance_id": None, "router_id": None, "status": "DOWN",
        "tags": {}, "creator_task_id": creator_task_id, "created": created, "updated": created,
    }


def attach_floating_ip(floating_ip, port, instance_id, router_id, ts):
    floating_ip.update({"port_id": port["id"], "fixed_ip_address": port["ips"][0]["address"], "instance_id": instance_id,
                        "router_id": router_id, "status": "ACTIVE", "updated": ts})
    port["floating_ip_id"] = floating_ip["id"]


def detach_floating_ip(floating_ip, ts):
    floating_ip.update({"port_id": None, "fixed_ip_address": None, "instance_id": None, "router_id": None,
                        "status": "DOWN", "updated": ts})


def volume_row(project_id, region_id, name, size, volume_type, created, volume_id=None, bootable=False, image_id=None,
               creator_task_id=None):
    return {
        "id": volume_id or new_id(), "project_id": project_id, "region_id": region_id, "name": name, "size": size,
        "volume_type": volume_type, "status": "available", "bootable": bootable, "is_root": False, "image_id": image_id,
        "instance_id": None, "delete_on_termination": False, "attachment_tag": None, "device": None, "tags": {},
        "creator_task_id": creator_task_id, "created": created, "updated": created,
    }


def attach_volume(volume, instance, device, delete_on_termination, ts, root=False, attachment_tag=None):
    volume.update({"status": "in-use", "instance_id": instance["id"], "device": device, "is_root": root,
                   "delete_on_termination": delete_on_termination, "attachment_tag": attachment_tag, "updated": ts})
    instance["volume_ids"].append(volume["id"])


def detach_volume(volume, ts):
    volume.update({"status": "available", "instance_id": None, "device": None, "is_root": False,
                   "delete_on_termination": False, "attachment_tag": None, "updated": ts})


def instance_row(project_id, region_id, name, flavor, created, instance_id=None, image_id=None, kind="vm",
                 creator_task_id=None):
    """A new instance without ports or volumes (the caller adds them)."""
    return {
        "id": instance_id or new_id(), "project_id": project_id, "region_id": region_id, "name": name,
        "flavor_id": flavor["flavor_id"], "kind": kind, "image_id": image_id, "status": "ACTIVE", "vm_state": "active",
        "task_state": None, "task_id": None, "creator_task_id": creator_task_id, "description": None,
        "ssh_key_name": None, "tags": {}, "read_only_tags": set(), "ports": [], "volume_ids": [],
        "servergroup_id": None, "isolation": None, "ddos": None, "created": created, "updated": created,
    }


def device_name(index):
    return "/dev/vd%s" % "abcdefghijklmnopqrstuvwxyz"[index % 26]
