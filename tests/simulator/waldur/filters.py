"""Query-parameter filters of the list endpoints, declared per endpoint as data.

A filter reads its parameter (the last value, or all values for OR filters), validates it like django-filter
(400 with DRF's messages) and returns a predicate over table rows. Empty values are ignored.
"""

import re
from urllib.parse import urlsplit

from ..server import ApiError
from .refs import API_PATH
from .store import KINDS, normalize_uuid

CORE_STATES = ["CREATION_SCHEDULED", "CREATING", "UPDATE_SCHEDULED", "UPDATING", "DELETION_SCHEDULED", "DELETING", "OK", "ERRED"]
# The display names older Waldur filters accept for the same states.
CORE_STATE_ALIASES = {
    "Creation Scheduled": "CREATION_SCHEDULED", "Creating": "CREATING", "Update Scheduled": "UPDATE_SCHEDULED",
    "Updating": "UPDATING", "Deletion Scheduled": "DELETION_SCHEDULED", "Deleting": "DELETING", "Erred": "ERRED",
}
RESOURCE_STATES = ["Creating", "OK", "Erred", "Updating", "Terminating", "Terminated"]
ORDER_STATES = ["pending-consumer", "pending-provider", "pending-project", "pending-start-date", "executing", "done", "erred",
                "canceled", "rejected"]
# Order states newer than 7.x (the 7.0.7-era Order.States has no pending-start-date), state -> generation.
ORDER_STATES_SINCE = {"pending-start-date": 8}
ORDER_TYPES = ["Create", "Update", "Terminate", "Restore"]
OFFERING_STATES = ["Draft", "Active", "Paused", "Archived", "Unavailable"]
TRUE_VALUES = ("true", "True", "1")
FALSE_VALUES = ("false", "False", "0")


def _field(name):
    return lambda row: row.get(name)


class Filter:
    """Base: ``predicate(values)`` gets the non-empty values of the parameter (only the last unless ``multi``)."""

    multi = False

    def __init__(self, param, get=None):
        self.param = param
        self.get = get if callable(get) else _field(get or param)

    def build(self, request):
        values = [value for value in request.params(self.param) if value != ""]
        if not values:
            return None
        return self.predicate(values if self.multi else values[-1:])

    def predicate(self, values):
        raise NotImplementedError

    def fail(self, message):
        raise ApiError(400, {self.param: [message]})


class Contains(Filter):
    def predicate(self, values):
        needle = values[0].lower()
        return lambda row: needle in (self.get(row) or "").lower()


class Exact(Filter):
    def predicate(self, values):
        wanted = values[0]
        return lambda row: self.get(row) == wanted


class Regex(Filter):
    def predicate(self, values):
        try:
            pattern = re.compile(values[0], re.IGNORECASE)
        except re.error:
            self.fail("Enter a valid regular expression.")
        return lambda row: bool(pattern.search(self.get(row) or ""))


class Uuid(Filter):
    """Exact UUID match; the getter may return one UUID or a collection of them."""

    def parse(self, value):
        normalized = normalize_uuid(value)
        if normalized is None:
            self.fail("Enter a valid UUID.")
        return normalized

    def predicate(self, values):
        wanted = self.parse(values[0])
        return lambda row: _matches(self.get(row), {wanted})


class UuidList(Uuid):
    """Several UUIDs, comma-separated and/or repeated: any of them."""

    multi = True

    def predicate(self, values):
        wanted = {self.parse(part) for value in values for part in value.split(",") if part}
        return lambda row: _matches(self.get(row), wanted)


class Url(Filter):
    """A reference given as URL: matches the UUID of its path; a URL of another kind matches nothing."""

    def __init__(self, param, kind, get=None):
        super().__init__(param, get)
        self.kind = kind

    def predicate(self, values):
        match = API_PATH.match(urlsplit(values[0]).path)
        wanted = normalize_uuid(match.group("uuid")) if match and match.group("segment") == KINDS[self.kind][0] else None
        return lambda row: wanted is not None and _matches(self.get(row), {wanted})


class Choice(Filter):
    """One of a fixed set (repeat the parameter to OR values); aliases map other spellings onto the choices."""

    multi = True

    def __init__(self, param, choices, get=None, aliases=None, introduced=None):
        super().__init__(param, get)
        self.choices = {choice: choice for choice in choices}
        self.choices.update(aliases or {})
        # choice -> the API generation that introduced it: older generations refuse it as unknown
        self.introduced = introduced or {}

    def build(self, request):
        values = [value for value in request.params(self.param) if value != ""]
        if not values:
            return None
        major = getattr(request, "api_generation", None)
        return self.predicate(values, major)

    def predicate(self, values, major=None):
        wanted = set()
        for value in values:
            if value not in self.choices or (major is not None and major < self.introduced.get(value, major)):
                self.fail("Select a valid choice. %s is not one of the available choices." % value)
            wanted.add(self.choices[value])
        return lambda row: self.get(row) in wanted


class AnyOf(Filter):
    """Free-text values, repeated to OR them."""

    multi = True

    def predicate(self, values):
        wanted = set(values)
        return lambda row: self.get(row) in wanted


