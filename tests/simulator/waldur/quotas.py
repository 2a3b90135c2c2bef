"""Tenant quotas: usage is counted from the tables, limits live on the tenant row (-1 means unlimited)."""

from ..server import ApiError

QUOTA_ORDER = [
    "vcpu", "ram", "storage", "instances", "volumes", "volumes_size", "snapshots", "snapshots_size", "floating_ip_count",
    "security_group_count", "security_group_rule_count", "subnet_count", "network_count", "port_count",
]


def usage(store, tenant_uuid):
    """Current usage of every quota of a tenant (sizes in MiB, except gigabytes_<type> in GiB)."""
    used = dict.fromkeys(QUOTA_ORDER, 0)
    for row in store.tables["instance"].values():
        if row["tenant"] == tenant_uuid:
            used["instances"] += 1
            used["vcpu"] += row["cores"]
            used["ram"] += row["ram"]
    for row in store.tables["volume"].values():
        if row["tenant"] == tenant_uuid:
            used["volumes"] += 1
            used["volumes_size"] += row["size"]
            volume_type = store.get("volume_type", row["type"])
            if volume_type:
                key = "gigabytes_" + volume_type["name"]
                used[key] = used.get(key, 0) + row["size"] // 1024
    for row in store.tables["snapshot"].values():
        if row["tenant"] == tenant_uuid:
            used["snapshots"] += 1
            used["snapshots_size"] += row["size"]
    used["storage"] = used["volumes_size"] + used["snapshots_size"]
    counted = {"floating_ip": "floating_ip_count", "security_group": "security_group_count", "subnet": "subnet_count",
               "network": "network_count", "port": "port_count"}
    for kind, name in counted.items():
        used[name] = sum(1 for row in store.tables[kind].values() if row.get("tenant") == tenant_uuid)
    used["security_group_rule_count"] = sum(
        len(row["rules"]) for row in store.tables["security_group"].values() if row["tenant"] == tenant_uuid)
    return used


def quota_list(store, tenant):
    """The ``quotas`` array of tenants and offerings."""
    used = usage(store, tenant["uuid"])
    names = QUOTA_ORDER + sorted(name for name in set(used) | set(tenant["quota_limits"]) if name not in QUOTA_ORDER)
    return [{"name": name, "usage": used.get(name, 0), "limit": tenant["quota_limits"].get(name, -1)} for name in names]


def check(store, tenant, delta):
    """Raise Waldur's bare-list 400 when adding ``delta`` (quota name -> amount) would exceed a limit."""
    used = usage(store, tenant["uuid"])
    exceeded = []
    for name, amount in delta.items():
        limit = tenant["quota_limits"].get(name, -1)
        if amount > 0 and limit != -1 and used.get(name, 0) + amount > limit:
            exceeded.append("%s quota limit: %s, requires %s" % (name, limit, used.get(name, 0) + amount))
    if exceeded:
        raise ApiError(400, ["One or more quotas were exceeded: %s" % "; ".join(exceeded)])
