"""Instance naming restrictions: a reseller may forbid custom names and allow only some name templates per region.

Field names follow the API's ``ResellerNameTemplates`` type (the Go SDK's; the Python SDK has no type for it). A
region without a configuration of the reseller has no restriction: deleting the configuration drops them all.
"""

from ..server import Response
from .errors import bad_request, invalid, not_found
from .paging import whole
from .params import body_object
from .store import regional_key
from .world import INSTANCE_TEMPLATE_LISTS, RESELLER_ID, RESELLER_NAME, TEMPLATE_LISTS, unrestricted_naming

LB_RESTRICTION = "allowed_lb_name_restriction"


def config(store, region_id):
    """The reseller's configuration of a region, or None."""
    return store.get("naming", regional_key(region_id, RESELLER_ID))


def rules(store, region_id):
    """The configuration in force: the stored one, or no restriction."""
    return config(store, region_id) or unrestricted_naming(region_id)


def restrictions(row):
    """What ``instances/.../available_names`` answers."""
    body = {"custom_name_allowed": row["allow_custom_name"],
            "name_templates_limited": any(row[name] for name in INSTANCE_TEMPLATE_LISTS)}
    body.update({name: list(row[name]) for name in INSTANCE_TEMPLATE_LISTS})
    return body


def project_restrictions(row):
    """What ``reseller_name_templates/.../available_names`` answers: the instance rules and the load balancer ones."""
    body = restrictions(row)
    body.update({"allowed_lb_name_templates": list(row["allowed_lb_name_templates"]), LB_RESTRICTION: row[LB_RESTRICTION]})
    return body


def config_view(row):
    body = {"reseller_id": row["reseller_id"], "reseller_name": RESELLER_NAME, "region_id": row["region_id"],
            "allow_custom_name": row["allow_custom_name"], LB_RESTRICTION: row[LB_RESTRICTION]}
    body.update({name: list(row[name]) for name in TEMPLATE_LISTS})
    return body


def check_name(store, region_id, name, name_template, windows):
    """400 when the region's naming configuration does not allow this name or name template."""
    row = rules(store, region_id)
    if name is not None and not row["allow_custom_name"]:
        raise bad_request("Custom instance names are not allowed in region %d: use a name template" % region_id,
                          "NamingRestriction")
    allowed = row["allowed_name_win_templates" if windows else "allowed_name_templates"]
    if name_template is not None and any(row[key] for key in INSTANCE_TEMPLATE_LISTS) and name_template not in allowed:
        raise bad_request("Name template %s is not allowed in region %d (allowed: %s)"
                          % (name_template, region_id, ", ".join(allowed) or "none"), "NamingRestriction")


def checked_changes(body):
    """The configuration fields of a PUT body, type-checked (422 for a wrong type); omitted fields are not changed."""
    changes = {}
    if "allow_custom_name" in body:
        if not isinstance(body["allow_custom_name"], bool):
            raise invalid("allow_custom_name: value is not a valid boolean")
        changes["allow_custom_name"] = body["allow_custom_name"]
    for name in TEMPLATE_LISTS:
        if name in body:
            if not isinstance(body[name], list) or not all(isinstance(item, str) for item in body[name]):
                raise invalid("%s: value is not a valid list of strings" % name)
            changes[name] = list(body[name])
    if LB_RESTRICTION in body:
        if not isinstance(body[LB_RESTRICTION], str):
            raise invalid("%s: value is not a valid string" % LB_RESTRICTION)
        changes[LB_RESTRICTION] = body[LB_RESTRICTION]
    return changes


def register(app):
    store = app.store

    def known_reseller(reseller_id):
        if reseller_id != RESELLER_ID:
            raise not_found("Reseller", reseller_id)

    def available_names(_request, project_id, region_id):
        del project_id
        return Response(restrictions(rules(store, region_id)))

    def reseller_available_names(_request, project_id, region_id):
        del project_id
        return Response(project_restrictions(rules(store, region_id)))

    def list_configs(_request):
        return whole([config_view(row) for row in store.rows("naming")])

    def put_config(request):
        body = body_object(request)
        for field in ("reseller_id", "region_id"):
            if not isinstance(body.get(field), int) or isinstance(body.get(field), bool):
                raise invalid("%s: field required (an integer)" % field)
        known_reseller(body["reseller_id"])
        if store.get("region", body["region_id"]) is None:
            raise not_found("Region", body["region_id"])
        changes = checked_changes(body)
        row = config(store, body["region_id"]) or store.add("naming", unrestricted_naming(body["region_id"]))
        row.update(changes)
        return Response(config_view(row))

    def delete_config(_request, reseller_id, region_id):
        known_reseller(reseller_id)
        if store.remove("naming", regional_key(region_id, reseller_id)) is None:
            raise not_found("Name templates setting of reseller %d in region" % reseller_id, region_id)
        return Response(None, 204)

    app.route("GET", "/cloud/v1/instances/{project_id}/{region_id}/available_names", available_names)
    app.route("GET", "/cloud/v1/reseller_name_templates", list_configs)
    app.route("PUT", "/cloud/v1/reseller_name_templates", put_config)
    app.route("DELETE", "/cloud/v1/reseller_name_templates/{reseller_id}/{region_id}", delete_config)
    app.route("GET", "/cloud/v1/reseller_name_templates/{project_id}/{region_id}/available_names", reseller_available_names)
