"""Look-up objects as the API shows them, each matching the SDK type named in its function's docstring."""

from .addressing import free_ips, total_ips
from .store import iso


def region_name(store, region_id):
    return store.get("region", region_id)["display_name"]


def tag_objects(tags):
    return [{"key": key, "value": value, "read_only": False} for key, value in tags.items()]


def regional_fields(store, row):
    return {"project_id": row["project_id"], "region_id": row["region_id"], "region": region_name(store, row["region_id"])}


def region_view(row):
    """Region"""
    return {
        "id": row["id"], "display_name": row["display_name"], "slug": row["slug"], "country": row["country"],
        "keystone_id": row["id"], "keystone_name": "ed-%d" % row["id"], "access_level": "core", "endpoint_type": "public",
        "state": "ACTIVE", "zone": "EMEA", "vlan_physical_network": "physnet1", "external_network_id": row["external_network_id"],
        "coordinates": {"latitude": row["coordinates"][0], "longitude": row["coordinates"][1]},
        "available_volume_types": ["standard", "ssd_hiiops", "ssd_lowlatency", "cold", "ultra"], "file_share_types": ["standard"],
        "has_ai": False, "has_ai_gpu": False, "has_baremetal": True, "has_basic_vm": True, "has_dbaas": False,
        "has_ddos": True, "has_k8s": True, "has_kvm": True, "has_sfs": False, "metrics_database_id": 1,
        "ddos_endpoint_id": None, "task_id": None, "created_at": iso(row["created"]), "created_on": iso(row["created"]),
    }


def project_view(row):
    """Project"""
    return {"id": row["id"], "name": row["name"], "client_id": row["client_id"], "created_at": iso(row["created"]),
            "deleted_at": None, "description": row["description"], "is_default": row["is_default"], "state": row["state"],
            "task_id": None}


