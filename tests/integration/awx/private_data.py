"""A private data directory laid out as AWX lays one out for a job or an inventory update, run by ansible-runner.

``project/`` is a copy of the project (the job template's playbook and the inventory source files), ``inventory/``
the job's inventory as AWX writes it (an executable that prints the inventory as JSON), ``env/envvars`` exactly what
the credentials' injectors put into the environment and ``env/extravars`` the job's extra variables. The collection
comes from the execution environment: ``ANSIBLE_COLLECTIONS_PATH`` points at the installed one.
"""

import json
import os
import shutil
import stat
import sys

import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from tests.integration.harness.runs import COLLECTIONS, REPO_ROOT

PROJECT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "project")
CREDENTIAL_TYPES = os.path.join(REPO_ROOT, "extensions", "awx", "credential_types")
# What AWX adds to the environment of every inventory update (STANDARD_INVENTORY_UPDATE_ENV).
INVENTORY_UPDATE_ENV = {
    "ANSIBLE_INVENTORY_UNPARSED_FAILED": "True",
    "ANSIBLE_INVENTORY_EXPORT": "True",
    "ANSIBLE_VERBOSE_TO_STDERR": "True",
}
# The Demo Inventory's localhost, as AWX creates it.
LOCALHOST = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
INVENTORY_SCRIPT = "#! /usr/bin/env python3\n# -*- coding: utf-8 -*-\nprint(%r)\n"


def credential_type(name):
    with open(os.path.join(CREDENTIAL_TYPES, name + ".yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def injected_env(name, inputs):
    """The environment the credential type ``name`` injects for a credential with these ``inputs``.

    As AWX renders it: the templates of ``injectors.env`` in a sandbox, over the fields the credential has a
    non-empty value for. A field the credential does not set is undefined there, so it renders as an empty string;
    the field's ``default`` is only what the form proposes.
    """
    definition = credential_type(name)
    fields = set(field["id"] for field in definition["inputs"]["fields"])
    unknown = set(inputs) - fields
    assert not unknown, "%s has no field %s" % (name, ", ".join(sorted(unknown)))
    missing = set(definition["inputs"].get("required", [])) - set(key for key, value in inputs.items() if value)
    assert not missing, "AWX refuses a %s credential without %s" % (name, ", ".join(sorted(missing)))
    namespace = dict((key, value) for key, value in inputs.items() if isinstance(value, bool) or value)
    sandbox = ImmutableSandboxedEnvironment()
    return dict((variable, sandbox.from_string(template).render(**namespace))
                for variable, template in definition["injectors"]["env"].items())


def execution_environment():
    """The environment the execution environment gives every run: its Ansible on PATH and the collection installed."""
    # ansible-core 2.21 leaves the module arguments (``invocation``) out of task results unless asked: they are
    # asked for, so that the tests still see how the secrets in them are masked (older releases ignore the variable).
    return {"PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_INJECT_INVOCATION": "1"}


def lay_out(root, envvars, extravars=None):
    """Write a private data directory under ``root`` and return its path."""
    root = str(root)
    shutil.copytree(PROJECT, os.path.join(root, "project"))
    os.makedirs(os.path.join(root, "inventory"))
    os.makedirs(os.path.join(root, "env"))
    hosts = os.path.join(root, "inventory", "hosts")
    with open(hosts, "w", encoding="utf-8") as handle:
        handle.write(INVENTORY_SCRIPT % json.dumps({"all": {"hosts": ["localhost"]}, "_meta": {"hostvars": {"localhost": LOCALHOST}}}))
    os.chmod(hosts, stat.S_IRUSR | stat.S_IWUSR | stat.S_IXUSR)
    _write(os.path.join(root, "env", "envvars"), envvars)
    _write(os.path.join(root, "env", "extravars"), extravars or {})
    return root


def _write(path, mapping):
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(mapping, handle, default_flow_style=False)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def files_holding(directory, secrets):
    """The files under ``directory`` (relative paths, sorted) whose bytes contain any of ``secrets``."""
    needles = [secret.encode("utf-8") for secret in secrets]
    found = []
    for parent, _dirs, names in os.walk(str(directory)):
        for name in names:
            path = os.path.join(parent, name)
            with open(path, "rb") as handle:
                content = handle.read()
            if any(needle in content for needle in needles):
                found.append(os.path.relpath(path, str(directory)))
    return sorted(found)


def holds(value, secrets):
    """Whether any of ``secrets`` is in ``value`` (text, or anything JSON can write)."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return any(secret in text for secret in secrets)
