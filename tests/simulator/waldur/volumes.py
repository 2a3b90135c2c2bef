"""Volumes: the shared resource endpoints plus attach, detach, extend, retype and snapshot."""

from ..server import ApiError, Response
from . import quotas
from .filters import Custom, Exact, FilterSet, Lookups, Url, Uuid
from .lifecycle import OK
from .refs import resolve_field
from .replies import conflict, require_runtime_state, require_state, scheduled
from .resources import register_resource_endpoints
from .snapshots import SNAPSHOT_SPEC, build_snapshots, check_snapshot_quota, new_snapshot
from .validation import Boolean, Integer, Name, Text, parse, require_object

UPDATE_SPEC = {"name": Name(required=True), "description": Text(4096), "bootable": Boolean()}
DEVICE_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class VolumeActions:
    def __init__(self, app):
        self.app = app
        self.store = app.store
        self.lifecycle = app.lifecycle

    def next_device(self, instance):
        used = {volume["device"] for volume in (self.store.get("volume", uuid) for uuid in instance["volumes"]) if volume}
        return next("/dev/vd" + letter for letter in DEVICE_LETTERS if "/dev/vd" + letter not in used)

    def attach(self, request, volume):
        require_state(volume, [OK])
        require_runtime_state(volume, ["available"])
        instance = resolve_field(self.store, require_object(request.json()), ["instance"], "instance")
        if instance["state"] != OK or instance["runtime_state"] not in ("ACTIVE", "SHUTOFF"):
            raise ApiError(400, {"instance": ["Volume can be attached only to shutoff or active instance in OK state."]})
        if instance["tenant"] != volume["tenant"] or instance["project"] != volume["project"]:
            raise ApiError(400, {"instance": ["Volume and instance should belong to the same service and project."]})
        ts = self.lifecycle.now()
        self.lifecycle.set("volume", volume, ts, instance=instance["uuid"], device="")
        self.lifecycle.set("instance", instance, ts, volumes=instance["volumes"] + [volume["uuid"]])

        def attaching(step_ts):
            self.lifecycle.set("volume", volume, step_ts, runtime_state="attaching")

        def attached(step_ts):
            self.lifecycle.set("volume", volume, step_ts, runtime_state="in-use", device=self.next_device(instance))

        self.lifecycle.run_action("volume", volume, "Attach", {"message": "Attach volume to instance %s" % instance["name"]},
                                  on_updating=attaching, on_done=attached)
        return scheduled("attach was scheduled")

    def detach(self, _request, volume):
        require_state(volume, [OK])
        if volume["bootable"]:
            raise conflict("Volume cannot be bootable.")
        instance = self.store.get("instance", volume["instance"])
        if instance is None:
            raise conflict("Volume is not attached to an instance.")
        require_runtime_state(volume, ["in-use"])

        def detaching(ts):
            self.lifecycle.set("volume", volume, ts, runtime_state="detaching")

        def detached(ts):
            self.lifecycle.set("volume", volume, ts, runtime_state="available", instance=None, device="")
            if self.lifecycle.alive("instance", instance):
                self.lifecycle.set("instance", instance, ts, volumes=[uuid for uuid in instance["volumes"] if uuid != volume["uuid"]])

        self.lifecycle.run_action("volume", volume, "Detach", {"message": "Detach volume from instance %s" % instance["name"]},
                                  on_updating=detaching, on_done=detached)
        return scheduled("detach was scheduled")

    def extend(self, request, volume):
        require_state(volume, [OK])
        instance = self.store.get("instance", volume["instance"])
        if volume["bootable"]:
            raise conflict("Volume cannot be bootable.")
        if instance is not None and instance["state"] != OK:
            raise conflict("Volume instance should be in OK state.")
        if instance is not None and instance["runtime_state"] != "SHUTOFF":
            raise conflict("Volume instance should be in shutoff state.")
        new_size = parse(request.json(), {"disk_size": Integer(min_value=1, required=True)})["disk_size"]
        old_size = volume["size"]
        if new_size < old_size + 1024:
            raise ApiError(400, {"disk_size": ["Disk size should be greater or equal to %d" % (old_size + 1024)]})
        quotas.check(self.store, self.store.get("tenant", volume["tenant"]), {"storage": new_size - old_size})
        runtime_state = volume["runtime_state"]
        self.lifecycle.set("volume", volume, self.lifecycle.now(), size=new_size)
        details = {"message": "Extend volume from %d MiB to %d MiB" % (old_size, new_size), "old_size": old_size,
                   "new_size": new_size}
        self.lifecycle.run_action(
            "volume", volume, "Extend", details,
            on_updating=lambda ts: self.lifecycle.set("volume", volume, ts, runtime_state="extending"),
            on_done=lambda ts: self.lifecycle.set("volume", volume, ts, runtime_state=runtime_state))
        return scheduled("extend was scheduled")

    def retype(self, request, volume):
        require_state(volume, [OK])
        require_runtime_state(volume, ["available"])
        volume_type = resolve_field(self.store, require_object(request.json()), ["type"], "volume_type")
        if volume_type["uuid"] == volume["type"]:
            raise ApiError(400, {"type": ["Volume already has requested type."]})
        if volume["tenant"] not in volume_type["tenants"]:
            raise ApiError(400, {"type": ["Volume type is not visible in tenant."]})
        self.lifecycle.set("volume", volume, self.lifecycle.now(), type=volume_type["uuid"])
        self.lifecycle.run_action(
            "volume", volume, "Retype", {"message": "Retype volume to %s" % volume_type["name"]},
            on_updating=lambda ts: self.lifecycle.set("volume", volume, ts, runtime_state="retyping"),
            on_done=lambda ts: self.lifecycle.set("volume", volume, ts, runtime_state="available"))
        return scheduled("retype was scheduled")

    def snapshot(self, request, volume):
        cleaned = parse(request.json(), SNAPSHOT_SPEC)
        check_snapshot_quota(self.app, [volume])
        ts = self.lifecycle.now()
        snapshot = new_snapshot(self.app, volume, ts, cleaned["name"], cleaned.get("description", ""),
                                cleaned.get("kept_until"), cleaned.get("metadata"))
        build_snapshots(self.app, [snapshot], ts)
        return Response(self.app.serializer(request).snapshot(snapshot), 201)

    def unlinked(self, volume, ts):
        instance = self.store.get("instance", volume["instance"])
        if instance is not None:
            self.lifecycle.set("instance", instance, ts, volumes=[uuid for uuid in instance["volumes"] if uuid != volume["uuid"]])


