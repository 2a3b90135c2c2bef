# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every Waldur module shares: connection options, the client."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.module import argument_spec, env_fallback, require_requests, warn_if_insecure
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import WaldurClient, WaldurError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.version import USER_AGENT

CONNECTION_ARGUMENT_SPEC = dict(
    api_url=dict(type="str", required=True, fallback=(env_fallback, ["WALDUR_API_URL"])),
    access_token=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["WALDUR_ACCESS_TOKEN"])),
)


def waldur_argument_spec(wait=False, **options):
    """The connection options (and the wait options when ``wait``) plus the module's own ``options``."""
    return argument_spec(CONNECTION_ARGUMENT_SPEC, wait=wait, **options)


def client_from_module(module):
    require_requests(module)
    warn_if_insecure(module)
    params = module.params
    try:
        return WaldurClient.from_options(
            api_url=params["api_url"], access_token=params["access_token"], validate_certs=params["validate_certs"],
            ca_path=params["ca_path"], timeout=params["api_timeout"], retries=params["api_retries"], user_agent=USER_AGENT,
        )
    except WaldurError as exc:
        module.fail_json(msg=str(exc))
