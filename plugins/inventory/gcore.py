# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: gcore
short_description: Gcore Cloud instances as inventory hosts
version_added: 1.0.0
author:
  - cloudfleet.openstack maintainers (@cloudfleet)
description:
  - Makes the Gcore Cloud instances of one or more project and region pairs inventory hosts, with their facts as host
    variables and default groups by project, region, flavor, status, tag and OS type.
  - The configuration file must end with C(gcore.yml) or C(gcore.yaml), for example C(production.gcore.yml).
  - Every page of every pair is read. The first pages of all pairs are read at the same time; once they tell the
    totals, all remaining pages are read concurrently. The result does not depend on the order in which they arrive.
  - The instance list follows the API's defaults unless O(filters) says otherwise, so bare metal servers and AI
    instances are left out and Kubernetes nodes are included; set O(filters) C(include_baremetal) or
    C(include_ai) to V(true) to include them.
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - cloudfleet.openstack.connection
  - cloudfleet.openstack.inventory
notes:
  - O(api_key) and O(base_url) may be Jinja templates, for example C("{{ lookup('env', 'MY_KEY') }}") or a variable
    from C(--extra-vars); values taken from the environment are used as they are.
  - The API key never reaches the inventory cache or the inventory output. The cache key is derived from the
    configuration file, the server, the project and region pairs and the filters; two users who share a configuration
    file and cache directory share the cached result, so give each key its own cache directory or O(cache_prefix)
    when that matters.
  - Instance names are not unique in Gcore Cloud; see O(hostnames) for how duplicate host names are resolved.
