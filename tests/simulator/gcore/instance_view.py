"""Instances and their network interfaces as the API shows them (the SDK's Instance and InstanceInterface)."""

from .lookups import flavor_of
from .store import iso
from .views import floating_ip_view, network_view, subnet_view


def gib(mib):
    value = mib / 1024
    return "%d GiB" % value if value == int(value) else "%.1f GiB" % value


def embedded_flavor(flavor):
    body = {"flavor_id": flavor["flavor_id"], "flavor_name": flavor["flavor_id"], "vcpus": flavor["vcpus"], "ram": flavor["ram"],
            "architecture": flavor["architecture"], "os_type": flavor["os_type"]}
    if "hardware" in flavor:
        body["hardware_description"] = dict(flavor["hardware"])
        body["resource_class"] = flavor["flavor_id"]
    else:
        body["hardware_description"] = {"vcpus": "%d vCPU" % flavor["vcpus"], "ram": gib(flavor["ram"])}
    return body


def tag_list(row):
    read_only = row.get("read_only_tags", ())
    return [{"key": key, "value": value, "read_only": key in read_only} for key, value in row["tags"].items()]


class InstanceView:
    """Serialises instances; one view per request caches the regions, networks and subnets it looks up."""

    def __init__(self, store, with_interfaces_name=False, with_ddos=False):
        self.store = store
        self.with_interfaces_name = with_interfaces_name
        self.with_ddos = with_ddos
        self._cache = {}

    def cached(self, kind, row_id):
        key = (kind, row_id)
        if key not in self._cache:
            self._cache[key] = self.store.get(kind, row_id)
        return self._cache[key]

    def addresses(self, row):
        addresses, assignments, groups = {}, [], []
        for port in row["ports"]:
            network = self.cached("network", port["network_id"])
            entries = addresses.setdefault(network["name"], [])
            for ip in port["ips"]:
                subnet = self.cached("subnet", ip["subnet_id"])
                entry = {"addr": ip["address"], "type": "fixed", "subnet_id": subnet["id"], "subnet_name": subnet["name"]}
                if self.with_interfaces_name:
                    entry["interface_name"] = port["interface_name"]
                entries.append(entry)
                assignments.append({"external": network["external"], "ip_address": ip["address"], "subnet_id": subnet["id"]})
            if port["floating_ip_id"]:
                entries.append({"addr": self.store.get("floating_ip", port["floating_ip_id"])["address"], "type": "floating"})
            for group_id in port["security_group_ids"]:
                if group_id not in groups:
                    groups.append(group_id)
        names = [{"name": self.cached("security_group", group_id)["name"]} for group_id in groups
                 if self.cached("security_group", group_id) is not None]
        return addresses, assignments, names

    def instance(self, row):
        addresses, assignments, groups = self.addresses(row)
        volumes = [self.store.get("volume", volume_id) for volume_id in row["volume_ids"]]
        return {
            "id": row["id"], "name": row["name"], "created_at": iso(row["created"]), "creator_task_id": row["creator_task_id"],
            "project_id": row["project_id"], "region_id": row["region_id"],
            "region": self.cached("region", row["region_id"])["display_name"],
            "status": row["status"], "vm_state": row["vm_state"], "task_state": row["task_state"], "task_id": row["task_id"],
            "instance_description": row["description"], "ssh_key_name": row["ssh_key_name"],
            "flavor": embedded_flavor(flavor_of(self.store, row)), "addresses": addresses, "fixed_ip_assignments": assignments,
            "security_groups": groups, "tags": tag_list(row), "blackhole_ports": [],
            "volumes": [{"id": volume["id"], "delete_on_termination": volume["delete_on_termination"]} for volume in volumes],
            "instance_isolation": {"reason": row["isolation"]} if row["isolation"] else None,
            "ddos_profile": row["ddos"] if self.with_ddos else None,
        }


# Regions whose instance list answers with the payload of older API versions: the field names seed 004 lists
# (``instance_created``...) instead of the SDK's. Which deployments still do so is not known: a guess, so that
# clients are made to read both (see the README).
LEGACY_LIST_REGIONS = (77,)
LEGACY_NAMES = (("id", "instance_id"), ("name", "instance_name"), ("created_at", "instance_created"),
                ("ssh_key_name", "keypair_name"))


def legacy_list_row(instance):
    """An instance as the older list payload shows it: the old names, and its tags as a ``metadata`` mapping."""
    row = dict(instance)
    for current, old in LEGACY_NAMES:
        row[old] = row.pop(current)
    row["metadata"] = {tag["key"]: tag["value"] for tag in row.pop("tags")}
    return row


def interface_view(store, port):
    network = store.get("network", port["network_id"])
    floating = store.get("floating_ip", port["floating_ip_id"])
    details = network_view(store, network)
    details["subnets"] = [subnet_view(store, subnet) for subnet in store.rows("subnet") if subnet["network_id"] == network["id"]]
    return {
        "port_id": port["id"], "network_id": network["id"], "mac_address": port["mac"], "interface_name": port["interface_name"],
        "port_security_enabled": port["port_security_enabled"], "allowed_address_pairs": [],
        "ip_assignments": [{"ip_address": ip["address"], "subnet_id": ip["subnet_id"]} for ip in port["ips"]],
        "floatingip_details": [floating_ip_view(store, floating)] if floating else [],
        "network_details": details,
    }
