# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Refusing, before any request, values that Ansible would silently convert and values that cannot work.

Ansible turns a dict given to a ``type='str'`` option into its Python text (``"{'a': 1}"``), a number given to a
list option into a one-item list, and ``true`` given to a number option into 1. Every module is built with
``checked_module``, which compares what the user wrote with the argument spec and fails on such values, naming the
option, and refuses numbers below what the API can take (``wait_timeout: 0``, ``size: -1``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible.module_utils.basic import AnsibleModule

# The smallest value each numeric option can take, wherever it appears (top level or in suboptions).
# ``(minimum, inclusive)``: api_timeout 0 would time out at once, so it must be above 0.
MINIMUMS = {
    "wait_timeout": (1, True),
    "api_timeout": (0, False),
    "api_retries": (0, True),
    "size": (1, True),
    "system_volume_size": (1, True),
    "flavor_min_cpu": (1, True),
    "flavor_min_ram": (0, False),
    "boot_index": (0, True),
    "project_id": (1, True),
    "region_id": (1, True),
    "reseller_id": (1, True),
    "metrics_time_interval": (1, True),
    "console_log_length": (1, True),
}


# String options for which an empty string means something (clear the description, leave the server group, no
# restriction); for every other one it is a mistake (often a template that came out empty) and is refused.
EMPTY_ALLOWED = frozenset(("description", "servergroup", "allowed_lb_name_restriction", "user_data", "kept_until"))


def kind_of(value):
    """How a user would call the type of ``value`` (bool before int: True is an int in Python)."""
    for python_type, name in ((bool, "a boolean"), (dict, "a mapping"), (list, "a list"), ((int, float), "a number"),
                              (str, "a string")):
        if isinstance(value, python_type):
            return name
    return "a %s" % type(value).__name__


def _refusal(path, wanted, value):
    return "%s must be %s, not %s (Ansible would convert it silently)" % (path, wanted, kind_of(value))


def _scalar_problem(path, option_type, value, empty_allowed=False):
    """Why ``value`` does not fit a scalar option type, or None."""
    if option_type in ("str", "path"):
        if isinstance(value, (dict, list, bool)):
            return _refusal(path, "a string", value)
        if isinstance(value, str) and not value.strip() and not empty_allowed:
            return "%s must not be empty (leave it out, or give it the value omit, to leave it unset)" % path
    elif option_type in ("int", "float"):
        if isinstance(value, (bool, dict, list)):
            return _refusal(path, "a number", value)
    elif option_type == "bool":
        if isinstance(value, (dict, list)):
            return _refusal(path, "a boolean", value)
    return None


def _given(raw, name, spec):
    """The value the user gave for option ``name`` (under its name or an alias), or None."""
    for key in [name] + list(spec.get("aliases") or ()):
        if raw.get(key) is not None:
            return raw[key]
    return None


def type_problems(raw, argument_spec, prefix=""):
    """Messages for each value in ``raw`` (the parameters as written) that its option's type would convert."""
    problems = []
    if not isinstance(raw, dict):
        return problems
    for name, spec in argument_spec.items():
        value = _given(raw, name, spec)
        if value is None:
            continue
        path = prefix + name
        option_type = spec.get("type", "str")
        if option_type == "list":
            problems.extend(_list_problems(path, spec, value))
        elif option_type == "dict":
            if isinstance(value, (list, bool, int, float)):
                problems.append(_refusal(path, "a mapping", value))
            elif spec.get("options") and isinstance(value, dict):
                problems.extend(type_problems(value, spec["options"], path + "."))
        elif isinstance(option_type, str):
            problem = _scalar_problem(path, option_type, value, name in EMPTY_ALLOWED)
            if problem:
                problems.append(problem)
    return problems


def _list_problems(path, spec, value):
    elements = spec.get("elements", "str")
    if isinstance(value, str) and elements != "dict":
        return []  # "a,b" is documented Ansible input for a list of strings
    if not isinstance(value, list) and elements == "dict":
        return ["%s must be a list of mappings, not %s" % (path, kind_of(value))]
    if not isinstance(value, list):
        return [_refusal(path, "a list", value)]
    problems = []
    for index, item in enumerate(value):
        item_path = "%s[%d]" % (path, index)
        if item is None:
            continue
        if elements == "dict":
            if not isinstance(item, dict):
                problems.append(_refusal(item_path, "a mapping", item))
            elif spec.get("options"):
                problems.extend(type_problems(item, spec["options"], item_path + "."))
        elif isinstance(elements, str):
            problem = _scalar_problem(item_path, elements, item)
            if problem:
                problems.append(problem)
    return problems


def range_problems(params, argument_spec, prefix=""):
    """Messages for numbers below the smallest value their option can take (see MINIMUMS)."""
    problems = []
    for name, spec in argument_spec.items():
        value = params.get(name) if isinstance(params, dict) else None
        if value is None:
            continue
        path = prefix + name
        if spec.get("options"):
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                item_prefix = "%s[%d]." % (path, index) if isinstance(value, list) else path + "."
                problems.extend(range_problems(item, spec["options"], item_prefix))
            continue
        if name not in MINIMUMS or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        minimum, inclusive = MINIMUMS[name]
        if value < minimum or (value == minimum and not inclusive):
            bound = "at least %s" % minimum if inclusive else "more than %s" % minimum
            problems.append("%s must be %s, got %s" % (path, bound, value))
    return problems


def mapping_problems(raw, options):
    """Messages for mappings among ``options`` whose values are not plain text, numbers or booleans (key-value stores
    such as tags: a nested value would be stored as its Python text)."""
    problems = []
    for name in options:
        value = raw.get(name)
        if not isinstance(value, dict):
            continue
        for key, item in sorted(value.items(), key=lambda pair: str(pair[0])):
            if isinstance(item, (dict, list)):
                problems.append("%s.%s must be a string, number or boolean, not %s" % (name, key, kind_of(item)))
    return problems


def state_problems(raw, state, absent_only):
    """Messages for options that only act on deletion, set (to anything but false) with another ``state``:
    they would be ignored without a word."""
    if state in (None, "absent"):
        return []
    given = [name for name in absent_only if raw.get(name) not in (None, False, [], "", "false", "no")]
    return ["%s only applies to state=absent; with state=%s it would be ignored" % (name, state) for name in given]


# Fields that often hold secrets (cloud-init passwords, keys): left out of every result, at any depth, unless the
# module has the option that asks for them and it is true. As options, they are never logged.
HIDDEN_UNLESS_ASKED = {"user_data": "return_user_data"}
HIDDEN_VALUE = "VALUE_HIDDEN_UNLESS_ASKED"


def without_keys(value, keys):
    """``value`` with every mapping entry named in ``keys`` removed, at any depth."""
    if isinstance(value, dict):
        return dict((key, without_keys(item, keys)) for key, item in value.items() if key not in keys)
    if isinstance(value, list):
        return [without_keys(item, keys) for item in value]
    return value


class CheckedModule(AnsibleModule):
    """An AnsibleModule that fails, before the module sends anything, on values its option types would convert
    silently, on numbers out of range and on ``absent_only`` options set with another state. ``self.raw_params``
    holds the parameters as the user wrote them. See HIDDEN_UNLESS_ASKED for what results and logs leave out."""

    def __init__(self, argument_spec, absent_only=(), scalar_valued=(), **kwargs):
        self._hidden_options = [name for name in HIDDEN_UNLESS_ASKED if name in argument_spec]
        self._validated = False
        super(CheckedModule, self).__init__(argument_spec=argument_spec, **kwargs)
        self._validated = True
        problems = range_problems(self.params, argument_spec) + mapping_problems(self.raw_params, scalar_valued)
        problems.extend(state_problems(self.raw_params, self.params.get("state"), absent_only))
        if problems:
            self.fail_json(msg="Invalid input: %s" % "; ".join(problems))

    def _load_params(self):
        super(CheckedModule, self)._load_params()
        self.raw_params = copy.deepcopy(self.params)
        # Before Ansible's own validation, which would convert these values or fail without naming the option.
        problems = type_problems(self.raw_params, self.argument_spec)
        if problems:
            self.fail_json(msg="Invalid input: %s" % "; ".join(problems))

    def _logged_params(self):
        if not self._validated:
            return {}  # no_log values are only known once Ansible has validated the parameters
        return dict(self.params, **dict((name, HIDDEN_VALUE) for name in self._hidden_options if self.params.get(name) is not None))

    def _log_invocation(self):
        params = self.params
        self.params = self._logged_params()
        try:
            super(CheckedModule, self)._log_invocation()
        finally:
            self.params = params

    def _return_formatted(self, kwargs):
        hidden = [key for key, asking in HIDDEN_UNLESS_ASKED.items() if not self.params.get(asking)]
        kwargs = without_keys(kwargs, hidden)
        kwargs.setdefault("invocation", {"module_args": self._logged_params()})
        super(CheckedModule, self)._return_formatted(kwargs)
