"""``DELETE /cloud/v1/instances/{p}/{r}/{id}``: what goes with the instance and what stays behind.

Volumes marked ``delete_on_termination`` (and those listed in ``volumes``) are deleted, the others detached.
Floating IPs are deleted with ``delete_floatings`` or when listed in ``floatings``, otherwise detached. Reserved
fixed IPs listed in ``reserved_fixed_ips`` are deleted, the others go back to the reserved pool.
"""

from .errors import bad_request
from .lifecycle import release_port, release_volume, remove_from_servergroup, require_unlocked
from .operations import run_on_instance, tasks_response
from .params import csv_ids, flag


def owned(ids, available, what, instance):
    unknown = [ident for ident in ids if ident not in available]
    if unknown:
        raise bad_request("%s %s not attached to instance %s" % (what, ", ".join(unknown), instance["id"]))
    return set(ids)


def delete(app, request, instance):
    store = app.store
    require_unlocked(instance)
    delete_floatings = flag(request, "delete_floatings")
    floatings = csv_ids(request, "floatings")
    if delete_floatings and floatings:
        raise bad_request("delete_floatings and floatings cannot be used together")
    floatings = owned(floatings, {port["floating_ip_id"] for port in instance["ports"]}, "Floating IPs", instance)
    reserved = owned(csv_ids(request, "reserved_fixed_ips"), {port["id"] for port in instance["ports"] if port["reserved"]},
                     "Reserved fixed IPs", instance)
    volumes = owned(csv_ids(request, "volumes"), set(instance["volume_ids"]), "Volumes", instance)

    def finished(ts, task):
        for port in instance["ports"]:
            release_port(store, port, ts, delete_floating=delete_floatings or port["floating_ip_id"] in floatings,
                         delete_reserved=port["id"] in reserved)
        for volume_id in instance["volume_ids"]:
            volume = store.get("volume", volume_id)
            release_volume(store, volume, ts, volume["delete_on_termination"] or volume_id in volumes)
        remove_from_servergroup(store, instance)
        store.remove("instance", instance["id"])
        app.scheduler.record(ts, "instance", instance["id"], "exists", True, False)
        task["created_resources"] = None

    data = {"instance_id": instance["id"], "delete_floatings": delete_floatings, "floatings": sorted(floatings),
            "reserved_fixed_ips": sorted(reserved), "volumes": sorted(volumes)}
    return tasks_response(run_on_instance(app, instance, "delete_vm", data, running={"task_state": "deleting"},
                                          finished=finished))
