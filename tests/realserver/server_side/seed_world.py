"""Seeding and resetting the real Waldur server through its ORM (imported by control.py after django.setup()).

The world is the simulator's own store, exported as JSON (kind -> rows, see tests/realserver/world.py): every row
is created here with the simulator's UUID, so a request the collection sent to the simulator names the same
objects on the real server and can be replayed verbatim.
"""

import datetime
import uuid as uuidlib

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from waldur_core.core.models import SshPublicKey, User
from waldur_core.structure.models import Customer, Project, ServiceSettings
from waldur_mastermind.marketplace import models as marketplace
from waldur_openstack import models as openstack

RESOURCE_MODELS = {
    "instance": openstack.Instance, "volume": openstack.Volume, "snapshot": openstack.Snapshot,
    "backup": openstack.Backup, "tenant": openstack.Tenant, "security_group": openstack.SecurityGroup,
    "subnet": openstack.SubNet, "network": openstack.Network, "floating_ip": openstack.FloatingIP,
    "port": openstack.Port, "order": marketplace.Order, "resource": marketplace.Resource,
}
OFFERING_ACTIVE = marketplace.Offering.States.ACTIVE


def as_uuid(text):
    """A UUID object: signal handlers read ``obj.uuid.hex`` on the object just created."""
    return uuidlib.UUID(text)


def when(text):
    return datetime.datetime.fromisoformat(text) if text else None


