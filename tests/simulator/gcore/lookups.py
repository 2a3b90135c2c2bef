"""Finding rows by the ids an API caller sends, with Gcore's 404 (path) and 400 (body reference) answers."""

from .errors import bad_request, not_found
from .store import regional_key

SERVER_KINDS = ("baremetal", "ai")
LABELS = {
    "image": "Image", "network": "Network", "subnet": "Subnet", "security_group": "Security group",
    "servergroup": "Server group", "floating_ip": "Floating IP", "reserved_ip": "Reserved fixed IP", "volume": "Volume",
    "snapshot": "Snapshot", "apptemplate": "App template", "instance": "Instance",
}


def flavor_of(store, instance):
    """The flavor row of an instance: a VM flavor, or a bare metal / AI server flavor."""
    kind = "bm_flavor" if instance["kind"] in SERVER_KINDS else "flavor"
    return store.get(kind, regional_key(instance["region_id"], instance["flavor_id"]))


def regional_row(store, kind, project_id, region_id, row_id):
    row = store.get(kind, row_id)
    if row is None or row["region_id"] != region_id or row.get("project_id", project_id) != project_id:
        return None
    return row


def path_row(store, kind, project_id, region_id, row_id):
    """A row named in the URL path: 404 when it is not in this project and region."""
    row = regional_row(store, kind, project_id, region_id, row_id)
    if row is None:
        raise not_found(LABELS.get(kind, kind), row_id)
    return row


def body_row(store, kind, project_id, region_id, row_id):
    """A row referenced from a request body: 400 when it is not in this project and region."""
    row = regional_row(store, kind, project_id, region_id, row_id) if isinstance(row_id, str) else None
    if row is None:
        raise bad_request("%s %s not found in region %d" % (LABELS.get(kind, kind), row_id, region_id), "NotFound")
    return row


def vm_flavor(store, region_id, flavor_id):
    row = store.get("flavor", regional_key(region_id, flavor_id)) if isinstance(flavor_id, str) else None
    if row is None or row["disabled"]:
        raise bad_request("Flavor %s is not available in region %d" % (flavor_id, region_id), "FlavorNotFound")
    return row


def security_group_by_name(store, project_id, region_id, name):
    matches = [row for row in store.in_region("security_group", project_id, region_id) if row["name"] == name]
    if not matches:
        raise bad_request("Security group %s not found" % name, "NotFound")
    if len(matches) > 1:
        raise bad_request("More than one security group is named %s: use ids" % name)
    return matches[0]
