"""Power actions: ``POST /cloud/v2/instances/{p}/{r}/{id}/action`` and the deprecated v1 ``/start``, ``/stop``, ...

An action needs the instance unlocked and in one of its allowed statuses (409 otherwise). While its task runs the
instance shows the action's transitional status / task state; at the end it takes the action's final status, or
gets its old status back when the task fails.
"""

from ..server import Response
from .errors import bad_request, invalid
from .instance_view import InstanceView
from .lifecycle import VM_STATES, require_status, require_unlocked, set_status
from .lookups import SERVER_KINDS
from .operations import run_on_instance, tasks_response
from .params import body_object

HARD_REBOOT_FROM = ("ACTIVE", "SHUTOFF", "ERROR", "SUSPENDED", "PAUSED")
# action: (allowed statuses, transitional status or None, task state, final status, task type)
ACTIONS = {
    "start": (("SHUTOFF",), None, "powering-on", "ACTIVE", "start_vm"),
    "stop": (("ACTIVE", "SHUTOFF", "RESCUE"), None, "powering-off", "SHUTOFF", "stop_vm"),
    "reboot": (("ACTIVE",), "REBOOT", "rebooting", "ACTIVE", "reboot_vm"),
    "reboot_hard": (HARD_REBOOT_FROM, "HARD_REBOOT", "rebooting_hard", "ACTIVE", "hard_reboot_vm"),
    "powercycle": (HARD_REBOOT_FROM, "HARD_REBOOT", "rebooting_hard", "ACTIVE", "powercycle_vm"),
    "suspend": (("ACTIVE", "SHUTOFF"), None, "suspending", "SUSPENDED", "suspend_vm"),
    "resume": (("SUSPENDED",), None, "resuming", "ACTIVE", "resume_vm"),
}
VM_ONLY_ACTIONS = ("suspend", "resume")
DEPRECATED_ENDPOINTS = ("start", "stop", "reboot", "powercycle", "suspend", "resume")


def perform(app, instance, action, data):
    """Check the preconditions of ``action`` and start its task."""
    allowed, transitional, task_state, final, task_type = ACTIONS[action]
    require_unlocked(instance)
    if action in VM_ONLY_ACTIONS and instance["kind"] in SERVER_KINDS:
        raise bad_request("Action %s is not available for bare metal servers" % action)
    require_status(instance, allowed, action)
    previous = instance["status"]
    running = {"task_state": task_state}
    if transitional:
        running.update({"status": transitional, "vm_state": VM_STATES[transitional]})

    def finished(ts, _task):
        set_status(app.scheduler, instance, ts, final)

    def failed(ts, _message):
        set_status(app.scheduler, instance, ts, previous)

    return run_on_instance(app, instance, task_type, data, running=running, finished=finished, failed=failed)


def register(app):
    def action(request, instance):
        body = body_object(request)
        name = body.get("action")
        if name not in ACTIONS:
            raise invalid("action: must be one of %s" % ", ".join(ACTIONS))
        activate_profile = body.get("activate_profile")
        if activate_profile is not None and (name != "start" or not isinstance(activate_profile, bool)):
            raise invalid("activate_profile: only a boolean, and only with the start action")
        return tasks_response(perform(app, instance, name, body))

    def deprecated(name):
        def view(_request, instance):
            perform(app, instance, name, {"action": name})
            return Response(InstanceView(app.store).instance(instance))
        return view

    app.on_instance("POST", "v2", "action", action)
    for name in DEPRECATED_ENDPOINTS:
        app.on_instance("POST", "v1", name, deprecated(name))
