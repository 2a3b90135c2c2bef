"""The seeded demo world (see tests/simulator/README.md for every name) and the optional bench instances.

Seeded rows get UUIDs derived from their names, so they are the same on every run.
"""

import base64
import hashlib
import ipaddress
import random
import struct

from . import rows
from .store import backend_uuid, iso, seeded_uuid

SEED_TIME = 1735689600.0  # 2025-01-01T00:00:00Z, the creation time of the seeded world

DEFAULT_QUOTAS = {
    "vcpu": 64, "ram": 131072, "storage": 1048576, "instances": 30, "volumes": 100, "volumes_size": -1, "snapshots": 100,
    "snapshots_size": -1, "floating_ip_count": 20, "security_group_count": 50, "security_group_rule_count": 200,
    "subnet_count": 10, "network_count": 10, "port_count": 200, "gigabytes_standard": -1, "gigabytes_ssd": -1,
}
DEMO_FLAVORS = [("m1.tiny", 1, 512, 1024), ("m1.small", 1, 2048, 20480), ("m1.medium", 2, 4096, 40960), ("m1.large", 4, 8192, 81920)]
IMAGES = [("cirros", 1024, 0, ""), ("ubuntu-24.04", 10240, 1024, ""),
          ("broken-image", 1024, 0, "Image broken-image failed to boot: simulated backend error")]
COMPONENTS = [
    {"type": "cores", "name": "Cores", "measured_unit": "cores", "factor": 1},
    {"type": "ram", "name": "RAM", "measured_unit": "GB", "factor": 1024},
    {"type": "storage", "name": "Storage", "measured_unit": "GB", "factor": 1024},
]
VOLUME_DAILY_PRICES = {"cores": "0.0720000000", "ram": "0.0312000000", "storage": "0.0002000000"}
ALL_TRAFFIC_RULES = [("IPv4", "egress", "", None, None, None), ("IPv6", "egress", "", None, None, None)]
SECURITY_GROUPS = [
    ("default", "Default security group", "self", ALL_TRAFFIC_RULES),
    ("ssh", "Secure shell access", None, [("IPv4", "ingress", "tcp", 22, 22, "0.0.0.0/0")]),
    ("web", "HTTP and HTTPS access", None, [("IPv4", "ingress", "tcp", 80, 80, "0.0.0.0/0"),
                                            ("IPv4", "ingress", "tcp", 443, 443, "0.0.0.0/0")]),
    ("duplicate-sg", "First of two groups with the same name", None, [("IPv4", "ingress", "icmp", -1, -1, "0.0.0.0/0")]),
    ("duplicate-sg", "Second of two groups with the same name", None, [("IPv4", "ingress", "udp", 53, 53, "0.0.0.0/0")]),
]


def ssh_public_key(name):
    """A well-formed ed25519 public key derived from ``name`` and its three fingerprints."""
    key_type = b"ssh-ed25519"
    blob = struct.pack(">I", len(key_type)) + key_type + struct.pack(">I", 32) + hashlib.sha256(name.encode()).digest()
    md5 = hashlib.md5(blob).hexdigest()  # nosec - an SSH fingerprint, not a security measure
    return {
        "public_key": "ssh-ed25519 %s %s@demo.example" % (base64.b64encode(blob).decode(), name),
        "fingerprint_md5": ":".join(md5[i:i + 2] for i in range(0, len(md5), 2)),
        "fingerprint_sha256": "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("="),
        "fingerprint_sha512": "SHA512:" + base64.b64encode(hashlib.sha512(blob).digest()).decode().rstrip("="),
        "type": "ssh-ed25519",
    }