class Seeder:
    def __init__(self, world):
        self.world = world
        self.by_uuid = {}

    def rows(self, kind):
        return self.world.get(kind, [])

    def get(self, kind, uuid):
        return self.by_uuid.get((kind, uuid)) if uuid else None

    def keep(self, kind, row, obj):
        self.by_uuid[(kind, row["uuid"])] = obj
        return obj

    def seed(self):
        self.users()
        for row in self.rows("customer"):
            self.keep("customer", row, Customer.objects.create(uuid=as_uuid(row["uuid"]), name=row["name"], abbreviation=row["abbreviation"]))
        for row in self.rows("project"):
            self.keep("project", row, Project.objects.create(uuid=as_uuid(row["uuid"]), name=row["name"], customer=self.get("customer", row["customer"])))
        for row in self.rows("service_settings"):
            self.keep("service_settings", row, ServiceSettings.objects.create(
                uuid=as_uuid(row["uuid"]), name=row["name"], type="OpenStack", shared=True, state=ServiceSettings.States.OK,
                backend_url="http://keystone.invalid:5000/v3", username="admin", password="secret",
                options={"tenant_name": "admin", "external_network_id": self.external_network_id()}))
        for row in self.rows("category"):
            self.keep("category", row, marketplace.Category.objects.create(uuid=as_uuid(row["uuid"]), title=row["title"]))
        self.tenants()
        self.offerings()
        self.catalogue()
        self.networking()
        self.storage_and_servers()
        return {"counts": {kind: len(self.rows(kind)) for kind in self.world}}

    def external_network_id(self):
        for row in self.rows("network"):
            if row.get("is_external"):
                return row["backend_id"]
        return ""

    def users(self):
        staff = User.objects.get(is_staff=True)
        for row in self.rows("user"):
            first, _sep, last = row["full_name"].partition(" ")
            User.objects.filter(pk=staff.pk).update(uuid=as_uuid(row["uuid"]), first_name=first, last_name=last, email=row["email"])
            staff.refresh_from_db()
            self.keep("user", row, staff)
        for row in self.rows("ssh_key"):
            self.keep("ssh_key", row, SshPublicKey.objects.create(
                uuid=as_uuid(row["uuid"]), name=row["name"], user=self.get("user", row["user"]), public_key=row["public_key"],
                fingerprint_md5=row["fingerprint_md5"], fingerprint_sha256=row["fingerprint_sha256"],
                fingerprint_sha512=row["fingerprint_sha512"]))

    def structure(self, kind, row, model, **fields):
        fields.setdefault("tenant", self.get("tenant", row.get("tenant")))
        obj = model.objects.create(
            uuid=as_uuid(row["uuid"]), name=row["name"], description=row.get("description", ""), backend_id=row.get("backend_id") or "",
            project=self.get("project", row["project"]), service_settings=self.get("service_settings", row["service_settings"]),
            state=getattr(model.States, row.get("state") or "OK"), **fields)
        return self.keep(kind, row, obj)

    def tenants(self):
        for row in self.rows("tenant"):
            obj = openstack.Tenant.objects.create(
                uuid=as_uuid(row["uuid"]), name=row["name"], backend_id=row["backend_id"], project=self.get("project", row["project"]),
                service_settings=self.get("service_settings", row["service_settings"]), state=openstack.Tenant.States.OK,
                internal_network_id=row.get("internal_network_id", ""), external_network_id=self.external_network_id(),
                default_volume_type_name=row.get("default_volume_type_name", ""))
            self.keep("tenant", row, obj)

    def offerings(self):
        for row in self.rows("offering"):
            scope = self.get("tenant", row["tenant"]) or self.get("service_settings", row["service_settings"])
            offering = marketplace.Offering.objects.create(
                uuid=as_uuid(row["uuid"]), name=row["name"], type=row["type"], customer=self.get("customer", row["customer"]),
                project=self.get("project", row.get("project")), category=self.get("category", row["category"]),
                shared=row.get("shared", False) or True, billable=row.get("billable", False), state=OFFERING_ACTIVE,
                scope=scope, parent=self.get("offering", row.get("parent")), plugin_options=row.get("plugin_options") or {})
            self.keep("offering", row, offering)
            for component in row.get("components", []):
                marketplace.OfferingComponent.objects.create(
                    uuid=as_uuid(component["uuid"]), offering=offering, type=component["type"], name=component["name"],
                    measured_unit=component["measured_unit"], billing_type=marketplace.OfferingComponent.BillingTypes.LIMIT)
            if row.get("plan"):
                marketplace.Plan.objects.create(uuid=as_uuid(row["plan"]), offering=offering, name="Default", unit="month")

    def catalogue(self):
        simple = {"flavor": (openstack.Flavor, ("cores", "ram", "disk")), "image": (openstack.Image, ("min_disk", "min_ram")),
                  "volume_type": (openstack.VolumeType, ("description",))}
        for kind, (model, fields) in simple.items():
            for row in self.rows(kind):
                obj = model.objects.create(uuid=as_uuid(row["uuid"]), name=row["name"], backend_id=row["backend_id"],
                                           settings=self.get("service_settings", row["service_settings"]),
                                           **{field: row[field] for field in fields})
                obj.tenants.set([self.get("tenant", uuid) for uuid in row["tenants"] if self.get("tenant", uuid)])
                self.keep(kind, row, obj)
        # A zone name is unique per service settings on the real server: one row, in the first tenant that has it.
        zones = {"instance_az": openstack.InstanceAvailabilityZone, "volume_az": openstack.VolumeAvailabilityZone}
        for kind, model in zones.items():
            for row in self.rows(kind):
                tenant_uuid = min(row["tenants"], key=self.tenant_order)
                self.keep(kind, row, model.objects.create(
                    uuid=as_uuid(row["uuid"]), name=row["name"], settings=self.get("service_settings", row["service_settings"]),
                    tenant=self.get("tenant", tenant_uuid), available=row.get("available", True)))

    def tenant_order(self, uuid):
        return [row["uuid"] for row in self.rows("tenant")].index(uuid)

    def networking(self):
        for row in self.rows("network"):
            if row.get("tenant"):
                self.structure("network", row, openstack.Network, is_external=bool(row.get("is_external")))
        for row in self.rows("subnet"):
            self.structure("subnet", row, openstack.SubNet, network=self.get("network", row["network"]), cidr=row["cidr"],
                           gateway_ip=row.get("gateway_ip"), disable_gateway=row.get("disable_gateway", False),
                           allocation_pools=row.get("allocation_pools", {}), enable_dhcp=row.get("enable_dhcp", True),
                           dns_nameservers=row.get("dns_nameservers") or [])
        for row in self.rows("security_group"):
            self.structure("security_group", row, openstack.SecurityGroup)
        for row in self.rows("security_group"):
            group = self.get("security_group", row["uuid"])
            for rule in row.get("rules", []):
                openstack.SecurityGroupRule.objects.create(
                    security_group=group, ethertype=rule["ethertype"], direction=rule["direction"], protocol=rule["protocol"] or "",
                    from_port=rule["from_port"] if rule["from_port"] is not None else -1,
                    to_port=rule["to_port"] if rule["to_port"] is not None else -1, cidr=rule["cidr"],
                    description=rule.get("description", ""), remote_group=self.get("security_group", rule.get("remote_group")))
        for row in self.rows("server_group"):
            self.structure("server_group", row, openstack.ServerGroup, policy=row.get("policy", ""))
        for row in self.rows("floating_ip"):
            self.structure("floating_ip", row, openstack.FloatingIP, address=row["address"], runtime_state=row.get("runtime_state", ""),
                           backend_network_id=row.get("backend_network_id", ""))

    def storage_and_servers(self):
        for row in self.rows("instance"):
            obj = self.structure(
                "instance", row, openstack.Instance, flavor_name=row["flavor_name"], flavor_disk=row["flavor_disk"],
                cores=row["cores"], ram=row["ram"], disk=row["flavor_disk"], image_name=row["image_name"],
                min_ram=row["min_ram"], min_disk=row["min_disk"], key_name=row["key_name"], key_fingerprint=row["key_fingerprint"],
                runtime_state=row.get("runtime_state", ""), start_time=when(row.get("start_time")),
                server_group=self.get("server_group", row.get("server_group")),
                availability_zone=self.get("instance_az", row.get("availability_zone")))
            obj.security_groups.set([self.get("security_group", uuid) for uuid in row["security_groups"]])
        for row in self.rows("port"):
            instance = self.get("instance", row.get("instance"))
            subnet = self.get("subnet", row["subnet"])
            port = openstack.Port.objects.create(
                uuid=as_uuid(row["uuid"]), name="", backend_id=row["backend_id"], tenant=self.get("tenant", row["tenant"]), subnet=subnet,
                network=subnet.network, fixed_ips=row["fixed_ips"], mac_address=row["mac_address"], instance=instance,
                project=subnet.project, service_settings=subnet.service_settings, state=openstack.Port.States.OK)
            port.security_groups.set([self.get("security_group", uuid) for uuid in row.get("security_groups", [])])
            self.keep("port", row, port)
        for row in self.rows("floating_ip"):
            if row.get("port"):
                openstack.FloatingIP.objects.filter(uuid=as_uuid(row["uuid"])).update(port=self.get("port", row["port"]))
        for row in self.rows("volume"):
            self.structure("volume", row, openstack.Volume, size=row["size"], bootable=row.get("bootable", False),
                           image=self.get("image", row.get("image")), image_name=row.get("image_name", ""),
                           type=self.get("volume_type", row.get("type")), device=row.get("device") or "",
                           instance=self.get("instance", row.get("instance")), runtime_state=row.get("runtime_state", ""),
                           availability_zone=self.get("volume_az", row.get("availability_zone")))
        for row in self.rows("snapshot"):
            self.structure("snapshot", row, openstack.Snapshot, size=row["size"], source_volume=self.get("volume", row["source_volume"]),
                           kept_until=when(row.get("kept_until")), runtime_state=row.get("runtime_state", ""))
        for row in self.rows("backup"):
            backup = self.structure("backup", row, openstack.Backup, instance=self.get("instance", row["instance"]),
                                    kept_until=when(row.get("kept_until")))
            backup.snapshots.set([self.get("snapshot", uuid) for uuid in row.get("snapshots", []) if self.get("snapshot", uuid)])
        for row in self.rows("resource"):
            scope = self.get(row["scope_kind"], row["scope"])
            if scope is None:
                continue
            offering = self.get("offering", row["offering"])
            fields = dict(name=row["name"], offering=offering, project=self.get("project", row["project"]), plan=offering.plans.first(),
                          state=getattr(marketplace.Resource.States, row["state"].upper(), marketplace.Resource.States.OK),
                          attributes=row.get("attributes") or {})
            # One marketplace resource per scope: a second row for the same scope (a handler's, or the simulator's
            # record of an earlier order) updates the first.
            resource = marketplace.Resource.objects.filter(content_type=ContentType.objects.get_for_model(scope), object_id=scope.id).first()
            if resource is None:
                resource = marketplace.Resource.objects.create(uuid=as_uuid(row["uuid"]), scope=scope, **fields)
            else:
                marketplace.Resource.objects.filter(pk=resource.pk).update(uuid=as_uuid(row["uuid"]), **fields)
            self.keep("resource", row, resource)


