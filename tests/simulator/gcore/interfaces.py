"""Network interfaces of an instance: list, attach and detach (both tasks).

An attached port takes its addresses at the request, so a second attach cannot get the same address, and joins
the instance when the task finishes; a failed attach gives the addresses back.
"""

from .create_plan import InterfacePlanner
from .errors import bad_request, invalid
from .instance_view import interface_view
from .lifecycle import release_port, require_status, require_unlocked
from .operations import run_on_instance, tasks_response
from .paging import page
from .params import body_object, body_string
from .rows import port_row
from .tasks import TaskEngine

ATTACHABLE = ("ACTIVE", "SHUTOFF")


def register(app):
    store = app.store

    def listing(request, instance):
        return page(request, instance["ports"], lambda port: interface_view(store, port))

    def attach(request, instance):
        body = body_object(request)
        require_unlocked(instance)
        require_status(instance, ATTACHABLE, "attach an interface to")
        port_group = body.get("port_group")
        if port_group is not None and (not isinstance(port_group, int) or isinstance(port_group, bool)):
            raise invalid("port_group: value is not a valid integer")
        planner = InterfacePlanner(store, instance["project_id"], instance["region_id"])
        plan = planner.interface(body, "body", attach=True)
        groups = [group["id"] for group in plan["security_groups"]] if plan["security_groups"] is not None else []
        now = app.scheduler.now()
        if plan["reserved"] is not None:
            port = plan["reserved"]["port"]
            port.update({"interface_name": plan["interface_name"], "security_group_ids": groups or port["security_group_ids"]})
            plan["reserved"].update({"instance_id": instance["id"], "updated": now})
        else:
            port = port_row(plan["network"], plan["subnets"], now, interface_name=plan["interface_name"], security_group_ids=groups)

        def finished(_ts, task):
            instance["ports"].append(port)
            TaskEngine.created(task, "ports", [port["id"]])

        def failed(ts, _message):
            release_port(store, port, ts)

        return tasks_response(run_on_instance(app, instance, "attach_interface", body, finished=finished, failed=failed))

    def detach(request, instance):
        body = body_object(request)
        port_id = body_string(body, "port_id", required=True)
        ip_address = body_string(body, "ip_address", required=True)
        require_unlocked(instance)
        port = next((port for port in instance["ports"] if port["id"] == port_id), None)
        if port is None:
            raise bad_request("Port %s is not attached to instance %s" % (port_id, instance["id"]))
        if ip_address not in [ip["address"] for ip in port["ips"]]:
            raise bad_request("Port %s has no address %s" % (port_id, ip_address))

        def finished(ts, _task):
            instance["ports"].remove(port)
            release_port(store, port, ts)

        return tasks_response(run_on_instance(app, instance, "detach_interface", body, finished=finished))

    app.on_instance("GET", "v1", "interfaces", listing)
    app.on_instance("POST", "v1", "attach_interface", attach)
    app.on_instance("POST", "v1", "detach_interface", detach)
