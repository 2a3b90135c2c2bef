# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""gcore_reseller_name_template on the resource-module skeleton (see resource.py): the reseller's naming
configuration of one region.

The configuration exists or not; only the fields the user set are compared. A change is one PUT that carries, for
the fields the user did not set, their current values: whether the API merges the body into the configuration or
replaces it with the body, nothing changes that was not asked for.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import NotFoundError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.module import client_from_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.resource import ResourceModule, same_value

TEMPLATE_FIELDS = ("allowed_name_templates", "allowed_name_win_templates", "allowed_bm_name_templates",
                   "allowed_bm_name_win_templates", "allowed_lb_name_templates")
SETTING_FIELDS = ("allow_custom_name",) + TEMPLATE_FIELDS + ("allowed_lb_name_restriction",)


def same_setting(field, wanted, current):
    """Whether the user's value equals the API's; the order of templates in a list does not matter."""
    if field in TEMPLATE_FIELDS:
        return sorted(wanted) == sorted(current or ())
    return same_value(field, wanted, current)


class GcoreResellerNameTemplate(ResourceModule):
    """gcore_reseller_name_template: create, update or delete the reseller's naming configuration of a region."""

    result_key = "name_template"
    label = "naming configuration"
    updatable_fields = dict((field, field) for field in SETTING_FIELDS)

    def __init__(self, module, client=None):
        super(GcoreResellerNameTemplate, self).__init__(module, client or client_from_module(module))
        self.reseller_id = self.params["reseller_id"]

    def subject(self, obj=None):
        return "Naming configuration of reseller %d in region %d" % (self.reseller_id, self.client.region_id)

    def wanted(self):
        """The fields the user set, as the API names them."""
        return dict((field, self.params[field]) for field in SETTING_FIELDS if self.params.get(field) is not None)

    def find(self):
        return self.client.reseller_name_template(self.reseller_id)

    def precheck(self, current):
        """An unknown region fails before anything is sent (in check mode too), with the API's own look-up."""
        if current is None and self.params["state"] == "present" and self.client.get_region() is None:
            raise NotFoundError("region %d does not exist" % self.client.region_id)

    def planned_changes(self, current):
        return dict((field, value) for field, value in self.wanted().items() if not same_setting(field, value, current.get(field)))

    def predicted(self):
        return dict(self.wanted(), reseller_id=self.reseller_id, region_id=self.client.region_id)

    def create(self):
        return self.client.put_reseller_name_template(self.reseller_id, self.wanted()) or self.find()

    def update(self, current, changes):
        kept = dict((field, current[field]) for field in SETTING_FIELDS if current.get(field) is not None)
        kept.update(changes)
        return self.client.put_reseller_name_template(self.reseller_id, kept) or self.find()

    def delete(self, current):
        self.client.delete_reseller_name_template(self.reseller_id)
