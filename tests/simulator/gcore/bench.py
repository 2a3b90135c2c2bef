"""``--instances N``: bench instances named bench-00001... spread over both regions, varied and deterministic.

Every attribute the list filters look at varies with the position in the region: status, flavor (including bare metal and AI
servers), tags, addresses (fixed, external and floating), security groups, server group, isolation and DDoS profile.
"""

from .quotas import usage
from .rows import attach_floating_ip, attach_volume, device_name, floating_ip_row, instance_row, port_row, volume_row
from .store import regional_key, seeded_id
from .world import PROJECT_ID, REGIONS, SEED_TIME, WorldBuilder

ENVIRONMENTS = ("production", "staging", "development")
TEAMS = ("web", "data", "ops", "qa")
LINUX_FLAVORS = ("g1-standard-1-2", "g1-standard-2-4", "g1-standard-4-8", "g1-standard-8-16")
LINUX_IMAGES = ("ubuntu-22.04", "ubuntu-24.04", "debian-12")
K8S_TAG = "k8s_cluster_name"
DDOS_TEMPLATES = ((1, "Basic protection"), (2, "Advanced protection"))
DDOS_STATES = ("Active", "Queued", "Error")


def ddos_profile(variant):
    template_id, template_name = DDOS_TEMPLATES[variant // 100 % 2]
    state = DDOS_STATES[variant // 100 % 3]
    return {
        "id": variant, "fields": [], "options": {"active": True, "bgp": template_id == 2},
        "profile_template": {"id": template_id, "name": template_name, "description": template_name, "fields": []},
        "profile_template_description": template_name, "protocols": [{"port": "80", "protocols": ["TCP"]}],
        "site": "ED", "status": {"status": state, "error_description": "Provisioning failed" if state == "Error" else ""},
    }


def status_of(variant, kind):
    if variant % 97 == 0:
        return "ERROR", "error"
    if variant % 31 == 0 and kind in ("vm", "k8s"):
        return "SUSPENDED", "suspended"
    if variant % 10 == 3:
        return "SHUTOFF", "stopped"
    return "ACTIVE", "active"


def kind_of(variant):
    if variant % 199 == 0:
        return "ai"
    if variant % 50 == 0:
        return "baremetal"
    if variant % 40 == 0:
        return "k8s"
    return "vm"


class BenchSeeder:
    """Per region: the bench network, the shared look-ups, then one instance per index."""

    def __init__(self, store):
        self.store = store
        self.regions = {}

    def region_context(self, region_id):
        if region_id not in self.regions:
            store = self.store
            builder = WorldBuilder(store)
            network = builder.network(region_id, "bench-net", external=False, network_type="vxlan", mtu=1450)
            self.regions[region_id] = {
                "network": network,
                "subnet": builder.subnet(region_id, network, "bench-subnet", "10.64.0.0/12", has_router=True),
                "ext_net": store.first("network", region_id=region_id, name="ext-net"),
                "ext_subnet": store.first("subnet", region_id=region_id, name="ext-subnet"),
                "default": store.first("security_group", region_id=region_id, name="default")["id"],
                "web": store.first("security_group", region_id=region_id, name="web")["id"],
                "servergroup": store.first("servergroup", region_id=region_id, name="demo-anti-affinity"),
                "images": {row["name"]: row for row in store.rows("image") if row["region_id"] == region_id},
            }
        return self.regions[region_id]

    def flavor_for(self, variant, kind, region_id):
        if kind in ("baremetal", "ai"):
            name = "bm1-infrastructure-small" if kind == "baremetal" else "bm3-ai-1xlarge-h100-80-8"
            return self.store.get("bm_flavor", regional_key(region_id, name)), "ubuntu-22.04"
        if variant % 25 == 0:
            return self.store.get("flavor", regional_key(region_id, "g1w-standard-2-4")), "windows-server-2022"
        flavor_id = LINUX_FLAVORS[variant % len(LINUX_FLAVORS)]
        return self.store.get("flavor", regional_key(region_id, flavor_id)), LINUX_IMAGES[variant % len(LINUX_IMAGES)]

    def seed(self, index):
        region_id = sorted(REGIONS)[index % len(REGIONS)]
        context = self.region_context(region_id)
        # attributes vary with the position within the region, so both regions get the whole variety
        variant = (index + 1) // len(REGIONS)
        kind = kind_of(variant)
        flavor, image_name = self.flavor_for(variant, kind, region_id)
        image = context["images"][image_name]
        created = SEED_TIME + 86400 + index * 60
        row = instance_row(PROJECT_ID, region_id, "bench-%05d" % index, flavor, created, instance_id=seeded_id("bench", index),
                           image_id=image["id"], kind=kind, creator_task_id=seeded_id("bench-task", index))
        row["status"], row["vm_state"] = status_of(variant, kind)
        row["updated"] = created + (index % 7) * 3600
        row["ssh_key_name"] = None if image["os_type"] == "windows" else "demo-key"
        row["tags"] = {"env": ENVIRONMENTS[variant % 3], "team": TEAMS[variant % 4]}
        if kind == "k8s":
            row["tags"][K8S_TAG] = "bench-k8s-%d" % region_id
            row["read_only_tags"].add(K8S_TAG)
        if variant % 300 == 0:
            row["isolation"] = "Isolated after an abuse report"
        if kind == "baremetal" and variant % 100 == 0:
            row["ddos"] = ddos_profile(variant)
        self.add_ports(row, index, variant, context, created)
        if kind not in ("baremetal", "ai"):
            volume = volume_row(PROJECT_ID, region_id, "bench-%05d-boot" % index, max(10, image["min_disk"]), "ssd_hiiops",
                                created, volume_id=seeded_id("bench-volume", index), bootable=True, image_id=image["id"])
            attach_volume(volume, row, device_name(0), True, created, root=True)
            self.store.add("volume", volume)
        if variant % 100 == 0 and kind in ("vm", "k8s"):
            row["servergroup_id"] = context["servergroup"]["id"]
            context["servergroup"]["members"].append(row["id"])
        self.store.add("instance", row)

    def add_ports(self, row, index, variant, context, created):
        groups = [context["default"]] + ([context["web"]] if variant % 5 == 0 else [])
        if row["kind"] not in ("baremetal", "ai"):
            port = port_row(context["network"], [context["subnet"]], created, port_id=seeded_id("bench-port", index),
                            interface_name="eth0", security_group_ids=groups)
            row["ports"].append(port)
            if variant % 4 == 0:
                floating = floating_ip_row(PROJECT_ID, row["region_id"], context["ext_subnet"], created,
                                           floating_id=seeded_id("bench-floating", index))
                attach_floating_ip(floating, port, row["id"], seeded_id("router", row["region_id"]), created)
                self.store.add("floating_ip", floating)
        if variant % 7 == 0 or row["kind"] in ("baremetal", "ai"):
            external = port_row(context["ext_net"], [context["ext_subnet"]], created, port_id=seeded_id("bench-ext-port", index),
                                interface_name="eth%d" % len(row["ports"]), security_group_ids=groups)
            row["ports"].append(external)


def seed_bench_instances(store, count):
    if count <= 0:
        return
    seeder = BenchSeeder(store)
    for index in range(1, count + 1):
        seeder.seed(index)
    for region_id in REGIONS:
        # keep the seeded headroom: bench instances must not use up the demo quota
        limits = store.get("quota", region_id)["limits"]
        for name, used in usage(store, PROJECT_ID, region_id).items():
            limits[name + "_limit"] = limits.get(name + "_limit", 0) + used
