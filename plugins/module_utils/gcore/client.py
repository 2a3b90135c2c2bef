# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Gcore Cloud API: offset paging, tasks, look-ups by id or name, and the instance endpoints.

Everything here speaks Gcore's dialect (``/cloud/v1/<kind>/<project>/<region>`` paths, ``{"count", "results"}``
pages, ``{"tasks": [...]}`` answers to long operations) and nothing here knows about Ansible modules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common import errors
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.client import ApiClient
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import ProviderError, capitalized
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError, Transport, RetryPolicy, endpoint_problem
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.waiting import Poller

DEFAULT_BASE_URL = "https://api.gcore.com"
PAGE_SIZE = 1000
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# Characters with a meaning in the API's (MySQL) regular expressions; everything else matches itself.
REGEX_SPECIAL_RE = re.compile(r"([.\[\](){}*+?|^$\\])")
# Metadata keys the v1 ``metadata/{key}`` path carries safely; others go through the v2 ``metadata_item?key=``.
PLAIN_KEY_RE = re.compile(r"^[A-Za-z0-9_.-]+$")

RESELLER_NAME_TEMPLATES = "/cloud/v1/reseller_name_templates"
# Gcore error bodies carry these beside "message"; they are diagnostics, not the message.
ERROR_DIAGNOSTIC_KEYS = frozenset(("exception_class", "traceback", "request_id"))
TASK_FINISHED = "FINISHED"
TASK_ERROR = "ERROR"


class GcoreError(ProviderError):
    """A failure worth a clear message that is not an HTTP error: not found, ambiguous, a failed task."""


class NotFoundError(GcoreError, errors.NotFoundError):
    """No object matches a reference."""


class AmbiguousError(GcoreError, errors.AmbiguousError):
    """Several objects match a name; ``facts["candidates"]`` lists their ids."""


class TaskError(GcoreError):
    """A task ended in ERROR; ``facts["task"]`` is the task."""


class Kind:
    """How to find one kind of object: where it lives, which field is its id and which fields name it.

    ``name_filter`` is the list filter that narrows a look-up by name on the server (the match is always made
    exactly on this side); ``detail`` says whether ``<collection>/{p}/{r}/{id}`` exists; ``ids_are_uuids`` whether a
    reference that is not a UUID can only be a name.
    """

    def __init__(self, label, collection, id_field="id", name_fields=("name",), name_filter=None, detail=True,
                 regional=True, ids_are_uuids=True, list_params=None):
        self.label = label
        self.collection = collection
        self.id_field = id_field
        self.name_fields = name_fields
        self.name_filter = name_filter
        self.detail = detail
        self.regional = regional
        self.ids_are_uuids = ids_are_uuids
        self.list_params = list_params or {}


KINDS = {
    "flavor": Kind("flavor", "flavors", id_field="flavor_id", name_fields=("flavor_id", "flavor_name"), detail=False,
                   ids_are_uuids=False),
    "image": Kind("image", "images", name_filter="name"),
    "network": Kind("network", "networks", name_filter="name", list_params={"owned_by": "any"}),
    "subnet": Kind("subnet", "subnets", list_params={"owned_by": "any"}),
    "security_group": Kind("security group", "securitygroups", name_filter="name"),
    "servergroup": Kind("server group", "servergroups", id_field="servergroup_id"),
    "keypair": Kind("SSH key", "ssh_keys", name_filter="name", regional=False),
    "floating_ip": Kind("floating IP", "floatingips", name_fields=("floating_ip_address",)),
    "reserved_fixed_ip": Kind("reserved fixed IP", "reserved_fixed_ips", id_field="port_id",
                              name_fields=("name", "fixed_ip_address", "fixed_ipv6_address")),
    "volume": Kind("volume", "volumes", name_filter="name_part"),
    # The snapshot list has no name filter: a name is matched among all of the region's snapshots.
    "snapshot": Kind("snapshot", "snapshots"),
    "apptemplate": Kind("app template", "apptemplates", name_fields=("id", "display_name"), ids_are_uuids=False),
}


def is_uuid(value):
    return isinstance(value, str) and bool(UUID_RE.match(value.strip()))


def exact_name_pattern(name):
    """An anchored regular expression the API's ``name`` filter matches only ``name`` with (and names that differ
    in case: the caller compares exactly)."""
    return "^%s$" % REGEX_SPECIAL_RE.sub(r"\\\1", name)


