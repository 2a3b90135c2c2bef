"""The seeded demo world (tests/simulator/gcore/README.md lists every name).

Seeded rows get ids derived from their names, so they are the same on every run.
"""

import base64
import hashlib
import struct

from .addressing import pool_fields
from .rows import floating_ip_row, port_row, volume_row
from .store import regional_key, seeded_id

SEED_TIME = 1735689600.0  # 2025-01-01T00:00:00Z
CLIENT_ID = 10001
USER_ID = 20001
RESELLER_ID = 7
RESELLER_NAME = "demo-reseller"
PROJECT_ID = 1
PROJECT_NAME = "demo-project"
REGIONS = {
    76: {"display_name": "Luxembourg-2", "country": "LU", "slug": "luxembourg-2", "coordinates": ("49.6116", "6.1319")},
    77: {"display_name": "Frankfurt-2", "country": "DE", "slug": "frankfurt-2", "coordinates": ("50.1109", "8.6821")},
}
VOLUME_TYPES = ("standard", "ssd_hiiops", "ssd_local", "ssd_lowlatency", "cold", "ultra")

# flavor id, vcpus, RAM MiB, OS type, disabled
FLAVORS = [
    ("g1-standard-1-2", 1, 2048, "linux", False),
    ("g1-standard-2-4", 2, 4096, "linux", False),
    ("g1-standard-4-8", 4, 8192, "linux", False),
    ("g1-standard-8-16", 8, 16384, "linux", False),
    ("g1w-standard-2-4", 2, 4096, "windows", False),
    ("g1w-standard-4-8", 4, 8192, "windows", False),
    ("g0-legacy-1-1", 1, 1024, "linux", True),
]
# Servers that are not virtual machines, for bench instances only: id, kind, cores, RAM MiB, hardware description
SERVER_FLAVORS = [
    ("bm1-infrastructure-small", "baremetal", 4, 32768,
     {"cpu": "1 x Intel Xeon E-2388G 8C/16T 3.2GHz", "disk": "2 x 480 GB SSD", "license": "",
      "network": "2 x 10 Gbit/s", "ram": "32 GB DDR4"}),
    ("bm3-ai-1xlarge-h100-80-8", "ai", 112, 2097152,
     {"cpu": "2 x Intel Xeon 8480+", "disk": "8 x 3.84 TB NVMe", "gpu": "8 x NVIDIA H100 80GB", "license": "",
      "network": "2 x 100 Gbit/s", "ram": "2 TB DDR5"}),
]
# name, OS distro, OS version, OS type, min disk GiB, min RAM MiB, SSH key policy, boot error
IMAGES = [
    ("ubuntu-22.04", "ubuntu", "22.04", "linux", 5, 512, "allow", None),
    ("ubuntu-24.04", "ubuntu", "24.04", "linux", 5, 512, "allow", None),
    ("debian-12", "debian", "12", "linux", 4, 512, "allow", None),
    ("windows-server-2022", "windows", "2022", "windows", 40, 4096, "deny", None),
    ("broken-image", "ubuntu", "22.04", "linux", 5, 512, "allow",
     "Instance failed to spawn: the image broken-image could not be booted"),
]
APP_TEMPLATES = [
    {"id": "docker", "category": "development", "display_name": "Docker", "developer": "Docker, Inc.",
     "description": "Docker Engine on Ubuntu 22.04", "short_description": "Container runtime", "version": "27.3",
     "website": "https://www.docker.com", "os_name": "ubuntu", "os_version": "22.04", "min_disk": 10, "min_ram": 2048,
     "min_vcpus": 1, "usage": "Log in with SSH and run docker.", "app_config": []},
    {"id": "wordpress", "category": "cms", "display_name": "WordPress", "developer": "WordPress Foundation",
     "description": "WordPress with MySQL on Ubuntu 22.04", "short_description": "Blogging platform", "version": "6.6",
     "website": "https://wordpress.org", "os_name": "ubuntu", "os_version": "22.04", "min_disk": 20, "min_ram": 4096,
     "min_vcpus": 2, "usage": "Open http://<address>/ to finish the setup.",
     "app_config": [{"name": "admin_email", "label": "Administrator e-mail", "type": "string", "required": True,
                     "description": "Where WordPress sends notifications"}]},
]
DEFAULT_LIMITS = {
    "vm_count_limit": 20, "cpu_count_limit": 48, "ram_limit": 98304, "volume_count_limit": 50, "volume_size_limit": 2000,
    "floating_count_limit": 10, "external_ip_count_limit": 10, "servergroup_count_limit": 10, "network_count_limit": 10,
    "subnet_count_limit": 20, "router_count_limit": 5, "image_count_limit": 20, "image_size_limit": 500,
    "baremetal_basic_count_limit": 0, "baremetal_infrastructure_count_limit": 2, "gpu_count_limit": 0,
    "shared_vm_count_limit": 10, "loadbalancer_count_limit": 5, "firewall_count_limit": 20, "secret_count_limit": 20,
    "volume_snapshots_count_limit": 20, "volume_snapshots_size_limit": 1000,
}
# The reseller's naming configuration (field names of the API's ResellerNameTemplates): template lists that restrict
# instances (virtual machines and bare metal servers), and the one for load balancers.
INSTANCE_TEMPLATE_LISTS = ("allowed_name_templates", "allowed_name_win_templates", "allowed_bm_name_templates",
                           "allowed_bm_name_win_templates")
