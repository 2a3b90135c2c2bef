"""Instance metadata: the v1 ``metadata`` endpoints and the v2 ``metadata_item``. Metadata items are the instance's
tags, so they show up in ``tags`` and the tag filters; read-only items cannot be changed."""

from urllib.parse import unquote

from ..server import Response
from .errors import bad_request, invalid, not_found
from .lifecycle import change
from .paging import whole
from .params import body_object, string_map


def item_view(instance, key):
    return {"key": key, "value": instance["tags"][key], "read_only": key in instance["read_only_tags"]}


def register(app):
    scheduler = app.scheduler

    def write(instance, tags):
        change(scheduler, instance, scheduler.now(), tags=tags)
        return Response(None, 204)

    def writable(instance, keys):
        locked = sorted(set(keys) & instance["read_only_tags"])
        if locked:
            raise bad_request("Metadata %s is read-only" % ", ".join(locked), "ReadOnlyTag")

    def item(instance, key):
        if not key:
            raise invalid("key: field required")
        if key not in instance["tags"]:
            raise not_found("Metadata item", key)
        return key

    def listing(_request, instance):
        return whole([item_view(instance, key) for key in instance["tags"]])

    def create_or_update(request, instance):
        values = string_map(body_object(request), "metadata")
        writable(instance, values)
        return write(instance, dict(instance["tags"], **values))

    def replace(request, instance):
        values = string_map(body_object(request), "metadata")
        writable(instance, values)
        kept = {key: value for key, value in instance["tags"].items() if key in instance["read_only_tags"]}
        return write(instance, dict(kept, **values))

    def get_item(request, instance, key=None):
        return Response(item_view(instance, item(instance, unquote(key) if key else request.param("key"))))

    def delete_item(request, instance, key=None):
        key = item(instance, unquote(key) if key else request.param("key"))
        writable(instance, [key])
        return write(instance, {name: value for name, value in instance["tags"].items() if name != key})

    app.on_instance("GET", "v1", "metadata", listing)
    app.on_instance("POST", "v1", "metadata", create_or_update)
    app.on_instance("PUT", "v1", "metadata", replace)
    app.on_instance("GET", "v1", "metadata/{key}", get_item)
    app.on_instance("DELETE", "v1", "metadata/{key}", delete_item)
    app.on_instance("GET", "v2", "metadata_item", get_item)
    app.on_instance("DELETE", "v2", "metadata_item", delete_item)
