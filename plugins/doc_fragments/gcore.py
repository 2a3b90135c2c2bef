# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - Gcore API key, sent in the C(Authorization) header as C(APIKey <api_key>). It never appears in results or messages.
      - If not set, the value of the E(GCORE_API_KEY) environment variable is used.
    type: str
    required: true
  base_url:
    description:
      - URL of the Gcore API.
      - If not set, the value of the E(GCORE_BASE_URL) environment variable is used, and without it V(https://api.gcore.com).
    type: str
    default: https://api.gcore.com
  region_id:
    description:
      - ID of the Gcore Cloud region, for example V(76).
      - If not set, the value of the E(GCORE_CLOUD_REGION_ID) environment variable is used.
    type: int
    required: true
notes:
  - The environment variables are the ones the official Gcore Python SDK reads, so one environment serves both.
"""

    # For modules that work in one project (everything but the reseller's settings).
    PROJECT = r"""
options:
  project_id:
    description:
      - ID of the Gcore Cloud project.
      - If not set, the value of the E(GCORE_CLOUD_PROJECT_ID) environment variable is used.
    type: int
    required: true
"""

    RESOURCE = r"""
attributes:
  check_mode:
    support: full
    description:
      - No request that changes anything is sent; names are still resolved and the quota is still checked,
        so a wrong name or a quota shortfall fails in check mode too.
  diff_mode:
    support: full
    description: Shows the managed fields, and whether the object exists, before and after.
"""

    INFO = r"""
attributes:
  check_mode:
    support: full
    description: The module only reads, so it runs the same in check mode.
  diff_mode:
    support: N/A
    description: The module changes nothing.
notes:
  - Every page of results is read, 1000 objects per request.
"""

    ACTION_GROUP = r"""
attributes:
  action_group:
    description: Use C(group/cloudfleet.openstack.gcore) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - cloudfleet.openstack.gcore
"""
