"""Marketplace: public offerings, orders (create, approve, delete, cancel) and resources (terminate, unlink)."""

from operator import itemgetter
from urllib.parse import urlsplit

from ..server import ApiError, Response
from .filters import (ORDER_STATES, ORDER_STATES_SINCE, ORDER_TYPES, OFFERING_STATES, RESOURCE_STATES, AnyOf, Bool, Choice,
                      Contains, Custom, Exact, FilterSet, Since, Url, Uuid, UuidList)
from .listing import NAME_AND_CREATED
from .refs import API_PATH, resolve_field
from .replies import require_state
from .rows import resource_row
from .store import iso, new_uuid, normalize_uuid
from .validation import Boolean, parse, require_object

PENDING_ORDER_STATES = ["pending-consumer", "pending-provider", "pending-project", "pending-start-date"]
OPEN_ORDER_STATES = PENDING_ORDER_STATES + ["executing"]
SUPPORTED_TYPES = ("OpenStack.Instance", "OpenStack.Volume")
TERMINATE_SPEC = {"delete_volumes": Boolean(), "release_floating_ips": Boolean()}


class Marketplace:
    def __init__(self, app):
        self.app = app
        self.store = app.store
        self.lifecycle = app.lifecycle
        self.provisioner = app.provisioner

    # -- orders -------------------------------------------------------------------------------------------------

    def new_order(self, resource, offering, project, order_type, attributes, state, ts):
        reviewed = state != "pending-consumer"
        order = {
            "uuid": new_uuid(), "offering": offering["uuid"], "project": project["uuid"], "customer": project["customer"],
            "type": order_type, "state": state, "attributes": attributes, "resource": resource["uuid"],
            "resource_name": resource["name"], "created": iso(ts), "modified": iso(ts), "completed_at": None,
            "error_message": "", "created_by": self.app.user["uuid"],
            "consumer_reviewed_by": self.app.user["uuid"] if reviewed else None,
            "consumer_reviewed_at": iso(ts) if reviewed else None,
        }
        self.lifecycle.create("order", order, ts)
        resource["orders"] = resource["orders"] + [order["uuid"]]
        return order

    def create_order(self, request):
        body = require_object(request.json())
        project = resolve_field(self.store, body, ["project"], "project")
        offering = resolve_field(self.store, body, ["offering"], "offering")
        if body.get("plan") is not None:
            raise ApiError(400, {"plan": ["This plan is not available for selected offering."]})
        if body.get("type", "Create") != "Create":
            raise ApiError(400, {"type": ["Only Create orders can be submitted; use the resource's terminate action."]})
        if offering["customer"] != project["customer"] and offering["project"] != project["uuid"] and not offering["shared"]:
            customer = self.store.get("customer", project["customer"])
            raise ApiError(400, {"non_field_errors": ['Offering "%s" is not allowed in organization "%s".'
                                                      % (offering["name"], customer["name"])]})
        if offering["type"] not in SUPPORTED_TYPES:
            raise ApiError(400, {"offering": ["Offerings of type %s cannot be ordered here." % offering["type"]]})
        attributes = body.get("attributes") or {}
        self.app.request_types.check_order_attributes(offering["type"], attributes)
        tenant = self.store.get("tenant", offering["tenant"])
        if offering["type"] == "OpenStack.Instance":
            plan = self.provisioner.plan_instance(project, tenant, attributes)
        else:
            plan = self.provisioner.plan_volume(project, tenant, attributes)
        ts = self.lifecycle.now()
        scope_kind = "instance" if offering["type"] == "OpenStack.Instance" else "volume"
        resource = resource_row(plan["name"], offering, project, scope_kind, None, "Creating", attributes, iso(ts),
                                description=plan["description"])
        self.lifecycle.create("resource", resource, ts)
        state = "pending-consumer" if project["requires_approval"] else "executing"
        order = self.new_order(resource, offering, project, "Create", attributes, state, ts)
        order["plan"] = plan
        if state == "executing":
            self.execute_create(order, ts)
        serializer = self.app.serializer(request)
        return Response(serializer.created_order(order), 201, {"Location": serializer.url("order", order["uuid"])})

    def execute_create(self, order, ts):
        """One delay after the order executes, the OpenStack object appears; then it is built."""
        resource = self.store.get("resource", order["resource"])
        plan = order.pop("plan")

        def provision(due):
            if resource["scope_kind"] == "instance":
                row = self.provisioner.create_instance(plan, due, resource)
                build = self.provisioner.build_instance
            else:
                row = self.provisioner.create_volume(plan, due)
                row["resource"] = resource["uuid"]
                build = self.provisioner.build_volume
            self.lifecycle.set("resource", resource, due, scope=row["uuid"])
            build(row, due, lambda done_ts, error: self.finish(order, done_ts, error))

        self.lifecycle.chain([provision], base=ts)

    def finish(self, order, ts, error=""):
        resource = self.store.get("resource", order["resource"])
        if error:
            self.lifecycle.set("order", order, ts, state="erred", error_message=error, completed_at=iso(ts))
            if resource:
                self.lifecycle.set("resource", resource, ts, state="Erred", error_message=error)
        else:
            self.lifecycle.set("order", order, ts, state="done", completed_at=iso(ts))
            if resource and order["type"] == "Create":
                self.lifecycle.set("resource", resource, ts, state="OK")
            elif resource:
                self.lifecycle.set("resource", resource, ts, state="Terminated")

    def approve(self, _request, order):
        require_state(order, ["pending-consumer"])
        ts = self.lifecycle.now()
        self.lifecycle.set("order", order, ts, state="executing", consumer_reviewed_by=self.app.user["uuid"],
                           consumer_reviewed_at=iso(ts))
        self.execute_create(order, ts)
        return Response({"detail": "Order has been approved."}, 200)

    def reject(self, _request, order):
        require_state(order, ["pending-consumer"])
        ts = self.lifecycle.now()
        self.lifecycle.set("order", order, ts, state="rejected", completed_at=iso(ts))
        self._abandon(order, ts)
        return Response({"detail": "Order has been rejected."}, 200)

    def destroy_order(self, _request, order):
        require_state(order, PENDING_ORDER_STATES)
        ts = self.lifecycle.now()
        self._abandon(order, ts)
        self.lifecycle.delete("order", order, ts)
        return Response(None, 204)

    def _abandon(self, order, ts):
        """A Create order that never ran leaves its resource Terminated and gives back its reserved IPs."""
        plan = order.pop("plan", None) or {}
        for port in plan.get("ports", []):
            for address in port["addresses"]:
                port["subnet"]["used_ips"].discard(address)
        for item in plan.get("floating_ips", []):
            if item["fip"] is not None:
                item["fip"]["reserved"] = False
        resource = self.store.get("resource", order["resource"])
        if resource:
            self.lifecycle.set("resource", resource, ts, state="Terminated")

    def cancel(self, _request, order):
        offering = self.store.get("offering", order["offering"])
        raise ApiError(405, {"detail": "The order's offering with %s type does not support this action" % offering["type"]})

    # -- resources ----------------------------------------------------------------------------------------------

    def terminate(self, request, resource):
        require_state(resource, ["OK", "Erred"])
        if any(self.store.get("order", uuid)["state"] in OPEN_ORDER_STATES for uuid in resource["orders"]
               if self.store.get("order", uuid)):
            raise ApiError(400, ["Pending order for resource already exists."])
        body = require_object(request.json())
        attributes = require_object(body.get("attributes") or {})
        offering = self.store.get("offering", resource["offering"])
        if offering["type"] not in SUPPORTED_TYPES:
            raise ApiError(400, {"non_field_errors": ["Resources of type %s cannot be terminated here." % offering["type"]]})
        scope = self.store.get(resource["scope_kind"], resource["scope"])
        cleaned = {}
        if scope is not None and resource["scope_kind"] == "instance":
            action = attributes.get("action") if attributes.get("action") in ("destroy", "force_destroy") else "destroy"
            self.provisioner.check_instance_deletion(scope, action)
            cleaned = parse(attributes, TERMINATE_SPEC)
        elif scope is not None:
            self.provisioner.check_volume_deletion(scope)
        ts = self.lifecycle.now()
        project = self.store.get("project", resource["project"])
        order = self.new_order(resource, offering, project, "Terminate", attributes, "executing", ts)
        self.lifecycle.set("resource", resource, ts, state="Terminating")

        def finished(done_ts):
            self.finish(order, done_ts)

        if scope is None:
            self.lifecycle.chain([finished], base=ts)
        elif resource["scope_kind"] == "instance":
            self.provisioner.delete_instance(scope, cleaned.get("delete_volumes", True), cleaned.get("release_floating_ips", True),
                                             finished)
        else:
            self.provisioner.delete_volume(scope, finished)
        return Response({"order_uuid": order["uuid"]}, 200)

    def unlink_resource(self, _request, resource):
        """Forget the marketplace resource; the OpenStack object stays, without a marketplace resource."""
        scope = self.store.get(resource["scope_kind"], resource["scope"])
        ts = self.lifecycle.now()
        if scope is not None:
            self.lifecycle.set(resource["scope_kind"], scope, ts, resource=None)
        self.lifecycle.delete("resource", resource, ts)
        return Response(None, 204)


