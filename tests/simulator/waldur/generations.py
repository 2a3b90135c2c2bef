"""The Waldur API generations the simulator can play, and what differs between them.

7 follows the real 7.0.7-era server code (waldur-mastermind 1ea6cb8: ``waldur_openstack/serializers.py``,
``filters.py``, ``waldur_core/structure/filters.py``); 8 follows the 8.0.5 OpenAPI schema, ``waldur-api-client``
8.1.3 and a recording of a real 8.x server. Everything not named here is the same in both.
"""

from ..server import ApiError
from .refs import Invalid, resolve

DEFAULT_GENERATION = 8

URL_REQUIRED = "URL has to be defined for related object."
NOT_A_LIST = 'Expected a list of items but got type "%s".'
INVALID_ORDERING = "Select a valid choice. %s is not one of the available choices."

# 7.x: BaseResourceFilter.ORDERING_FIELDS and what each filterset adds (their public names).
RESOURCE_ORDERINGS_7 = ("name", "state", "customer_name", "customer_native_name", "customer_abbreviation", "project_name",
                        "service_name", "created")
ORDERINGS_7 = {
    "instance": RESOURCE_ORDERINGS_7 + ("ip_address", "external_ips"),
    "volume": RESOURCE_ORDERINGS_7 + ("instance_name", "size"),
    "snapshot": RESOURCE_ORDERINGS_7 + ("source_volume_name", "size"),
    "backup": RESOURCE_ORDERINGS_7,
    "flavor": ("cores", "ram", "disk"),
}
# 8.0.5: the ``o`` enums of the schema; volumes, snapshots and backups declare no ``o`` at all.
ORDERINGS_8 = {
    "instance": ("start_time",),
    "volume": None,
    "snapshot": None,
    "backup": None,
    "flavor": ("cores", "disk", "ram"),
}


class Generation:
    """One generation: its version string, the ``o`` names each list declares, and its reference forms."""

    def __init__(self, major, version, orderings):
        self.major = major
        self.version = version
        self.orderings = orderings

    def declared_orderings(self, kind):
        """The ``o`` names of the list of ``kind``: a tuple, None when the list declares no ``o`` (it is then
        ignored, as the real server ignores every undeclared parameter), or ``...`` for lists this table does not
        cover (unknown names are ignored there)."""
        return self.orderings.get(kind, ...)

    def check_ordering(self, kind, specs):
        """The ``o`` specs to apply (``name`` or ``-name``): all of them, none, or the real server's 400."""
        declared = self.declared_orderings(kind)
        if declared is None:
            return []
        if declared is ...:
            return specs
        for spec in specs:
            if spec.lstrip("-") not in declared or spec.startswith("--"):
                raise ApiError(400, {"o": [INVALID_ORDERING % spec]})
        return specs

    def security_groups(self, store, value):
        """The security group rows of an ``update_security_groups`` body's list, or this generation's 400."""
        raise NotImplementedError


class Generation7(Generation):
    """``NestedSecurityGroupSerializer(many=True)``: each item an object with ``url``; a list error per item."""

    def security_groups(self, store, value):
        if not isinstance(value, list):
            raise ApiError(400, {"security_groups": {"non_field_errors": [NOT_A_LIST % type(value).__name__]}})
        rows, errors = [], []
        for item in value:
            try:
                if not isinstance(item, dict) or "url" not in item:
                    raise Invalid(URL_REQUIRED)
                rows.append(resolve(store, item["url"], "security_group"))
                errors.append({})
            except Invalid as exc:
                errors.append([exc.message])
        if any(errors):
            raise ApiError(400, {"security_groups": errors})
        return rows


class Generation8(Generation):
    """A many ``HyperlinkedRelatedField`` (the schema's list of URI strings): the first bad item fails the list."""

    def security_groups(self, store, value):
        if isinstance(value, str) or not isinstance(value, list):
            raise ApiError(400, {"security_groups": [NOT_A_LIST % type(value).__name__]})
        rows = []
        for item in value:
            if not isinstance(item, str):
                raise ApiError(400, {"security_groups": ["Incorrect type. Expected URL string, received %s." % type(item).__name__]})
            try:
                rows.append(resolve(store, item, "security_group"))
            except Invalid as exc:
                raise ApiError(400, {"security_groups": [exc.message]}) from exc
        return rows


GENERATIONS = {
    7: Generation7(7, "7.0.7", ORDERINGS_7),
    8: Generation8(8, "8.0.5", ORDERINGS_8),
}


# The command-line flag of ``python -m tests.simulator.waldur`` and ``python -m tests.simulator.run``.
API_GENERATION_OPTION = ("--api-generation", dict(
    type=int, choices=sorted(GENERATIONS), default=DEFAULT_GENERATION,
    help="the Waldur API generation to answer as: 7 (7.0.7-era server) or 8 (8.x, the 8.0.5 schema) (default: %(default)s)"))


def generation(major):
    """The Generation for ``major`` (7 or 8, as int or string); ValueError for any other."""
    try:
        return GENERATIONS[int(major)]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError("API generation must be one of %s, not %r" % (", ".join(map(str, sorted(GENERATIONS))), major)) from exc
