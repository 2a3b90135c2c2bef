"""What instances, volumes, snapshots and backups have in common: list, retrieve, PUT/PATCH, pull and unlink."""

from ..server import ApiError, Response
from .lifecycle import ERRED, OK
from .replies import require_state
from .validation import parse

PULL_SCHEDULED = {"detail": "Pull operation was successfully scheduled."}


def register_resource_endpoints(app, kind, filterset, orderings, update_spec, update_lifecycle=True, on_unlink=None):
    """Expose ``kind`` with the endpoints every OpenStack resource has.

    ``update_lifecycle``: PUT/PATCH need OK and go through UPDATE_SCHEDULED (false for backups).
    ``on_unlink(row, ts)``: detach what Waldur's database would cascade when the row is deleted.
    """
    lifecycle = app.lifecycle
    app.expose(kind, filterset, orderings)

    def update(request, row):
        if update_lifecycle:
            require_state(row, [OK])
        cleaned = parse(request.json(), update_spec, partial=request.method == "PATCH")
        lifecycle.set(kind, row, lifecycle.now(), **cleaned)
        if update_lifecycle:
            lifecycle.run_action(kind, row, row["action"], row["action_details"])
        return Response(app.serializer(request).serialize(kind, row))

    def pull(_request, row):
        require_state(row, [OK, ERRED])
        if not row["backend_id"]:
            raise ApiError(400, ["Resource does not have backend ID."])
        lifecycle.run_action(kind, row, "Pull")
        return Response(PULL_SCHEDULED, 202)

    def unlink(_request, row):
        ts = lifecycle.now()
        if on_unlink:
            on_unlink(row, ts)
        terminate_marketplace_resource(app, row, ts)
        lifecycle.delete(kind, row, ts)
        return Response(None, 204)

    app.on_object(["PUT", "PATCH"], kind, "", update)
    app.on_object("POST", kind, "pull", pull)
    app.on_object("POST", kind, "unlink", unlink)


def terminate_marketplace_resource(app, row, ts):
    """The marketplace resource of a removed OpenStack object stays listed as Terminated."""
    resource = app.store.get("resource", row.get("resource"))
    if resource is not None:
        app.lifecycle.set("resource", resource, ts, state="Terminated")
