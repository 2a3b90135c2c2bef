"""Instances: the shared resource endpoints plus power actions, flavor change, network updates, backups and the
console sub-resources."""

import hashlib

from ..server import ApiError, Response
from . import quotas
from .filters import Custom, Exact, FilterSet, Lookups, Uuid
from .lifecycle import OK
from .listing import plain_list_response
from .refs import Invalid, error_at, resolve_field
from .replies import conflict, require_runtime_state, require_state, scheduled
from .resources import register_resource_endpoints
from .snapshots import build_snapshots, check_snapshot_quota, new_snapshot
from .store import backend_uuid, iso, new_uuid
from .validation import DateTime, Integer, Name, Text, parse, require_object

UPDATE_SPEC = {"name": Name(required=True), "description": Text(4096)}
BACKUP_SPEC = {"name": Name(required=True), "description": Text(4096), "kept_until": DateTime(allow_null=True)}


def port_copy(port):
    """What a backup remembers of a port."""
    return {key: (list(value) if isinstance(value, list) else value) for key, value in port.items()}


class InstanceActions:
    def __init__(self, app):
        self.app = app
        self.store = app.store
        self.lifecycle = app.lifecycle
        self.provisioner = app.provisioner
        self.net = app.provisioner.net

    def _set(self, instance, ts, **changes):
        self.lifecycle.set("instance", instance, ts, **changes)

    # -- power ----------------------------------------------------------------------------------------------------

    def start(self, _request, instance):
        require_state(instance, [OK])
        if instance["runtime_state"] == "ACTIVE":
            raise conflict("Instance is already active.")
        require_runtime_state(instance, ["SHUTOFF"])
        self.lifecycle.run_action("instance", instance, "Start", on_done=lambda ts: self._set(
            instance, ts, runtime_state="ACTIVE", start_time=iso(ts)))
        return scheduled("start was scheduled")

    def stop(self, _request, instance):
        require_state(instance, [OK])
        if instance["runtime_state"] == "SHUTOFF":
            raise conflict("Instance is already stopped.")
        require_runtime_state(instance, ["ACTIVE"])
        self.lifecycle.run_action("instance", instance, "Stop", on_done=lambda ts: self._set(
            instance, ts, runtime_state="SHUTOFF", start_time=None))
        return scheduled("stop was scheduled")

    def restart(self, _request, instance):
        require_state(instance, [OK])
        if instance["runtime_state"] == "SHUTOFF":
            raise conflict("Please start instance first.")
        require_runtime_state(instance, ["ACTIVE"])
        self.lifecycle.run_action("instance", instance, "Restart",
                                  on_updating=lambda ts: self._set(instance, ts, runtime_state="REBOOT"),
                                  on_done=lambda ts: self._set(instance, ts, runtime_state="ACTIVE", start_time=iso(ts)))
        return scheduled("restart was scheduled")

    def change_flavor(self, request, instance):
        require_state(instance, [OK])
        if instance["runtime_state"] == "ACTIVE":
            raise conflict("Please stop the instance before changing its flavor.")
        require_runtime_state(instance, ["SHUTOFF"])
        flavor = resolve_field(self.store, require_object(request.json()), ["flavor"], "flavor")
        if flavor["name"] == instance["flavor_name"]:
            raise ApiError(400, {"flavor": ["New flavor is the same as current."]})
        if instance["tenant"] not in flavor["tenants"]:
            raise ApiError(400, {"flavor": ["New flavor is not visible in tenant."]})
        quotas.check(self.store, self.store.get("tenant", instance["tenant"]),
                     {"vcpu": flavor["cores"] - instance["cores"], "ram": flavor["ram"] - instance["ram"]})
        self._set(instance, self.lifecycle.now(), flavor=flavor["uuid"], flavor_name=flavor["name"],
                  flavor_disk=flavor["disk"], cores=flavor["cores"], ram=flavor["ram"])
        self.lifecycle.run_action("instance", instance, "Change flavor",
                                  {"message": "Change flavor to %s" % flavor["name"]},
                                  on_updating=lambda ts: self._set(instance, ts, runtime_state="VERIFY_RESIZE"),
                                  on_done=lambda ts: self._set(instance, ts, runtime_state="SHUTOFF"))
        return scheduled("change_flavor was scheduled")

    # -- network ------------------------------------------------------------------------------------------------

    def update_security_groups(self, request, instance):
        require_state(instance, [OK])
        body = require_object(request.json())
        if "security_groups" not in body:
            raise error_at(["security_groups"], "This field is required.")
        rows = self.app.generation.security_groups(self.store, body["security_groups"])
        for row in rows:
            if row["tenant"] != instance["tenant"]:
                raise error_at(["security_groups"], "Security group %s is not within the same tenant" % row["name"])
        groups = [group["uuid"] for group in rows]
        ts = self.lifecycle.now()
        self._set(instance, ts, security_groups=groups)
        for uuid in instance["ports"]:
            self.lifecycle.set("port", self.store.get("port", uuid), ts, security_groups=list(groups))
        self.lifecycle.run_action("instance", instance, "Update security groups")
        return scheduled("security groups update was scheduled")

    def update_ports(self, request, instance):
        require_state(instance, [OK])
        body = require_object(request.json())
        if "ports" not in body:
            raise error_at(["ports"], "This field is required.")
        tenant = self.store.get("tenant", instance["tenant"])
        old_ports = [self.store.get("port", uuid) for uuid in instance["ports"]]
        ts = self.lifecycle.now()
        # The instance's own addresses may be kept: free them while the new ports are validated.
        held = [(self.store.get("subnet", port["subnet"]), ip["ip_address"]) for port in old_ports for ip in port["fixed_ips"]]
        for subnet, address in held:
            subnet["used_ips"].discard(address)
        try:
            specs = self.provisioner.ports_of(_without_empty_ports(body["ports"]), tenant)
        finally:
            for subnet, address in held:
                subnet["used_ips"].add(address)
        for uuid in instance["floating_ips"]:
            self.net.detach_floating_ip(self.store.get("floating_ip", uuid), ts)
        for port in old_ports:
            self.net.remove_port(port, ts)
        self.provisioner.reserve_addresses(specs)
        self._set(instance, ts, ports=self.provisioner.create_ports(instance, specs, ts), floating_ips=[])
        self.lifecycle.run_action("instance", instance, "Update ports")
        return scheduled("internal ips update was scheduled")

    def update_floating_ips(self, request, instance):
        require_state(instance, [OK])
        body = require_object(request.json())
        items = body.get("floating_ips", [])
        if not isinstance(items, list):
            raise error_at(["floating_ips"], 'Expected a list of items but got type "%s".' % type(items).__name__)
        tenant = self.store.get("tenant", instance["tenant"])
        project = self.store.get("project", instance["project"])
        wanted = []
        for index, item in enumerate(items):
            path = ["floating_ips", index]
            item = require_object(item)
            subnet = resolve_field(self.store, item, path + ["subnet"], "subnet")
            port = self.net.port_on_subnet(instance, subnet["uuid"])
            if port is None:
                raise error_at(path + ["subnet"], "SubNet %s is not connected to the instance." % subnet["name"])
            fip = resolve_field(self.store, item, path + ["url"], "floating_ip", required=False)
            if fip is not None and fip["instance"] != instance["uuid"]:
                try:
                    self.net.check_floating_ip(tenant, fip)
                except Invalid as exc:
                    raise error_at(path + ["url"], exc.message) from exc
            wanted.append((port, fip))
        quotas.check(self.store, tenant, {"floating_ip_count": self.provisioner.new_floating_ips_needed(
            tenant, [{"fip": fip} for _port, fip in wanted])})
        ts = self.lifecycle.now()
        keep = {fip["uuid"] for _port, fip in wanted if fip is not None}
        for uuid in instance["floating_ips"]:
            if uuid not in keep:
                self.net.detach_floating_ip(self.store.get("floating_ip", uuid), ts)
        attached = []
        for port, fip in wanted:
            fip = fip or self.net.take_floating_ip(tenant, project, ts)
            self.net.attach_floating_ip(fip, port, ts)
            attached.append(fip["uuid"])
        self._set(instance, ts, floating_ips=attached)
        self.lifecycle.run_action("instance", instance, "Update floating IPs")
        return scheduled("Floating IPs update was scheduled.")

    def update_allowed_address_pairs(self, request, instance):
        require_state(instance, [OK])
        body = require_object(request.json())
        subnet = resolve_field(self.store, body, ["subnet"], "subnet")
        pairs = body.get("allowed_address_pairs")
        if not isinstance(pairs, list):
            raise error_at(["allowed_address_pairs"], "This field is required.")
        port = self.net.port_on_subnet(instance, subnet["uuid"])
        if port is None:
            raise error_at(["subnet"], "Instance is not connected to subnet %s." % subnet["name"])
        cleaned = []
        for index, pair in enumerate(pairs):
            pair = require_object(pair)
            if not pair.get("ip_address"):
                raise error_at(["allowed_address_pairs", index, "ip_address"], "This field is required.")
            cleaned.append({"ip_address": pair["ip_address"], "mac_address": pair.get("mac_address") or port["mac_address"]})
        self.lifecycle.set("port", port, self.lifecycle.now(), allowed_address_pairs=cleaned)
        self.lifecycle.run_action("instance", instance, "Update allowed address pairs")
        return scheduled("allowed address pairs update was scheduled")

    # -- backups ------------------------------------------------------------------------------------------------

    def backup(self, request, instance):
        require_state(instance, [OK])
        cleaned = parse(request.json(), BACKUP_SPEC)
        volumes = [self.store.get("volume", uuid) for uuid in instance["volumes"]]
        volumes = [volume for volume in volumes if volume]
        if volumes:
            check_snapshot_quota(self.app, volumes)
        ts = self.lifecycle.now()
        backup = {key: instance[key] for key in ("project", "customer", "service_settings", "tenant")}
        backup.update({
            "uuid": new_uuid(), "name": cleaned["name"], "description": cleaned.get("description", ""),
            "state": "CREATION_SCHEDULED", "error_message": "", "error_traceback": "", "created": iso(ts), "modified": iso(ts),
            "backend_id": "", "action": "", "action_details": {}, "runtime_state": "", "resource": None,
            "instance": instance["uuid"], "kept_until": cleaned.get("kept_until"), "restorations": [],
            "metadata": {
                "name": instance["name"], "description": instance["description"], "flavor_name": instance["flavor_name"],
                "image_name": instance["image_name"], "min_ram": instance["min_ram"], "min_disk": instance["min_disk"],
                "key_name": instance["key_name"], "key_fingerprint": instance["key_fingerprint"],
                "user_data": instance["user_data"],
            },
            "instance_security_groups": list(instance["security_groups"]),
            "instance_ports": [port_copy(self.store.get("port", uuid)) for uuid in instance["ports"]],
            "instance_floating_ips": [self._floating_ip_copy(uuid) for uuid in instance["floating_ips"]],
        })
        self.lifecycle.create("backup", backup, ts)
        snapshots = [new_snapshot(self.app, volume, ts, "Part of backup: %s (volume: %s)" % (backup["name"], volume["name"]),
                                  kept_until=backup["kept_until"], backup=backup) for volume in volumes]
        backup["snapshots"] = [snapshot["uuid"] for snapshot in snapshots]

        def creating(step_ts):
            if self.lifecycle.alive("backup", backup):
                self.lifecycle.set("backup", backup, step_ts, state="CREATING", backend_id=backend_uuid())

        def done(step_ts):
            if self.lifecycle.alive("backup", backup):
                self.lifecycle.set("backup", backup, step_ts, state=OK)

        build_snapshots(self.app, snapshots, ts)
        self.lifecycle.chain([creating, done], base=ts)
        return Response(self.app.serializer(request).backup(backup), 201)

    def _floating_ip_copy(self, uuid):
        fip = dict(self.store.get("floating_ip", uuid))
        port = self.store.get("port", fip["port"])
        fip["port_copy"] = port_copy(port) if port else None
        return fip

    # -- read-only sub-resources ---------------------------------------------------------------------------------

    def console(self, _request, instance):
        require_state(instance, [OK])
        require_runtime_state(instance, ["ACTIVE"])
        token = hashlib.sha256(instance["uuid"].encode()).hexdigest()[:32]
        return Response({"url": "https://console.demo.example/vnc_auto.html?path=%%3Ftoken%%3D%s" % token})

    def console_log(self, request, instance):
        require_state(instance, [OK])
        length = request.param("length")
        lines = boot_log(instance)
        if length not in (None, ""):
            try:
                count = Integer(min_value=0).clean(length)
            except Invalid as exc:
                raise ApiError(400, {"length": [exc.message]}) from exc
            lines = lines[-count:] if count else []
        return Response("\n".join(lines) + ("\n" if lines else ""))

    def floating_ips(self, request, instance):
        serializer = self.app.serializer(request)
        fips = (self.store.get("floating_ip", uuid) for uuid in instance["floating_ips"])
        return plain_list_response([serializer.nested_floating_ip(fip) for fip in fips if fip])

    def ports(self, request, instance):
        serializer = self.app.serializer(request)
        ports = (self.store.get("port", uuid) for uuid in instance["ports"])
        return plain_list_response([serializer.nested_port(port) for port in ports if port])

    def unlinked(self, instance, ts):
        """Waldur's database forgets the instance: volumes lose it, ports go, floating IPs are detached."""
        for uuid in instance["volumes"]:
            volume = self.store.get("volume", uuid)
            if volume:
                self.lifecycle.set("volume", volume, ts, instance=None, device="")
        self.provisioner.release_network(instance, ts)


