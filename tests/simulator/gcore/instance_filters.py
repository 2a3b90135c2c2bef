"""The filters and orderings of ``GET /cloud/v1/instances/{project_id}/{region_id}``."""

import re

from .errors import bad_request, invalid
from .params import choice, flag, json_param, timestamp

STATUSES = ("ACTIVE", "BUILD", "DELETED", "ERROR", "HARD_REBOOT", "MIGRATING", "PASSWORD", "PAUSED", "REBOOT", "REBUILD",
            "RESCUE", "RESIZE", "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "SHUTOFF", "SOFT_DELETED", "SUSPENDED",
            "UNKNOWN", "VERIFY_RESIZE")
ORDERINGS = {
    "created": lambda row: (row["created"], row["id"]),
    "name": lambda row: (row["name"], row["id"]),
    "status": lambda row: (row["status"], row["id"]),
}
ORDER_CHOICES = tuple("%s.%s" % (field, direction) for field in ORDERINGS for direction in ("asc", "desc"))
DDOS_TYPES = {"basic": 1, "advanced": 2}
# Every query parameter of the instance list: the seed's API reference and the SDK's InstanceListParams (which
# adds exclude_flavor_prefix, tag_key_value and tag_value).
DECLARED_PARAMETERS = frozenset((
    "available_floating", "changes-before", "changes-since", "exclude_flavor_prefix", "exclude_secgroup", "flavor_id",
    "flavor_prefix", "include_ai", "include_baremetal", "include_k8s", "ip", "limit", "metadata_kv", "metadata_v", "name",
    "offset", "only_isolated", "only_with_fixed_external_ip", "order_by", "profile_name", "protection_status", "status",
    "tag_key_value", "tag_value", "type_ddos_profile", "uuid", "with_ddos", "with_interfaces_name",
))


def reject_undeclared(request, declared=DECLARED_PARAMETERS):
    """A parameter the endpoint does not declare is a 422, as the real API validates its queries (a guess at the
    message text, see the README)."""
    unknown = sorted(set(name for name, _value in request.query) - declared)
    if unknown:
        raise invalid("; ".join("%s: extra fields not permitted" % name for name in unknown))


def pattern(value):
    """A case-insensitive regular expression (MySQL REGEXP style); text that is not a valid one matches literally."""
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error:
        return re.compile(re.escape(value), re.IGNORECASE)


class InstanceFilter:
    """Reads the filter parameters of one list request, then tells which instances pass."""

    def __init__(self, request, store):
        self.store = store
        self.request = request
        self.predicates = []
        self.read_identity()
        self.read_times()
        self.read_tags()
        self.read_kinds()
        self.read_network()
        self.read_ddos()

    def keep(self, predicate):
        self.predicates.append(predicate)

    def read_identity(self):
        request = self.request
        name = request.param("name")
        if name:
            regex = pattern(name)
            self.keep(lambda row: regex.search(row["name"]))
        uuid_part = request.param("uuid")
        if uuid_part:
            needle = uuid_part.lower()
            self.keep(lambda row: needle in row["id"])
        status = choice(request, "status", STATUSES)
        if status:
            self.keep(lambda row: row["status"] == status)
        flavor_id = request.param("flavor_id")
        if flavor_id:
            self.keep(lambda row: row["flavor_id"] == flavor_id)
        prefix = request.param("flavor_prefix")
        if prefix:
            self.keep(lambda row: row["flavor_id"].startswith(prefix))
        excluded_prefix = request.param("exclude_flavor_prefix")
        if excluded_prefix:
            self.keep(lambda row: not row["flavor_id"].startswith(excluded_prefix))

    def read_times(self):
        since = timestamp(self.request, "changes-since")
        before = timestamp(self.request, "changes-before")
        if since is not None and before is not None and since > before:
            raise bad_request("changes-since must be earlier than or equal to changes-before")
        if since is not None:
            self.keep(lambda row: row["updated"] >= since)
        if before is not None:
            self.keep(lambda row: row["updated"] <= before)

    def read_tags(self):
        request = self.request
        for name in ("metadata_kv", "tag_key_value"):
            pairs = json_param(request, name, dict)
            if pairs:
                self.keep(lambda row, pairs=pairs: all(row["tags"].get(key) == str(value) for key, value in pairs.items()))
        values = json_param(request, "metadata_v", list)
        if values:
            self.keep(lambda row: set(map(str, values)) <= set(row["tags"].values()))
        tag_values = request.params("tag_value")
        if tag_values:
            self.keep(lambda row: set(tag_values) <= set(row["tags"].values()))

    def read_kinds(self):
        request = self.request
        if not flag(request, "include_baremetal", False):
            self.keep(lambda row: row["kind"] != "baremetal")
        if not flag(request, "include_ai", False):
            self.keep(lambda row: row["kind"] != "ai")
        if not flag(request, "include_k8s", True):
            self.keep(lambda row: row["kind"] != "k8s")
        if flag(request, "only_isolated", False):
            self.keep(lambda row: row["isolation"])

    def read_network(self):
        request = self.request
        ip = request.param("ip")
        if ip:
            regex = pattern(ip)
            self.keep(lambda row: any(regex.search(address) for address in self.addresses(row)))
        if flag(request, "only_with_fixed_external_ip", False):
            self.keep(lambda row: any(self.network(port)["external"] for port in row["ports"]))
        if flag(request, "available_floating", False):
            self.keep(self.can_take_floating_ip)
        excluded_group = request.param("exclude_secgroup")
        if excluded_group:
            self.keep(lambda row: excluded_group not in self.group_names(row))

    def read_ddos(self):
        request = self.request
        if not flag(request, "with_ddos", False):
            return
        profile_name = request.param("profile_name")
        if profile_name:
            self.keep(lambda row: row["ddos"] and row["ddos"]["profile_template"]["name"] == profile_name)
        status = choice(request, "protection_status", ("Active", "Queued", "Error"))
        if status:
            self.keep(lambda row: row["ddos"] and row["ddos"]["status"]["status"] == status)
        profile_type = choice(request, "type_ddos_profile", tuple(DDOS_TYPES))
        if profile_type:
            self.keep(lambda row: row["ddos"] and row["ddos"]["profile_template"]["id"] == DDOS_TYPES[profile_type])

    def network(self, port):
        return self.store.get("network", port["network_id"])

    def addresses(self, row):
        for port in row["ports"]:
            for ip in port["ips"]:
                yield ip["address"]
            if port["floating_ip_id"]:
                yield self.store.get("floating_ip", port["floating_ip_id"])["address"]

    def can_take_floating_ip(self, row):
        """A port on a private, routed subnet without a floating IP yet."""
        for port in row["ports"]:
            if port["floating_ip_id"] or self.network(port)["external"] or not port["ips"]:
                continue
            if self.store.get("subnet", port["ips"][0]["subnet_id"])["has_router"]:
                return True
        return False

    def group_names(self, row):
        return {self.store.get("security_group", group_id)["name"] for port in row["ports"] for group_id in port["security_group_ids"]}

    def apply(self, rows):
        for predicate in self.predicates:
            rows = [row for row in rows if predicate(row)]
        return rows


def ordered(request, rows):
    order_by = choice(request, "order_by", ORDER_CHOICES, "created.asc")
    field, direction = order_by.split(".")
    return sorted(rows, key=ORDERINGS[field], reverse=direction == "desc")
