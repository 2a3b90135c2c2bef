"""Where the real Waldur server departs from its own 8.0.5 schema, and how the contract tests step around it.

The simulator answers like the real server, so these shapes appear in its answers. Before an object goes to the
official client's ``from_dict`` (and to the strict schema check), each departure found in it is taken out of the
copy the client sees, and remembered: a test asserts that every departure listed for the objects it covers really
occurred, so this table cannot outlive the behaviour it describes.

Paths: ``a.b`` descends into objects, ``a[]`` into every list item, ``a.*`` into every value of a map.
"""

import copy
import re
import uuid

DECIMAL_STRING = re.compile(r"^-?\d+(\.\d+)?(E-?\d+)?$")


def is_null(value):
    return value is None


def is_list(value):
    return isinstance(value, list)


def is_object(value):
    return isinstance(value, dict)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_decimal_string(value):
    return isinstance(value, str) and bool(DECIMAL_STRING.match(value))


def is_blank(value):
    return value == ""


def is_not_uuid(value):
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return True
    return False


class Departure:
    def __init__(self, schema, path, real_shape, shape):
        self.schema = schema
        self.path = path
        self.real_shape = real_shape
        self.shape = shape

    def __repr__(self):
        return "%s.%s (%s)" % (self.schema, self.path, self.real_shape)


# (object, field, what the real server sends): each row of the table, with a test for that shape.
DEPARTURES = [
    Departure("OpenStackInstance", "server_group", "null when the instance has no server group", is_null),
    Departure("OpenStackInstance", "rancher_cluster", "null", is_null),
    Departure("OpenStackInstance", "access_url", "an array of addresses", is_list),
    Departure("OpenStackInstance", "external_address[]", "null items", is_null),
    Departure("OpenStackInstance", "latitude", "null", is_null),
    Departure("OpenStackInstance", "longitude", "null", is_null),
    Departure("OpenStackInstance", "availability_zone", "null", is_null),
    Departure("OpenStackInstance", "marketplace_plan_uuid", "null", is_null),
    # Documented with attach: a volume is in the instance's list at once, its device filled only once in-use.
    Departure("OpenStackInstance", "volumes[].device", '"" until the volume is in-use', is_blank),
    Departure("OpenStackVolume", "instance_marketplace_uuid", "null when the instance has no marketplace resource", is_null),
    Departure("OpenStackVolume", "source_snapshot", "null", is_null),
    Departure("OpenStackVolume", "image", "null", is_null),
    Departure("OpenStackVolume", "availability_zone", "null", is_null),
    Departure("OpenStackVolume", "access_url", "null", is_null),
    Departure("OpenStackSubNet", "allocation_pools", "an object", is_object),
    Departure("OpenStackSubNet", "gateway_ip", "null", is_null),
    Departure("Project", "oecd_fos_2007_label", "null", is_null),
    Departure("Project", "billing_price_estimate.total", "a number", is_number),
    Departure("PublicOfferingDetails", "scope_name", "the tenant's name", is_not_uuid),
    Departure("PublicOfferingDetails", "plans[].prices.*", "decimal strings", is_decimal_string),
    # Priced plans only: a free plan's minimal_price is the integer 0, which the schema allows.
    Departure("PublicOfferingDetails", "plans[].minimal_price", "a decimal string", is_decimal_string),
    Departure("PublicOfferingDetails", "plans[].plan_type", "null", is_null),
    Departure("PublicOfferingDetails", "plans[].future_prices.*", "null", is_null),
    Departure("Resource", "plan", "null", is_null),
    Departure("Resource", "plan_unit", "null", is_null),
    Departure("Resource", "offering_image", "null", is_null),
    Departure("Resource", "report", "null", is_null),
    Departure("Resource", "project_end_date_requested_by", "null", is_null),
    Departure("Resource", "order_in_progress.slug", '""', is_blank),
    Departure("Resource", "creation_order.slug", '""', is_blank),
    # The same order objects as the nested ones above, fetched from /api/marketplace-orders/.
    Departure("OrderDetails", "slug", '""', is_blank),
    # The real server sends null here too, for orders (also nested in resources) and resources.
    Departure("OrderDetails", "plan", "null", is_null),
    Departure("OrderDetails", "offering_image", "null", is_null),
    Departure("OrderDetails", "offering_thumbnail", "null", is_null),
    Departure("Resource", "order_in_progress.plan", "null", is_null),
    Departure("Resource", "order_in_progress.offering_image", "null", is_null),
    Departure("Resource", "order_in_progress.offering_thumbnail", "null", is_null),
    Departure("Resource", "creation_order.plan", "null", is_null),
    Departure("Resource", "creation_order.offering_image", "null", is_null),
    Departure("Resource", "creation_order.offering_thumbnail", "null", is_null),
    Departure("Resource", "offering_thumbnail", "null", is_null),
    Departure("Resource", "scope", "null until the OpenStack object exists", is_null),
    # A floating IP that is not attached has no port.
    Departure("OpenStackFloatingIP", "port", "null when the address is free", is_null),
]

# Fields the official client 8.1.3 requires that an 8.0.5 server does not send, with the value the tests fill in
# before ``from_dict`` (after asserting the field is really absent).
CLIENT_ONLY_FIELDS = {
    "OpenStackImage": {"is_rescue_image": False},
}
# Not listed because the simulator never sends it: a public offering without scope (all simulated offerings have
# a tenant or the cloud's service settings as scope).


def _steps(path):
    steps = []
    for part in path.split("."):
        if part.endswith("[]"):
            steps.extend([part[:-2], "[]"])
        else:
            steps.append(part)
    return steps


def _walk(container, steps, concrete):
    """Yield (parent, key, concrete path) for every element at ``steps`` under ``container``."""
    step, rest = steps[0], steps[1:]
    if step == "[]":
        items = list(enumerate(container)) if isinstance(container, list) else []
        fmt = "%s[%d]"
    elif step == "*":
        items = list(container.items()) if isinstance(container, dict) else []
        fmt = "%s.%s"
    else:
        items = [(step, container[step])] if isinstance(container, dict) and step in container else []
        fmt = "%s.%s"
    for key, value in items:
        path = fmt % (concrete, key)
        if rest:
            yield from _walk(value, rest, path)
        else:
            yield container, key, path


class DepartureLog:
    """Neutralises departures in objects and remembers which occurred."""

    def __init__(self, departures=None):
        self.departures = departures if departures is not None else DEPARTURES
        self.seen = set()

    def neutralise(self, schema, obj):
        """Return (a copy without the departures, the concrete paths taken out)."""
        clean = copy.deepcopy(obj)
        removed = set()
        for departure in self.departures:
            if departure.schema != schema:
                continue
            hits = [(parent, key, path) for parent, key, path in _walk(clean, _steps(departure.path), schema)
                    if departure.shape(parent[key])]
            for parent, key, path in reversed(hits):
                del parent[key]
                removed.add(path)
            if hits:
                self.seen.add(departure)
        return clean, removed

    def missing_for(self, schemas):
        """Departures of ``schemas`` that never occurred."""
        return [departure for departure in self.departures if departure.schema in schemas and departure not in self.seen]