def object_id(kind, obj):
    return obj.get(KINDS[kind].id_field)


def object_name(obj):
    """The name an object shows to people (Gcore objects use several field names for it)."""
    for field in ("name", "instance_name", "flavor_name", "display_name", "floating_ip_address", "fixed_ip_address"):
        if obj.get(field):
            return obj[field]
    return ""


def describe(kind, obj):
    """``'name' (id)``, for messages."""
    return "'%s' (%s)" % (object_name(obj), object_id(kind, obj) or obj.get("id") or "?")


def task_ids(answer):
    """The task ids of a ``{"tasks": [...]}`` answer (empty for anything else)."""
    tasks = (answer or {}).get("tasks") if isinstance(answer, dict) else None
    return list(tasks or [])


def query_value(value):
    """A filter value as the API expects it in a query: booleans in lower case, mappings and lists as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return value


def query_pairs(params):
    """Filters (dict) -> list of pairs for requests, in Gcore's dialect: None is dropped, a list is sent as one JSON array
    (the API reads ``metadata_v=["a","b"]``) and a tuple as a repeated parameter (``tag_value=a&tag_value=b``)."""
    query = []
    for key, value in (params or {}).items():
        if value is None:
            continue
        if isinstance(value, tuple):
            query.extend((key, query_value(item)) for item in value)
        elif isinstance(value, list):
            query.append((key, json.dumps(value, separators=(",", ":"))))
        else:
            query.append((key, query_value(value)))
    return query


def quota_shortfall(report):
    """[(quota, limit, usage, requested)] for each quota a ``check_limits`` answer shows exceeded.

    The answer carries ``<quota>_limit``, ``<quota>_usage`` and ``<quota>_requested``; a negative limit is unlimited.
    """
    short = []
    for key in sorted(report or {}):
        if not key.endswith("_requested"):
            continue
        quota = key[:-len("_requested")]
        requested = report.get(key) or 0
        limit = report.get(quota + "_limit")
        usage = report.get(quota + "_usage") or 0
        if requested and limit is not None and limit >= 0 and usage + requested > limit:
            short.append((quota, limit, usage, requested))
    return short


def describe_shortfall(short):
    return ", ".join("%s (limit %s, in use %s, requested %s: %s short)" % (quota, limit, usage, requested, usage + requested - limit)
                     for quota, limit, usage, requested in short)


class GcoreClient(ApiClient):
    """A Gcore Cloud API client for one project and region, built on the shared transport and poller."""

    def __init__(self, transport, project_id, region_id, poll_interval=None, clock=None, sleep=None):
        super(GcoreClient, self).__init__(transport)
        self.transport.error_diagnostic_keys = ERROR_DIAGNOSTIC_KEYS
        # None for a client of settings that are not in a project (the reseller's).
        self.project_id = None if project_id is None else int(project_id)
        self.region_id = int(region_id)
        self._poller_options = dict((key, value) for key, value in
                                    (("interval", poll_interval), ("clock", clock), ("sleep", sleep)) if value is not None)
        self.clock = clock

    @classmethod
    def from_options(cls, api_key, project_id, region_id, base_url=DEFAULT_BASE_URL, validate_certs=True, ca_path=None,
                     timeout=60, retries=4, user_agent=None, project_scoped=True):
        """A client for the region (and the project, when ``project_scoped``) with a transport built from the options."""
        required = [(api_key, "api_key", "GCORE_API_KEY"), (region_id, "region_id", "GCORE_CLOUD_REGION_ID")]
        if project_scoped:
            required.insert(1, (project_id, "project_id", "GCORE_CLOUD_PROJECT_ID"))
        for value, option, variable in required:
            if value in (None, ""):
                raise GcoreError("%s is required (or set %s)" % (option, variable))
        problem = endpoint_problem(base_url or DEFAULT_BASE_URL, "base_url", ca_path)
        if problem:
            raise GcoreError(problem)
        transport = Transport(
            base_url=(base_url or DEFAULT_BASE_URL).rstrip("/"), auth_header="APIKey %s" % api_key,
            timeout=(min(timeout, 30.0), timeout), validate_certs=validate_certs, ca_path=ca_path,
            retry_policy=RetryPolicy(retries=retries), user_agent=user_agent,
        )
        return cls(transport, project_id, region_id)

    @property
    def where(self):
        if self.project_id is None:
            return "in region %d" % self.region_id
        return "in project %d, region %d" % (self.project_id, self.region_id)

    # ---- paths -------------------------------------------------------------------------------------------------

    def regional_path(self, collection, *parts, **options):
        """``/cloud/<version>/<collection>/<project>/<region>[/part...]`` (``regional=False``: without the region)."""
        version = options.get("version", "v1")
        scope = [str(self.project_id)]
        if options.get("regional", True):
            scope.append(str(self.region_id))
        return "/cloud/%s/%s" % (version, "/".join([collection] + scope + [str(part) for part in parts]))

    def instance_path(self, instance_id, suffix=None, version="v1"):
        parts = [instance_id] + ([suffix] if suffix else [])
        return self.regional_path("instances", *parts, version=version)

    def kind_path(self, kind, *parts):
        spec = KINDS[kind]
        return self.regional_path(spec.collection, *parts, regional=spec.regional)

    # ---- reading -----------------------------------------------------------------------------------------------

    def request_json(self, method, path, params=None, body=None, idempotent=None):
        """The decoded answer; ``idempotent=True`` marks a POST that only reads, so it is retried like a GET."""
        response = self.transport.request(method, path, params=query_pairs(params) or None, json_body=body, idempotent=idempotent)
        return self.transport.answer_json(response)

    def get(self, path, params=None):
        return self.request_json("GET", path, params)

    def get_or_none(self, path, params=None):
        return none_on_status(lambda: self.get(path, params), (404,))

    def iter_pages(self, path, params=None, page_size=PAGE_SIZE, method="GET", body=None):
        """Yield ``(results, count)`` page by page: ``limit`` is always sent, ``offset`` grows by what arrived, and
        paging stops once ``count`` objects are read (or a page comes back empty)."""
        offset = 0
        while True:
            query = dict(params or {})
            query.update(limit=page_size, offset=offset)
            page = self.request_json(method, path, query, body, idempotent=True) or {}
            results = page.get("results") or []
            count = page.get("count")
            yield results, count
            offset += len(results)
            if not results or count is None or offset >= count:
                return

    def list(self, path, params=None, page_size=PAGE_SIZE, method="GET", body=None):
        """Every object on every page."""
        objects = []
        for results, _count in self.iter_pages(path, params, page_size, method, body):
            objects.extend(results)
        return objects

    def results(self, path, params=None, method="GET", body=None):
        """The ``results`` of an answer the API does not page (``{"count", "results"}`` all at once)."""
        answer = self.request_json(method, path, params, body, idempotent=True) or {}
        return answer.get("results") or []

    def post(self, path, body=None, params=None, idempotent=None):
        return self.request_json("POST", path, params, body if body is not None else {}, idempotent=idempotent)

    # ---- tasks -------------------------------------------------------------------------------------------------

    def poller(self, timeout):
        return Poller(timeout, **self._poller_options)

    def get_task(self, task_id):
        return self.get("/cloud/v1/tasks/%s" % task_id)

    def wait_for_tasks(self, ids, timeout, label=None, just_started=True):
        """Wait until every task is FINISHED; return the ids they created, merged by kind
        (``{"instances": [...], "ports": [...]}``). A task in ERROR fails the wait with the task's own error.

        Tasks ``just_started`` are certainly not done yet, so the first look at them is one interval later.
        """
        pending = list(ids)
        created = {}
        last = {}

        def probe():
            for task_id in list(pending):
                task = self.get_task(task_id)
                last[task_id] = task.get("state")
                if task.get("state") == TASK_FINISHED:
                    pending.remove(task_id)
                    for kind, kind_ids in (task.get("created_resources") or {}).items():
                        created.setdefault(kind, []).extend(kind_ids or [])
                elif task.get("state") == TASK_ERROR:
                    raise TaskError("Task %s (%s) failed%s: %s" % (task_id, task.get("task_type") or "?", " while " + label if label else "",
                                                                   task.get("error") or "no error message"), task=task)
            return not pending, dict(last)

        def describe_last(states):
            return ", ".join("task %s is %s" % (task_id, states.get(task_id)) for task_id in pending)

        description = "task %s" % ", ".join(ids) + (" (%s)" % label if label else "")
        self.poller(timeout).wait(probe, description, describe_last=describe_last, probe_at_once=not just_started)
        return created

    # ---- look-ups ----------------------------------------------------------------------------------------------

    def resolve(self, kind, ref, **filters):
        """One object of ``kind`` by id or exact name (``filters`` narrow a name look-up, e.g. ``network_id``).

        Raises NotFoundError, or AmbiguousError listing the candidates.
        """
        spec = KINDS[kind]
        if isinstance(ref, dict):
            ref = object_id(kind, ref)
        if ref in (None, ""):
            raise GcoreError("No %s given" % spec.label)
        ref = str(ref).strip()
        if is_uuid(ref) and not spec.detail:
            return {spec.id_field: ref}
        if spec.detail and (is_uuid(ref) or not spec.ids_are_uuids):
            found = self.get_or_none(self.kind_path(kind, ref))
            if found is not None:
                return found
            if spec.ids_are_uuids:
                raise NotFoundError("%s %s not found %s" % (capitalized(spec.label), ref, self.where), kind=kind, ref=ref)
        return self.pick_one(kind, ref, self.list_by_name(kind, ref, **filters))

    def list_by_name(self, kind, ref, **filters):
        spec = KINDS[kind]
        query = dict(spec.list_params)
        query.update((key, value) for key, value in filters.items() if value is not None)
        if spec.name_filter:
            query[spec.name_filter] = ref
        return [obj for obj in self.list(self.kind_path(kind), query)
                if any(obj.get(field) == ref for field in spec.name_fields) or obj.get(spec.id_field) == ref]

    def pick_one(self, kind, ref, matches, within=None):
        """The single match, or an error that says "not found" or "ambiguous: N matches (...)"."""
        return errors.pick_one(kind, KINDS[kind].label, ref, matches, within or self.where, lambda obj: describe(kind, obj),
                               lambda obj: object_id(kind, obj), "an id", errors=(NotFoundError, AmbiguousError))

    # ---- instances ---------------------------------------------------------------------------------------------

    def list_instances(self, filters=None):
        """The instances of the list, each also under the current field names where it came with the older ones."""
        return [with_current_names(obj) for obj in self.list(self.regional_path("instances"), filters)]

    def instance_page(self, project_id, region_id, query, offset, limit):
        """One page of the instance list of any project and region, as the API answers it (``count``, ``results``)."""
        answer = self.get("/cloud/v1/instances/%d/%d" % (project_id, region_id), dict(query, limit=limit, offset=offset))
        if isinstance(answer, dict) and isinstance(answer.get("results"), list):
            answer["results"] = [with_current_names(instance) for instance in answer["results"]]
        return answer

    def project_ids(self):
        """The ids of every project the API key can see."""
        return [project["id"] for project in self.list("/cloud/v1/projects")]

    def active_region_ids(self):
        """The ids of every region whose state is ACTIVE."""
        return [region["id"] for region in self.list("/cloud/v1/regions") if region.get("state") == "ACTIVE"]

    def get_instance(self, instance_id):
        """The instance, or None when there is none with this id here."""
        return self.get_or_none(self.instance_path(instance_id))

    def instances_named(self, name, **filters):
        """Instances whose name is exactly ``name``."""
        query = dict(filters, name=exact_name_pattern(name))
        return [obj for obj in self.list_instances(query) if instance_name(obj) == name]

    def find_instance(self, instance_id=None, name=None):
        """The instance with this id, or the only one with this name; None when there is none.

        A name that several instances share raises AmbiguousError listing their ids.
        """
        if instance_id:
            return self.get_instance(instance_id)
        matches = self.instances_named(name)
        if not matches:
            return None
        if len(matches) > 1:
            shown = ", ".join("'%s' (%s, %s)" % (instance_name(obj), instance_id_of(obj), obj.get("status")) for obj in matches[:errors.MAX_CANDIDATES_SHOWN])
            raise AmbiguousError("Instance name '%s' is ambiguous %s: %d matches (%s); use id instead" % (name, self.where, len(matches), shown),
                                 kind="instance", ref=name, candidates=[instance_id_of(obj) for obj in matches])
        return matches[0]

    def check_limits(self, body):
        # A quota check changes nothing: retried like a read.
        return self.post(self.regional_path("instances", "check_limits", version="v2"), body, idempotent=True) or {}

    def instance_action(self, instance_id, action, legacy=False, **options):
        """Power action (``start``, ``stop``, ``reboot``, ``reboot_hard``, ``powercycle``, ``suspend``, ``resume``).

        The v2 endpoint answers tasks; the deprecated v1 endpoints answer the instance, whose ``task_id`` is the task.
        Return the task ids.
        """
        if legacy:
            answer = self.post(self.instance_path(instance_id, LEGACY_ACTIONS[action]))
            return [answer["task_id"]] if isinstance(answer, dict) and answer.get("task_id") else []
        body = dict(options, action=action)
        return task_ids(self.post(self.instance_path(instance_id, "action", version="v2"), body))

    # ---- changing an instance: each answers the ids of the tasks it started -----------------------------------

    def create_instance(self, body):
        """Create an instance from a v2 create body."""
        return task_ids(self.post(self.regional_path("instances", version="v2"), body))

    def update_instance(self, instance_id, fields):
        """Rename it or change its tags (``{"tags": {key: value}}``, a value of None deletes the tag)."""
        return task_ids(self.request_json("PATCH", self.instance_path(instance_id), body=fields))

    def replace_metadata(self, instance_id, items):
        """Its writable metadata becomes ``items`` ({key: value}): others are deleted."""
        return task_ids(self.request_json("PUT", self.instance_path(instance_id, "metadata"), body=items))

    def set_metadata(self, instance_id, items):
        """Set these metadata items, leaving the others."""
        # Setting items to absolute values: sending it twice does no more than once.
        return task_ids(self.post(self.instance_path(instance_id, "metadata"), items, idempotent=True))

    def change_flavor(self, instance_id, flavor_id):
        return task_ids(self.post(self.instance_path(instance_id, "changeflavor"), {"flavor_id": flavor_id}))

    def change_security_groups(self, instance_id, names, add):
        """Add the security groups named (``add``) to every port of the instance, or remove them."""
        body = {"ports_security_group_names": [{"port_id": None, "security_group_names": names}]}
        return task_ids(self.post(self.instance_path(instance_id, "addsecuritygroup" if add else "delsecuritygroup"), body))

    def put_into_servergroup(self, instance_id, servergroup_id):
        return task_ids(self.post(self.instance_path(instance_id, "put_into_servergroup"), {"servergroup_id": servergroup_id}))

    def remove_from_servergroup(self, instance_id):
        return task_ids(self.request_json("POST", self.instance_path(instance_id, "remove_from_servergroup")))

    def attach_interface(self, instance_id, body):
        return task_ids(self.post(self.instance_path(instance_id, "attach_interface"), body))

    def detach_interface(self, instance_id, port_id, ip_address):
        body = {"port_id": port_id, "ip_address": ip_address}
        return task_ids(self.post(self.instance_path(instance_id, "detach_interface"), body))

    def delete_instance(self, instance_id, params=None):
        """Delete it, and with ``params`` what goes with it (``volumes``, ``floatings``...)."""
        return task_ids(self.request_json("DELETE", self.instance_path(instance_id), params))

    def metadata_item_path(self, instance_id, key):
        """(path, params) of one metadata item: v1 for plain keys, v2 ``metadata_item?key=`` for any other key."""
        if PLAIN_KEY_RE.match(key):
            return self.instance_path(instance_id, "metadata/%s" % key), None
        return self.instance_path(instance_id, "metadata_item", version="v2"), {"key": key}

    def get_metadata_item(self, instance_id, key):
        path, params = self.metadata_item_path(instance_id, key)
        return self.get_or_none(path, params)

    def delete_metadata_item(self, instance_id, key):
        path, params = self.metadata_item_path(instance_id, key)
        return task_ids(self.request_json("DELETE", path, params))

    # ---- what an instance has, and what a region allows -------------------------------------------------------

    def interfaces(self, instance_id):
        return self.list(self.instance_path(instance_id, "interfaces"))

    def ports(self, instance_id):
        return self.results(self.instance_path(instance_id, "ports"))

    def instance_security_groups(self, instance_id):
        return self.results(self.instance_path(instance_id, "securitygroups"))

    def metadata(self, instance_id):
        """The metadata items ([{key, value, read_only}])."""
        return self.results(self.instance_path(instance_id, "metadata"))

    def console(self, instance_id, console_type="novnc"):
        """The remote console ({protocol, type, url})."""
        answer = self.get(self.instance_path(instance_id, "get_console"), {"console_type": console_type}) or {}
        return answer.get("remote_console")

    def metrics(self, instance_id, time_unit="hour", time_interval=1):
        """Usage metrics over the last ``time_interval`` hours or days, every page."""
        return self.list(self.instance_path(instance_id, "metrics"), method="POST",
                         body={"time_unit": time_unit, "time_interval": time_interval})

    def resize_flavors(self, instance_id, include_prices=None):
        """The flavors the instance can be resized into."""
        return self.results(self.instance_path(instance_id, "available_flavors"), {"include_prices": include_prices})

    def flavors_for_new_instance(self, volumes, include_prices=None):
        """The flavors that can boot an instance with these create-body ``volumes``."""
        return self.results(self.regional_path("instances", "available_flavors"), {"include_prices": include_prices},
                            method="POST", body={"volumes": volumes})

    def naming_restrictions(self, deprecated=False):
        """The instance naming rules of this project and region (``deprecated``: from the older endpoint)."""
        if deprecated:
            return self.get(self.regional_path("instances", "available_names"))
        return self.get(self.regional_path("reseller_name_templates", "available_names"))

    def reseller_name_templates(self):
        """The reseller's naming configurations, one for each region that has one (the list is not paged)."""
        return self.results(RESELLER_NAME_TEMPLATES)

    def reseller_name_template(self, reseller_id):
        """The reseller's naming configuration of this region, or None when the region has none."""
        return next((config for config in self.reseller_name_templates()
                     if config.get("reseller_id") == reseller_id and config.get("region_id") == self.region_id), None)

    def put_reseller_name_template(self, reseller_id, fields):
        """Create or update the reseller's naming configuration of this region; answers the configuration."""
        return self.request_json("PUT", RESELLER_NAME_TEMPLATES, body=dict(fields, reseller_id=reseller_id, region_id=self.region_id))

    def delete_reseller_name_template(self, reseller_id):
        """Delete the reseller's naming configuration of this region, which drops every naming restriction there."""
        self.request_json("DELETE", "%s/%d/%d" % (RESELLER_NAME_TEMPLATES, reseller_id, self.region_id))

    def get_region(self):
        """This region, or None when there is no region with its id."""
        return self.get_or_none("/cloud/v1/regions/%d" % self.region_id)

    def search_instances(self, name=None, instance_id=None):
        """Instances of every client of the reseller with this name or id (summaries, not full instances)."""
        return self.results("/cloud/v1/instances/search", {"name": name, "id": instance_id})

    def instance_servergroup(self, instance_id):
        """The server group the instance is a member of, or None."""
        for group in self.list(self.kind_path("servergroup")):
            if any(member.get("instance_id") == instance_id for member in group.get("instances") or ()):
                return group
        return None