def register(app):
    store = app.store
    lookups = Lookups(store)
    actions = VolumeActions(app)

    def zone_name(row):
        zone = store.get("volume_az", row["availability_zone"])
        return zone["name"] if zone else None

    def attachable_to(value):
        instance = store.get("instance", Uuid("attach_instance_uuid").parse(value))
        if instance is None:
            return lambda row: False
        return lambda row: (row["tenant"] == instance["tenant"] and row["project"] == instance["project"]
                            and row["state"] == OK and row["runtime_state"] == "available")

    filterset = FilterSet(lookups.structure() + lookups.in_tenant() + [
        Exact("runtime_state"), Exact("availability_zone_name", zone_name), Custom("attach_instance_uuid", attachable_to),
        Url("instance", "instance"), Uuid("instance_uuid", "instance"), Url("snapshot", "snapshot", "source_snapshot"),
        Uuid("snapshot_uuid", "source_snapshot"), Custom("external_ip", lambda value: lambda row: False),
    ])

    def instance_name(row):
        instance = store.get("instance", row["instance"])
        return instance["name"] if instance else ""

    orderings = lookups.resource_orderings(size=lambda row: row["size"], instance_name=instance_name)
    register_resource_endpoints(app, "volume", filterset, orderings, UPDATE_SPEC,
                                on_unlink=actions.unlinked)
    for name in ("attach", "detach", "extend", "retype", "snapshot"):
        app.on_object("POST", "volume", name, getattr(actions, name))