def _order_filters(store):
    def offering_attr(attr):
        return lambda row: store.get("offering", row["offering"])[attr]

    def scope_of(row):
        resource = store.get("resource", row["resource"])
        return resource["scope"] if resource else None

    def query(value):
        needle = value.lower()
        return lambda row: needle in row["uuid"] or needle in row["resource_name"].lower()

    return FilterSet([
        Uuid("uuid"), Uuid("project_uuid", "project"), Uuid("customer_uuid", "customer"),
        Choice("state", ORDER_STATES, introduced=ORDER_STATES_SINCE), Choice("type", ORDER_TYPES), Uuid("offering_uuid", "offering"),
        Url("offering", "offering"),
        AnyOf("offering_type", offering_attr("type")), Uuid("resource_uuid", scope_of), Url("resource", "resource"),
        Since(8, Contains("resource_name")), Custom("query", query), Uuid("category_uuid", offering_attr("category")),
        Uuid("provider_uuid", offering_attr("customer")), Uuid("parent_offering_uuid", offering_attr("parent")),
    ])


def _resource_filters(store):
    def offering_attr(attr):
        return lambda row: store.get("offering", row["offering"])[attr]

    def runtime_state(row):
        scope = store.get(row["scope_kind"], row["scope"]) if row["scope"] else None
        return scope.get("runtime_state") if scope else None

    def order_states(row):
        return [store.get("order", uuid)["state"] for uuid in row["orders"] if store.get("order", uuid)]

    def query(value):
        needle = value.lower()
        return lambda row: needle in row["name"].lower() or needle in row["uuid"] or needle == (row["scope"] or "")

    def scope(value):
        match = API_PATH.match(urlsplit(value).path)
        wanted = normalize_uuid(match.group("uuid")) if match else None
        return lambda row: wanted is not None and row["scope"] == wanted

    return FilterSet([
        Contains("name"), Exact("name_exact", "name"), Uuid("uuid"), UuidList("offering_uuid", "offering"),
        Url("offering", "offering"), Exact("offering_type", offering_attr("type")), Uuid("project_uuid", "project"),
        Contains("project_name", lambda row: store.get("project", row["project"])["name"]),
        Uuid("customer_uuid", "customer"), Url("customer", "customer"), Choice("state", RESOURCE_STATES),
        Uuid("resource_uuid", "scope"), Custom("scope", scope),
        Exact("backend_id", lambda row: (store.get(row["scope_kind"], row["scope"]) or {}).get("backend_id", "")),
        Custom("query", query), Exact("runtime_state", runtime_state), Uuid("category_uuid", offering_attr("category")),
        Uuid("provider_uuid", offering_attr("customer")), Uuid("parent_offering_uuid", offering_attr("parent")),
        Choice("order_state", ORDER_STATES, get=order_states), Bool("paused", lambda row: False),
        Bool("downscaled", lambda row: False), Bool("restrict_member_access", lambda row: False),
    ])