TEMPLATE_LISTS = INSTANCE_TEMPLATE_LISTS + ("allowed_lb_name_templates",)


def unrestricted_naming(region_id):
    """A naming configuration row of the reseller that restricts nothing."""
    row = {"id": regional_key(region_id, RESELLER_ID), "reseller_id": RESELLER_ID, "region_id": region_id,
           "allow_custom_name": True, "allowed_lb_name_restriction": ""}
    row.update((name, []) for name in TEMPLATE_LISTS)
    return row


def ssh_public_key(name):
    """A well-formed ed25519 public key derived from ``name``, and its MD5 fingerprint."""
    key_type = b"ssh-ed25519"
    blob = struct.pack(">I", len(key_type)) + key_type + struct.pack(">I", 32) + hashlib.sha256(name.encode()).digest()
    md5 = hashlib.md5(blob).hexdigest()  # nosec - an SSH fingerprint, not a security measure
    public_key = "ssh-ed25519 %s %s@demo.example" % (base64.b64encode(blob).decode(), name)
    return public_key, ":".join(md5[i:i + 2] for i in range(0, len(md5), 2))


class WorldBuilder:
    """Adds the seeded rows to a store."""

    def __init__(self, store):
        self.store = store
        self.ts = SEED_TIME

    def regional(self, kind, region_id, name, **fields):
        row = {"id": seeded_id(kind, region_id, name), "name": name, "project_id": PROJECT_ID, "region_id": region_id,
               "created": self.ts, "updated": self.ts, "tags": {}}
        row.update(fields)
        return self.store.add(kind, row)

    def build(self):
        self.store.add("project", {"id": PROJECT_ID, "name": PROJECT_NAME, "client_id": CLIENT_ID, "created": self.ts,
                                   "description": "The demo project", "is_default": True, "state": "ACTIVE"})
        key, fingerprint = ssh_public_key("demo-key")
        self.store.add("keypair", {"id": seeded_id("keypair", "demo-key"), "name": "demo-key", "project_id": PROJECT_ID,
                                   "public_key": key, "fingerprint": fingerprint, "created": self.ts})
        for region_id in REGIONS:
            self.region(region_id)

    def region(self, region_id):
        self.flavors(region_id)
        for image in IMAGES:
            self.image(region_id, *image)
        for template in APP_TEMPLATES:
            row = dict(template, id=regional_key(region_id, template["id"]), app_id=template["id"], region_id=region_id,
                       image_id=self.store.first("image", region_id=region_id, name="ubuntu-22.04")["id"])
            self.store.add("apptemplate", row)
        demo_net = self.network(region_id, "demo-net", external=False, network_type="vxlan", mtu=1450)
        demo_subnet = self.subnet(region_id, demo_net, "demo-subnet", "192.168.10.0/24", has_router=True)
        ext_net = self.network(region_id, "ext-net", external=True, network_type="vlan", mtu=1500, shared=True,
                               segmentation_id=region_id * 10)
        ext_subnet = self.subnet(region_id, ext_net, "ext-subnet", "198.18.0.0/15", has_router=False)
        self.subnet(region_id, ext_net, "ext-subnet-v6", "2001:db8:%x::/64" % region_id, has_router=False)
        self.store.add("region", self.region_row(region_id, ext_net["id"]))
        default_group = self.security_group(region_id, "default", "Default security group", [
            ("egress", "IPv4", None, None, None, None), ("egress", "IPv6", None, None, None, None),
            ("ingress", "IPv4", None, None, None, "self"), ("ingress", "IPv6", None, None, None, "self")])
        self.security_group(region_id, "web", "HTTP and HTTPS from anywhere", [
            ("ingress", "IPv4", "tcp", 80, 80, None), ("ingress", "IPv4", "tcp", 443, 443, None)])
        self.regional("servergroup", region_id, "demo-anti-affinity", policy="anti-affinity", members=[])
        self.demo_addresses(region_id, demo_net, demo_subnet, ext_subnet, default_group)
        self.regional("volume", region_id, "demo-data-volume", **self.volume_fields(region_id, "demo-data-volume", 20))
        ubuntu = self.store.first("image", region_id=region_id, name="ubuntu-22.04")
        self.demo_snapshot(region_id, ubuntu)
        self.store.add("naming", unrestricted_naming(region_id))
        self.store.add("quota", {"id": region_id, "limits": dict(DEFAULT_LIMITS)})

    def flavors(self, region_id):
        for flavor_id, vcpus, ram, os_type, disabled in FLAVORS:
            self.store.add("flavor", {"id": regional_key(region_id, flavor_id), "flavor_id": flavor_id, "region_id": region_id,
                                      "vcpus": vcpus, "ram": ram, "os_type": os_type, "disabled": disabled,
                                      "architecture": "x86_64", "price_per_hour": round(0.0125 * vcpus + 0.003 * ram / 1024, 4)})
        for flavor_id, kind, vcpus, ram, hardware in SERVER_FLAVORS:
            self.store.add("bm_flavor", {"id": regional_key(region_id, flavor_id), "flavor_id": flavor_id, "kind": kind,
                                         "region_id": region_id, "vcpus": vcpus, "ram": ram, "os_type": "linux",
                                         "architecture": "x86_64", "hardware": hardware, "disabled": False})

    def image(self, region_id, name, distro, version, os_type, min_disk, min_ram, ssh_key, boot_error):
        self.regional("image", region_id, name, os_distro=distro, os_version=version, os_type=os_type, min_disk=min_disk,
                      min_ram=min_ram, ssh_key=ssh_key, boot_error=boot_error, size=min_disk * 1024 ** 3 // 4,
                      visibility="public", architecture="x86_64")

    def network(self, region_id, name, **fields):
        fields.setdefault("shared", False)
        fields.setdefault("segmentation_id", None)
        return self.regional("network", region_id, name, **fields)

    def subnet(self, region_id, network, name, cidr, has_router):
        version = 6 if ":" in cidr else 4
        fields = {"network_id": network["id"], "cidr": cidr, "ip_version": version, "has_router": has_router,
                  "dns_nameservers": ["8.8.8.8", "8.8.4.4"] if version == 4 else [], "enable_dhcp": True}
        fields.update(pool_fields(cidr))
        fields["gateway_ip"] = str(fields["pool"].network_address + 1)
        return self.regional("subnet", region_id, name, **fields)

    def security_group(self, region_id, name, description, rules):
        group = self.regional("security_group", region_id, name, description=description, revision_number=1, rules=[])
        for index, (direction, ethertype, protocol, port_min, port_max, remote) in enumerate(rules):
            group["rules"].append({"id": seeded_id("rule", group["id"], index), "direction": direction, "ethertype": ethertype,
                                   "protocol": protocol, "port_range_min": port_min, "port_range_max": port_max,
                                   "remote_group_id": group["id"] if remote == "self" else None,
                                   "remote_ip_prefix": "0.0.0.0/0" if direction == "ingress" and remote is None else None,
                                   "description": None, "created": self.ts})
        return group

    def demo_addresses(self, region_id, demo_net, demo_subnet, ext_subnet, default_group):
        """An unattached floating IP and a reserved fixed IP, for creates that use existing addresses."""
        floating = floating_ip_row(PROJECT_ID, region_id, ext_subnet, self.ts,
                                   floating_id=seeded_id("floating_ip", region_id, "demo"))
        self.store.add("floating_ip", floating)
        port = port_row(demo_net, [demo_subnet], self.ts, port_id=seeded_id("reserved_ip", region_id, "demo"),
                        security_group_ids=[default_group["id"]], reserved=True)
        self.store.add("reserved_ip", {"id": port["id"], "name": "demo-reserved-ip", "project_id": PROJECT_ID,
                                       "region_id": region_id, "port": port, "instance_id": None, "is_vip": False,
                                       "created": self.ts, "updated": self.ts})

    def demo_snapshot(self, region_id, image):
        """A snapshot of a boot volume of ``image`` that has since been deleted (so no instance or volume shows it)."""
        self.regional("snapshot", region_id, "demo-snapshot", size=10, volume_type="standard", image_id=image["id"],
                      status="available", description="Boot disk of %s" % image["name"],
                      volume_id=seeded_id("volume", region_id, "demo-snapshot-source"), instance_id=None,
                      schedule_id=None, lifecycle_policy_id=None,
                      creator_task_id=seeded_id("task", region_id, "demo-snapshot"))

    def volume_fields(self, region_id, name, size):
        row = volume_row(PROJECT_ID, region_id, name, size, "standard", self.ts)
        return {key: value for key, value in row.items() if key not in ("id", "name", "project_id", "region_id")}

    def region_row(self, region_id, external_network_id):
        info = REGIONS[region_id]
        return {"id": region_id, "display_name": info["display_name"], "country": info["country"], "slug": info["slug"],
                "coordinates": info["coordinates"], "external_network_id": external_network_id, "created": self.ts}


def seed_demo_world(store):
    WorldBuilder(store).build()
