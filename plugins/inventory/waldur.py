# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: waldur
short_description: OpenStack instances managed by Waldur as inventory hosts
version_added: 1.0.0
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
description:
  - Makes every OpenStack instance visible to the Waldur API token an inventory host, with its Waldur facts as host
    variables and default groups by project, organization, tenant, availability zone, flavor, image, state and
    runtime state.
  - The configuration file must end with C(waldur.yml) or C(waldur.yaml), for example C(production.waldur.yml).
  - Only the fields the inventory uses are requested (the API's C(field) parameter). The first page tells the total,
    then the remaining pages are read concurrently; the result does not depend on the order in which they arrive.
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - cloudfleet.openstack.waldur
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.inventory
notes:
  - O(api_url) and O(access_token) may be Jinja templates, for example C("{{ lookup('env', 'MY_TOKEN') }}") or a
    variable from C(--extra-vars); values taken from the environment are used as they are.
  - The access token never reaches the inventory cache or the inventory output. The cache key is derived from the
    configuration file, the server and the filters; two users who share a configuration file and cache directory
    share the cached result, so give each token its own cache directory or O(cache_prefix) when that matters.
  - Names of projects, tenants and instances are not unique in Waldur; see O(hostnames) for how duplicate host names
    are resolved. Default groups are named after names, so same-named projects of two organizations share a group.
options:
  plugin:
    description: Marks this file as a source for this plugin.
    type: str
    required: true
    choices: [cloudfleet.openstack.waldur]
  api_url:
    env:
      - name: WALDUR_API_URL
  access_token:
    env:
      - name: WALDUR_ACCESS_TOKEN
  project:
    description:
      - Only instances of this project, given by name, UUID or URL. A name must match exactly one project.
    type: str
  customer:
    description:
      - Only instances of this organization (customer), given by name, UUID or URL.
    type: str
  tenant:
    description:
      - Only instances in this OpenStack tenant, given by name, UUID or URL.
    type: str
  name:
    description:
      - Only instances with exactly this name.
    type: str
  name_contains:
    description:
      - Only instances whose name contains this text, ignoring case.
    type: str
  state:
    description:
      - Only instances in one of these Waldur states.
    type: list
    elements: str
    choices: [CREATION_SCHEDULED, CREATING, UPDATE_SCHEDULED, UPDATING, DELETION_SCHEDULED, DELETING, OK, ERRED]
  runtime_state:
    description:
      - Only instances whose OpenStack status is this, for example V(ACTIVE) or V(SHUTOFF).
    type: str
  availability_zone:
    description:
      - Only instances in the availability zone with this name.
    type: str
  external_ip:
    description:
      - Only the instance with this external (floating) IP address.
    type: str
  query:
    description:
      - Only instances whose name, internal IP or external IP contains this text.
    type: str
  filters:
    description:
      - Any list filter of C(/api/openstack-instances/), as a mapping of filter name to value; a list value matches
        any of its items.
      - "The documented filters are: C(attach_volume_uuid), C(availability_zone_name), C(backend_id), C(can_manage),
        C(customer), C(customer_abbreviation), C(customer_name), C(customer_native_name), C(customer_uuid),
        C(description), C(external_ip), C(name), C(name_exact), C(project), C(project_name), C(project_uuid),
        C(query), C(runtime_state), C(service_settings_name), C(service_settings_uuid), C(state), C(tenant),
        C(tenant_uuid), C(uuid). Any other name is an error."
      - The dedicated options above override the same filter set here.
    type: dict
    default: {}
  hostnames:
    description:
      - The host name of an instance, as an ordered list of preferences; the first that gives a non-empty value wins.
      - Each entry is one of V(name), V(uuid), V(backend_id) (the OpenStack server ID), V(external_ip),
        V(internal_ip), V(hypervisor_hostname), or a Jinja template over the host variables such as
        C("{{ waldur_name }}.{{ waldur_project_name | lower }}.example.com").
      - An instance for which no entry gives a value is named by its UUID.
      - An entry that fails to render (an undefined variable, a syntax error) is skipped with one warning naming it;
        with O(strict=true) it is an error.
      - Duplicate names are resolved deterministically. A name that only one instance claims is used as it is.
        When several instances claim the same name, none of them keeps the bare name; each becomes
        C(<name>_<first 8 characters of its UUID>) (for example C(web-1_3f2a9c1b)), or C(<name>_<UUID>) should
        even those collide. A name therefore never silently means one of several machines.
    type: list
    elements: str
    default: [name]
  connect_with:
    description:
      - What C(ansible_host) is set to.
      - V(external_or_internal_ip) is the first external (floating) IP, or the first internal IP of an instance
        without one (or, from servers that send neither list, the first address of C(access_url));
        V(external_ip) and V(internal_ip) only those; V(name) the instance's name.
      - An instance without the chosen value gets no C(ansible_host). O(compose) can override it.
    type: str
    choices: [external_or_internal_ip, external_ip, internal_ip, name]
    default: external_or_internal_ip
  hostvars_prefix:
    description:
      - Prefix of the host variables that carry the instance's Waldur facts, for example C(waldur_name).
    type: str
    default: waldur_
  hostvars_fields:
    description:
      - Which of an instance's Waldur facts are kept as host variables (named with O(hostvars_prefix)); by default
        all of them. The fields named in O(extra_fields) are always kept.
      - Only what is stored changes; O(group_by), O(hostnames), O(connect_with), O(compose), O(groups),
        O(keyed_groups), O(include_filters) and O(exclude_filters) still see every fact.
      - Every host variable is held, gathered for each host and, by C(ansible-inventory --list), printed by
        ansible-core; a large inventory that needs only a few of them is much cheaper with just those. With
        10,000 instances, keeping five took C(ansible-inventory --list) a third less CPU time and half the memory.
    type: list
    elements: str
    choices: [uuid, name, description, backend_id, state, runtime_state, error_message, project_name, project_uuid,
              customer_name, customer_uuid, tenant_uuid, tenant_name, service_name, availability_zone_name,
              flavor_name, image_name, cores, ram, disk, key_name, hypervisor_hostname, start_time, external_ips,
              internal_ips, access_url]
  extra_fields:
    description:
      - Further fields of the Waldur instance object to request and expose as host variables as the API returns
        them, for example V(security_groups), V(ports) or V(volumes). Unknown names are ignored by the API.
    type: list
    elements: str
    default: []
  group:
    description:
      - A group that contains every host from this source. An empty value adds none.
    type: str
    default: waldur
  group_prefix:
    description:
      - Prefix of the default group names, for example C(waldur_project_Demo_Project).
    type: str
    default: waldur_
  group_by:
    description:
      - Which default groups to create. Characters other than letters, digits and C(_) in a value become C(_).
      - V(project) groups by project name, V(organization) by organization (customer) name, V(tenant) by tenant name,
        V(availability_zone), V(flavor) and V(image) by name, V(state) by Waldur state and V(runtime_state) by
        OpenStack status. Instances without a value (for example no availability zone) join no group of that kind.
      - Set to V([]) for none.
    type: list
    elements: str
    choices: [project, organization, tenant, availability_zone, flavor, image, state, runtime_state]
    default: [project, organization, tenant, availability_zone, flavor, image, state, runtime_state]
"""

EXAMPLES = r"""
# production.waldur.yml: every instance visible to the token in WALDUR_ACCESS_TOKEN on the server in WALDUR_API_URL.
plugin: cloudfleet.openstack.waldur

---
# Running instances of one project, named <name>.<tenant>.example.com, reached through their internal IP.
plugin: cloudfleet.openstack.waldur
api_url: https://waldur.example.com/
access_token: "{{ lookup('ansible.builtin.env', 'PRODUCTION_WALDUR_TOKEN') }}"
project: Demo Project
runtime_state: ACTIVE
connect_with: internal_ip
hostnames:
  - "{{ waldur_name }}.{{ waldur_tenant_name }}.example.com"
  - uuid

---
# Any documented filter, client-side filters, constructed groups and variables, and a cache.
plugin: cloudfleet.openstack.waldur
filters:
  service_settings_name: Demo Cloud
  state: [OK, ERRED]
exclude_filters:
  - waldur_name is match('tmp-')
group_by: [project, flavor, runtime_state]
compose:
  ansible_user: "'ubuntu' if 'ubuntu' in waldur_image_name else 'cirros'"
groups:
  big: waldur_ram >= 8192
keyed_groups:
  - key: waldur_key_name
    prefix: key
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/waldur-inventory
cache_timeout: 600
"""

from ansible.errors import AnsibleParserError

from ansible_collections.cloudfleet.openstack.plugins.plugin_utils.inventory import (
    ListProgress, PerThread, Throttle, cache_fingerprint, fetch_all_pages, is_blank, run_concurrently, unique_by,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import (
    INSTANCE_LIST_FILTERS, KINDS, MAX_PAGE_SIZE, WaldurClient, WaldurError, api_root, build_query,
)
from ansible_collections.cloudfleet.openstack.plugins.plugin_utils.cloud_inventory import CloudInventory


# The documented list filters of /api/openstack-instances/.
# Options that set one list filter each, and options naming an object whose UUID is the filter.
FILTER_OPTIONS = {
    "name": "name_exact", "name_contains": "name", "state": "state", "runtime_state": "runtime_state",
    "availability_zone": "availability_zone_name", "external_ip": "external_ip", "query": "query",
}
REFERENCE_OPTIONS = {"project": "project_uuid", "customer": "customer_uuid", "tenant": "tenant_uuid"}

# Instance fields exposed as host variables as they are (absent ones as null), ...
PLAIN_FIELDS = (
    "uuid", "name", "description", "backend_id", "state", "runtime_state", "error_message", "project_name",
    "project_uuid", "customer_name", "customer_uuid", "tenant_uuid", "service_name", "availability_zone_name",
    "flavor_name", "image_name", "cores", "ram", "disk", "key_name", "hypervisor_hostname", "start_time",
)
# ... and fields exposed as lists of non-empty strings: the API may send a list, a string, null, or null items.
LIST_FIELDS = ("external_ips", "internal_ips", "access_url")
# Everything the plugin reads from an instance: the `field` parameters of every list request.
INSTANCE_FIELDS = PLAIN_FIELDS + LIST_FIELDS
# The facts of an instance (see instance_facts), which hostvars_fields chooses from.
FACTS = INSTANCE_FIELDS + ("tenant_name",)

# hostnames entries and how each one reads its value from an instance's facts.
HOSTNAME_ATTRIBUTES = {
    "name": lambda facts: facts["name"],
    "uuid": lambda facts: facts["uuid"],
    "backend_id": lambda facts: facts["backend_id"],
    "hypervisor_hostname": lambda facts: facts["hypervisor_hostname"],
    "external_ip": lambda facts: first(facts["external_ips"]),
    "internal_ip": lambda facts: first(facts["internal_ips"]),
}
# group_by entries and the host variable (without prefix) whose value names the group.
GROUP_ATTRIBUTES = {
    "project": "project_name", "organization": "customer_name", "tenant": "tenant_name",
    "availability_zone": "availability_zone_name", "flavor": "flavor_name", "image": "image_name", "state": "state",
    "runtime_state": "runtime_state",
}
CACHE_FORMAT = 1


def fact_values(fact):
    """A ``GROUPS`` entry: the one value of ``fact`` names the host's group."""
    return lambda facts: [facts[fact]]


def first(values):
    return values[0] if values else None


def as_list(value):
    """A list of the non-empty strings in ``value`` (a list, one string, or null)."""
    if isinstance(value, str):
        return [value] if value else []
    return [item for item in value or () if item and isinstance(item, str)]


def instance_facts(instance, tenant_names, extra_fields):
    """The host variables (without prefix) of one instance from the list answer."""
    facts = {field: instance.get(field) for field in PLAIN_FIELDS}
    for field in LIST_FIELDS:
        facts[field] = as_list(instance.get(field))
    facts["tenant_name"] = tenant_names.get(instance.get("tenant_uuid"))
    for field in extra_fields:
        facts[field] = instance.get(field)
    return facts


CONNECT_WITH = {
    "external_or_internal_ip": lambda facts: first(facts["external_ips"] + facts["internal_ips"] + facts["access_url"]),
    "external_ip": lambda facts: first(facts["external_ips"]),
    "internal_ip": lambda facts: first(facts["internal_ips"]),
    "name": lambda facts: facts["name"],
}


class InventoryModule(CloudInventory):

    NAME = "cloudfleet.openstack.waldur"
    PROVIDER = "Waldur"
    FILE_SUFFIXES = ("waldur.yml", "waldur.yaml")
    IDENTITY = "uuid"
    FACTS = FACTS
    HOSTNAME_ATTRIBUTES = HOSTNAME_ATTRIBUTES
    CONNECT_WITH = CONNECT_WITH
    GROUPS = dict((kind, fact_values(fact)) for kind, fact in GROUP_ATTRIBUTES.items())
    CONNECTION_OPTIONS = ("api_url", "access_token")
    CREDENTIAL_HINT = "access_token or WALDUR_ACCESS_TOKEN"
    API_ERRORS = (ApiError, WaldurError)
    CACHE_FORMAT = CACHE_FORMAT

    # ---- configuration ---------------------------------------------------------------------------------------

    def check_provider_options(self):
        unknown = sorted(set(self.get_option("filters")) - INSTANCE_LIST_FILTERS)
        if unknown:
            raise AnsibleParserError("Unknown filter(s) %s for %s; the documented filters are: %s"
                                     % (", ".join(unknown), KINDS["instance"].path, ", ".join(sorted(INSTANCE_LIST_FILTERS))))

    def variable_names(self):
        return self.get_option("extra_fields")

    def cache_identity(self):
        return cache_fingerprint(api_url=api_root(self.connection["api_url"] or ""), filters=self._filter_options(),
                                 fields=self._fields())

    def _filter_options(self):
        """The options that select instances, as the user wrote them (names not yet resolved)."""
        options = dict((name, self.get_option(name)) for name in list(FILTER_OPTIONS) + list(REFERENCE_OPTIONS))
        options["filters"] = self.get_option("filters")
        return options

    def _fields(self):
        return list(INSTANCE_FIELDS) + [field for field in self.get_option("extra_fields") if field not in INSTANCE_FIELDS]

    # ---- reading ----------------------------------------------------------------------------------------------

    def fetch(self):
        """Instances (only the fields used) and tenant names, as JSON-serialisable data for the cache."""
        throttle, progress = Throttle(self.get_option("max_concurrency")), ListProgress()
        clients = PerThread(lambda: throttle.watching(WaldurClient.from_options(**self.connection)))

        def read_all(kind, query):
            return fetch_all_pages(lambda number: clients.get().read_page(kind, query, number), throttle, progress, kind)

        try:
            query = self._query(clients.get())
            instances, tenants = run_concurrently(lambda read: read(), [
                lambda: read_all("instance", query + build_query((), MAX_PAGE_SIZE, self._fields())),
                lambda: read_all("tenant", build_query((), MAX_PAGE_SIZE, ("uuid", "name"))),
            ], 2)
        finally:
            clients.close()
        self.report_lists(progress, throttle, lambda kind: "%s list" % kind)
        return {
            "instances": unique_by(instances, "uuid"),
            "tenant_names": dict((tenant.get("uuid"), tenant.get("name")) for tenant in tenants),
        }

    def _query(self, client):
        """The API filters from the options; names of projects, organizations and tenants resolved to UUIDs."""
        query = dict(self.get_option("filters"))
        for option, api_name in FILTER_OPTIONS.items():
            if not is_blank(self.get_option(option)):
                query[api_name] = self.get_option(option)
        for kind, api_name in REFERENCE_OPTIONS.items():
            if self.get_option(kind):
                query[api_name] = client.resolve(kind, self.get_option(kind))["uuid"]
        return build_query(sorted(query.items()))

    def facts_of(self, data):
        extra_fields = self.get_option("extra_fields")
        return [instance_facts(instance, data["tenant_names"], extra_fields) for instance in data["instances"]]