def _offering_filters():
    def scope_uuid(row):
        return row["tenant"] or row["service_settings"]

    def uuid_list(value):
        wanted = {part.strip() for part in value.split(",") if part.strip()}
        return lambda row: row["uuid"] in wanted

    return FilterSet([
        Contains("name"), Exact("name_exact", "name"), Contains("description", lambda row: ""), Uuid("uuid"),
        Custom("uuid_list", uuid_list), AnyOf("type"), Exact("scope_uuid", scope_uuid), Uuid("project_uuid", "project"),
        Uuid("customer_uuid", "customer"), Url("customer", "customer"), Choice("state", OFFERING_STATES, get=lambda row: "Active"),
        Bool("shared"), Bool("billable"), Uuid("parent_uuid", "parent"), Uuid("category_uuid", "category"),
        Custom("keyword", lambda value: lambda row: value.lower() in row["name"].lower()),
        Custom("query", lambda value: lambda row: value.lower() in row["name"].lower()),
    ])


def register(app):
    market = Marketplace(app)
    store = app.store
    app.expose("offering", _offering_filters(), dict(NAME_AND_CREATED, type=itemgetter("type")))
    app.expose("order", _order_filters(store), {"created": itemgetter("created"), "state": itemgetter("state")})
    app.expose("resource", _resource_filters(store), dict(NAME_AND_CREATED, state=itemgetter("state")))
    app.router.add("POST", app.collection_path("order"), market.create_order)
    app.on_object("DELETE", "order", "", market.destroy_order)
    app.on_object("POST", "order", "approve_by_consumer", market.approve)
    app.on_object("POST", "order", "reject_by_consumer", market.reject)
    app.on_object("POST", "order", "cancel", market.cancel)
    app.on_object("POST", "resource", "terminate", market.terminate)
    app.on_object("POST", "resource", "unlink", market.unlink_resource)