def boot_log(instance):
    """A plausible console log for ``instance``."""
    if instance["runtime_state"] == "ERROR":
        return ["[    0.000000] Booting from image %s" % instance["image_name"], "[    1.204511] Kernel panic - not syncing"]
    return [
        "[    0.000000] Linux version 6.8.0-simulated (builder@demo.example)",
        "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=LABEL=cloudimg-rootfs ro console=ttyS0",
        "[    0.512034] virtio_blk virtio2: [vda] %d 512-byte logical blocks" % (instance["flavor_disk"] * 2048),
        "[    2.118204] EXT4-fs (vda1): mounted filesystem with ordered data mode.",
        "[    4.730112] cloud-init[512]: Cloud-init v. 24.1 running 'init' at %s." % instance["created"],
        "[    5.002871] cloud-init[512]: ci-info: +++++++++++++++++++++++Net device info+++++++++++++++++++++++",
        "[    6.441002] cloud-init[640]: Set hostname to <%s>" % instance["name"],
        "[    7.992310] cloud-init[701]: Authorized keys from key %s" % (instance["key_name"] or "<none>"),
        "%s login:" % instance["name"],
    ]


def register(app):
    store = app.store
    lookups = Lookups(store)
    actions = InstanceActions(app)

    def zone_name(row):
        zone = store.get("instance_az", row["availability_zone"])
        return zone["name"] if zone else None

    def external_ips(row):
        return [fip["address"] for fip in (store.get("floating_ip", uuid) for uuid in row["floating_ips"]) if fip]

    def internal_ips(row):
        return [ip["ip_address"] for port in (store.get("port", uuid) for uuid in row["ports"]) if port for ip in port["fixed_ips"]]

    def query(value):
        needle = value.lower()
        return lambda row: (needle in row["name"].lower() or any(needle in ip for ip in internal_ips(row))
                            or any(needle in ip for ip in external_ips(row)))

    def attachable_for(value):
        volume = store.get("volume", Uuid("attach_volume_uuid").parse(value))
        if volume is None:
            return lambda row: False
        return lambda row: (row["tenant"] == volume["tenant"] and row["project"] == volume["project"]
                            and row["state"] == OK and row["runtime_state"] in ("ACTIVE", "SHUTOFF"))

    filterset = FilterSet(lookups.structure() + lookups.in_tenant() + [
        Exact("runtime_state"), Exact("availability_zone_name", zone_name), Custom("attach_volume_uuid", attachable_for),
        Custom("external_ip", lambda value: lambda row: value in external_ips(row)), Custom("query", query),
    ])
    orderings = lookups.resource_orderings(
        start_time=lambda row: row["start_time"] or "", ip_address=lambda row: (internal_ips(row) or [""])[0],
        external_ips=lambda row: (external_ips(row) or [""])[0])
    register_resource_endpoints(app, "instance", filterset, orderings, UPDATE_SPEC, on_unlink=actions.unlinked)
    for name in ("start", "stop", "restart", "change_flavor", "update_security_groups", "update_ports", "update_floating_ips",
                 "update_allowed_address_pairs", "backup"):
        app.on_object("POST", "instance", name, getattr(actions, name))
    for name in ("console", "console_log", "floating_ips", "ports"):
        app.on_object("GET", "instance", name, getattr(actions, name))


def _without_empty_ports(items):
    """A real 8.x server answers 202 to an update_ports item ``{"subnet": null}`` (recorded); what it then does
    with it is not recorded. The simulator takes such an item as no port at all (a guess, see the README)."""
    if not isinstance(items, list):
        return items
    return [item for item in items if not (isinstance(item, dict) and item.get("subnet") is None and item.get("port") is None)]
