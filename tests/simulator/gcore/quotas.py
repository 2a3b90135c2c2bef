"""Regional quotas: limits live in the ``quota`` table (one row per region), usage is counted from the tables."""

from .errors import bad_request
from .lookups import flavor_of

# Every regional quota the SDK's QuotaGetByRegionResponse knows, without the _limit / _usage suffix.
QUOTA_NAMES = (
    "baremetal_basic_count", "baremetal_gpu_a100_count", "baremetal_gpu_count", "baremetal_gpu_h100_count",
    "baremetal_gpu_h200_count", "baremetal_gpu_l40s_count", "baremetal_hf_count", "baremetal_infrastructure_count",
    "baremetal_network_count", "baremetal_storage_count", "caas_container_count", "caas_cpu_count", "caas_gpu_count",
    "caas_ram_size", "cluster_count", "cpu_count", "dbaas_postgres_cluster_count", "external_ip_count", "faas_cpu_count",
    "faas_function_count", "faas_namespace_count", "faas_ram_size", "firewall_count", "floating_count", "gpu_count",
    "gpu_virtual_a100_count", "gpu_virtual_h100_count", "gpu_virtual_h200_count", "gpu_virtual_l40s_count", "image_count",
    "image_size", "ipu_count", "laas_topic_count", "loadbalancer_count", "network_count", "ram", "registry_count",
    "registry_storage", "router_count", "secret_count", "servergroup_count", "sfs_count", "sfs_size", "shared_vm_count",
    "slurm_cluster_count", "snapshot_schedule_count", "subnet_count", "vm_count", "volume_count", "volume_size",
    "volume_snapshots_count", "volume_snapshots_size",
)
# What creating an instance consumes, in the order check_limits reports it.
INSTANCE_QUOTAS = ("vm_count", "cpu_count", "ram", "volume_count", "volume_size", "external_ip_count", "floating_count",
                   "baremetal_infrastructure_count")
SERVER_QUOTA = {"baremetal": "baremetal_infrastructure_count", "ai": "baremetal_gpu_h100_count"}


def usage(store, project_id, region_id):
    """Current usage of the quotas the simulator tracks (RAM in MiB, volume size in GiB)."""
    tracked = INSTANCE_QUOTAS + ("baremetal_gpu_h100_count", "servergroup_count", "network_count", "subnet_count")
    used = dict.fromkeys(tracked, 0)
    external_networks = set()
    for network in store.rows("network"):
        if network["region_id"] == region_id and network["external"]:
            external_networks.add(network["id"])
        elif network["region_id"] == region_id and network["project_id"] == project_id:
            used["network_count"] += 1
    for instance in store.rows("instance"):
        if instance["region_id"] != region_id or instance["project_id"] != project_id:
            continue
        if instance["kind"] in SERVER_QUOTA:
            used[SERVER_QUOTA[instance["kind"]]] += 1
        else:
            flavor = flavor_of(store, instance)
            used["vm_count"] += 1
            used["cpu_count"] += flavor["vcpus"]
            used["ram"] += flavor["ram"]
        used["external_ip_count"] += sum(1 for port in instance["ports"] if port["network_id"] in external_networks)
    for volume in store.rows("volume"):
        if volume["region_id"] == region_id and volume["project_id"] == project_id:
            used["volume_count"] += 1
            used["volume_size"] += volume["size"]
    used["floating_count"] = len(store.in_region("floating_ip", project_id, region_id))
    used["servergroup_count"] = len(store.in_region("servergroup", project_id, region_id))
    used["subnet_count"] = sum(1 for subnet in store.rows("subnet") if subnet["region_id"] == region_id
                               and subnet["network_id"] not in external_networks)
    return used


def limits(store, region_id):
    return store.get("quota", region_id)["limits"]


def check(store, project_id, region_id, requested):
    """(limit, requested, usage) per requested quota, and the names of those the request would exceed."""
    current = usage(store, project_id, region_id)
    table = limits(store, region_id)
    report, exceeded = {}, []
    for name in INSTANCE_QUOTAS:
        if name not in requested:
            continue
        limit = table.get(name + "_limit", 0)
        report[name] = (limit, requested[name], current.get(name, 0))
        if requested[name] and current.get(name, 0) + requested[name] > limit:
            exceeded.append(name)
    return report, exceeded


def enforce(store, project_id, region_id, requested):
    """400 QuotaExceeded when ``requested`` does not fit in the regional quota."""
    report, exceeded = check(store, project_id, region_id, requested)
    if exceeded:
        details = ", ".join("%s (limit %d, in use %d, requested %d)" % (name, report[name][0], report[name][2], report[name][1])
                            for name in exceeded)
        raise bad_request("Quota exceeded: %s" % details, "QuotaExceeded")


def regional_quota_body(store, project_id, region_id):
    """The SDK's QuotaGetByRegionResponse: every ``<name>_limit`` and ``<name>_usage``."""
    current = usage(store, project_id, region_id)
    table = limits(store, region_id)
    body = {}
    for name in QUOTA_NAMES:
        body[name + "_limit"] = table.get(name + "_limit", 0)
        body[name + "_usage"] = current.get(name, 0)
    return body