class Number(Filter):
    def __init__(self, param, get=None, compare=lambda value, bound: value == bound):
        super().__init__(param, get)
        self.compare = compare

    def predicate(self, values):
        try:
            bound = int(values[0])
        except ValueError:
            self.fail("Enter a number.")
        return lambda row: self.get(row) is not None and self.compare(self.get(row), bound)


class Bool(Filter):
    """true/false; other values leave the list unfiltered (django-filter's NullBooleanSelect)."""

    def predicate(self, values):
        if values[0] in TRUE_VALUES:
            return lambda row: bool(self.get(row))
        if values[0] in FALSE_VALUES:
            return lambda row: not self.get(row)
        return None


class Custom(Filter):
    """``make(value)`` returns the predicate; used for filters that need look-ups."""

    def __init__(self, param, make, multi=False):
        super().__init__(param, None)
        self.make = make
        self.multi = multi

    def predicate(self, values):
        return self.make(values if self.multi else values[0])


class Since(Filter):
    """A filter that API generation ``major`` introduced: older servers do not declare it, so ignore the parameter
    (``request.api_generation`` says which generation is played)."""

    def __init__(self, major, inner):
        super().__init__(inner.param)
        self.major = major
        self.inner = inner

    def build(self, request):
        if getattr(request, "api_generation", self.major) < self.major:
            return None
        return self.inner.build(request)


class Ignored(Filter):
    """Accepted and ignored (permission filters: the simulated user sees everything)."""

    def build(self, request):
        return None


def _matches(value, wanted):
    if isinstance(value, (list, set, tuple, frozenset)):
        return any(item in wanted for item in value)
    return value in wanted


def number_filters(name):
    return [
        Number(name),
        Number(name + "__gte", name, lambda value, bound: value >= bound),
        Number(name + "__lte", name, lambda value, bound: value <= bound),
    ]


class FilterSet:
    """The filters of one list endpoint."""

    def __init__(self, filters):
        self.filters = filters

    def apply(self, request, rows):
        predicates = [predicate for predicate in (item.build(request) for item in self.filters) if predicate is not None]
        if not predicates:
            return list(rows)
        return [row for row in rows if all(predicate(row) for predicate in predicates)]


class Lookups:
    """Getters that follow a row's references to the project, customer and service settings it belongs to."""

    def __init__(self, store):
        self.store = store

    def project_name(self, row):
        return self.store.get("project", row["project"])["name"]

    def customer_attr(self, attr):
        return lambda row: self.store.get("customer", row["customer"])[attr]

    def settings_name(self, row):
        return self.store.get("service_settings", row["service_settings"])["name"]

    def structure(self):
        """Filters every OpenStack object list has."""
        return [
            Contains("name"), Exact("name_exact", "name"), Contains("description"), Uuid("uuid"), Exact("backend_id"),
            Uuid("project_uuid", "project"), Uuid("project", "project"), Contains("project_name", self.project_name),
            Uuid("customer_uuid", "customer"), Uuid("customer", "customer"),
            Contains("customer_name", self.customer_attr("name")),
            Contains("customer_abbreviation", self.customer_attr("abbreviation")),
            Contains("customer_native_name", self.customer_attr("native_name")),
            Uuid("service_settings_uuid", "service_settings"), Contains("service_settings_name", self.settings_name),
            Choice("state", CORE_STATES, aliases=CORE_STATE_ALIASES), Ignored("can_manage"),
        ]

    def resource_orderings(self, **extra):
        """Sort keys of the ``o`` names every OpenStack resource list knows, plus ``extra``."""
        def text(get):
            return lambda row: get(row) or ""

        keys = {
            "name": text(_field("name")), "state": text(_field("state")), "created": text(_field("created")),
            "customer_name": text(self.customer_attr("name")), "customer_native_name": text(self.customer_attr("native_name")),
            "customer_abbreviation": text(self.customer_attr("abbreviation")), "project_name": text(self.project_name),
            "service_name": text(self.settings_name),
        }
        keys.update(extra)
        return keys

    @staticmethod
    def in_tenant():
        return [Uuid("tenant_uuid", "tenant"), Url("tenant", "tenant")]

    def visible_in_tenant(self):
        """Flavors, images, volume types and zones are shared: a row lists the tenants that see it."""
        def offering_tenants(row):
            return row["tenants"]

        def by_offering(value):
            uuid = normalize_uuid(value)
            if uuid is None:
                raise ApiError(400, {"offering_uuid": ["Enter a valid UUID."]})
            offering = self.store.get("offering", uuid)
            tenant = offering.get("tenant") if offering else None
            return lambda row: tenant in offering_tenants(row)

        return [
            Uuid("tenant_uuid", "tenants"), Url("tenant", "tenant", "tenants"), Since(8, Custom("offering_uuid", by_offering)),
            Uuid("settings_uuid", "service_settings"), Url("settings", "service_settings", "service_settings"),
            Contains("name"), Exact("name_exact", "name"),
        ]
