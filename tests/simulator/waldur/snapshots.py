"""Snapshots: list, retrieve, update, delete, restorations, restore; and how snapshots are made and built."""

from ..server import Response
from . import quotas, rows
from .filters import Custom, Exact, FilterSet, Lookups, Url, Uuid
from .lifecycle import CREATING, ERRED, OK
from .listing import plain_list_response
from .replies import require_state
from .resources import register_resource_endpoints
from .store import backend_uuid, iso, new_uuid
from .validation import DateTime, JsonValue, Name, Text, parse

# The body of PUT/PATCH on a snapshot and of POST on a volume's snapshot action.
SNAPSHOT_SPEC = {"name": Name(required=True), "description": Text(4096), "kept_until": DateTime(allow_null=True),
                 "metadata": JsonValue()}
DELETION_SCHEDULED_REPLY = {"detail": "Deletion was scheduled."}


def new_snapshot(app, volume, ts, name, description="", kept_until=None, metadata=None, backup=None):
    """A snapshot row of ``volume`` in CREATION_SCHEDULED (its size is the volume's size)."""
    snapshot = rows.snapshot_row(name, volume, iso(ts), description=description, kept_until=kept_until)
    snapshot["metadata"] = metadata or {}
    snapshot["backup"] = backup["uuid"] if backup else None
    return app.lifecycle.create("snapshot", snapshot, ts)


def build_snapshots(app, snapshots, base, on_done=None):
    """CREATION_SCHEDULED -> CREATING -> OK, runtime "" -> creating -> available, for several snapshots at once."""
    lifecycle = app.lifecycle

    def creating(ts):
        for snapshot in snapshots:
            if lifecycle.alive("snapshot", snapshot):
                lifecycle.set("snapshot", snapshot, ts, state=CREATING, runtime_state="creating", backend_id=backend_uuid())

    def done(ts):
        for snapshot in snapshots:
            if lifecycle.alive("snapshot", snapshot):
                lifecycle.set("snapshot", snapshot, ts, state=OK, runtime_state="available")
        if on_done:
            on_done(ts)

    lifecycle.chain([creating, done], base=base)


def check_snapshot_quota(app, volumes):
    tenant = app.store.get("tenant", volumes[0]["tenant"])
    quotas.check(app.store, tenant, {"snapshots": len(volumes), "storage": sum(volume["size"] for volume in volumes)})


def register(app):
    store, lifecycle, provisioner = app.store, app.lifecycle, app.provisioner
    lookups = Lookups(store)
    filterset = FilterSet(lookups.structure() + lookups.in_tenant() + [
        Exact("runtime_state"), Url("source_volume", "volume"), Uuid("source_volume_uuid", "source_volume"),
        Url("backup", "backup"), Uuid("backup_uuid", "backup"), Custom("external_ip", lambda value: lambda row: False),
    ])

    def source_volume_name(row):
        volume = store.get("volume", row["source_volume"])
        return volume["name"] if volume else ""

    orderings = lookups.resource_orderings(size=lambda row: row["size"], source_volume_name=source_volume_name)
    register_resource_endpoints(app, "snapshot", filterset, orderings, SNAPSHOT_SPEC)

    def destroy(_request, snapshot):
        require_state(snapshot, [OK, ERRED])
        lifecycle.run_deletion("snapshot", snapshot, on_deleting=lambda ts: lifecycle.set(
            "snapshot", snapshot, ts, runtime_state="deleting"))
        return Response(DELETION_SCHEDULED_REPLY, 202)

    def restorations(request, snapshot):
        return plain_list_response(app.serializer(request).snapshot_restorations(snapshot))

    def restore(request, snapshot):
        require_state(snapshot, [OK])
        cleaned = parse(request.json(), {"name": Name(required=True), "description": Text(4096)})
        tenant = store.get("tenant", snapshot["tenant"])
        project = store.get("project", snapshot["project"])
        quotas.check(store, tenant, {"volumes": 1, "storage": snapshot["size"]})
        ts = lifecycle.now()
        plan = {"project": project, "tenant": tenant, "name": cleaned["name"], "description": cleaned.get("description", ""),
                "size": snapshot["size"], "type": store.get("volume_type", snapshot["source_type"]), "bootable": False,
                "image": None, "image_name": snapshot["source_image_name"], "availability_zone": None}
        volume = provisioner.create_volume(plan, ts, source_snapshot=snapshot)
        provisioner.add_resource(volume, "volume", provisioner.volume_offering(tenant), ts)
        restoration = {"uuid": new_uuid(), "created": iso(ts), "description": cleaned.get("description", ""),
                       "volume": volume["uuid"]}
        lifecycle.set("snapshot", snapshot, ts, restorations=snapshot["restorations"] + [restoration])
        provisioner.build_volume(volume, ts)
        return Response(app.serializer(request).volume(volume), 201)

    app.on_object("DELETE", "snapshot", "", destroy)
    app.on_object("GET", "snapshot", "restorations", restorations)
    app.on_object("POST", "snapshot", "restore", restore)
