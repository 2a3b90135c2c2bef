# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""gcore_instance_info: the instances asked for, what O(include) adds to each, and the region's details."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common import module as common_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import instance_name, none_on_status
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.filters import instance_list_query
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.references import References
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.module import client_from_module, gcore_argument_spec

SUBRESOURCES = ["interfaces", "ports", "security_groups", "metadata", "console", "metrics", "available_flavors"]


def find_instances(client, params):
    if params["all_clients"]:
        return client.search_instances(name=params.get("name"), instance_id=params.get("id"))
    if params.get("id"):
        found = client.get_instance(params["id"])
        return [found] if found is not None else []
    instances = client.list_instances(instance_list_query(params))
    if params.get("name"):
        instances = [instance for instance in instances if instance_name(instance) == params["name"]]
    return instances


def subresource_readers(client, params):
    """For each O(include) choice, how to read it for one instance id."""
    return {
        "interfaces": client.interfaces,
        "ports": client.ports,
        "security_groups": client.instance_security_groups,
        "metadata": client.metadata,
        # The API refuses (409) the console of an instance that is not running: that console is null.
        "console": lambda instance_id: none_on_status(lambda: client.console(instance_id, params["console_type"]), (409,)),
        "metrics": lambda instance_id: client.metrics(instance_id, params["metrics_time_unit"], params["metrics_time_interval"]),
        "available_flavors": lambda instance_id: client.resize_flavors(instance_id, params["include_prices"] or None),
    }


def add_subresources(client, params, instances):
    readers = subresource_readers(client, params)
    for instance in instances:
        details = dict((name, readers[name](instance["id"])) for name in params["include"])
        if params.get("metadata_keys"):
            details["metadata_items"] = dict((key, client.get_metadata_item(instance["id"], key)) for key in params["metadata_keys"])
        if details:
            instance["subresources"] = details
    return instances


def region_details(client, params):
    details = {}
    wanted = params["region_details"]
    if "available_flavors" in wanted:
        refs = References(client)
        volumes = [refs.volume_body(spec, "planned_volumes[%d]" % index) for index, spec in enumerate(params.get("planned_volumes") or [])]
        details["available_flavors"] = client.flavors_for_new_instance(volumes, params["include_prices"] or None)
    if "naming_restrictions" in wanted:
        details["naming_restrictions"] = client.naming_restrictions(deprecated=params["deprecated_naming_endpoint"])
    if "reseller_name_templates" in wanted:
        details["reseller_name_templates"] = client.reseller_name_templates()
    return details


def read_instances(client, params):
    result = region_details(client, params)
    result["instances"] = add_subresources(client, params, find_instances(client, params))
    return result


def run_instance_info(argument_spec):
    common_module.run_info_module(gcore_argument_spec(**argument_spec), client_from_module, read_instances,
                                  subject=lambda client: "Listing instances %s" % client.where,
                                  mutually_exclusive=[("id", "name", "name_pattern")],
                                  required_if=[("all_clients", True, ("id", "name"), True)])
