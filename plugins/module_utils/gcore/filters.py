# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The filters of the instance list, as argument specs (gcore_instance_info and the inventory share them), and the
query they make."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.timestamps import parse_timestamp
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import exact_name_pattern

STATUSES = ["ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED", "REBOOT", "REBUILD", "RESCUE",
            "RESIZE", "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF", "SOFT_DELETED", "SUSPENDED", "UNKNOWN",
            "VERIFY_RESIZE"]
# Filters of the instance list sent as they are (the API's filter has the option's name), as argument specs.
PLAIN_INSTANCE_FILTERS = dict(
    status=dict(type="str", choices=STATUSES),
    flavor_id=dict(type="str"),
    flavor_prefix=dict(type="str"),
    exclude_flavor_prefix=dict(type="str"),
    ip=dict(type="str"),
    uuid=dict(type="str"),
    metadata_kv=dict(type="dict"),
    metadata_v=dict(type="list", elements="str"),
    tag_key_value=dict(type="dict", no_log=False),
    include_baremetal=dict(type="bool"),
    include_ai=dict(type="bool"),
    include_k8s=dict(type="bool"),
    only_isolated=dict(type="bool"),
    only_with_fixed_external_ip=dict(type="bool"),
    available_floating=dict(type="bool"),
    exclude_secgroup=dict(type="str"),
    with_ddos=dict(type="bool"),
    profile_name=dict(type="str"),
    protection_status=dict(type="str", choices=["Active", "Queued", "Error"]),
    type_ddos_profile=dict(type="str", choices=["basic", "advanced"]),
    with_interfaces_name=dict(type="bool"),
    order_by=dict(type="str", choices=["created.asc", "created.desc", "name.asc", "name.desc", "status.asc", "status.desc"]),
)
# Filters whose API name differs from the option's and whose value is converted.
TIME_FILTERS = dict(changes_since="changes-since", changes_before="changes-before")
# Every instance list filter an option can set: the plain ones, the times, tag values and two readings of ``name``.
INSTANCE_FILTERS = dict(
    PLAIN_INSTANCE_FILTERS,
    name=dict(type="str"),
    name_pattern=dict(type="str"),
    changes_since=dict(type="str"),
    changes_before=dict(type="str"),
    tag_value=dict(type="list", elements="str"),
)


def instance_list_query(filters):
    """The instance list's query for the INSTANCE_FILTERS set in ``filters``.

    ``name`` asks for an exact name (an anchored, escaped expression: compare the names found exactly too, since
    the API ignores case); ``name_pattern`` is the API's own reading (an expression, or else a substring).
    """
    query = dict((option, filters[option]) for option in PLAIN_INSTANCE_FILTERS if filters.get(option) is not None)
    for option, api_name in TIME_FILTERS.items():
        if filters.get(option):
            query[api_name] = parse_timestamp(filters[option]).isoformat()
    if filters.get("tag_value"):
        query["tag_value"] = tuple(filters["tag_value"])
    if filters.get("name"):
        query["name"] = exact_name_pattern(filters["name"])
    elif filters.get("name_pattern"):
        query["name"] = filters["name_pattern"]
    return query
