"""Read-only look-ups: regions, projects, flavors, images, app templates, SSH keys, volumes, snapshots, server groups, quotas."""

from ..server import Response
from .errors import not_found
from .filters import boolean, contains, exact, number, tags
from .paging import page
from .params import flag
from .quotas import regional_quota_body
from .store import regional_key
from .views import (apptemplate_view, flavor_view, image_view, keypair_view, project_view, region_view, servergroup_view,
                    snapshot_view, volume_view)
from .world import CLIENT_ID, PROJECT_ID


def flavor_filters(request, rows):
    if not flag(request, "disabled", True):
        rows = [row for row in rows if not row["disabled"]]
    if flag(request, "exclude_linux"):
        rows = [row for row in rows if row["os_type"] != "linux"]
    if flag(request, "exclude_windows"):
        rows = [row for row in rows if row["os_type"] != "windows"]
    return rows


def register(app):
    store = app.store

    def regions(request):
        return page(request, sorted(store.rows("region"), key=lambda row: row["id"]), region_view)

    def region(_request, region_id):
        return Response(region_view(store.get("region", region_id)))

    def projects(request):
        return page(request, list(store.rows("project")), project_view)

    def project(_request, project_id):
        return Response(project_view(store.get("project", project_id)))

    def flavors(request, project_id, region_id):
        del project_id
        rows = flavor_filters(request, [row for row in store.rows("flavor") if row["region_id"] == region_id])
        with_prices = flag(request, "include_prices")
        return page(request, rows, lambda row: flavor_view(row, with_prices))

    def apptemplates(request, project_id, region_id):
        del project_id
        rows = [row for row in store.rows("apptemplate") if row["region_id"] == region_id]
        return page(request, rows, lambda row: apptemplate_view(store, row))

    def apptemplate(_request, project_id, region_id, apptemplate_id):
        del project_id
        row = store.get("apptemplate", regional_key(region_id, apptemplate_id))
        if row is None:
            raise not_found("App template", apptemplate_id)
        return Response(apptemplate_view(store, row))

    def keypairs(request, project_id):
        rows = contains("name")(request, [row for row in store.rows("keypair") if row["project_id"] == project_id])
        return page(request, rows, keypair_view)

    def keypair(_request, project_id, keypair_id):
        row = store.get("keypair", keypair_id)
        if row is None or row["project_id"] != project_id:
            raise not_found("SSH key", keypair_id)
        return Response(keypair_view(row))

    def regional_quotas(_request, client_id, region_id):
        if client_id != CLIENT_ID:
            raise not_found("Client", client_id)
        return Response(regional_quota_body(store, PROJECT_ID, region_id))

    app.route("GET", "/cloud/v1/regions", regions)
    app.route("GET", "/cloud/v1/regions/{region_id}", region)
    app.route("GET", "/cloud/v1/projects", projects)
    app.route("GET", "/cloud/v1/projects/{project_id}", project)
    app.route("GET", "/cloud/v1/flavors/{project_id}/{region_id}", flavors)
    app.route("GET", "/cloud/v1/apptemplates/{project_id}/{region_id}", apptemplates)
    app.route("GET", "/cloud/v1/apptemplates/{project_id}/{region_id}/{apptemplate_id}", apptemplate)
    app.route("GET", "/cloud/v1/ssh_keys/{project_id}", keypairs)
    app.route("GET", "/cloud/v1/ssh_keys/{project_id}/{keypair_id}", keypair)
    app.route("GET", "/cloud/v2/regional_quotas/{client_id}/{region_id}", regional_quotas)
    app.expose("image", "/cloud/v1/images", image_view, [contains("name"), exact("os_distro"), exact("os_version"),
                                                         exact("visibility"), exact("architecture"), tags])
    app.expose("volume", "/cloud/v1/volumes", volume_view, [
        contains("name_part", "name"), contains("id_part", "id"), exact("instance_id"), tags,
        boolean("bootable", lambda row: row["bootable"]), boolean("has_attachments", lambda row: row["instance_id"])])
    # instance_id: the instance the snapshotted volume was attached to when the snapshot was taken.
    app.expose("snapshot", "/cloud/v1/snapshots", snapshot_view, [
        exact("volume_id"), exact("instance_id"), exact("schedule_id"), number("lifecycle_policy_id")])
    app.expose("servergroup", "/cloud/v1/servergroups", servergroup_view)