options:
  plugin:
    description: Marks this file as a source for this plugin.
    type: str
    required: true
    choices: [cloudfleet.openstack.gcore]
  api_key:
    description:
      - Gcore API key, sent in the C(Authorization) header as C(APIKey <api_key>). Required, here or in the
        environment.
      - Prefer the environment (or an AWX credential that injects it) to a template of an extra variable, as Ansible
        gives every extra variable to every host, so C(ansible-inventory --list) would show the key with each host.
    type: str
    env:
      - name: GCORE_API_KEY
  base_url:
    description:
      - URL of the Gcore API.
    type: str
    default: https://api.gcore.com
    env:
      - name: GCORE_BASE_URL
  project_ids:
    description:
      - The projects whose instances become hosts, by ID. Every project is paired with every region of O(region_ids).
      - An empty list means every project the API key can see (one more request, C(GET /cloud/v1/projects)).
      - Ignored when O(locations) is set.
    type: list
    elements: int
    default: []
    env:
      - name: GCORE_CLOUD_PROJECT_ID
  region_ids:
    description:
      - The regions whose instances become hosts, by ID, for example V([76, 77]).
      - An empty list means every region whose state is C(ACTIVE) (one more request, C(GET /cloud/v1/regions)).
      - Ignored when O(locations) is set.
    type: list
    elements: int
    default: []
    env:
      - name: GCORE_CLOUD_REGION_ID
  locations:
    description:
      - Explicit project and region pairs, for when not every project is wanted in every region.
    type: list
    elements: dict
    default: []
    suboptions:
      project_id:
        description: The project's ID.
        type: int
        required: true
      region_id:
        description: The region's ID.
        type: int
        required: true
  filters:
    description:
      - Filters of the instance list (C(GET /cloud/v1/instances/{project_id}/{region_id})), applied on the server in
        every pair. The names and values are those of the options of M(cloudfleet.openstack.gcore_instance_info).
      - C(name) (exact name), C(name_pattern) (the API's expression or substring), C(status), C(flavor_id),
        C(flavor_prefix), C(exclude_flavor_prefix), C(ip), C(uuid), C(changes_since), C(changes_before) (ISO 8601),
        C(metadata_kv), C(tag_key_value) (mappings), C(metadata_v), C(tag_value) (lists), C(include_baremetal),
        C(include_ai), C(include_k8s), C(only_isolated), C(only_with_fixed_external_ip), C(available_floating),
        C(with_ddos), C(with_interfaces_name) (booleans), C(exclude_secgroup), C(profile_name),
        C(protection_status), C(type_ddos_profile) and C(order_by). Any other name is an error.
    type: dict
    default: {}
  hostnames:
    description:
      - The host name of an instance, as an ordered list of preferences; the first that gives a non-empty value wins.
      - Each entry is one of V(name), V(id), V(public_ip), V(floating_ip), V(fixed_ip), or a Jinja template over the
        host variables such as C("{{ gcore_name }}.{{ gcore_region | lower }}.example.com").
      - An instance for which no entry gives a value is named by its ID.
      - An entry that fails to render (an undefined variable, a syntax error) is skipped with one warning naming it;
        with O(strict=true) it is an error.
      - Duplicate names are resolved deterministically. A name that only one instance claims is used as it is.
        When several instances claim the same name, none of them keeps the bare name; each becomes
        C(<name>_<first 8 characters of its ID>), or C(<name>_<ID>) should even those collide. A name therefore never
        silently means one of several machines.
    type: list
    elements: str
    default: [name]
  connect_with:
    description:
      - What C(ansible_host) is set to.
      - V(public_ip) is an address of an external interface, V(floating_ip) a floating IP address, V(fixed_ip) an
        address on a private network; V(any_ip) the first of these that the instance has, in that order; V(name)
        the instance's name.
      - IPv4 addresses come before IPv6 ones. O(connect_network) narrows the addresses to one network.
      - An instance without the chosen value gets no C(ansible_host). O(compose) can override it.
    type: str
    choices: [any_ip, public_ip, floating_ip, fixed_ip, name]
    default: any_ip
  connect_network:
    description:
      - Only addresses on the network with this name are used for C(ansible_host), for example the private network
        a bastion host reaches.
    type: str
  hostvars_prefix:
    description:
      - Prefix of the host variables that carry the instance's Gcore facts, for example C(gcore_name).
    type: str
    default: gcore_
  hostvars_fields:
    description:
      - Which of an instance's facts are kept as host variables (named with O(hostvars_prefix)); by default all of
        them. The fields named in O(extra_fields) are always kept.
      - Only what is stored changes; O(group_by), O(hostnames), O(connect_with), O(compose), O(groups),
        O(keyed_groups), O(include_filters) and O(exclude_filters) still see every fact.
      - Every host variable is held, gathered for each host and, by C(ansible-inventory --list), printed by
        ansible-core; a large inventory that needs only a few of them is much cheaper with just those.
    type: list
    elements: str
    choices: [id, name, status, vm_state, task_state, project_id, region_id, region, created_at, ssh_key_name,
              description, tags, security_groups, networks, addresses, public_ips, floating_ips, fixed_ips, volume_ids,
              flavor_id, flavor_name, vcpus, ram, os_type, architecture]
  extra_fields:
    description:
      - Further fields of the Gcore instance object to expose as host variables as the API returns them, for example
        V(fixed_ip_assignments), V(instance_isolation), V(ddos_profile) or V(blackhole_ports).
    type: list
    elements: str
    default: []
  group:
    description:
      - A group that contains every host from this source. An empty value adds none.
    type: str
    default: gcore
  group_prefix:
    description:
      - Prefix of the default group names, for example C(gcore_region_Luxembourg_2).
    type: str
    default: gcore_
  group_by:
    description:
      - Which default groups to create. Characters other than letters, digits and C(_) in a value become C(_).
      - V(project) groups by project ID, V(region) by region name, V(flavor) by flavor ID, V(status) by status
        (V(ACTIVE), V(SHUTOFF)...), V(os_type) by the flavor's OS type (V(linux), V(windows)), and V(tags) puts an
        instance in one group C(<prefix>tags_<key>_<value>) per tag, for example C(gcore_tags_env_production).
      - Set to V([]) for none.
    type: list
    elements: str
    choices: [project, region, flavor, status, tags, os_type]
    default: [project, region, flavor, status, tags, os_type]
"""

EXAMPLES = r"""
# production.gcore.yml: the instances of the project and region in GCORE_CLOUD_PROJECT_ID and GCORE_CLOUD_REGION_ID,
# with the key in GCORE_API_KEY.
plugin: cloudfleet.openstack.gcore

---
# Two regions of one project, bare metal servers included, reached through their private address on one network.
plugin: cloudfleet.openstack.gcore
api_key: "{{ lookup('ansible.builtin.env', 'PRODUCTION_GCORE_KEY') }}"
project_ids: [1]
region_ids: [76, 77]
filters:
  include_baremetal: true
  status: ACTIVE
connect_with: fixed_ip
connect_network: private-net
hostnames:
  - "{{ gcore_name }}.{{ gcore_region | lower }}.example.com"
  - id

---
# Explicit pairs, tag filters on the server and the controller, constructed groups and variables, and a cache.
plugin: cloudfleet.openstack.gcore
locations:
  - {project_id: 1, region_id: 76}
  - {project_id: 2, region_id: 77}
filters:
  tag_key_value: {env: production}
exclude_filters:
  - gcore_name is match('tmp-')
group_by: [region, tags]
compose:
  ansible_user: "'Administrator' if gcore_os_type == 'windows' else 'ubuntu'"
groups:
  big: gcore_ram >= 8192
keyed_groups:
  - key: gcore_flavor_name
    prefix: flavor
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/gcore-inventory
cache_timeout: 600
"""

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.text.converters import to_native

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.paging import Page
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import (
    DEFAULT_BASE_URL, PAGE_SIZE, GcoreClient, GcoreError,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.fields import tags_of
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.filters import INSTANCE_FILTERS, instance_list_query
from ansible_collections.cloudfleet.openstack.plugins.plugin_utils.inventory import (
    ListProgress, PerThread, Throttle, cache_fingerprint, fetch_all_lists, unique_by,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError
from ansible_collections.cloudfleet.openstack.plugins.plugin_utils.cloud_inventory import CloudInventory

# Everything the facts are made of: the fields kept from each instance (also in the cache).
INSTANCE_FIELDS = (
    "id", "name", "status", "vm_state", "task_state", "project_id", "region_id", "region", "created_at",
    "ssh_key_name", "instance_description", "flavor", "addresses", "fixed_ip_assignments", "security_groups",
    "tags", "volumes",
)
FLAVOR_FIELDS = ("flavor_id", "flavor_name", "vcpus", "ram", "os_type", "architecture")
# The facts of an instance (see instance_facts), which hostvars_fields chooses from.
FACTS = ("id", "name", "status", "vm_state", "task_state", "project_id", "region_id", "region", "created_at", "ssh_key_name",
         "description", "tags", "security_groups", "networks", "addresses", "public_ips", "floating_ips", "fixed_ips",
         "volume_ids") + FLAVOR_FIELDS
# 2: instances are cached under the current field names only (the client maps older payloads).
CACHE_FORMAT = 2

HOSTNAME_ATTRIBUTES = {
    "name": lambda facts: facts["name"],
    "id": lambda facts: facts["id"],
    "public_ip": lambda facts: first(facts["public_ips"]),
    "floating_ip": lambda facts: first(facts["floating_ips"]),
    "fixed_ip": lambda facts: first(facts["fixed_ips"]),
}
GROUPS = {
    "project": lambda facts: [facts["project_id"]],
    "region": lambda facts: [facts["region"] or facts["region_id"]],
    "flavor": lambda facts: [facts["flavor_id"]],
    "status": lambda facts: [facts["status"]],
    "os_type": lambda facts: [facts["os_type"]],
    "tags": lambda facts: ["%s_%s" % (key, value) for key, value in sorted(facts["tags"].items())],
}


def first(values):
    return values[0] if values else None


def ipv4_first(addresses):
    """The addresses with IPv4 ones before IPv6 ones, each in their order; duplicates dropped."""
    unique = list(dict.fromkeys(address for address in addresses if address))
    return sorted(unique, key=_ip_version)


def _ip_version(address):
    # Only IPv6 addresses contain a colon; this is 30 times cheaper than parsing each address with ipaddress.
    return 6 if ":" in address else 4


def address_kinds(instance):
    """``(public, floating, fixed)`` address lists of an instance.

    An address is public when ``fixed_ip_assignments`` marks it external, floating when the API says so, and fixed
    otherwise.
    """
    external = set(assignment.get("ip_address") for assignment in instance.get("fixed_ip_assignments") or ()
                   if isinstance(assignment, dict) and assignment.get("external"))
    public, floating, fixed = [], [], []
    for _network, entries in sorted((instance.get("addresses") or {}).items()):
        for entry in entries or ():
            if not isinstance(entry, dict):
                continue
            address = entry.get("addr")
            if entry.get("type") == "floating":
                floating.append(address)
            elif address in external:
                public.append(address)
            else:
                fixed.append(address)
    return ipv4_first(public), ipv4_first(floating), ipv4_first(fixed)


def instance_facts(instance, extra_fields=()):
    """The host variables (without prefix) of one instance from the list answer."""
    flavor = instance.get("flavor") or {}
    public, floating, fixed = address_kinds(instance)
    facts = {
        "id": instance.get("id"),
        "name": instance.get("name"),
        "status": instance.get("status"),
        "vm_state": instance.get("vm_state"),
        "task_state": instance.get("task_state"),
        "project_id": instance.get("project_id"),
        "region_id": instance.get("region_id"),
        "region": instance.get("region"),
        "created_at": instance.get("created_at"),
        "ssh_key_name": instance.get("ssh_key_name"),
        "description": instance.get("instance_description"),
        "tags": tags_of(instance),
        "security_groups": [group.get("name") for group in instance.get("security_groups") or () if isinstance(group, dict)],
        "networks": sorted(instance.get("addresses") or {}),
        "addresses": instance.get("addresses") or {},
        "public_ips": public,
        "floating_ips": floating,
        "fixed_ips": fixed,
        "volume_ids": [volume.get("id") for volume in instance.get("volumes") or () if isinstance(volume, dict)],
    }
    for field in FLAVOR_FIELDS:
        facts[field] = flavor.get(field)
    for field in extra_fields:
        facts[field] = instance.get(field)
    return facts


def addresses_on(facts, network):
    """``(public, floating, fixed)`` addresses of a host, only those on ``network`` unless it is None."""
    kinds = (facts["public_ips"], facts["floating_ips"], facts["fixed_ips"])
    if network is None:
        return kinds
    on_network = set(entry.get("addr") for entry in facts["addresses"].get(network) or () if isinstance(entry, dict))
    return tuple([address for address in kind if address in on_network] for kind in kinds)


# connect_with choices: how each picks ansible_host from the (public, floating, fixed) addresses and the facts.
ADDRESS_CHOICES = {
    "any_ip": lambda addresses, facts: first(addresses[0] + addresses[1] + addresses[2]),
    "public_ip": lambda addresses, facts: first(addresses[0]),
    "floating_ip": lambda addresses, facts: first(addresses[1]),
    "fixed_ip": lambda addresses, facts: first(addresses[2]),
    "name": lambda addresses, facts: facts["name"],
}


def kept_fields(instance, fields, extra_fields=()):
    """The ``fields`` of an instance (of its flavor, only those the facts use unless it is an extra field): what
    the cache holds."""
    kept = dict((field, instance[field]) for field in fields if field in instance)
    if isinstance(kept.get("flavor"), dict) and "flavor" not in extra_fields:
        kept["flavor"] = dict((field, kept["flavor"].get(field)) for field in FLAVOR_FIELDS)
    return kept


class OffsetPages:
    """Reads a Gcore offset-paged list by page number, for ``fetch_all_lists``.

    Page n starts where n - 1 full pages end. A page is as long as the first one came back (the API may return
    fewer than the ``limit`` asked for), so the offsets follow the server's page size, not ours.
    """

    def __init__(self, read, limit=PAGE_SIZE):
        self.read = read
        self.limit = limit
        self.sizes = {}

    def __call__(self, source, number):
        size = self.sizes.get(source, self.limit)
        offset = (number - 1) * size
        answer = self.read(source, offset, size) or {}
        results = answer.get("results") or []
        count = answer.get("count")
        if number == 1 and results:
            self.sizes[source] = len(results)
        return Page(results, count, count is not None and offset + len(results) < count)


class InventoryModule(CloudInventory):

    NAME = "cloudfleet.openstack.gcore"
    PROVIDER = "Gcore"
    FILE_SUFFIXES = ("gcore.yml", "gcore.yaml")
    IDENTITY = "id"
    FACTS = FACTS
    HOSTNAME_ATTRIBUTES = HOSTNAME_ATTRIBUTES
    GROUPS = GROUPS
    CONNECTION_OPTIONS = ("api_key", "base_url")
    CREDENTIAL_HINT = "api_key or GCORE_API_KEY"
    API_ERRORS = (ApiError, GcoreError)
    CACHE_FORMAT = CACHE_FORMAT

    def address_picker(self):
        pick, network = ADDRESS_CHOICES[self.get_option("connect_with")], self.get_option("connect_network")
        return lambda facts: pick(addresses_on(facts, network), facts)

    # ---- configuration ---------------------------------------------------------------------------------------

    def check_provider_options(self):
        self.query = self._filter_query()
        if not self.connection["api_key"]:
            raise AnsibleParserError("Gcore inventory: api_key is required (or set GCORE_API_KEY)")

    def variable_names(self):
        return self.get_option("extra_fields")

    def _filter_query(self):
        """The list query the O(filters) give; a name or value the instance list does not take is refused."""
        filters = self.get_option("filters")
        unknown = sorted(set(filters) - set(INSTANCE_FILTERS))
        if unknown:
            raise AnsibleParserError("Unknown filter(s) %s for the Gcore instance list; the filters are: %s"
                                     % (", ".join(unknown), ", ".join(sorted(INSTANCE_FILTERS))))
        result = ArgumentSpecValidator(INSTANCE_FILTERS).validate(filters)
        if result.error_messages:
            raise AnsibleParserError("Invalid filters for the Gcore instance list: %s" % "; ".join(result.error_messages))
        try:
            return instance_list_query(result.validated_parameters)
        except InputError as exc:
            raise AnsibleParserError("Invalid filters for the Gcore instance list: %s" % to_native(exc))

    def _configured_locations(self):
        """The pairs as configured: explicit ``locations``, or the lists of projects and regions (empty: all)."""
        if self.get_option("locations"):
            return {"locations": sorted(set((int(pair["project_id"]), int(pair["region_id"])) for pair in self.get_option("locations")))}
        return {"project_ids": self._ids("project_ids"), "region_ids": self._ids("region_ids")}

    def _ids(self, option):
        try:
            return sorted(set(int(value) for value in self.get_option(option) or ()))
        except (TypeError, ValueError):
            raise AnsibleParserError("%s must be a list of integer IDs, got %r" % (option, self.get_option(option)))

    def cache_identity(self):
        return cache_fingerprint(base_url=(self.connection["base_url"] or DEFAULT_BASE_URL).rstrip("/"),
                                 locations=self._configured_locations(), filters=self.query, fields=self._fields())

    def _fields(self):
        return list(INSTANCE_FIELDS) + [field for field in self.get_option("extra_fields") if field not in INSTANCE_FIELDS]

    # ---- reading ----------------------------------------------------------------------------------------------

    def fetch(self):
        """The instances of every pair, as JSON-serialisable data (with the cache on, only the fields the facts use)."""
        # The project and region in a client only build paths; these requests name the pair in the path themselves.
        throttle, progress = Throttle(self.get_option("max_concurrency")), ListProgress()
        clients = PerThread(lambda: throttle.watching(GcoreClient.from_options(project_id=0, region_id=0, **self.connection)))
        try:
            locations = self._locations(clients.get())
            pages = OffsetPages(lambda location, offset, limit: clients.get().instance_page(location[0], location[1], self.query, offset, limit))
            lists = fetch_all_lists(pages, locations, throttle, progress)
        finally:
            clients.close()
        self.report_lists(progress, throttle, lambda location: "project %s, region %s" % location)
        instances = [instance for found in lists for instance in unique_by(found, "id")]
        if self.get_option("cache"):
            # Full objects are several times larger than what the facts read: the cache keeps only that.
            fields, extra_fields = self._fields(), self.get_option("extra_fields")
            instances = [kept_fields(instance, fields, extra_fields) for instance in instances]
        return {"instances": instances}

    def _locations(self, client):
        """The (project, region) pairs to read, with "every project" and "every region" asked of the API."""
        configured = self._configured_locations()
        if "locations" in configured:
            return configured["locations"]
        projects = configured["project_ids"] or client.project_ids()
        regions = configured["region_ids"] or client.active_region_ids()
        return [(project, region) for project in sorted(projects) for region in sorted(regions)]

    def facts_of(self, data):
        extra_fields = self.get_option("extra_fields")
        return [instance_facts(instance, extra_fields) for instance in data["instances"]]
