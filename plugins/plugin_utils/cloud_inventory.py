# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every inventory plugin of the collection does the same way, whichever the provider.

A plugin reads its provider's instances (``fetch``), turns each into facts (``facts_of``), and leaves the rest here:
configuration checks, the read-through cache, host naming with the duplicate rule, client-side filters, host
variables under a prefix, ``ansible_host``, default groups and the ``constructed`` options.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import difflib

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display
from ansible.utils.vars import combine_vars

from ansible_collections.cloudfleet.openstack.plugins.plugin_utils.inventory import (
    HostNamer, HostnameError, group_name, is_blank, is_selected, is_template, read_through, safe_group_name,
    unique_hostnames,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import insecure_warning
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.version import USER_AGENT

display = Display()


def kept_hostvars(prefix, facts, fields, extra_fields):
    """The names of the host variables to store, or None for all of them (``hostvars_fields`` not set).

    ``facts`` are the names of every fact, in order; ``fields`` those the user keeps; ``extra_fields`` are always kept.
    """
    if fields is None:
        return None
    kept = [prefix + fact for fact in facts if fact in fields or fact in extra_fields]
    return kept + [prefix + field for field in dict.fromkeys(extra_fields) if field not in facts]


def describe_failure(exc, credential_hint):
    """The error's message without the request's (long, repetitive) query string, with a hint for a 401."""
    text = to_native(exc)
    url = getattr(exc, "url", None)
    if url and "?" in url:
        text = text.replace(url, url.split("?", 1)[0])
    if getattr(exc, "status", None) == 401:
        text += " (check %s)" % credential_hint
    return text


def empty_setting(value):
    """Whether an option's value from the environment says nothing: empty or blank text, or a list of such."""
    if isinstance(value, (list, tuple)):
        return all(empty_setting(item) for item in value)
    return value is None or (isinstance(value, str) and not value.strip())


class CloudInventory(BaseInventoryPlugin, Constructable, Cacheable):
    """The shared flow of an inventory plugin; subclasses fill in the provider.

    Subclasses set ``PROVIDER`` (for messages), ``FILE_SUFFIXES``, ``IDENTITY`` (the fact that identifies an
    instance), ``HOSTNAME_ATTRIBUTES`` (``hostnames`` entry -> function of the facts), ``CONNECT_WITH``
    (``connect_with`` choice -> function of the facts), ``GROUPS`` (``group_by`` choice -> function of the facts
    giving the values that name the host's groups of that kind), ``CONNECTION_OPTIONS`` (the options naming the API
    and the credential, which may be templates), ``CREDENTIAL_HINT``, ``API_ERRORS`` and
    ``CACHE_FORMAT``, and ``FACTS`` (the names of the facts ``facts_of`` gives, the choices of ``hostvars_fields``),
    and implement ``fetch()``, ``cache_identity()`` and ``facts_of(data)``.
    """

    PROVIDER = None
    FILE_SUFFIXES = ()
    IDENTITY = "id"
    FACTS = ()
    HOSTNAME_ATTRIBUTES = {}
    CONNECT_WITH = {}
    GROUPS = {}
    CONNECTION_OPTIONS = ()
    CREDENTIAL_HINT = "the credentials"
    API_ERRORS = ()
    CACHE_FORMAT = 1

    _sanitize_group_name = staticmethod(safe_group_name)

    def verify_file(self, path):
        return super(CloudInventory, self).verify_file(path) and path.endswith(self.FILE_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super(CloudInventory, self).parse(inventory, loader, path, cache)
        config = self._read_config_data(path)
        self._check_configuration(config)
        self._unset_blank_environment()
        self.connection = self.connection_options()
        self.check_provider_options()
        namer = self._host_namer()
        use_cache = self.get_option("cache")
        key = "%s_%s" % (self.get_cache_key(path), self.cache_identity())
        try:
            data, _from_cache = read_through(self._cache if use_cache else None, key, cache, self.fetch, self.CACHE_FORMAT)
        except self.API_ERRORS as exc:
            raise AnsibleParserError("%s inventory %s: %s" % (self.PROVIDER, path, describe_failure(exc, self.CREDENTIAL_HINT)))
        if use_cache:
            self.update_cache_if_changed()
        self._populate(data, namer)

    # ---- what a provider supplies --------------------------------------------------------------------------------

    def check_provider_options(self):
        """Refuse option values only the provider can judge (unknown filter names...)."""

    def fetch(self):
        """The instances and whatever else ``facts_of`` needs, as JSON-serialisable data (it may be cached)."""
        raise NotImplementedError

    def cache_identity(self):
        """A digest of everything but the credential that the fetched data depends on (see ``cache_fingerprint``)."""
        raise NotImplementedError

    def facts_of(self, data):
        """The facts (host variables without prefix) of each instance in ``data``, in a stable order."""
        raise NotImplementedError

    # ---- configuration -------------------------------------------------------------------------------------------

    def _check_configuration(self, config):
        known = set(self.option_definitions)
        known.update(alias for definition in self.option_definitions.values() for alias in definition.get("aliases") or ())
        for name in sorted(set(config) - known):
            close = difflib.get_close_matches(name, sorted(known), n=1)
            raise AnsibleParserError("Unknown option '%s' in the %s inventory configuration%s"
                                     % (name, self.PROVIDER, "; did you mean '%s'?" % close[0] if close else ""))
        prefix = self.get_option("hostvars_prefix")
        for field in [self.IDENTITY] + list(self.variable_names()):
            if not (prefix + field).isidentifier():
                raise AnsibleParserError("hostvars_prefix '%s' and field '%s' do not make a valid variable name" % (prefix, field))

    def address_picker(self):
        """The function that gives a host's ``ansible_host`` (or None) from its facts."""
        return self.CONNECT_WITH[self.get_option("connect_with")]

    def variable_names(self):
        """Names of host variables (without prefix) that come from the user's configuration, to be checked."""
        return ()

    def _host_namer(self):
        try:
            return HostNamer(self.get_option("hostnames"), self.HOSTNAME_ATTRIBUTES, self._render)
        except HostnameError as exc:
            raise AnsibleParserError(to_native(exc))

    def _unset_blank_environment(self):
        """An option taken from an environment variable that is set to nothing keeps its default: AWX injects a
        credential field the user left empty as an empty string."""
        origins = getattr(self, "_origins", None)
        if origins is None:
            # Before ansible-core 2.19 a plugin keeps no origins: each option's is looked up in the configuration.
            origins = {}
            for name in self._options:
                try:
                    origins[name] = self.get_option_and_origin(name)[1]
                except (AnsibleError, KeyError):  # a required option the configuration alone does not give
                    continue
        for name, origin in origins.items():
            if str(origin).startswith("env: ") and empty_setting(self._options.get(name)):
                self._options[name] = copy.deepcopy(self.option_definitions[name].get("default"))
                origins[name] = "default"

    def report_lists(self, progress, throttle, what):
        """With -v, one line per list read: ``what(source)`` names it (a project and region, a kind)."""
        if not display.verbosity:
            return
        for source in sorted(progress.pages, key=str):
            display.v("%s inventory: %s: %d page(s), %d instance(s) in %.2f s" % (
                self.PROVIDER, what(source), progress.pages[source], progress.items.get(source, 0), progress.seconds(source)))
        if throttle.throttled_count:
            display.v("%s inventory: the server throttled %d request(s); at most %d were then in flight at once"
                      % (self.PROVIDER, throttle.throttled_count, throttle.lowest))

    def connection_options(self):
        """The keyword arguments of the provider's client: the CONNECTION_OPTIONS (templates rendered) and the transport
        options every plugin shares. Computed once per parse, as ``self.connection``."""
        options = dict((name, self.templated(name)) for name in self.CONNECTION_OPTIONS)
        options.update(validate_certs=self.get_option("validate_certs"), ca_path=self.get_option("ca_path"),
                       timeout=self.get_option("api_timeout"), retries=self.get_option("api_retries"), user_agent=USER_AGENT)
        warning = insecure_warning(options["validate_certs"], options["ca_path"])
        if warning:
            display.warning("%s inventory: %s" % (self.PROVIDER, warning))
        return options

    def templated(self, option):
        """An option's value, rendered when it is a Jinja template (with the extra variables, if any)."""
        value = self.get_option(option)
        if not is_template(value):
            return value
        self.templar.available_variables = self._vars
        try:
            return self.templar.template(value)
        except AnsibleError as exc:
            raise AnsibleParserError("Could not template %s: %s" % (option, to_native(exc)))

    # ---- building the inventory ------------------------------------------------------------------------------------

    def _populate(self, data, namer):
        self._template_failures = {}
        hosts = self._selected_hosts(data)
        names = unique_hostnames([namer.candidate(facts, hostvars) for facts, hostvars in hosts],
                                 [str(facts[self.IDENTITY]) for facts, _hostvars in hosts])
        self._warn_template_failures()
        top = self.inventory.add_group(self.get_option("group")) if self.get_option("group") else None
        add = HostAdder(self, top)
        for name, (facts, hostvars) in zip(names, hosts):
            add(name, facts, hostvars)

    def _selected_hosts(self, data):
        """``(facts, hostvars)`` of every instance that passes include_filters and exclude_filters, in API order."""
        prefix = self.get_option("hostvars_prefix")
        include, exclude = self.get_option("include_filters"), self.get_option("exclude_filters")
        hosts = []
        for facts in self.facts_of(data):
            hostvars = {prefix + key: value for key, value in facts.items()}
            if is_selected(hostvars, include, exclude, self._holds):
                hosts.append((facts, hostvars))
        return hosts

    # ---- templates ---------------------------------------------------------------------------------------------------

    def _variables(self, hostvars):
        return combine_vars(hostvars, self._vars) if self.get_option("use_extra_vars") else hostvars

    def _render(self, template, hostvars):
        """A hostnames template rendered for one host; None if it fails and ``strict`` is off."""
        self.templar.available_variables = self._variables(hostvars)
        try:
            return self.templar.template(template)
        except AnsibleError as exc:
            return self._failed("Could not render hostnames entry '%s'" % template, hostvars, exc, None,
                                "the next hostnames entry (or the %s) named those hosts" % self.IDENTITY)

    def _holds(self, condition, hostvars):
        """Whether an include/exclude condition is true for one host; false if it fails and ``strict`` is off."""
        self.templar.available_variables = self._variables(hostvars)
        try:
            if hasattr(self.templar, "evaluate_conditional"):
                return self.templar.evaluate_conditional(condition)
            return boolean(self.templar.template("{%% if %s %%}true{%% else %%}false{%% endif %%}" % condition))
        except AnsibleError as exc:
            return self._failed("Could not evaluate filter '%s'" % condition, hostvars, exc, False,
                                "the filter counted as false for them")

    def _failed(self, what, hostvars, exc, fallback, consequence):
        if self.get_option("strict"):
            identity = hostvars.get(self.get_option("hostvars_prefix") + self.IDENTITY)
            raise AnsibleParserError("%s for instance %s: %s" % (what, identity, to_native(exc)))
        failures = self._template_failures.setdefault(what, [0, " ".join(to_native(exc).split())[:300], consequence])
        failures[0] += 1
        return fallback

    def _warn_template_failures(self):
        """One warning per hostnames entry or filter that failed, so a broken one does not go unnoticed (with
        ``strict`` the first failure is an error instead)."""
        for what, (count, first_error, consequence) in sorted(self._template_failures.items()):
            display.warning("%s inventory: %s for %d instance%s (%s); %s. Set strict: true to make this an error."
                            % (self.PROVIDER, what, count, "" if count == 1 else "s", first_error, consequence))


class HostAdder:
    """Adds one host with its variables, ``ansible_host``, default groups and constructed groups and variables."""

    def __init__(self, plugin, top):
        self.plugin = plugin
        self.inventory = plugin.inventory
        self.top = top
        self.address = plugin.address_picker()
        self.group_prefix = plugin.get_option("group_prefix")
        self.group_by = [(kind, plugin.GROUPS[kind]) for kind in plugin.get_option("group_by")]
        self.strict = plugin.get_option("strict")
        self.compose = plugin.get_option("compose")
        self.groups = plugin.get_option("groups")
        self.keyed_groups = plugin.get_option("keyed_groups")
        self.kept = kept_hostvars(plugin.get_option("hostvars_prefix"), plugin.FACTS, plugin.get_option("hostvars_fields"),
                                  plugin.get_option("extra_fields"))
        self.known_groups = {}

    def __call__(self, name, facts, hostvars):
        self.inventory.add_host(name, group=self.top)
        address = self.address(facts)
        stored = hostvars if self.kept is None else dict((key, hostvars[key]) for key in self.kept)
        self.store_variables(name, dict(stored, ansible_host=address) if address else stored)
        for kind, values in self.group_by:
            for value in values(facts):
                if not is_blank(value):
                    self.add_to_group(kind, value, name)
        self.plugin._set_composite_vars(self.compose, hostvars, name, strict=self.strict)
        self.plugin._add_host_to_composed_groups(self.groups, hostvars, name, strict=self.strict)
        self.plugin._add_host_to_keyed_groups(self.keyed_groups, hostvars, name, strict=self.strict)

    def store_variables(self, host, variables):
        # ansible-core 2.19's set_variable inspects and tags every value with its origin, which made it the largest
        # cost of building a 10,000-host inventory. These are plain JSON values from the API under names checked
        # once (see _check_configuration), so they are stored in one update.
        self.inventory.get_host(host).vars.update(variables)

    def add_to_group(self, kind, value, host):
        group = self.known_groups.get((kind, value))
        if group is None:
            group = self.inventory.add_group(group_name(self.group_prefix, kind, value))
            self.known_groups[(kind, value)] = group
        self.inventory.add_child(group, host)
