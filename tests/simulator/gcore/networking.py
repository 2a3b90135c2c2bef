"""Read-only network look-ups: networks, subnets, security groups, floating IPs and reserved fixed IPs."""

from .filters import boolean, contains, exact, tags
from .instance_view import InstanceView
from .params import choice, flag
from .views import floating_ip_view, network_view, reserved_ip_view, security_group_view, subnet_view


def network_ownership(request, rows):
    """Shared networks (ext-net) come with ``owned_by=any`` or ``external=true``; the default is the project's own."""
    owned_by = choice(request, "owned_by", ("any", "project"), "project")
    if owned_by == "any" or flag(request, "external", False):
        return rows
    return [row for row in rows if not row["shared"]]


def floating_ports(request, rows):
    port_ids = request.params("port_ids")
    return [row for row in rows if row["port_id"] in port_ids] if port_ids else rows


INSTANCE_SUMMARY = ("id", "name", "addresses", "created_at", "creator_task_id", "instance_description", "project_id", "region",
                    "region_id", "security_groups", "ssh_key_name", "status", "tags", "task_id", "task_state", "vm_state",
                    "volumes")


def floating_ip_detailed_view(store, row):
    """FloatingIPDetailed: a FloatingIP with a summary of the instance it is assigned to."""
    body = floating_ip_view(store, row)
    instance = store.get("instance", row["instance_id"])
    summary = None
    if instance is not None and row["port_id"]:
        full = InstanceView(store).instance(instance)
        summary = {key: full[key] for key in INSTANCE_SUMMARY}
        summary["flavor"] = {key: full["flavor"][key] for key in ("flavor_id", "flavor_name", "ram", "vcpus")}
    body.update({"instance": summary, "loadbalancer": None})
    return body


def register(app):
    app.expose("network", "/cloud/v1/networks", network_view, [
        network_ownership, boolean("external", lambda row: row["external"]), exact("name"),
        exact("network_type"), tags])
    app.expose("subnet", "/cloud/v1/subnets", subnet_view, [exact("network_id"), tags])
    app.expose("security_group", "/cloud/v1/securitygroups", security_group_view, [exact("name"), tags])
    app.expose("floating_ip", "/cloud/v1/floatingips", floating_ip_view, [floating_ports, exact("status"), tags],
               list_view=floating_ip_detailed_view)
    app.expose("reserved_ip", "/cloud/v1/reserved_fixed_ips", reserved_ip_view, [contains("name")])
