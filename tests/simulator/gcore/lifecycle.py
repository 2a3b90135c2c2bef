"""Changing instances: field changes recorded as events, locking by a task, and releasing what an instance holds."""

from .addressing import release
from .errors import conflict
from .rows import detach_floating_ip, detach_volume

# vm_state that goes with each status the simulator sets
VM_STATES = {
    "ACTIVE": "active", "SHUTOFF": "stopped", "SUSPENDED": "suspended", "BUILD": "building", "ERROR": "error",
    "REBOOT": "active", "HARD_REBOOT": "active", "RESIZE": "active", "VERIFY_RESIZE": "resized", "REVERT_RESIZE": "resized",
    "MIGRATING": "active", "PASSWORD": "active", "REBUILD": "active", "RESCUE": "rescued", "PAUSED": "paused",
    "SHELVED": "shelved", "SHELVED_OFFLOADED": "shelved_offloaded", "SOFT_DELETED": "soft-deleted", "DELETED": "deleted",
    "UNKNOWN": "error",
}


def change(scheduler, row, ts, kind="instance", **fields):
    """Apply ``fields`` to ``row`` at ``ts``: one event per changed field, and ``updated`` moves on."""
    for field, value in fields.items():
        old = row.get(field)
        if old != value:
            scheduler.record(ts, kind, row["id"], field, old, value)
            row[field] = value
    row["updated"] = ts


def set_status(scheduler, instance, ts, status, task_state=None, vm_state=None, **fields):
    change(scheduler, instance, ts, status=status, vm_state=vm_state or VM_STATES[status], task_state=task_state, **fields)


def require_unlocked(instance):
    if instance["task_id"]:
        raise conflict("Instance %s is locked by the running task %s" % (instance["id"], instance["task_id"]),
                       "ResourceLockedByTask")


def require_status(instance, allowed, operation):
    if instance["status"] not in allowed:
        raise conflict("Cannot %s instance %s while its status is %s (required: %s)"
                       % (operation, instance["id"], instance["status"], ", ".join(allowed)), "InstanceInvalidState")


def release_port(store, port, ts, delete_floating=False, delete_reserved=False):
    """Detach a port: its floating IP is detached (or deleted), a reserved fixed IP goes back to the pool of
    reserved addresses (or is deleted), any other port is deleted and its addresses freed."""
    floating = store.get("floating_ip", port["floating_ip_id"])
    if floating is not None:
        if delete_floating:
            store.remove("floating_ip", floating["id"])
            release(store.get("subnet", floating["subnet_id"]), floating["address"])
        else:
            detach_floating_ip(floating, ts)
        port["floating_ip_id"] = None
    reserved = store.get("reserved_ip", port["id"]) if port["reserved"] else None
    if reserved is not None and not delete_reserved:
        reserved.update({"instance_id": None, "updated": ts})
        return
    if reserved is not None:
        store.remove("reserved_ip", port["id"])
    for ip in port["ips"]:
        release(store.get("subnet", ip["subnet_id"]), ip["address"])


def release_volume(store, volume, ts, delete):
    if delete:
        store.remove("volume", volume["id"])
    else:
        detach_volume(volume, ts)


def remove_from_servergroup(store, instance):
    group = store.get("servergroup", instance["servergroup_id"])
    if group is not None and instance["id"] in group["members"]:
        group["members"].remove(instance["id"])
    instance["servergroup_id"] = None