LEGACY_ACTIONS = {"start": "start", "stop": "stop", "reboot": "reboot", "reboot_hard": "powercycle", "powercycle": "powercycle",
                  "suspend": "suspend", "resume": "resume"}


def none_on_status(call, statuses):
    """``call()``, or None when it fails with one of these HTTP statuses."""
    try:
        return call()
    except ApiError as exc:
        if exc.status in statuses and exc.from_api:
            return None
        raise


# Fields older instance payloads (still sent by some list answers) name differently: (current name, older name).
LEGACY_INSTANCE_FIELDS = (("id", "instance_id"), ("name", "instance_name"), ("created_at", "instance_created"),
                          ("ssh_key_name", "keypair_name"))


def with_current_names(instance):
    """``instance`` with every current field an older payload lacks (or leaves null) filled in from its older name
    (the older names stay): ``tags`` from the ``metadata`` mapping. Modules and the inventory read instances
    through this one mapping, at the client's edge."""
    if not isinstance(instance, dict):
        return instance
    for current, older in LEGACY_INSTANCE_FIELDS:
        if instance.get(current) is None and instance.get(older) is not None:
            instance[current] = instance[older]
    if instance.get("tags") is None and isinstance(instance.get("metadata"), dict):
        instance["tags"] = [{"key": key, "value": value, "read_only": False} for key, value in instance["metadata"].items()]
    return instance


def instance_id_of(obj):
    """The id of an instance (older payloads call it ``instance_id``)."""
    return obj.get("id") or obj.get("instance_id")


def instance_name(obj):
    """The name of an instance (older payloads call it ``instance_name``)."""
    return obj.get("name") or obj.get("instance_name")
