"""Constructors of table rows, so seeding and provisioning build rows of the same shape."""

import random

from .store import backend_uuid, new_uuid


def structure_row(name, project, tenant, created, uuid=None, backend_id="", state="OK", description=""):
    """The fields every OpenStack object row has; ``project`` and ``tenant`` are rows."""
    return {
        "uuid": uuid or new_uuid(),
        "name": name,
        "description": description,
        "project": project["uuid"],
        "customer": project["customer"],
        "service_settings": tenant["service_settings"],
        "tenant": tenant["uuid"],
        "state": state,
        "error_message": "",
        "error_traceback": "",
        "created": created,
        "modified": created,
        "backend_id": backend_id,
        "action": "",
        "action_details": {},
        "runtime_state": "",
        "resource": None,
    }


def slug(name):
    text = "".join(char if char.isalnum() else "-" for char in name.lower()).strip("-")
    return (text or "resource")[:40]


def resource_row(name, offering, owner, scope_kind, scope, state, attributes, created, uuid=None, description=""):
    """A marketplace resource; ``owner`` is any row with ``project`` and ``customer`` (a project row: its uuid)."""
    return {
        "uuid": uuid or new_uuid(), "name": name, "offering": offering["uuid"],
        "project": owner.get("project", owner["uuid"]), "customer": owner["customer"], "scope_kind": scope_kind,
        "scope": scope, "state": state, "attributes": attributes, "created": created, "modified": created,
        "description": description, "slug": slug(name), "orders": [], "error_message": "",
    }


def mac_address(rng=random):
    return "fa:16:3e:%02x:%02x:%02x" % (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def port_row(tenant, subnet, ip_address, instance=None, uuid=None, rng=random, security_groups=()):
    return {
        "uuid": uuid or new_uuid(),
        "backend_id": backend_uuid(),
        "tenant": tenant["uuid"],
        "subnet": subnet["uuid"],
        "fixed_ips": [{"subnet_id": subnet["backend_id"], "ip_address": ip_address}],
        "mac_address": mac_address(rng),
        "allowed_address_pairs": [],
        "security_groups": list(security_groups),
        "instance": instance,
    }


def instance_row(name, project, tenant, created, flavor, image, uuid=None, state="CREATION_SCHEDULED"):
    row = structure_row(name, project, tenant, created, uuid=uuid, state=state)
    row.update({
        "flavor": flavor["uuid"],
        "flavor_name": flavor["name"],
        "flavor_disk": flavor["disk"],
        "cores": flavor["cores"],
        "ram": flavor["ram"],
        "image": image["uuid"] if image else None,
        "image_name": image["name"] if image else "",
        "min_ram": image["min_ram"] if image else 0,
        "min_disk": image["min_disk"] if image else 0,
        "user_data": "",
        "ssh_key": None,
        "key_name": "",
        "key_fingerprint": "",
        "volumes": [],
        "security_groups": [],
        "server_group": None,
        "ports": [],
        "floating_ips": [],
        "availability_zone": None,
        "connect_directly_to_external_network": False,
        "start_time": None,
        "hypervisor_hostname": "",
        "fails_with": "",
    })
    return row


def volume_row(name, project, tenant, created, size, state="CREATION_SCHEDULED", uuid=None):
    row = structure_row(name, project, tenant, created, uuid=uuid, state=state)
    row.update({
        "size": size,
        "bootable": False,
        "image": None,
        "image_name": "",
        "type": None,
        "availability_zone": None,
        "device": "",
        "instance": None,
        "source_snapshot": None,
        "metadata": {},
    })
    return row


def snapshot_row(name, volume, created, description="", kept_until=None):
    row = {key: volume[key] for key in ("project", "customer", "service_settings", "tenant")}
    row.update({
        "uuid": new_uuid(), "name": name, "description": description, "state": "CREATION_SCHEDULED", "error_message": "",
        "error_traceback": "", "created": created, "modified": created, "backend_id": "", "action": "",
        "action_details": {}, "runtime_state": "", "resource": None,
        "source_volume": volume["uuid"], "size": volume["size"], "metadata": {}, "kept_until": kept_until,
        "restorations": [], "backup": None,
        # What a restore needs once the source volume may be gone.
        "source_bootable": volume["bootable"], "source_type": volume["type"], "source_image_name": volume["image_name"],
    })
    return row


def floating_ip_row(tenant, project, network, address, created, uuid=None, backend_id=None):
    row = structure_row(address, project, tenant, created, uuid=uuid, backend_id=backend_id or backend_uuid())
    row.update({
        "address": address,
        "runtime_state": "DOWN",
        "backend_network_id": network["backend_id"],
        "port": None,
        "instance": None,
        "external_address": None,
        "reserved": False,
    })
    return row