class WorldBuilder:
    """Adds the seeded rows to a store."""

    def __init__(self, store):
        self.store = store
        self.created = iso(SEED_TIME)
        self._rule_id = 1000

    def add(self, kind, name, **fields):
        row = {"uuid": seeded_uuid(kind, *fields.pop("seed", [name])), "name": name, "created": self.created}
        row.update(fields)
        return self.store.add(kind, row)

    def structure(self, kind, name, project, tenant, seed=None, **fields):
        seed = seed or [tenant["name"], name]
        row = rows.structure_row(name, project, tenant, self.created, uuid=seeded_uuid(kind, *seed),
                                 backend_id=backend_uuid(kind, *seed), description=fields.pop("description", ""))
        row.update(fields)
        return self.store.add(kind, row)

    def build(self):
        store = self.store
        self.add("user", "demo-user", username="demo-user", full_name="Demo User", email="demo-user@demo.example")
        demo_org = self.customer("Demo Organization", "DemoOrg")
        other_org = self.customer("Other Organization", "OtherOrg")
        demo_project = self.project("Demo Project", demo_org)
        self.project("Approval Project", demo_org, requires_approval=True)
        other_project = self.project("Other Project", other_org)
        settings = self.add("service_settings", "Demo Cloud")
        categories = {title: self.add("category", title, title=title, icon=seeded_uuid("icon", title))
                      for title in ("VMs", "Storage", "Private clouds")}
        cloud = self.offering("Demo Cloud", "OpenStack.Tenant", demo_org, None, None, categories["Private clouds"], settings,
                              shared=True)
        public_net = self.add("network", "public", seed=["public"], tenant=None, backend_id=backend_uuid("network", "public"),
                              is_external=True)
        demo = self.tenant("demo-tenant", demo_project, settings, public_net, cloud, categories)
        other = self.tenant("other-tenant", other_project, settings, public_net, cloud, categories)
        for name, cores, ram, disk in DEMO_FLAVORS:
            self.catalogue("flavor", name, settings, [demo], cores=cores, ram=ram, disk=disk)
        self.catalogue("flavor", "m1.small", settings, [other], seed=["other-tenant", "m1.small"], cores=1, ram=2048, disk=20480)
        for name, min_disk, min_ram, failure in IMAGES:
            self.catalogue("image", name, settings, [demo, other], min_disk=min_disk, min_ram=min_ram, fails_with=failure,
                           backend_created_at=self.created)
        for name, description in (("standard", "Default volume type"), ("ssd", "Solid-state volumes")):
            self.catalogue("volume_type", name, settings, [demo, other], description=description)
        self.catalogue("instance_az", "nova", settings, [demo, other], available=True)
        self.catalogue("volume_az", "nova", settings, [demo, other], available=True)
        demo_net = self.network("demo-net", demo_project, demo)
        self.subnet("demo-subnet", demo_project, demo, demo_net, "192.168.42.0/24", "192.168.42.1")
        isolated_net = self.network("isolated-net", demo_project, demo)
        self.subnet("isolated-subnet", demo_project, demo, isolated_net, "10.20.0.0/24", None)
        other_net = self.network("other-net", other_project, other)
        self.subnet("other-subnet", other_project, other, other_net, "192.168.50.0/24", "192.168.50.1")
        for index in range(10, 20):
            address = "203.0.113.%d" % index
            store.add("floating_ip", rows.floating_ip_row(demo, demo_project, public_net, address, self.created,
                                                          uuid=seeded_uuid("floating_ip", address),
                                                          backend_id=backend_uuid("floating_ip", address)))
        for index, (name, description, remote, rules) in enumerate(SECURITY_GROUPS):
            self.security_group(name, description, demo_project, demo, remote, rules, seed=["demo-tenant", name, index])
        self.security_group("default", "Default security group", other_project, other, "self", ALL_TRAFFIC_RULES)
        self.structure("server_group", "demo-anti-affinity", demo_project, demo, policy="anti-affinity")
        user = store.first("user", username="demo-user")
        self.add("ssh_key", "demo-key", user=user["uuid"], **ssh_public_key("demo-key"))

    def customer(self, name, abbreviation):
        slug = name.lower().replace(" ", "-")
        return self.add("customer", name, slug=slug, abbreviation=abbreviation, native_name="", is_service_provider=True)

    def project(self, name, customer, requires_approval=False):
        return self.add("project", name, customer=customer["uuid"], slug=name.lower().replace(" ", "-"),
                        description="", requires_approval=requires_approval)

    def offering(self, name, offering_type, customer, project, tenant, category, settings, shared=False, parent=None,
                 plan_unit="month", plan_prices=None):
        """``plan_prices``: component type -> decimal string per ``plan_unit``; none: a free plan."""
        return self.add("offering", name, type=offering_type, customer=customer["uuid"],
                        project=project["uuid"] if project else None, tenant=tenant["uuid"] if tenant else None,
                        category=category["uuid"], service_settings=settings["uuid"], shared=shared, billable=False,
                        parent=parent["uuid"] if parent else None, slug=name.lower().replace(" ", "-")[:40],
                        plan=seeded_uuid("plan", name), plan_unit=plan_unit, plan_prices=plan_prices, plugin_options={},
                        components=[dict(item, uuid=seeded_uuid("component", name, item["type"])) for item in COMPONENTS])

    def tenant(self, name, project, settings, public_net, cloud, categories):
        tenant = {"uuid": seeded_uuid("tenant", name), "service_settings": settings["uuid"], "name": name}
        row = rows.structure_row(name, project, tenant, self.created, uuid=tenant["uuid"], backend_id=seeded_uuid("backend", name))
        row.update({"availability_zone": "", "internal_network_id": backend_uuid("internal-network", name),
                    "external_network": public_net["uuid"], "quota_limits": dict(DEFAULT_QUOTAS),
                    "default_volume_type_name": "standard"})
        del row["tenant"]
        # The tenant's own marketplace resource belongs to the provider's side of the marketplace: the tenant
        # refers to it, but it is not listed among the project's resources.
        row.update({"offering": cloud["uuid"], "marketplace_resource_uuid": seeded_uuid("resource", "tenant", name)})
        self.store.add("tenant", row)
        customer = self.store.get("customer", project["customer"])
        self.offering("Virtual machine in " + name, "OpenStack.Instance", customer, project, row, categories["VMs"],
                      settings, parent=cloud)
        # Priced per day, as the recorded real volume offerings are.
        self.offering("Volume in " + name, "OpenStack.Volume", customer, project, row, categories["Storage"], settings,
                      parent=cloud, plan_unit="day", plan_prices=VOLUME_DAILY_PRICES)
        return row

    def resource(self, name, offering, project, scope_kind, scope):
        row = rows.resource_row(name, offering, project, scope_kind, scope["uuid"], "OK", {"name": name}, scope["created"],
                                uuid=seeded_uuid("resource", scope_kind, scope["uuid"]))
        return self.store.add("resource", row)

    def catalogue(self, kind, name, settings, tenants, seed=None, **fields):
        seed = seed or [name]
        self.add(kind, name, seed=seed, service_settings=settings["uuid"], tenants={tenant["uuid"] for tenant in tenants},
                 backend_id=backend_uuid(kind, *seed), **fields)

    def network(self, name, project, tenant):
        return self.structure("network", name, project, tenant, is_external=False)

    def subnet(self, name, project, tenant, network, cidr, gateway):
        first = ipaddress.ip_network(cidr).network_address
        pools = [{"start": str(first + 10), "end": str(first + 200)}] if gateway else {}
        return self.structure("subnet", name, project, tenant, network=network["uuid"], cidr=cidr, gateway_ip=gateway,
                              disable_gateway=gateway is None, allocation_pools=pools, enable_dhcp=gateway is not None,
                              dns_nameservers=["192.0.2.53"] if gateway else [], used_ips=set())

    def security_group(self, name, description, project, tenant, remote, specs, seed=None):
        group = self.structure("security_group", name, project, tenant, seed=seed, description=description, rules=[])
        for ethertype, direction, protocol, from_port, to_port, cidr in specs:
            self._rule_id += 1
            # A real server sends -1 for "any port", never null.
            group["rules"].append({"id": self._rule_id, "ethertype": ethertype, "direction": direction, "protocol": protocol,
                                   "from_port": -1 if from_port is None else from_port,
                                   "to_port": -1 if to_port is None else to_port, "cidr": cidr, "description": "",
                                   "remote_group": None})
        if remote == "self":
            for ethertype in ("IPv4", "IPv6"):
                self._rule_id += 1
                group["rules"].append({"id": self._rule_id, "ethertype": ethertype, "direction": "ingress", "protocol": "",
                                       "from_port": -1, "to_port": -1, "cidr": None, "description": "",
                                       "remote_group": group["uuid"]})
        return group


