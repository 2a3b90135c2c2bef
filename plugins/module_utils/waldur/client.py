# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Waldur API: paging, look-ups, marketplace orders, termination and waiting.

Everything here speaks Waldur's dialect (bare-array pages with ``Link`` and ``X-Result-Count``, 32-hex UUIDs,
absolute URLs as references, DRF errors) and nothing here knows about Ansible modules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.module_utils.six.moves.urllib.parse import urlsplit

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common import errors
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.client import ApiClient
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import ProviderError, capitalized
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.paging import Page
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError, Transport, RetryPolicy, endpoint_problem
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.waiting import Poller, WaitTimeout
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.generation import (ServerGeneration, generation_from_refusal,
                                                                                             security_groups_body)

MAX_PAGE_SIZE = 300
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
IP_RE = re.compile(r"^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$")

ORDER_DONE = "done"
ORDER_FAILED = ("erred", "rejected", "canceled")
ORDER_PENDING_PREFIX = "pending"


class WaldurError(ProviderError):
    """A failure worth a clear message that is not an HTTP error: not found, ambiguous, erred, rejected."""


class NotFoundError(WaldurError, errors.NotFoundError):
    """No object matches a reference."""


class AmbiguousError(WaldurError, errors.AmbiguousError):
    """Several objects match a name; ``facts["candidates"]`` lists their UUIDs."""


class Kind:
    """How to find one kind of object: its endpoint, its label in messages, and how its name is matched."""

    def __init__(self, label, endpoint, name_filter="name_exact", fields=True):
        self.label = label
        self.endpoint = endpoint
        self.name_filter = name_filter
        self.fields = fields

    @property
    def path(self):
        return "/api/%s/" % self.endpoint


KINDS = {
    "customer": Kind("organization", "customers"),
    "project": Kind("project", "projects"),
    "offering": Kind("offering", "marketplace-public-offerings"),
    "order": Kind("order", "marketplace-orders"),
    "resource": Kind("marketplace resource", "marketplace-resources"),
    "tenant": Kind("tenant", "openstack-tenants"),
    "flavor": Kind("flavor", "openstack-flavors"),
    "image": Kind("image", "openstack-images", fields=False),
    "volume_type": Kind("volume type", "openstack-volume-types", fields=False),
    "instance_availability_zone": Kind("availability zone", "openstack-instance-availability-zones", fields=False),
    "volume_availability_zone": Kind("availability zone", "openstack-volume-availability-zones", fields=False),
    "subnet": Kind("subnet", "openstack-subnets"),
    "security_group": Kind("security group", "openstack-security-groups"),
    "server_group": Kind("server group", "openstack-server-groups"),
    "floating_ip": Kind("floating IP", "openstack-floating-ips"),
    "ssh_key": Kind("SSH key", "keys"),
    "instance": Kind("instance", "openstack-instances"),
    "volume": Kind("volume", "openstack-volumes"),
    "snapshot": Kind("snapshot", "openstack-snapshots"),
    "backup": Kind("backup", "openstack-backups"),
}

# The list filters /api/openstack-instances/ documents (the info module and the inventory plugin accept all of them).
INSTANCE_LIST_FILTERS = frozenset((
    "attach_volume_uuid", "availability_zone_name", "backend_id", "can_manage", "customer", "customer_abbreviation",
    "customer_name", "customer_native_name", "customer_uuid", "description", "external_ip", "name", "name_exact",
    "project", "project_name", "project_uuid", "query", "runtime_state", "service_settings_name",
    "service_settings_uuid", "state", "tenant", "tenant_uuid", "uuid",
))


def normalize_uuid(value):
    """The 32-hex form of a UUID (dashes removed, lower case), or None when ``value`` is not a UUID."""
    if not isinstance(value, str) or not UUID_RE.match(value.strip()):
        return None
    return value.strip().replace("-", "").lower()


def api_root(api_url):
    """The server root from a user's ``api_url``: both ``https://host`` and ``https://host/api/`` are accepted."""
    root = api_url.strip().rstrip("/")
    return root[:-len("/api")] if root.endswith("/api") else root


