# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The API's shapes of an instance's fields and their plain readings: tags as ``{key: value}``, the flavor,
server group and interfaces as the module compares and reports them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def tags_of(instance):
    """An instance's ``tags`` (a list of ``{key, value, read_only}``) as ``{key: value}``."""
    return dict((tag["key"], tag.get("value")) for tag in instance.get("tags") or () if isinstance(tag, dict) and tag.get("key"))


def read_only_keys(items):
    """The keys of the ``{key, value, read_only}`` items that nobody may change."""
    return set(item.get("key") for item in items or () if item.get("read_only"))


def tag_list(values, read_only):
    """``{key: value}`` back in the API's shape, the keys in ``read_only`` marked so."""
    return [{"key": key, "value": value, "read_only": key in read_only} for key, value in sorted(values.items())]


def security_group_names(instance):
    return sorted(set(group.get("name") for group in instance.get("security_groups") or ()))


def flavor_summary(flavor):
    """The fields of a flavor that an instance shows in its ``flavor``."""
    return dict((key, flavor.get(key)) for key in ("flavor_id", "flavor_name", "vcpus", "ram", "os_type"))


def servergroup_summary(group):
    if not group:
        return None
    return {"id": group.get("servergroup_id"), "name": group.get("name"), "policy": group.get("policy")}


def interface_summary(interface):
    """The facts of an instance interface that the module compares, for the diff."""
    details = interface.get("network_details") or {}
    return {
        "interface_name": interface.get("interface_name"),
        "network_id": interface.get("network_id"),
        "external": bool(details.get("external")),
        "subnet_ids": sorted(ip.get("subnet_id") for ip in interface.get("ip_assignments") or () if ip.get("subnet_id")),
        "port_id": interface.get("port_id"),
    }


def planned_interface(body):
    """How an interface that is still to be attached will look, in the API's shape."""
    subnet_ids = [body["subnet_id"]] if body.get("subnet_id") else []
    return {"port_id": body.get("port_id"), "network_id": body.get("network_id"), "interface_name": body.get("interface_name"),
            "ip_assignments": [{"subnet_id": subnet_id, "ip_address": None} for subnet_id in subnet_ids],
            "network_details": {"external": body["type"] == "external"}}
