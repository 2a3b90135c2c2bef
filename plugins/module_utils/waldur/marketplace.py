# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Resources that Waldur creates and terminates through the marketplace: instances and volumes.

Creation is an order (project + offering + attributes); the OpenStack object appears once the order executes.
Termination goes through the object's marketplace resource. Before ordering, an order still open for the same
name (from a run that timed out, or whose answer was lost) is awaited instead of placing a second one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import WaldurError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.resource import DELETION_STATES, IDENTITY_ARGUMENT_SPEC, WaldurResourceModule

# States of a marketplace resource whose termination was accepted.
TERMINATION_STATES = ("Terminating", "Terminated")
OPEN_ORDER_STATES = ["pending-consumer", "pending-provider", "pending-project", "pending-start-date", "executing"]

MARKETPLACE_ARGUMENT_SPEC = dict(IDENTITY_ARGUMENT_SPEC, offering=dict(type="str"))


def tenant_of(holder):
    """(UUID, name for messages) of the tenant of an existing object (``tenant_uuid``) or of an offering (``scope_uuid``,
    ``scope_name``). Objects carry no tenant name, and fetching the tenant only to word a message would cost a request,
    so their tenant is named by its UUID."""
    if holder.get("tenant_uuid"):
        return holder["tenant_uuid"], holder["tenant_uuid"]
    return holder.get("scope_uuid"), holder.get("scope_name") or holder.get("scope_uuid")


class MarketplaceResourceModule(WaldurResourceModule):
    """Find by UUID or by name in a project; create by order; delete by terminating the marketplace resource."""

    offering_type = None

    def __init__(self, module, client=None):
        super(MarketplaceResourceModule, self).__init__(module, client)
        self._cache = {}

    # ---- references, each resolved once ---------------------------------------------------------------------

    def _once(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def project(self):
        if not self.params.get("project"):
            raise WaldurError("project is required to find %s by name or to create it" % self.subject())
        return self._once("project", lambda: self.client.resolve("project", self.params["project"]))

    def offering(self):
        def resolve():
            if not self.params.get("offering"):
                raise WaldurError("offering is required to create %s" % self.subject())
            offering = self.client.resolve("offering", self.params["offering"], type=self.offering_type)
            if offering.get("type") not in (None, self.offering_type):
                raise WaldurError("Offering '%s' is of type %s, not %s" % (offering.get("name"), offering.get("type"), self.offering_type))
            return offering
        return self._once("offering", resolve)

    def tenant_holder(self, current):
        """What decides the tenant of look-ups: the existing object, or the offering for a new one."""
        return current if current and current.get("tenant_uuid") else self.offering()

    def tenant(self, current):
        """(UUID, name for messages) of the tenant look-ups are scoped to; see ``tenant_of``."""
        return tenant_of(self.tenant_holder(current))

    def in_tenant(self, kind, ref, current=None):
        """A tenant-scoped object (flavor, image, subnet...) by name, UUID or URL, in the tenant of the existing
        object or, for a new one, of the offering."""
        tenant_uuid, tenant_name = self.tenant(current)
        return self._once((kind, str(ref), tenant_uuid), lambda: self.client.resolve(
            kind, ref, within="in tenant '%s'" % tenant_name, tenant_uuid=tenant_uuid))

    # ---- finding ------------------------------------------------------------------------------------------

    def find(self):
        if self.params.get("uuid"):
            return self.find_by_uuid()
        project = self.project()
        return self.find_by_name(within="in project '%s'" % project["name"], project_uuid=project["uuid"])

    def open_order(self):
        """An order for this name in this project and offering that has not finished yet, if any."""
        # The open states are chosen here, not with the API's state filter: Waldur 7.x has no pending-start-date
        # state and answers a filter naming it with 400, and 8.x has it.
        orders = self.client.list("order", {
            "project_uuid": self.project()["uuid"], "offering_uuid": self.offering()["uuid"],
            "resource_name": self.params["name"], "type": "Create",
        })
        mine = [o for o in orders
                if o.get("state") in OPEN_ORDER_STATES and (o.get("attributes") or {}).get("name") == self.params["name"]]
        return mine[0] if mine else None

    # ---- creating -----------------------------------------------------------------------------------------

    def order_attributes(self):
        raise NotImplementedError

    def create(self):
        order = self.open_order()
        if order is None:
            order = self.client.create_order(self.project()["url"], self.offering()["url"], self.order_attributes())
        else:
            self.module.warn("An order for %s placed earlier is still %s; waiting for it instead of ordering again."
                             % (self.subject(), order.get("state")))
        return self.finish_order(order)

    def lookup_after_lost_create(self):
        found = self.find()
        if found is None:
            order = self.open_order()
            if order is not None:
                return self.finish_order(order)
        return found

    def finish_order(self, order):
        if not self.params["wait"]:
            return self.created_so_far(order)
        done = self.client.wait_for_order(order["uuid"], self.time_left("the order was done"), label=self.subject())
        return self.ok_when_waiting(self.client.retrieve(self.kind, done["resource_uuid"]))

    def created_so_far(self, order):
        """With wait=false: the object if the order already made it, else what is known (name and order)."""
        order = self.client.retrieve("order", order["uuid"])
        if order.get("resource_uuid"):
            return self.client.retrieve(self.kind, order["resource_uuid"])
        return {"name": self.params["name"], "state": "CREATION_SCHEDULED", "order_uuid": order["uuid"],
                "order_state": order.get("state"), "marketplace_resource_uuid": order.get("marketplace_resource_uuid")}

    # ---- deleting -----------------------------------------------------------------------------------------

    def termination_attributes(self):
        return {}

    def delete(self, current):
        resource_uuid = current.get("marketplace_resource_uuid")
        if not resource_uuid:
            raise WaldurError("%s has no marketplace resource to terminate; use unlink=true to remove only the Waldur record"
                              % self.subject(current))

        def outcome():
            now = self.client.retrieve_or_none(self.kind, current["uuid"])
            if now is None or now.get("state") in DELETION_STATES:
                return ""
            resource = self.client.retrieve_or_none("resource", resource_uuid) or {}
            return "" if resource.get("state") in TERMINATION_STATES else None

        order_uuid = self.send_recovering(lambda: self.client.terminate(resource_uuid, self.termination_attributes()), outcome) or None
        if self.params["wait"]:
            self.wait_until_gone(current, order_uuid=order_uuid)