def seed_demo_world(store):
    WorldBuilder(store).build()


def seed_bench_instances(store, count):
    """``count`` OK instances named bench-00001... in Demo Project / demo-tenant, varied and deterministic."""
    if count <= 0:
        return
    rng = random.Random(20250101)
    demo = store.first("tenant", name="demo-tenant")
    project = store.get("project", demo["project"])
    offering = store.first("offering", name="Virtual machine in demo-tenant")
    public_net = store.get("network", demo["external_network"])
    default_group = store.first("security_group", tenant=demo["uuid"], name="default")
    flavors = [row for row in store.all("flavor") if demo["uuid"] in row["tenants"]]
    images = [row for row in store.all("image") if demo["uuid"] in row["tenants"] and not row["fails_with"]]
    builder = WorldBuilder(store)
    network = builder.network("bench-net", project, demo)
    subnet = builder.subnet("bench-subnet", project, demo, network, "10.64.0.0/10", "10.64.0.1")
    hosts = ipaddress.ip_network(subnet["cidr"]).network_address
    key = store.first("ssh_key", name="demo-key")
    for index in range(1, count + 1):
        name = "bench-%05d" % index
        created = iso(SEED_TIME + index)
        flavor = flavors[index % len(flavors)]
        image = images[index % len(images)]
        row = rows.instance_row(name, project, demo, created, flavor, image, uuid=seeded_uuid("bench", index), state="OK")
        row.update({"backend_id": backend_uuid("bench", index), "runtime_state": "ACTIVE", "start_time": created,
                    "hypervisor_hostname": "compute-%02d.demo.example" % (index % 16), "key_name": key["name"],
                    "key_fingerprint": key["fingerprint_md5"], "security_groups": [default_group["uuid"]],
                    "availability_zone": store.first("instance_az", name="nova")["uuid"] if index % 3 == 0 else None})
        if index % 10 == 0:
            row.update({"runtime_state": "SHUTOFF", "start_time": None})
        elif index % 97 == 0:
            row.update({"state": "ERRED", "runtime_state": "ERROR", "start_time": None,
                        "error_message": "Instance %s failed on the hypervisor." % name})
        address = str(hosts + 10 + index)
        port = rows.port_row(demo, subnet, address, instance=row["uuid"], uuid=seeded_uuid("bench-port", index), rng=rng,
                             security_groups=[default_group["uuid"]])
        subnet["used_ips"].add(address)
        store.add("port", port)
        row["ports"] = [port["uuid"]]
        if index % 4 == 0:
            fip_address = str(ipaddress.ip_address("100.64.0.0") + index)
            fip = rows.floating_ip_row(demo, project, public_net, fip_address, created, uuid=seeded_uuid("bench-fip", index))
            fip.update({"port": port["uuid"], "instance": row["uuid"], "runtime_state": "ACTIVE"})
            store.add("floating_ip", fip)
            row["floating_ips"] = [fip["uuid"]]
        resource = builder.resource(name, offering, project, "instance", row)
        resource["state"] = "Erred" if row["state"] == "ERRED" else "OK"
        row["resource"] = resource["uuid"]
        store.add("instance", row)
    limits = demo["quota_limits"]
    bench = store.find("instance", tenant=demo["uuid"])
    limits["instances"] += len(bench)
    limits["vcpu"] += sum(row["cores"] for row in bench)
    limits["ram"] += sum(row["ram"] for row in bench)
    limits["port_count"] += len(bench)
    limits["floating_ip_count"] += count // 4