@transaction.atomic
def seed(world):
    return Seeder(world).seed()


def reset(kind, uuid, **fields):
    """Put an object back into the given state (``state`` by name, e.g. "OK") and fields, bypassing its FSM."""
    model = RESOURCE_MODELS[kind]
    if "state" in fields:
        fields["state"] = getattr(model.States, fields["state"])
    updated = model.objects.filter(uuid=uuid).update(**fields)
    if not updated:
        raise LookupError("no %s %s" % (kind, uuid))
    return updated


def reset_all_scheduled():
    """Every object left in a *_SCHEDULED or *ING state by an accepted action goes back to OK."""
    counts = {}
    for kind, model in RESOURCE_MODELS.items():
        if kind in ("order", "resource"):
            continue
        states = model.States
        busy = [value for name, value in vars(states).items() if name.isupper() and ("SCHEDULED" in name or name.endswith("ING"))]
        counts[kind] = model.objects.filter(state__in=busy).update(state=states.OK)
    return counts


def create_staff_user(username, password, email):
    """What ``waldur createstaffuser`` does, without a second Django start-up."""
    user = User.objects.create(username=username, email=email, is_staff=True, last_login=timezone.now())
    user.set_password(password)
    user.save()
    return username


def sync(kind, uuid, before):
    """Give a real object the fields the simulator's copy had (state by name, attachment by UUID) before a request."""
    model = RESOURCE_MODELS.get(kind)
    if model is None:
        return "not synced: %s" % kind
    fields = {}
    for field, value in before.items():
        if field == "state":
            name = value.upper().replace(" ", "_")
            if hasattr(model.States, name):
                fields["state"] = getattr(model.States, name)
        elif field == "instance" and kind == "volume":
            fields["instance"] = openstack.Instance.objects.filter(uuid=value).first() if value else None
        elif field in ("runtime_state", "size", "flavor_name", "device") and hasattr(model, field):
            fields[field] = value or ("" if field != "size" else 0)
    return model.objects.filter(uuid=uuid).update(**fields)


