"""Instances: list (with every filter of the API), get, rename / retag, delete, and the reseller-wide search."""

from ..server import Response
from . import deletion
from .errors import bad_request, invalid
from .instance_filters import InstanceFilter, ordered, reject_undeclared
from .instance_view import LEGACY_LIST_REGIONS, InstanceView, legacy_list_row
from .lifecycle import change
from .paging import page, whole
from .params import body_object, flag


def instance_view(store, request):
    return InstanceView(store, with_interfaces_name=flag(request, "with_interfaces_name"), with_ddos=flag(request, "with_ddos"))


def merged_tags(instance, patch):
    """The tags after a JSON merge patch: a null value deletes a key, a null patch deletes every user tag."""
    read_only = instance["read_only_tags"]
    if patch is None:
        return {key: value for key, value in instance["tags"].items() if key in read_only}
    if not isinstance(patch, dict):
        raise invalid("tags: value is not a valid dict")
    tags = dict(instance["tags"])
    for key, value in patch.items():
        if key in read_only:
            raise bad_request("Tag %s is read-only" % key, "ReadOnlyTag")
        if value is None:
            tags.pop(key, None)
        elif not isinstance(value, str) or not key or len(key) > 255 or len(value) > 255:
            raise invalid("tags.%s: keys and values must be strings of 1 to 255 characters" % key)
        else:
            tags[key] = value
    return tags


def register(app):
    store = app.store

    def listing(request, project_id, region_id):
        reject_undeclared(request)
        rows = InstanceFilter(request, store).apply(store.in_region("instance", project_id, region_id))
        serialize = instance_view(store, request).instance
        if region_id in LEGACY_LIST_REGIONS:
            return page(request, ordered(request, rows), lambda row: legacy_list_row(serialize(row)))
        return page(request, ordered(request, rows), serialize)

    def detail(request, instance):
        return Response(instance_view(store, request).instance(instance), objects=1)

    def update(request, instance):
        body = body_object(request)
        fields = {}
        if "name" in body:
            fields["name"] = body["name"]
            if not isinstance(fields["name"], str) or not fields["name"].strip() or len(fields["name"]) > 255:
                raise invalid("name: must be a string of 1 to 255 characters")
        if "tags" in body:
            fields["tags"] = merged_tags(instance, body["tags"])
        change(app.scheduler, instance, app.scheduler.now(), **fields)
        return Response(instance_view(store, request).instance(instance))

    def search(request):
        name, instance_id = request.param("name"), request.param("id")
        if not name and not instance_id:
            raise bad_request("Specify name or id")
        found = [row for row in store.rows("instance") if (not name or row["name"] == name)
                 and (not instance_id or row["id"] == instance_id)]
        return whole([{"id": row["id"], "name": row["name"], "project_id": row["project_id"],
                       "project_name": store.get("project", row["project_id"])["name"], "region_id": row["region_id"],
                       "region_name": store.get("region", row["region_id"])["display_name"],
                       "client_id": store.get("project", row["project_id"])["client_id"]} for row in found])

    app.route("GET", "/cloud/v1/instances/search", search)
    app.route("GET", "/cloud/v1/instances/{project_id}/{region_id}", listing)
    app.on_instance("GET", "v1", "", detail)
    app.on_instance("PATCH", "v1", "", update)
    app.on_instance("DELETE", "v1", "", lambda request, instance: deletion.delete(app, request, instance))
