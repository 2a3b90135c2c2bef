# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module does around its API client, whatever the provider: the transport and wait options of its
argument spec, the checks before the first request (requests installed, TLS verified or warned about), a failure
that names its object and quotes the API, and the runners of resource and info modules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.parameters import AnsibleFallbackNotFound

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import FAILURES
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.input_checks import CheckedModule
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import (
    ApiError, REQUESTS_IMPORT_ERROR, insecure_warning,
)

# How to reach any of the APIs: the provider adds its own credentials and endpoint options.
TRANSPORT_ARGUMENT_SPEC = dict(
    validate_certs=dict(type="bool", default=True),
    ca_path=dict(type="path"),
    api_timeout=dict(type="float", default=60.0),
    api_retries=dict(type="int", default=4),
)

WAIT_ARGUMENT_SPEC = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=600),
)


def env_fallback(*names):
    """The value of the first of these environment variables that is set to something: one set to nothing counts as
    unset, as AWX injects a credential field the user left empty as an empty string."""
    for name in names:
        value = os.environ.get(name)
        if value is not None and value.strip():
            return value
    raise AnsibleFallbackNotFound


def argument_spec(connection, wait=False, **options):
    """A provider's connection options, the transport options, the wait options when ``wait``, and ``options``."""
    spec = dict(connection)
    spec.update(TRANSPORT_ARGUMENT_SPEC)
    if wait:
        spec.update(WAIT_ARGUMENT_SPEC)
    spec.update(options)
    return spec


def require_requests(module):
    if REQUESTS_IMPORT_ERROR:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)


def warn_if_insecure(module):
    """One clear warning for a run that does not verify the server's certificate (ca_path, when set, is used)."""
    warning = insecure_warning(module.params.get("validate_certs", True), module.params.get("ca_path"))
    if warning:
        module.warn(warning)


def fail_from_exception(module, exc, subject=None, **result):
    """Fail the module with a message that names ``subject`` and quotes the API's own message (and, with
    ``steps_done``, what the task had changed before it failed)."""
    message = str(exc)
    if subject and subject not in message:
        message = "%s: %s" % (subject, message)
    if result.get("steps_done"):
        message = "%s. Already done before this failure: %s" % (message.rstrip("."), "; ".join(result["steps_done"]))
    if isinstance(exc, ApiError):
        result["api_error"] = exc.to_result()
    module.fail_json(msg=message, **result)


def run_resource_module(module_class, argument_spec, **checks):
    """Run a resource module: ``argument_spec`` is complete (the provider has added its connection options),
    ``checks`` are the argument checks (``required_one_of``, ``absent_only``...)."""
    module = CheckedModule(argument_spec=argument_spec, supports_check_mode=True, **checks)
    module_class(module).run()


def run_info_module(argument_spec, client_from_module, read, subject, **checks):
    """Run an info module: ``read(client, params)`` returns its result; a failure names ``subject(client)``."""
    module = CheckedModule(argument_spec=argument_spec, supports_check_mode=True, **checks)
    client = client_from_module(module)
    try:
        result = read(client, module.params)
    except FAILURES as exc:
        fail_from_exception(module, exc, subject=subject(client))
    finally:
        client.close()
    module.exit_json(changed=False, **result)