def facts(kind, **match):
    """Rows of a kind as the ORM holds them (for assertions): uuid, name, state and a few kind-specific fields."""
    model = RESOURCE_MODELS[kind]
    rows = []
    for obj in model.objects.filter(**match).order_by("name"):
        row = {"uuid": obj.uuid.hex, "name": obj.name, "state": obj.get_state_display() if hasattr(obj, "get_state_display") else ""}
        for field in ("runtime_state", "flavor_name", "size", "image_name", "key_name"):
            if hasattr(obj, field):
                row[field] = getattr(obj, field)
        if kind == "instance":
            row["internal_ips"] = sorted(ip["ip_address"] for port in obj.ports.all() for ip in port.fixed_ips)
            row["external_ips"] = sorted(fip.address for fip in openstack.FloatingIP.objects.filter(port__instance=obj))
            row["security_groups"] = sorted(group.name for group in obj.security_groups.all())
        if kind == "volume":
            row["instance"] = obj.instance.uuid.hex if obj.instance else None
            row["type"] = obj.type.name if obj.type else None
        rows.append(row)
    return rows


OPERATIONS = {"create_staff_user": create_staff_user, "seed": seed, "sync": sync, "reset": reset, "reset_all_scheduled": reset_all_scheduled,
              "facts": facts}