def flavor_view(row, with_prices=False):
    """InstanceFlavorDetailed"""
    body = {"flavor_id": row["flavor_id"], "flavor_name": row["flavor_id"], "vcpus": row["vcpus"], "ram": row["ram"],
            "architecture": row["architecture"], "os_type": row["os_type"], "disabled": row["disabled"],
            "hardware_description": {"vcpus": "%d vCPU" % row["vcpus"], "ram": "%d GiB" % (row["ram"] // 1024)}}
    if with_prices:
        body.update({"currency_code": "EUR", "price_status": "show", "price_per_hour": row["price_per_hour"],
                     "price_per_month": round(row["price_per_hour"] * 730, 2)})
    return body


def image_view(store, row):
    """instances.Image"""
    body = regional_fields(store, row)
    body.update({
        "id": row["id"], "name": row["name"], "os_distro": row["os_distro"], "os_version": row["os_version"],
        "os_type": row["os_type"], "min_disk": row["min_disk"], "min_ram": row["min_ram"], "ssh_key": row["ssh_key"],
        "size": row["size"], "visibility": row["visibility"], "architecture": row["architecture"], "status": "active",
        "disk_format": "qcow2", "is_baremetal": False, "hw_firmware_type": "bios", "hw_machine_type": "q35",
        "description": None, "display_order": None, "creator_task_id": None, "task_id": None, "tags_v2": [],
        "created_at": iso(row["created"]), "updated_at": iso(row["updated"]),
    })
    return body


def network_view(store, row):
    """Network (``subnets`` are ids; NetworkDetails replaces them with Subnet objects)"""
    body = regional_fields(store, row)
    body.update({
        "id": row["id"], "name": row["name"], "external": row["external"], "shared": row["shared"], "mtu": row["mtu"],
        "type": row["network_type"], "segmentation_id": row["segmentation_id"], "port_security_enabled": True,
        "default": False, "subnets": [subnet["id"] for subnet in store.rows("subnet") if subnet["network_id"] == row["id"]],
        "tags": tag_objects(row["tags"]), "creator_task_id": None, "task_id": None,
        "created_at": iso(row["created"]), "updated_at": iso(row["updated"]),
    })
    if row["shared"]:
        body["project_id"] = None
    return body


def subnet_view(store, row):
    """Subnet"""
    body = regional_fields(store, row)
    body.update({
        "id": row["id"], "name": row["name"], "network_id": row["network_id"], "cidr": row["cidr"],
        "ip_version": row["ip_version"], "gateway_ip": row["gateway_ip"], "enable_dhcp": row["enable_dhcp"],
        "dns_nameservers": list(row["dns_nameservers"]), "host_routes": [], "has_router": row["has_router"],
        "available_ips": free_ips(row), "total_ips": total_ips(row), "tags": tag_objects(row["tags"]),
        "creator_task_id": None, "task_id": None, "created_at": iso(row["created"]), "updated_at": iso(row["updated"]),
    })
    return body


def security_group_view(store, row):
    """SecurityGroup"""
    body = regional_fields(store, row)
    rules = [{
        "id": rule["id"], "security_group_id": row["id"], "direction": rule["direction"], "ethertype": rule["ethertype"],
        "protocol": rule["protocol"], "port_range_min": rule["port_range_min"], "port_range_max": rule["port_range_max"],
        "remote_group_id": rule["remote_group_id"], "remote_ip_prefix": rule["remote_ip_prefix"],
        "description": rule["description"], "revision_number": 0, "created_at": iso(rule["created"]),
        "updated_at": iso(rule["created"]),
    } for rule in row["rules"]]
    body.update({"id": row["id"], "name": row["name"], "description": row["description"], "revision_number": row["revision_number"],
                 "security_group_rules": rules, "tags_v2": tag_objects(row["tags"]), "created_at": iso(row["created"]),
                 "updated_at": iso(row["updated"])})
    return body


def servergroup_view(store, row):
    """PlacementGroup"""
    body = regional_fields(store, row)
    members = [store.get("instance", instance_id) for instance_id in row["members"]]
    body.update({"servergroup_id": row["id"], "name": row["name"], "policy": row["policy"],
                 "instances": [{"instance_id": member["id"], "instance_name": member["name"]} for member in members if member]})
    return body


def keypair_view(row):
    """SSHKey"""
    return {"id": row["id"], "name": row["name"], "project_id": row["project_id"], "public_key": row["public_key"],
            "fingerprint": row["fingerprint"], "shared_in_project": True, "state": "ACTIVE", "created_at": iso(row["created"])}


def floating_ip_view(store, row):
    """FloatingIP"""
    body = regional_fields(store, row)
    body.update({"id": row["id"], "floating_ip_address": row["address"], "fixed_ip_address": row["fixed_ip_address"],
                 "port_id": row["port_id"], "router_id": row["router_id"], "status": row["status"],
                 "tags": tag_objects(row["tags"]), "creator_task_id": row["creator_task_id"], "task_id": None,
                 "created_at": iso(row["created"]), "updated_at": iso(row["updated"])})
    return body


def reserved_ip_view(store, row):
    """ReservedFixedIP"""
    port = row["port"]
    network = store.get("network", port["network_id"])
    v4 = [ip for ip in port["ips"] if ":" not in ip["address"]]
    v6 = [ip for ip in port["ips"] if ":" in ip["address"]]
    attached = row["instance_id"] is not None
    body = regional_fields(store, row)
    body.update({
        "port_id": row["id"], "name": row["name"], "network_id": network["id"], "network": network_view(store, network),
        "fixed_ip_address": v4[0]["address"] if v4 else None, "subnet_id": v4[0]["subnet_id"] if v4 else None,
        "fixed_ipv6_address": v6[0]["address"] if v6 else None, "subnet_v6_id": v6[0]["subnet_id"] if v6 else None,
        "is_external": network["external"], "is_vip": row["is_vip"], "allowed_address_pairs": [],
        "status": "ACTIVE" if attached else "DOWN",
        "attachments": [{"resource_id": row["instance_id"], "resource_type": "instance"}] if attached else [],
        "reservation": {"resource_id": row["instance_id"], "resource_type": "instance" if attached else None,
                        "status": "attached" if attached else "available"},
        "creator_task_id": None, "task_id": None, "created_at": iso(row["created"]), "updated_at": iso(row["updated"]),
    })
    return body


def volume_view(store, row):
    """Volume"""
    body = regional_fields(store, row)
    attachments = []
    instance = store.get("instance", row["instance_id"])
    if instance is not None:
        attachments.append({"attachment_id": row["id"], "volume_id": row["id"], "server_id": instance["id"],
                            "instance_name": instance["name"], "device": row["device"], "flavor_id": instance["flavor_id"],
                            "attached_at": iso(row["updated"])})
    image = store.get("image", row["image_id"])
    body.update({
        "id": row["id"], "name": row["name"], "size": row["size"], "volume_type": row["volume_type"], "status": row["status"],
        "bootable": row["bootable"], "is_root_volume": row["is_root"], "attachments": attachments, "tags": tag_objects(row["tags"]),
        "volume_image_metadata": {"image_id": image["id"], "image_name": image["name"]} if image else None,
        "snapshot_ids": [], "limiter_stats": None, "creator_task_id": row["creator_task_id"], "task_id": None,
        "created_at": iso(row["created"]), "updated_at": iso(row["updated"]),
    })
    return body


def snapshot_view(store, row):
    """Snapshot"""
    body = regional_fields(store, row)
    body.update({
        "id": row["id"], "name": row["name"], "description": row["description"], "size": row["size"],
        "status": row["status"], "volume_id": row["volume_id"], "tags": tag_objects(row["tags"]),
        "creator_task_id": row["creator_task_id"], "task_id": None, "created_at": iso(row["created"]),
        "updated_at": iso(row["updated"]),
    })
    return body


APPTEMPLATE_FIELDS = ("category", "description", "developer", "display_name", "min_disk", "min_ram", "min_vcpus", "os_name",
                      "os_version", "short_description", "usage", "version", "website", "app_config")


def apptemplate_view(store, row):
    """An app template (no SDK type; the fields of the API reference)."""
    body = {field: row[field] for field in APPTEMPLATE_FIELDS}
    body.update({"id": row["app_id"], "region_id": row["region_id"], "image_name": store.get("image", row["image_id"])["name"]})
    return body


def task_view(row):
    """Task"""
    return {
        "id": row["id"], "task_type": row["task_type"], "state": row["state"], "error": row["error"], "data": row["data"],
        "created_resources": row["created_resources"], "project_id": row["project_id"], "region_id": row["region_id"],
        "client_id": row["client_id"], "user_id": row["user_id"], "user_client_id": row["client_id"],
        "request_id": row["request_id"], "created_on": iso(row["created"]), "updated_on": iso(row["updated"]),
        "finished_on": iso(row["finished"]) if row["finished"] else None,
        "acknowledged_at": iso(row["acknowledged_at"]) if row["acknowledged_at"] else None,
        "acknowledged_by": row["acknowledged_by"], "detailed_state": None, "job_id": None, "lifecycle_policy_id": None,
        "schedule_id": None,
    }
