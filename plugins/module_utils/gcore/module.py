# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every Gcore module shares: connection options (with the environment variables the Gcore SDK reads), the
client, and the runner of a resource module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import DEFAULT_BASE_URL, GcoreClient, GcoreError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common import module as common_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.module import argument_spec, env_fallback, require_requests, warn_if_insecure
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.version import USER_AGENT

CONNECTION_ARGUMENT_SPEC = dict(
    api_key=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["GCORE_API_KEY"])),
    base_url=dict(type="str", default=DEFAULT_BASE_URL, fallback=(env_fallback, ["GCORE_BASE_URL"])),
    region_id=dict(type="int", required=True, fallback=(env_fallback, ["GCORE_CLOUD_REGION_ID"])),
)
# Every module but those for the reseller's settings, which are not in any project.
PROJECT_ARGUMENT_SPEC = dict(
    project_id=dict(type="int", required=True, fallback=(env_fallback, ["GCORE_CLOUD_PROJECT_ID"])),
)


def gcore_argument_spec(wait=False, project=True, **options):
    """The connection options (with ``project_id`` when ``project``, the wait options when ``wait``) plus the
    module's own ``options``."""
    connection = dict(CONNECTION_ARGUMENT_SPEC)
    if project:
        connection.update(PROJECT_ARGUMENT_SPEC)
    return argument_spec(connection, wait=wait, **options)


def client_from_module(module):
    """A client for the module's region, and its project when the module has a ``project_id`` option."""
    require_requests(module)
    warn_if_insecure(module)
    params = module.params
    project_scoped = "project_id" in params
    try:
        return GcoreClient.from_options(
            api_key=params["api_key"], project_id=params.get("project_id"), region_id=params["region_id"],
            base_url=params["base_url"], validate_certs=params["validate_certs"], ca_path=params["ca_path"],
            timeout=params["api_timeout"], retries=params["api_retries"], user_agent=USER_AGENT,
            project_scoped=project_scoped,
        )
    except GcoreError as exc:
        module.fail_json(msg=str(exc))


def run_resource_module(module_class, argument_spec, wait=True, project=True, **checks):
    """Run a Gcore resource module: its ``argument_spec`` with the connection options (and the wait options when
    ``wait``) added, and the argument checks of ``checks`` (``required_one_of``, ``absent_only``...)."""
    common_module.run_resource_module(module_class, gcore_argument_spec(wait=wait, project=project, **argument_spec), **checks)
