"""Changing a running instance: flavor (and the flavors it can take), server group membership."""

from .create_plan import RegionRefs, boot_image, plan_volume
from .errors import bad_request
from .lifecycle import VM_STATES, remove_from_servergroup, require_status, require_unlocked, set_status
from .lookups import SERVER_KINDS, body_row, flavor_of, vm_flavor
from .operations import run_on_instance, tasks_response
from .paging import whole
from .params import body_list, body_object, body_string, flag
from .quotas import enforce
from .views import flavor_view

RESIZABLE = ("ACTIVE", "SHUTOFF")


def resize_targets(store, instance):
    """Enabled flavors of the instance's region for the same OS type, other than its own."""
    current = flavor_of(store, instance)
    return [row for row in store.rows("flavor") if row["region_id"] == instance["region_id"] and not row["disabled"]
            and row["os_type"] == current["os_type"] and row["flavor_id"] != current["flavor_id"]]


def register(app):
    store = app.store

    def changeflavor(request, instance):
        flavor_id = body_string(body_object(request), "flavor_id", required=True)
        require_unlocked(instance)
        if instance["kind"] in SERVER_KINDS:
            raise bad_request("The flavor of a bare metal server cannot be changed")
        require_status(instance, RESIZABLE, "change the flavor of")
        current = flavor_of(store, instance)
        target = vm_flavor(store, instance["region_id"], flavor_id)
        if target["flavor_id"] == current["flavor_id"]:
            raise bad_request("Instance %s already has flavor %s" % (instance["id"], flavor_id))
        if target not in resize_targets(store, instance):
            raise bad_request("Flavor %s is not available for instance %s" % (flavor_id, instance["id"]))
        enforce(store, instance["project_id"], instance["region_id"],
                {"cpu_count": max(0, target["vcpus"] - current["vcpus"]), "ram": max(0, target["ram"] - current["ram"])})
        previous = instance["status"]

        def finished(ts, _task):
            set_status(app.scheduler, instance, ts, previous, flavor_id=target["flavor_id"])

        def failed(ts, _message):
            set_status(app.scheduler, instance, ts, previous)

        return tasks_response(run_on_instance(
            app, instance, "resize_vm", {"flavor_id": flavor_id}, finished=finished, failed=failed,
            running={"status": "RESIZE", "vm_state": VM_STATES["RESIZE"], "task_state": "resize_migrating"}))

    def resize_flavors(request, instance):
        with_prices = flag(request, "include_prices")
        return whole([flavor_view(row, with_prices) for row in resize_targets(store, instance)])

    def flavors_for_new_instance(request, project_id, region_id):
        """Flavors that can boot the volumes of a planned create (every enabled flavor when it names no image)."""
        body = body_object(request)
        rows = [row for row in store.rows("flavor") if row["region_id"] == region_id and not row["disabled"]]
        volumes = body_list(body, "volumes")
        if volumes:
            refs = RegionRefs(store, project_id, region_id)
            image = boot_image([plan_volume(refs, spec, index) for index, spec in enumerate(volumes)])
            rows = [row for row in rows if row["os_type"] == image["os_type"] and row["ram"] >= image["min_ram"]]
        with_prices = flag(request, "include_prices")
        return whole([flavor_view(row, with_prices) for row in rows])

    def put_into_servergroup(request, instance):
        servergroup_id = body_string(body_object(request), "servergroup_id", required=True)
        require_unlocked(instance)
        if instance["kind"] in SERVER_KINDS:
            raise bad_request("Bare metal servers do not support server groups")
        if instance["servergroup_id"]:
            raise bad_request("Instance %s is already in server group %s" % (instance["id"], instance["servergroup_id"]))
        group = body_row(store, "servergroup", instance["project_id"], instance["region_id"], servergroup_id)

        def finished(_ts, _task):
            instance["servergroup_id"] = group["id"]
            group["members"].append(instance["id"])

        return tasks_response(run_on_instance(app, instance, "put_into_server_group", {"servergroup_id": group["id"]},
                                              finished=finished))

    def remove_from_group(_request, instance):
        require_unlocked(instance)
        if not instance["servergroup_id"]:
            raise bad_request("Instance %s is not in a server group" % instance["id"])

        def finished(_ts, _task):
            remove_from_servergroup(store, instance)

        return tasks_response(run_on_instance(app, instance, "remove_from_server_group",
                                              {"servergroup_id": instance["servergroup_id"]}, finished=finished))

    app.route("POST", "/cloud/v1/instances/{project_id}/{region_id}/available_flavors", flavors_for_new_instance)
    app.on_instance("POST", "v1", "changeflavor", changeflavor)
    app.on_instance("GET", "v1", "available_flavors", resize_flavors)
    app.on_instance("POST", "v1", "put_into_servergroup", put_into_servergroup)
    app.on_instance("POST", "v1", "remove_from_servergroup", remove_from_group)
