# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shared body of the ``waldur_*_info`` modules: list with filters across all pages, or one object, plus
sub-resources on request. Each module declares its options and an InfoSpec."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import KINDS, WaldurError, normalize_uuid
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common import module as common_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.module import client_from_module, waldur_argument_spec

OPENSTACK_STATES = ["CREATION_SCHEDULED", "CREATING", "UPDATE_SCHEDULED", "UPDATING", "DELETION_SCHEDULED", "DELETING",
                    "OK", "ERRED"]

# Options every info module has, mapped to the API filter they set. Reference options (project, customer,
# tenant) take a name, UUID or URL and are resolved to the UUID the filter needs.
COMMON_FILTER_OPTIONS = dict(
    name="name_exact",
    name_contains="name",
    state="state",
    backend_id="backend_id",
    description="description",
)
# The fields ``order_by`` sorts on, every info module's and each one's own. The sorting is done here: the two API
# generations accept different ``o`` values (7.x refuses ``start_time``, 8.x takes only ``start_time`` on instances and
# ignores ``o`` elsewhere), and every page is read anyway.
COMMON_ORDER_KEYS = ("name", "uuid", "state", "created", "modified", "description", "backend_id", "project_name",
                     "customer_name", "customer_abbreviation", "customer_native_name", "service_name")
ORDERING_PARAMETER = "o"

REFERENCE_FILTER_OPTIONS = dict(project=("project", "project_uuid"), customer=("customer", "customer_uuid"),
                                tenant=("tenant", "tenant_uuid"))

INFO_ARGUMENT_SPEC = dict(
    uuid=dict(type="str"),
    name=dict(type="str"),
    name_contains=dict(type="str"),
    project=dict(type="str"),
    customer=dict(type="str"),
    tenant=dict(type="str"),
    state=dict(type="list", elements="str", choices=OPENSTACK_STATES),
    backend_id=dict(type="str"),
    description=dict(type="str"),
    filters=dict(type="dict", default={}),
    order_by=dict(type="str"),
)


class SubResource:
    """A per-object GET (``ports``, ``console_log``...) that the user can ask for with ``include``."""

    def __init__(self, name, action, paged=False, params=None, unwrap=None):
        self.name = name
        self.action = action
        self.paged = paged
        self.params = params or (lambda module_params: None)
        self.unwrap = unwrap or (lambda value: value)

    def fetch(self, client, kind, uuid, module_params):
        if self.paged:
            return client.list(kind, self.params(module_params), of=uuid, detail=self.action)
        return self.unwrap(client.retrieve(kind, uuid, detail=self.action, params=self.params(module_params)))


class InfoSpec:
    """What distinguishes one info module from another."""

    def __init__(self, kind, result_key, api_filters, extra_filter_options=None, extra_reference_options=None,
                 subresources=(), order_keys=()):
        self.kind = kind
        self.result_key = result_key
        self.api_filters = frozenset(api_filters) - frozenset((ORDERING_PARAMETER,))
        self.order_keys = COMMON_ORDER_KEYS + tuple(order_keys)
        self.extra_filter_options = extra_filter_options or {}
        self.reference_options = dict(REFERENCE_FILTER_OPTIONS)
        self.reference_options.update(extra_reference_options or {})
        self.subresources = dict((s.name, s) for s in subresources)

    def argument_spec(self, module_options):
        """The module's options, the connection options and, when it has sub-resources, ``include`` naming them."""
        options = dict(module_options)
        if self.subresources:
            options["include"] = dict(type="list", elements="str", default=[], choices=sorted(self.subresources))
        return waldur_argument_spec(**options)


def order_specs(spec, order_by):
    """``order_by`` (``name``, ``-created``, ``project_name,-size``) as [(field, descending)]; fails on a field
    that is not one of ``spec.order_keys``."""
    specs = []
    for part in (order_by or "").split(","):
        part = part.strip()
        field = part[1:] if part.startswith("-") else part
        if not field:
            continue
        if field not in spec.order_keys:
            raise WaldurError("order_by: cannot sort %ss by '%s'; the fields are: %s"
                              % (KINDS[spec.kind].label, field, ", ".join(sorted(spec.order_keys))))
        specs.append((field, part.startswith("-")))
    return specs


def order_objects(objects, specs):
    """``objects`` sorted by ``specs`` (stable, the last key first); a missing or null value sorts after any other
    (before any other when descending)."""
    objects = list(objects)
    for field, descending in reversed(specs):
        objects.sort(key=lambda obj: (obj.get(field) is None, obj.get(field)), reverse=descending)
    return objects


def build_filters(spec, client, params):
    """The API query for the module's options; fails on a filter the endpoint does not document."""
    if ORDERING_PARAMETER in params["filters"]:
        raise WaldurError("filters: the API generations take different values of '%s' (and some ignore it); "
                          "use order_by instead, which sorts the result itself" % ORDERING_PARAMETER)
    unknown = sorted(set(params["filters"]) - spec.api_filters)
    if unknown:
        raise WaldurError("Unsupported filter(s) %s for %s; supported: %s"
                          % (", ".join(unknown), KINDS[spec.kind].path, ", ".join(sorted(spec.api_filters))))
    query = dict(params["filters"])
    options = dict(COMMON_FILTER_OPTIONS)
    options.update(spec.extra_filter_options)
    for option, api_name in options.items():
        if params.get(option) not in (None, []):
            query[api_name] = params[option]
    for option, (kind, api_name) in spec.reference_options.items():
        if params.get(option):
            query[api_name] = client.resolve(kind, params[option])["uuid"]
    return query


def find_objects(spec, client, params):
    specs = order_specs(spec, params.get("order_by"))
    if params.get("uuid"):
        uuid = normalize_uuid(params["uuid"])
        if not uuid:
            raise WaldurError("uuid '%s' is not a valid UUID" % params["uuid"])
        found = client.retrieve_or_none(spec.kind, uuid)
        return [found] if found is not None else []
    return order_objects(client.list(spec.kind, build_filters(spec, client, params)), specs)


def add_subresources(spec, client, params, objects):
    for obj in objects:
        details = dict((name, spec.subresources[name].fetch(client, spec.kind, obj["uuid"], params)) for name in params.get("include") or ())
        if details:
            obj["subresources"] = details
    return objects


def run_info_module(spec, argument_spec):
    def read(client, params):
        return {spec.result_key: add_subresources(spec, client, params, find_objects(spec, client, params))}

    common_module.run_info_module(spec.argument_spec(argument_spec), client_from_module, read,
                                  subject=lambda _client: "Listing %ss" % KINDS[spec.kind].label,
                                  mutually_exclusive=[("uuid", "name"), ("uuid", "name_contains")])
