# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - URL of the Waldur server, for example C(https://waldur.example.com/). A trailing C(/api/) is accepted.
      - If not set, the value of the E(WALDUR_API_URL) environment variable is used.
    type: str
    required: true
  access_token:
    description:
      - Waldur API token, sent in the C(Authorization) header as C(Token <access_token>). It never appears in results or messages.
      - If not set, the value of the E(WALDUR_ACCESS_TOKEN) environment variable is used.
    type: str
    required: true
"""

    INFO = r"""
attributes:
  check_mode:
    support: full
    description: The module only reads, so it runs the same in check mode.
  diff_mode:
    support: N/A
    description: The module changes nothing.
options:
  uuid:
    description:
      - Return only the object with this UUID (dashed or not). An unknown UUID returns an empty list.
      - Mutually exclusive with O(name) and O(name_contains).
    type: str
  name:
    description:
      - Return only objects with exactly this name. Names are not unique in Waldur, so several objects may match.
    type: str
  name_contains:
    description:
      - Return only objects whose name contains this text, ignoring case.
    type: str
  project:
    description:
      - Return only objects in this project, given by name, UUID or URL.
    type: str
  customer:
    description:
      - Return only objects of this organization (customer), given by name, UUID or URL.
    type: str
  tenant:
    description:
      - Return only objects in this OpenStack tenant, given by name, UUID or URL.
    type: str
  state:
    description:
      - Return only objects in one of these Waldur states.
    type: list
    elements: str
    choices: [CREATION_SCHEDULED, CREATING, UPDATE_SCHEDULED, UPDATING, DELETION_SCHEDULED, DELETING, OK, ERRED]
  backend_id:
    description:
      - Return only the object with this OpenStack ID.
    type: str
  description:
    description:
      - Return only objects whose description contains this text.
    type: str
  filters:
    description:
      - Any other list filter the API documents for this object type, as a mapping of filter name to value.
        A list value matches any of its items.
      - Values set here are overridden by the dedicated options above.
    type: dict
    default: {}
  order_by:
    description:
      - Sort the result by these fields, comma-separated, each prefixed with V(-) for descending order, for example
        V(name), V(-created) (newest first) or V(project_name,-created). Objects without a value sort last (first when
        descending).
      - "Every module sorts by V(name), V(uuid), V(state), V(created), V(modified), V(description), V(backend_id),
        V(project_name), V(customer_name), V(customer_abbreviation), V(customer_native_name) and V(service_name);
        instances also by V(runtime_state), V(start_time), V(flavor_name), V(image_name), V(cores), V(ram), V(disk),
        V(availability_zone_name) and V(key_name); volumes by V(runtime_state), V(size), V(type_name), V(bootable),
        V(device), V(instance_name), V(image_name) and V(availability_zone_name); snapshots by V(runtime_state),
        V(size), V(source_volume_name) and V(kept_until); backups by V(instance_name) and V(kept_until).
        Any other field is an error."
      - The module sorts what it read itself and sends no ordering parameter C(o), because Waldur 7.x and 8.x servers
        accept different ones, and 8.x servers ignore it on volumes, snapshots and backups. For the same reason
        O(filters) may not contain C(o).
    type: str
notes:
  - Every page of results is read, 300 objects per request.
"""

    LIFECYCLE = r"""
attributes:
  check_mode:
    support: full
    description: No request that changes anything is sent; names are still resolved, so a wrong name fails in check mode too.
  diff_mode:
    support: full
    description: Shows the managed fields, and whether the object exists, before and after.
options:
  unlink:
    description:
      - With O(state=absent), remove only the Waldur record; the object itself stays in OpenStack untouched.
      - Needs a staff token.
    type: bool
    default: false
  refresh:
    description:
      - Before comparing, have Waldur pull the object's current data from OpenStack, and wait for that to finish.
    type: bool
    default: false
"""

    ACTION_GROUP = r"""
attributes:
  action_group:
    description: Use C(group/cloudfleet.openstack.waldur) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - cloudfleet.openstack.waldur
"""