def is_url(value):
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def uuid_from_url(url):
    """The last path segment of a Waldur object URL, e.g. ``.../openstack-flavors/<uuid>/`` -> ``<uuid>``."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return normalize_uuid(segments[-1]) if segments else None


def describe(obj):
    """A short human label for an API object: ``'name' (uuid)``."""
    if not isinstance(obj, dict):
        return repr(obj)
    name = obj.get("name") or obj.get("address") or ""
    return "'%s' (%s)" % (name, obj.get("uuid", "?"))


def mib(gib):
    """GiB in the module interface (a whole or a fractional number) to whole MiB in the API."""
    return None if gib is None else int(float(gib) * 1024)


def gib(mib_value):
    """MiB from the API to whole GiB in the module interface (the backend rounds down too)."""
    return None if mib_value is None else int(mib_value) // 1024


def build_query(params, page_size=None, fields=None):
    """Filters (dict or pairs) -> list of pairs for requests.

    A list value becomes a repeated parameter (Waldur ORs them), booleans become ``true``/``false`` and None is
    dropped, so callers can pass every option as it is.
    """
    pairs = list(params.items()) if isinstance(params, dict) else list(params or [])
    query = []
    for key, value in pairs:
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            query.extend((key, v) for v in value)
        elif isinstance(value, bool):
            query.append((key, "true" if value else "false"))
        else:
            query.append((key, value))
    if page_size is not None:
        query.append(("page_size", min(int(page_size), MAX_PAGE_SIZE)))
    query.extend(("field", f) for f in fields or ())
    return query


class WaldurClient(ApiClient):
    """A Waldur API client built on the shared transport and poller."""

    def __init__(self, transport, poll_interval=None, clock=None, sleep=None):
        super(WaldurClient, self).__init__(transport)
        self.generation = ServerGeneration(transport)
        self._poller_options = {}
        if poll_interval is not None:
            self._poller_options["interval"] = poll_interval
        if clock is not None:
            self._poller_options["clock"] = clock
        if sleep is not None:
            self._poller_options["sleep"] = sleep
        self.clock = clock

    @classmethod
    def from_options(cls, api_url, access_token, validate_certs=True, ca_path=None, timeout=60, retries=4,
                     user_agent=None):
        if not api_url:
            raise WaldurError("api_url is required (or set WALDUR_API_URL)")
        if not access_token:
            raise WaldurError("access_token is required (or set WALDUR_ACCESS_TOKEN)")
        problem = endpoint_problem(api_url, "api_url", ca_path)
        if problem:
            raise WaldurError(problem)
        transport = Transport(
            base_url=api_root(api_url), auth_header="Token %s" % access_token, timeout=(min(timeout, 30.0), timeout),
            validate_certs=validate_certs, ca_path=ca_path, retry_policy=RetryPolicy(retries=retries),
            user_agent=user_agent,
        )
        return cls(transport)

    # ---- reading -------------------------------------------------------------------------------------------

    def object_path(self, kind, uuid=None, detail=None):
        """The path of a kind's list, of one object, or of one of its actions or sub-resources: the one place
        paths are built."""
        path = KINDS[kind].path
        if uuid is not None:
            path += "%s/" % uuid
        if detail is not None:
            path += "%s/" % detail
        return path

    def iter_pages(self, path, params=None, fields=None, page_size=MAX_PAGE_SIZE):
        """Yield ``(items, total)`` page by page, following the ``Link: rel="next"`` header."""
        query = build_query(params, page_size, fields)
        response = self.transport.request("GET", path, params=query)
        while True:
            items = self.transport.answer_json(response) or []
            total = response.headers.get("X-Result-Count")
            yield items, (int(total) if total is not None and total.isdigit() else None)
            next_url = response.links.get("next", {}).get("url")
            if not next_url or not items:
                return
            response = self.transport.request("GET", next_url)

    def list(self, kind, params=None, fields=None, page_size=MAX_PAGE_SIZE, limit=None, of=None, detail=None):
        """Every object of ``kind`` on every page (or the first ``limit``); with ``of`` (a UUID) and ``detail``, the
        paged sub-list ``detail`` of that object (an instance's ``ports``...)."""
        path = self.object_path(kind, of, detail)
        if fields and not KINDS[kind].fields:
            fields = None
        result = []
        for items, _total in self.iter_pages(path, params, fields, page_size=page_size if limit is None else min(page_size, limit)):
            result.extend(items)
            if limit is not None and len(result) >= limit:
                return result[:limit]
        return result

    def read_page(self, kind, query, number):
        """Page ``number`` (from 1) of the list of ``kind`` for ``query`` (pairs, as ``build_query`` makes them).
        A page past the end (the list shrank while it was read) is empty."""
        params = list(query) + ([("page", number)] if number > 1 else [])
        try:
            response = self.transport.request("GET", KINDS[kind].path, params=params)
        except ApiError as exc:
            if exc.status == 404 and exc.from_api and number > 1:
                return Page([])
            raise
        total = response.headers.get("X-Result-Count")
        return Page(self.transport.answer_json(response) or [], int(total) if total and total.isdigit() else None,
                    "next" in response.links)

    def get(self, path_or_url, fields=None, params=None):
        return self.transport.get_json(path_or_url, params=build_query(params, fields=fields) or None)

    def get_or_none(self, path_or_url, fields=None):
        try:
            return self.get(path_or_url, fields=fields)
        except ApiError as exc:
            if exc.status == 404 and exc.from_api:
                return None
            raise

    def retrieve(self, kind, uuid, fields=None, detail=None, params=None):
        """One object of ``kind`` (or, with ``detail``, one of its sub-resources such as ``console_log``)."""
        return self.get(self.object_path(kind, uuid, detail), fields=fields if KINDS[kind].fields else None, params=params)

    def retrieve_or_none(self, kind, uuid, fields=None):
        """One object of ``kind``, or None when the API answers that it does not exist."""
        return self.get_or_none(self.object_path(kind, uuid), fields=fields if KINDS[kind].fields else None)

    def update(self, kind, uuid, method, body):
        """PUT or PATCH ``body`` (absolute values, so the transport may retry it) to an object; callers read the
        object back."""
        self.transport.request(method, self.object_path(kind, uuid), json_body=body)

    def delete(self, kind, uuid):
        self.transport.request("DELETE", self.object_path(kind, uuid), expected=(202, 204))

    # ---- resolution ----------------------------------------------------------------------------------------

    def resolve(self, kind, ref, within=None, **filters):
        """Find one object of ``kind`` by UUID, URL or exact name, within ``filters`` (e.g. ``tenant_uuid``).

        ``within`` describes the filters for people (``"in tenant 'demo'"``). Raises WaldurError "not found" or
        "ambiguous: N matches (...)" listing the candidates.
        """
        spec = KINDS[kind]
        if isinstance(ref, dict):
            ref = ref.get("url") or ref.get("uuid")
        if ref is None or ref == "":
            raise WaldurError("No %s given" % spec.label)
        ref = str(ref).strip()
        uuid = uuid_from_url(ref) if is_url(ref) else normalize_uuid(ref)
        if uuid:
            found = self.retrieve_or_none(kind, uuid)
            if found is None:
                raise NotFoundError("%s %s not found" % (capitalized(spec.label), ref), kind=kind, ref=ref)
            return found
        if is_url(ref):
            raise WaldurError("%s URL %s does not name a %s" % (capitalized(spec.label), ref, spec.label), kind=kind, ref=ref)
        name_filter = "address" if kind == "floating_ip" and IP_RE.match(ref) else spec.name_filter
        query = dict((k, v) for k, v in filters.items() if v is not None)
        query[name_filter] = ref
        matches = self.list(kind, query, limit=MAX_PAGE_SIZE)
        return self.pick_one(kind, ref, matches, within or _describe_filters(filters))

    def pick_one(self, kind, ref, matches, within=None):
        """The single match, or an error that says "not found" or "ambiguous: N matches (...)"."""
        return errors.pick_one(kind, KINDS[kind].label, ref, matches, within, describe, lambda obj: obj.get("uuid"), "a UUID or URL",
                               errors=(NotFoundError, AmbiguousError))

    def find_by_name(self, kind, name, fields=None, **filters):
        """Objects of ``kind`` named exactly ``name`` within ``filters`` (zero, one or several)."""
        query = dict((k, v) for k, v in filters.items() if v is not None)
        query["name_exact"] = name
        return self.list(kind, query, fields=fields)

    # ---- waiting -------------------------------------------------------------------------------------------

    def poller(self, timeout):
        return Poller(timeout, **self._poller_options)

    def _wait_on_object(self, kind, uuid, timeout, label, goal, judge):
        """Poll one object until ``judge(current_or_None, subject)`` says done (it raises to abort)."""
        spec = KINDS[kind]
        name = label or uuid
        subject = "%s %s" % (capitalized(spec.label), name)
        return self.poller(timeout).wait(lambda: judge(self.retrieve_or_none(kind, uuid), subject),
                                         "%s %s %s" % (spec.label, name, goal), describe_last=_last_state, probe_at_once=False)

    def wait_for_state(self, kind, uuid, timeout, label=None, states=("OK",)):
        """Wait until the object reaches one of ``states`` (OK by default); ERRED or disappearance fails.

        Like every wait here, it follows a request that started something, so its first look is one interval later.
        """
        wanted = "/".join(states)

        def judge(current, subject):
            if current is None:
                raise WaldurError("%s disappeared while waiting for it to become %s" % (subject, wanted))
            if current.get("state") in states:
                return True, current
            if current.get("state") == "ERRED":
                raise WaldurError("%s is ERRED: %s" % (subject, current.get("error_message") or "no error message"), object=current)
            return False, current

        return self._wait_on_object(kind, uuid, timeout, label, "to become %s" % wanted, judge)

    def wait_until_gone(self, kind, uuid, timeout, label=None, order_uuid=None):
        """Wait until the object answers 404. A failed termination order or an ERRED object fails the wait."""

        def judge(current, subject):
            if current is None:
                return True, None
            if current.get("state") == "ERRED":
                reason = current.get("error_message")
                if order_uuid:
                    order = self.retrieve_or_none("order", order_uuid) or {}
                    reason = order.get("error_message") or reason
                raise WaldurError("Deleting %s failed: %s" % (subject[:1].lower() + subject[1:], reason or "no error message"),
                                  object=current)
            return False, current

        return self._wait_on_object(kind, uuid, timeout, label, "to be deleted", judge)

    # ---- marketplace ---------------------------------------------------------------------------------------

    def create_order(self, project_url, offering_url, attributes, plan_url=None):
        body = {
            "project": project_url,
            "offering": offering_url,
            "attributes": attributes,
            "accepting_terms_of_service": True,
        }
        if plan_url:
            body["plan"] = plan_url
        return self.transport.answer_json(self.transport.request("POST", self.object_path("order"), json_body=body))

    def wait_for_order(self, order_uuid, timeout, label=None):
        """Wait for the order to be ``done``; fail on erred/rejected/canceled with the order's own message."""
        name = label or "order %s" % order_uuid

        def probe():
            order = self.retrieve("order", order_uuid)
            state = order.get("state")
            if state == ORDER_DONE:
                return True, order
            if state in ORDER_FAILED:
                raise WaldurError(
                    "Order for %s is %s: %s" % (name, state, order.get("error_message") or "no error message"),
                    order=order,
                )
            return False, order

        try:
            return self.poller(timeout).wait(probe, "order for %s to be done" % name, describe_last=_last_state,
                                             probe_at_once=False)
        except WaitTimeout as exc:
            last = exc.last or {}
            state = last.get("state") or ""
            if state.startswith(ORDER_PENDING_PREFIX):
                raise WaldurError(
                    "Order %s for %s is waiting for approval (state %s); it has been left in place. Approve it in Waldur "
                    "and run again, or raise wait_timeout." % (order_uuid, name, state),
                    order=last,
                )
            raise

    def terminate(self, resource_uuid, attributes=None):
        """Ask the marketplace to terminate a resource; return the termination order's UUID when the API gives it."""
        body = {"attributes": attributes or {}}
        response = self.transport.request(
            "POST", self.object_path("resource", resource_uuid, "terminate"), json_body=body, expected=(200, 201, 202),
        )
        payload = self.transport.answer_json(response)
        return payload.get("order_uuid") if isinstance(payload, dict) else None

    def action(self, kind, uuid, action, body=None, expected=(200, 201, 202)):
        """POST an action (``start``, ``extend``...) and return the decoded reply (may be None)."""
        response = self.transport.request(
            "POST", self.object_path(kind, uuid, action), json_body=body if body is not None else {}, expected=expected,
        )
        return self.transport.answer_json(response)

    def update_security_groups(self, instance_uuid, urls):
        """Set an instance's security groups in the form its server's generation takes (see waldur_generation)."""
        generation = self.generation.get()
        try:
            return self.action("instance", instance_uuid, "update_security_groups", security_groups_body(generation, urls))
        except ApiError as exc:
            learned = generation_from_refusal(exc)
            if learned is None or learned == generation:
                raise
        self.generation.learn(learned)
        return self.action("instance", instance_uuid, "update_security_groups", security_groups_body(learned, urls))


def _last_state(obj):
    return "last state: %s" % (obj or {}).get("state")


def _describe_filters(filters):
    shown = ["%s=%s" % (k, v) for k, v in sorted(filters.items()) if v is not None]
    return "where %s" % ", ".join(shown) if shown else None
