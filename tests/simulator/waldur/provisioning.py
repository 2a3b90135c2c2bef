"""Creating and removing instances and volumes, as the marketplace and the restore actions do.

``plan_*`` validate order attributes synchronously (the 400 of the order POST) and return a plan; ``create_*``
add the rows in CREATION_SCHEDULED; ``build_*`` run the backend steps; ``delete_*`` run the removal flows.
"""

from ..server import ApiError
from . import quotas, rows
from .lifecycle import CREATING, DELETING, ERRED, OK, UPDATING
from .networking import Networking
from .refs import REQUIRED, Invalid, error_at, resolve, resolve_field
from .replies import conflict, non_field_error, require_runtime_state, require_state
from .store import backend_uuid, iso
from .validation import Boolean, Integer, Name, Text, require_object, validate_instance_name

DELETABLE_VOLUME_RUNTIME_STATES = ["available", "error", "error_restoring", "error_extending", ""]


def _clean(field, value, path):
    try:
        return field.clean(value)
    except Invalid as exc:
        raise error_at(path, exc.message) from exc


def _items(value, path):
    if value is None:
        return []
    if not isinstance(value, list):
        raise error_at(path, 'Expected a list of items but got type "%s".' % type(value).__name__)
    return value


class Provisioner:
    def __init__(self, store, lifecycle):
        self.store = store
        self.lifecycle = lifecycle
        self.net = Networking(store, lifecycle)

    # -- validation ---------------------------------------------------------------------------------------------

    def _visible(self, attrs, key, kind, tenant, message, required=False):
        row = resolve_field(self.store, attrs, [key], kind, required=required)
        if row is not None and tenant["uuid"] not in row["tenants"]:
            raise ApiError(400, {key: [message]})
        return row

    def _in_tenant(self, value, path, kind, tenant, message):
        try:
            row = resolve(self.store, value, kind)
        except Invalid as exc:
            raise error_at(path, exc.message) from exc
        if row["tenant"] != tenant["uuid"]:
            raise non_field_error(message % row["name"])
        return row

    def plan_instance(self, project, tenant, attrs):
        attrs = require_object(attrs)
        if "name" not in attrs:
            raise error_at(["name"], REQUIRED)
        plan = {"project": project, "tenant": tenant, "name": validate_instance_name(attrs["name"]),
                "description": _clean(Text(4096), attrs.get("description", ""), ["description"]),
                "user_data": _clean(Text(87380), attrs.get("user_data", ""), ["user_data"])}
        flavor = resolve_field(self.store, attrs, ["flavor"], "flavor")
        if tenant["uuid"] not in flavor["tenants"]:
            raise non_field_error("Flavor is not visible in tenant.")
        image = resolve_field(self.store, attrs, ["image"], "image")
        if tenant["uuid"] not in image["tenants"]:
            raise non_field_error("Image is not visible in tenant.")
        if "system_volume_size" not in attrs:
            raise error_at(["system_volume_size"], REQUIRED)
        system_size = _clean(Integer(min_value=1024), attrs["system_volume_size"], ["system_volume_size"])
        if system_size < image["min_disk"]:
            raise non_field_error("System volume size has to be greater than %d MiB" % image["min_disk"])
        if flavor["ram"] < image["min_ram"]:
            raise ApiError(400, {"flavor": ["RAM of flavor is not enough for selected image %d" % image["min_ram"]]})
        plan.update(flavor=flavor, image=image)
        not_visible = "Volume type is not visible in tenant."
        system_type = self._visible(attrs, "system_volume_type", "volume_type", tenant, not_visible)
        volumes = [{"name": plan["name"] + "-system", "size": system_size, "type": system_type, "bootable": True}]
        if attrs.get("data_volume_size") is not None:
            size = _clean(Integer(min_value=1024), attrs["data_volume_size"], ["data_volume_size"])
            data_type = self._visible(attrs, "data_volume_type", "volume_type", tenant, not_visible)
            volumes.append({"name": plan["name"] + "-data", "size": size, "type": data_type, "bootable": False})
        for index, item in enumerate(_items(attrs.get("data_volumes"), ["data_volumes"])):
            path = ["data_volumes", index]
            item = item if isinstance(item, dict) else {}
            if "size" not in item:
                raise error_at(path + ["size"], REQUIRED)
            size = _clean(Integer(min_value=1024), item["size"], path + ["size"])
            data_type = resolve_field(self.store, item, path + ["volume_type"], "volume_type", required=False)
            if data_type is not None and tenant["uuid"] not in data_type["tenants"]:
                raise error_at(path + ["volume_type"], not_visible)
            volumes.append({"name": "%s-data-%d" % (plan["name"], index + 1), "size": size, "type": data_type, "bootable": False})
        plan["volumes"] = volumes
        plan["security_groups"] = self.security_groups_of(attrs.get("security_groups"), tenant)
        plan["server_group"] = None
        if attrs.get("server_group") is not None:
            plan["server_group"] = self._in_tenant(attrs["server_group"], ["server_group"], "server_group", tenant,
                                                   "Server group %s does not belong to the same tenant as instance.")
        plan["ports"] = self.ports_of(attrs.get("ports"), tenant)
        plan["floating_ips"] = self.floating_ips_of(attrs.get("floating_ips"), tenant, plan["ports"])
        plan["ssh_key"] = resolve_field(self.store, attrs, ["ssh_public_key"], "ssh_key", required=False)
        plan["availability_zone"] = self._visible(attrs, "availability_zone", "instance_az", tenant,
                                                  "Availability zone is not visible in tenant.")
        plan["connect_directly_to_external_network"] = _clean(
            Boolean(), attrs.get("connect_directly_to_external_network", False), ["connect_directly_to_external_network"])
        quotas.check(self.store, tenant, {
            "instances": 1, "vcpu": flavor["cores"], "ram": flavor["ram"], "volumes": len(volumes),
            "storage": sum(volume["size"] for volume in volumes),
            "floating_ip_count": self.new_floating_ips_needed(tenant, plan["floating_ips"]),
        })
        self.reserve(plan)
        return plan

    def new_floating_ips_needed(self, tenant, items):
        """How many floating IPs the tenant must allocate beyond its free ones for ``items`` ({"fip": row or None})."""
        wanted = sum(1 for item in items if item["fip"] is None)
        return max(0, wanted - len(self.net.free_floating_ips(tenant)))

    def security_groups_of(self, value, tenant):
        groups = []
        for index, item in enumerate(_items(value, ["security_groups"])):
            groups.append(self._in_tenant(item, ["security_groups", index, "url"], "security_group", tenant,
                                          "Security group %s does not belong to the same tenant as instance."))
        return groups

    def ports_of(self, value, tenant):
        items = _items(value, ["ports"])
        if not items:
            raise error_at(["ports"], "At least one port or subnet should be specified.")
        ports, seen = [], set()
        for index, item in enumerate(items):
            path = ["ports", index]
            item = require_object(item)
            if item.get("port") is not None:
                port = resolve_field(self.store, item, path + ["port"], "port")
                if port["tenant"] != tenant["uuid"] or port["instance"] is not None:
                    raise error_at(path + ["port"], "Port is not available for the instance.")
                subnet = self.store.get("subnet", port["subnet"])
                ports.append({"existing": port, "subnet": subnet, "addresses": []})
            else:
                subnet = self._in_tenant(item.get("subnet"), path + ["subnet"], "subnet", tenant,
                                         "Subnet %s does not belong to the same tenant as instance.")
                addresses = []
                for ip_index, fixed in enumerate(_items(item.get("fixed_ips"), path + ["fixed_ips"])):
                    address = fixed.get("ip_address") if isinstance(fixed, dict) else None
                    if not address:
                        raise error_at(path + ["fixed_ips", ip_index, "ip_address"], REQUIRED)
                    try:
                        self.net.check_fixed_ip(subnet, address)
                    except Invalid as exc:
                        raise error_at(path + ["fixed_ips", ip_index, "ip_address"], exc.message) from exc
                    addresses.append(address)
                ports.append({"existing": None, "subnet": subnet, "addresses": addresses})
            if subnet["uuid"] in seen:
                raise non_field_error("It is impossible to connect to subnet %s twice." % subnet["name"])
            seen.add(subnet["uuid"])
        return ports

    def floating_ips_of(self, value, tenant, ports):
        subnets = {port["subnet"]["uuid"] for port in ports}
        result = []
        for index, item in enumerate(_items(value, ["floating_ips"])):
            path = ["floating_ips", index]
            item = require_object(item)
            subnet = resolve_field(self.store, item, path + ["subnet"], "subnet")
            if subnet["uuid"] not in subnets:
                raise error_at(path + ["subnet"], "SubNet %s is not connected to the instance." % subnet["name"])
            fip = resolve_field(self.store, item, path + ["url"], "floating_ip", required=False)
            if fip is not None:
                try:
                    self.net.check_floating_ip(tenant, fip)
                except Invalid as exc:
                    raise error_at(path + ["url"], exc.message) from exc
            result.append({"subnet": subnet, "fip": fip})
        return result

    def reserve_addresses(self, ports):
        """Take the fixed IPs of new ports (the requested ones, or the next free one) at once."""
        for port in ports:
            if port["existing"] is None:
                port["addresses"] = [self.net.allocate_ip(port["subnet"], address) for address in port["addresses"]] or \
                    [self.net.allocate_ip(port["subnet"])]

    def reserve(self, plan):
        """Take the fixed and floating IPs of a plan, so a later order cannot take them first."""
        self.reserve_addresses(plan["ports"])
        for item in plan["floating_ips"]:
            if item["fip"] is not None:
                item["fip"]["reserved"] = True

    def plan_volume(self, project, tenant, attrs):
        attrs = require_object(attrs)
        if "name" not in attrs:
            raise error_at(["name"], REQUIRED)
        plan = {"project": project, "tenant": tenant, "name": _clean(Name(), attrs["name"], ["name"]),
                "description": _clean(Text(4096), attrs.get("description", ""), ["description"])}
        size = _clean(Integer(min_value=0), attrs["size"], ["size"]) if attrs.get("size") is not None else 0
        if not size:
            raise non_field_error("Snapshot or size should be defined")
        image = self._visible(attrs, "image", "image", tenant, "Image is not visible in tenant.")
        if image is not None and size < image["min_disk"]:
            raise ApiError(400, {"size": ["Volume size should be equal or greater than %d for selected image" % image["min_disk"]]})
        plan.update(size=size, image=image, bootable=image is not None,
                    type=self._visible(attrs, "type", "volume_type", tenant, "Volume type is not visible in tenant."),
                    availability_zone=self._visible(attrs, "availability_zone", "volume_az", tenant,
                                                    "Availability zone is not visible in tenant."))
        volume_type = plan["type"]
        delta = {"volumes": 1, "storage": size}
        if volume_type:
            delta["gigabytes_" + volume_type["name"]] = size // 1024
        quotas.check(self.store, tenant, delta)
        return plan

    # -- creation -----------------------------------------------------------------------------------------------

    def volume_offering(self, tenant):
        return self.store.first("offering", tenant=tenant["uuid"], type="OpenStack.Volume")

    def instance_offering(self, tenant):
        return self.store.first("offering", tenant=tenant["uuid"], type="OpenStack.Instance")

    def add_resource(self, row, kind, offering, ts):
        """A marketplace resource (in Creating) for ``row``, made without an order."""
        resource = rows.resource_row(row["name"], offering, row, kind, row["uuid"], "Creating", {"name": row["name"]}, iso(ts))
        self.lifecycle.create("resource", resource, ts)
        row["resource"] = resource["uuid"]
        return resource

    def default_volume_type(self, tenant):
        """A real server gives every volume a type: the tenant's default when none is asked for."""
        for volume_type in self.store.tables["volume_type"].values():
            if volume_type["name"] == tenant["default_volume_type_name"] and tenant["uuid"] in volume_type["tenants"]:
                return volume_type
        raise ApiError(400, {"type": ["Tenant %s has no default volume type." % tenant["name"]]})

    def create_volume(self, plan, ts, name=None, instance=None, source_snapshot=None):
        volume = rows.volume_row(name or plan["name"], plan["project"], plan["tenant"], iso(ts), plan["size"])
        image = plan.get("image")
        volume.update({
            "description": plan.get("description", ""), "bootable": plan.get("bootable", False),
            "image": image["uuid"] if image else None, "image_name": image["name"] if image else plan.get("image_name", ""),
            "type": (plan.get("type") or self.default_volume_type(plan["tenant"]))["uuid"],
            "availability_zone": plan["availability_zone"]["uuid"] if plan.get("availability_zone") else None,
            "instance": instance["uuid"] if instance else None,
            "source_snapshot": source_snapshot["uuid"] if source_snapshot else None,
        })
        return self.lifecycle.create("volume", volume, ts)

    def create_instance(self, plan, ts, resource=None):
        """Rows of the instance, its volumes (each with a marketplace resource) and its ports, CREATION_SCHEDULED."""
        tenant, project = plan["tenant"], plan["project"]
        instance = rows.instance_row(plan["name"], project, tenant, iso(ts), plan["flavor"], plan["image"])
        key = plan.get("ssh_key")
        instance.update({
            "description": plan["description"], "user_data": plan["user_data"], "ssh_key": key["uuid"] if key else None,
            "key_name": key["name"] if key else "", "key_fingerprint": key["fingerprint_md5"] if key else "",
            "security_groups": [group["uuid"] for group in plan["security_groups"]],
            "server_group": plan["server_group"]["uuid"] if plan["server_group"] else None,
            "availability_zone": plan["availability_zone"]["uuid"] if plan["availability_zone"] else None,
            "connect_directly_to_external_network": plan["connect_directly_to_external_network"],
            "fails_with": (plan["image"] or {}).get("fails_with", ""), "floating_ip_plan": plan["floating_ips"],
            "resource": resource["uuid"] if resource else None,
        })
        self.lifecycle.create("instance", instance, ts)
        ports = self.create_ports(instance, plan["ports"], ts)
        volumes = []
        offering = self.volume_offering(tenant)
        for spec in plan["volumes"]:
            volume_plan = {"project": project, "tenant": tenant, "size": spec["size"], "type": spec["type"],
                           "bootable": spec["bootable"], "image": plan["image"] if spec["bootable"] else None,
                           "image_name": spec.get("image_name", "")}
            volume = self.create_volume(volume_plan, ts, name=spec["name"], instance=instance,
                                        source_snapshot=spec.get("source_snapshot"))
            self.add_resource(volume, "volume", offering, ts)
            volumes.append(volume["uuid"])
        self.lifecycle.set("instance", instance, ts, ports=ports, volumes=volumes)
        return instance

    def create_ports(self, instance, specs, ts):
        """Ports for ``instance`` from validated, reserved port specs; returns their UUIDs."""
        tenant = self.store.get("tenant", instance["tenant"])
        uuids = []
        for spec in specs:
            if spec["existing"] is not None:
                port = spec["existing"]
                self.lifecycle.set("port", port, ts, instance=instance["uuid"], security_groups=list(instance["security_groups"]))
            else:
                port = self.net.create_port(tenant, spec["subnet"], spec["addresses"][0], instance, instance["security_groups"], ts)
                port["fixed_ips"].extend({"subnet_id": spec["subnet"]["backend_id"], "ip_address": address}
                                         for address in spec["addresses"][1:])
            uuids.append(port["uuid"])
        return uuids

    def build_volume(self, volume, base, on_finished=None):
        """CREATION_SCHEDULED -> CREATING -> OK, available; ``on_finished(ts, error)`` afterwards."""
        def creating(ts):
            if self.lifecycle.alive("volume", volume):
                self.lifecycle.set("volume", volume, ts, state=CREATING, runtime_state="creating", backend_id=backend_uuid())

        def done(ts):
            if self.lifecycle.alive("volume", volume):
                self.lifecycle.set("volume", volume, ts, state=OK, runtime_state="available")
                self.set_resource_state(volume, ts, "OK")
            if on_finished:
                on_finished(ts, "")
        self.lifecycle.chain([creating, done], base=base)

    def build_instance(self, instance, base, on_finished=None):
        """CREATION_SCHEDULED -> CREATING (BUILD) -> OK (ACTIVE, volumes in-use) or ERRED; then ``on_finished(ts, error)``."""
        lifecycle = self.lifecycle

        def volumes():
            return [volume for volume in (self.store.get("volume", uuid) for uuid in instance["volumes"]) if volume]

        def creating(ts):
            if not lifecycle.alive("instance", instance):
                return
            lifecycle.set("instance", instance, ts, state=CREATING, runtime_state="BUILD", backend_id=backend_uuid())
            for volume in volumes():
                lifecycle.set("volume", volume, ts, state=CREATING, runtime_state="creating", backend_id=backend_uuid())

        def done(ts):
            if not lifecycle.alive("instance", instance):
                return
            failure = instance["fails_with"]
            for index, volume in enumerate(volumes()):
                if failure:
                    lifecycle.set("volume", volume, ts, state=OK, runtime_state="available")
                else:
                    lifecycle.set("volume", volume, ts, state=OK, runtime_state="in-use", device="/dev/vd" + "abcdefghijklmnop"[index])
                self.set_resource_state(volume, ts, "OK")
            if failure:
                lifecycle.set("instance", instance, ts, state=ERRED, runtime_state="ERROR", error_message=failure)
            else:
                self._attach_planned_floating_ips(instance, ts)
                lifecycle.set("instance", instance, ts, state=OK, runtime_state="ACTIVE", start_time=iso(ts),
                              hypervisor_hostname="compute-01.demo.example")
            if on_finished:
                on_finished(ts, failure)
        lifecycle.chain([creating, done], base=base)

    def _attach_planned_floating_ips(self, instance, ts):
        tenant = self.store.get("tenant", instance["tenant"])
        project = self.store.get("project", instance["project"])
        attached = []
        for item in instance.pop("floating_ip_plan", []):
            port = self.net.port_on_subnet(instance, item["subnet"]["uuid"])
            fip = item["fip"] if item["fip"] is not None else self.net.take_floating_ip(tenant, project, ts)
            if port is not None:
                self.net.attach_floating_ip(fip, port, ts)
                attached.append(fip["uuid"])
        if attached:
            self.lifecycle.set("instance", instance, ts, floating_ips=instance["floating_ips"] + attached)

    def set_resource_state(self, row, ts, state, error_message=""):
        resource = self.store.get("resource", row.get("resource"))
        if resource is not None:
            self.lifecycle.set("resource", resource, ts, state=state, error_message=error_message)

    # -- removal --------------------------------------------------------------------------------------------------

    def check_instance_deletion(self, instance, action):
        if action == "force_destroy":
            require_state(instance, [OK, ERRED])
        elif instance["state"] == OK and instance["runtime_state"] == "ACTIVE":
            raise conflict("Please stop the instance before its removal.")
        elif not (instance["state"] == ERRED or (instance["state"] == OK and instance["runtime_state"] == "SHUTOFF")):
            raise conflict("Instance should be shutoff and OK or erred. Please contact support.")
        if self.store.first("backup", instance=instance["uuid"]):
            raise conflict("Cannot delete instance that has backups.")
        volume_uuids = set(instance["volumes"])
        if any(snapshot["source_volume"] in volume_uuids for snapshot in self.store.tables["snapshot"].values()):
            raise conflict("Cannot delete instance that has snapshots.")

    def delete_instance(self, instance, delete_volumes, release_floating_ips, on_finished=None):
        """Data volumes are detached (and deleted if asked), the system volume is deleted, ports go, floating IPs
        are released or kept."""
        lifecycle = self.lifecycle
        volumes = [volume for volume in (self.store.get("volume", uuid) for uuid in instance["volumes"]) if volume]
        doomed = [volume for volume in volumes if volume["bootable"] or delete_volumes]
        kept = [volume for volume in volumes if volume not in doomed]

        def deleting(ts):
            for volume in kept:
                lifecycle.set("volume", volume, ts, state=UPDATING, runtime_state="detaching")
            for volume in doomed:
                lifecycle.set("volume", volume, ts, state=DELETING, runtime_state="deleting")

        def deleted(ts):
            for volume in kept:
                lifecycle.set("volume", volume, ts, state=OK, runtime_state="available", instance=None, device="")
            for volume in doomed:
                self.set_resource_state(volume, ts, "Terminated")
                lifecycle.delete("volume", volume, ts)
            self.release_network(instance, ts, release_floating_ips)
            if on_finished:
                on_finished(ts)

        lifecycle.run_deletion("instance", instance, on_deleting=deleting, on_deleted=deleted)

    def release_network(self, instance, ts, release_floating_ips=False):
        for uuid in instance["floating_ips"]:
            fip = self.store.get("floating_ip", uuid)
            if fip is None:
                continue
            if release_floating_ips:
                self.lifecycle.delete("floating_ip", fip, ts)
            else:
                self.net.detach_floating_ip(fip, ts)
        for uuid in instance["ports"]:
            port = self.store.get("port", uuid)
            if port:
                self.net.remove_port(port, ts)

    def check_volume_deletion(self, volume):
        if volume["state"] not in (OK, ERRED):
            raise conflict("Volume should be in OK state.")
        require_runtime_state(volume, DELETABLE_VOLUME_RUNTIME_STATES)
        if self.store.first("snapshot", source_volume=volume["uuid"]):
            raise conflict("Volume has dependent snapshots.")

    def delete_volume(self, volume, on_finished=None):
        def deleting(ts):
            self.lifecycle.set("volume", volume, ts, runtime_state="deleting")

        def deleted(ts):
            self.set_resource_state(volume, ts, "Terminated")
            if on_finished:
                on_finished(ts)

        self.lifecycle.run_deletion("volume", volume, on_deleting=deleting, on_deleted=deleted)
