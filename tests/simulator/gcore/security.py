"""Security groups of an instance's ports: assign, un-assign, and the ports / groups lists."""

from ..server import Response
from .errors import bad_request, invalid
from .lookups import security_group_by_name
from .paging import whole
from .params import body_object


def targets(store, instance, body):
    """[(ports, groups)] from ``{"name": ...}`` (every port) or ``ports_security_group_names``."""
    project_id, region_id = instance["project_id"], instance["region_id"]
    secured = [port for port in instance["ports"] if port["port_security_enabled"]]
    if body.get("ports_security_group_names") is not None:
        entries = body["ports_security_group_names"]
        if not isinstance(entries, list):
            raise invalid("ports_security_group_names: value is not a valid list")
        result = []
        for entry in entries:
            names = entry.get("security_group_names") if isinstance(entry, dict) else None
            if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
                raise invalid("ports_security_group_names: each entry needs security_group_names, a list of names")
            port_id = entry.get("port_id")
            ports = secured if port_id is None else [port for port in secured if port["id"] == port_id]
            if not ports:
                raise bad_request("Port %s is not a port of instance %s" % (port_id, instance["id"]))
            result.append((ports, [security_group_by_name(store, project_id, region_id, name) for name in names]))
        return result
    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise invalid("Either name or ports_security_group_names is required")
    return [(secured, [security_group_by_name(store, project_id, region_id, name)])]


def group_refs(store, group_ids):
    groups = [store.get("security_group", group_id) for group_id in group_ids]
    return [{"id": group["id"], "name": group["name"]} for group in groups if group is not None]


def register(app):
    store = app.store

    def record(instance, before):
        now = app.scheduler.now()
        app.scheduler.record(now, "instance", instance["id"], "security_groups", before,
                             [list(port["security_group_ids"]) for port in instance["ports"]])
        instance["updated"] = now

    def assign(request, instance):
        before = [list(port["security_group_ids"]) for port in instance["ports"]]
        for ports, groups in targets(store, instance, body_object(request)):
            for group in groups:
                missing = [port for port in ports if group["id"] not in port["security_group_ids"]]
                if not missing:
                    raise bad_request("Security group %s is already assigned to instance %s" % (group["name"], instance["id"]))
                for port in missing:
                    port["security_group_ids"].append(group["id"])
        record(instance, before)
        return Response(None, 204)

    def unassign(request, instance):
        before = [list(port["security_group_ids"]) for port in instance["ports"]]
        for ports, groups in targets(store, instance, body_object(request)):
            for group in groups:
                holding = [port for port in ports if group["id"] in port["security_group_ids"]]
                if not holding:
                    raise bad_request("Security group %s is not assigned to instance %s" % (group["name"], instance["id"]))
                for port in holding:
                    port["security_group_ids"].remove(group["id"])
        record(instance, before)
        return Response(None, 204)

    def groups(_request, instance):
        seen = []
        for port in instance["ports"]:
            seen.extend(group_id for group_id in port["security_group_ids"] if group_id not in seen)
        return whole(group_refs(store, seen))

    def ports(_request, instance):
        return whole([{"id": port["id"], "name": port["interface_name"] or "", "security_groups":
                       group_refs(store, port["security_group_ids"])} for port in instance["ports"]])

    app.on_instance("POST", "v1", "addsecuritygroup", assign)
    app.on_instance("POST", "v1", "delsecuritygroup", unassign)
    app.on_instance("GET", "v1", "securitygroups", groups)
    app.on_instance("GET", "v1", "ports", ports)
