"""Instance naming restrictions: a reseller may forbid custom names and allow only some name templates per region."""

from ..server import Response
from .errors import bad_request, invalid, not_found
from .paging import whole
from .params import body_object
from .store import iso, regional_key
from .world import RESELLER_ID

TEMPLATE_LISTS = ("allowed_vm_name_templates", "allowed_vm_name_win_templates", "allowed_bm_name_templates",
                  "allowed_bm_name_win_templates")


def config(store, region_id):
    return store.get("naming", regional_key(region_id, RESELLER_ID))


def restrictions(row):
    body = {"custom_name_allowed": row["allow_custom_name"], "name_templates_limited": any(row[name] for name in TEMPLATE_LISTS)}
    body.update({name: list(row[name]) for name in TEMPLATE_LISTS})
    return body


def config_view(row):
    body = {"id": row["id"], "reseller_id": row["reseller_id"], "region_id": row["region_id"],
            "allow_custom_name": row["allow_custom_name"], "created_at": iso(row["created"]), "updated_at": iso(row["updated"])}
    body.update({name: list(row[name]) for name in TEMPLATE_LISTS})
    return body


def check_name(store, region_id, name, name_template, windows):
    """400 when the region's naming configuration does not allow this name or name template."""
    row = config(store, region_id)
    if name is not None and not row["allow_custom_name"]:
        raise bad_request("Custom instance names are not allowed in region %d: use a name template" % region_id,
                          "NamingRestriction")
    allowed = row["allowed_vm_name_win_templates" if windows else "allowed_vm_name_templates"]
    if name_template is not None and any(row[key] for key in TEMPLATE_LISTS) and name_template not in allowed:
        raise bad_request("Name template %s is not allowed in region %d (allowed: %s)"
                          % (name_template, region_id, ", ".join(allowed) or "none"), "NamingRestriction")


def register(app):
    store = app.store

    def available_names(_request, project_id, region_id):
        del project_id
        return Response(restrictions(config(store, region_id)))

    def reseller_available_names(_request, project_id, region_id):
        body = restrictions(config(store, region_id))
        body.update({"project_id": project_id, "region_id": region_id})
        return Response(body)

    def list_configs(_request):
        return whole([config_view(row) for row in store.rows("naming")])

    def put_config(request):
        body = body_object(request)
        region_id = body.get("region_id")
        if body.get("reseller_id") != RESELLER_ID:
            raise not_found("Reseller", body.get("reseller_id"))
        if not isinstance(region_id, int) or store.get("region", region_id) is None:
            raise not_found("Region", region_id)
        row = config(store, region_id)
        if "allow_custom_name" in body:
            if not isinstance(body["allow_custom_name"], bool):
                raise invalid("allow_custom_name: value is not a valid boolean")
            row["allow_custom_name"] = body["allow_custom_name"]
        for name in TEMPLATE_LISTS:
            if name in body:
                if not isinstance(body[name], list) or not all(isinstance(item, str) for item in body[name]):
                    raise invalid("%s: value is not a valid list of strings" % name)
                row[name] = list(body[name])
        row["updated"] = app.scheduler.now()
        return Response(config_view(row))

    def delete_config(_request, reseller_id, region_id):
        if reseller_id != RESELLER_ID:
            raise not_found("Reseller", reseller_id)
        row = config(store, region_id)
        row["allow_custom_name"] = True
        for name in TEMPLATE_LISTS:
            row[name] = []
        row["updated"] = app.scheduler.now()
        return Response(None, 204)

    app.route("GET", "/cloud/v1/instances/{project_id}/{region_id}/available_names", available_names)
    app.route("GET", "/cloud/v1/reseller_name_templates", list_configs)
    app.route("PUT", "/cloud/v1/reseller_name_templates", put_config)
    app.route("DELETE", "/cloud/v1/reseller_name_templates/{reseller_id}/{region_id}", delete_config)
    app.route("GET", "/cloud/v1/reseller_name_templates/{project_id}/{region_id}/available_names", reseller_available_names)
