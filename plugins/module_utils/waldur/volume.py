# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The waldur_volume module's logic: create by order or by restoring a snapshot, rename, bootable, extend (grow
only), retype, attach/detach, terminate. Sizes are GiB in options and MiB in the API."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.plan import Plan
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import WaldurError, gib, mib, uuid_from_url
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.marketplace import MarketplaceResourceModule


def detached(volume):
    """Whether a re-read volume shows a detach done."""
    return not volume.get("instance")


def attached_to_instance(instance_url):
    """A test of a re-read volume: is the attach to this instance done?"""
    return lambda volume: same_ref(instance_url, volume.get("instance"))


def same_ref(url_a, url_b):
    """Whether two Waldur references name the same object (hosts may differ; only the UUID counts)."""
    if not url_a or not url_b:
        return not url_a and not url_b
    return uuid_from_url(url_a) == uuid_from_url(url_b)


class VolumeModule(MarketplaceResourceModule):
    kind = "volume"
    result_key = "volume"
    offering_type = "OpenStack.Volume"
    updatable_fields = dict(name="name", description="description", bootable="bootable")

    def __init__(self, module, client=None):
        super(VolumeModule, self).__init__(module, client)
        # The size asked for, once, in the API's unit: every comparison and request below uses this.
        self.wanted_size = mib(self.params.get("size"))

    # ---- look-ups within the volume's tenant and project ---------------------------------------------------

    def project_uuid(self, current):
        return current["project_uuid"] if current and current.get("project_uuid") else self.project()["uuid"]

    def wanted_type(self, current):
        return self.in_tenant("volume_type", self.params["type"], current) if self.params.get("type") else None

    def wanted_instance(self, current):
        if not self.params.get("instance"):
            return None
        project_uuid = self.project_uuid(current)
        return self._once(("instance", self.params["instance"]), lambda: self.client.resolve(
            "instance", self.params["instance"], within="in the volume's project", project_uuid=project_uuid))

    # ---- checks before anything changes --------------------------------------------------------------------

    def precheck(self, current):
        if self.params["state"] == "absent":
            if current and current.get("instance") and not self.params["unlink"]:
                if not self.params["allow_detach"]:
                    raise WaldurError("%s is attached to instance '%s' and cannot be deleted while attached; set allow_detach=true "
                                      "to detach it first. Nothing was changed." % (self.subject(current), current.get("instance_name")))
                self.refuse_if_bootable(current, "detach", current.get("bootable"))
            return
        if current is None:
            self.precheck_create()
            return
        self.warn_creation_only(current)
        # A PATCH of bootable runs before any action, so the actions meet the bootable flag the task asks for.
        bootable = self.params["bootable"] if self.params.get("bootable") is not None else current.get("bootable")
        if self.wanted_size is not None and self.wanted_size < (current.get("size") or 0):
            raise WaldurError("%s is %d GiB; size=%d would shrink it, and volumes can only grow. Nothing was changed."
                              % (self.subject(current), gib(current["size"]), self.params["size"]))
        if self.wanted_size is not None and self.wanted_size > (current.get("size") or 0):
            self.refuse_if_bootable(current, "extend", bootable)
        wanted_type = self.wanted_type(current)
        if wanted_type and not same_ref(wanted_type["url"], current.get("type")) and current.get("instance"):
            self.require_detach_permission(current, "retyping it to '%s'" % wanted_type["name"])
            self.refuse_if_bootable(current, "detach", bootable)
        wanted_instance = self.wanted_instance(current)
        if wanted_instance and current.get("instance") and not same_ref(wanted_instance["url"], current["instance"]):
            self.require_detach_permission(current, "attaching it to instance '%s'" % wanted_instance["name"])
            self.refuse_if_bootable(current, "detach", bootable)
        if self.params["detach"] and current.get("instance") and not wanted_instance:
            self.refuse_if_bootable(current, "detach", bootable)

    def refuse_if_bootable(self, current, action, bootable):
        """Waldur refuses to extend or detach a bootable volume (409 "Volume cannot be bootable."): say so before any
        change, so check mode predicts the refusal instead of a change."""
        if bootable:
            raise WaldurError("%s is bootable, and Waldur refuses to %s a bootable volume (\"Volume cannot be bootable.\"); "
                              "set bootable=false first. Nothing was changed." % (self.subject(current), action))

    def warn_creation_only(self, current):
        """Options that only shape a new volume: a different value on an existing one is reported, never applied."""
        for option, name_field, url_field in (("availability_zone", "availability_zone_name", "availability_zone"),
                                              ("image", "image_name", "image"), ("source_snapshot", None, "source_snapshot")):
            wanted = self.params.get(option)
            if wanted is None:
                continue
            url = current.get(url_field) or ""
            known = set([url, uuid_from_url(url), current.get(name_field) if name_field else None]) - set([None, ""])
            if not known & (set([wanted, uuid_from_url(wanted)]) - set([None])):
                self.module.warn("%s=%s is only used when creating a volume; %s exists with %s and was not changed"
                                 % (option, wanted, self.subject(current), current.get(name_field or url_field) or "none"))

    def require_detach_permission(self, current, doing):
        if not self.params["allow_detach"]:
            raise WaldurError("%s is attached to instance '%s'; %s needs it detached. Set allow_detach=true to let the module "
                              "detach it (and re-attach it where it belongs). Nothing was changed."
                              % (self.subject(current), current.get("instance_name"), doing))

    def precheck_create(self):
        if self.params.get("source_snapshot"):
            self.source_snapshot()
        else:
            if self.params.get("size") is None:
                raise WaldurError("%s does not exist; size is required to create it (or source_snapshot to restore one)"
                                  % self.subject())
            self.offering()
            for kind, option in (("volume_type", "type"), ("volume_availability_zone", "availability_zone"), ("image", "image")):
                if self.params.get(option):
                    self.in_tenant(kind, self.params[option])
        self.project()
        self.wanted_instance(None)

    # ---- creating ------------------------------------------------------------------------------------------

    def source_snapshot(self):
        return self._once("source_snapshot", lambda: self.client.resolve(
            "snapshot", self.params["source_snapshot"], within="in project '%s'" % self.project()["name"],
            project_uuid=self.project()["uuid"]))

    def order_attributes(self):
        attributes = {"name": self.params["name"], "size": self.wanted_size}
        if self.params.get("description") is not None:
            attributes["description"] = self.params["description"]
        for kind, option in (("volume_type", "type"), ("volume_availability_zone", "availability_zone"), ("image", "image")):
            if self.params.get(option):
                attributes[option] = self.in_tenant(kind, self.params[option])["url"]
        return attributes

    def create(self):
        if not self.params.get("source_snapshot"):
            created = super(VolumeModule, self).create()
        else:
            body = {"name": self.params["name"]}
            if self.params.get("description") is not None:
                body["description"] = self.params["description"]
            created = self.client.action("snapshot", self.source_snapshot()["uuid"], "restore", body=body, expected=(200, 201))
        self._busy = created.get("state") != "OK"
        return created

    def predicted(self):
        predicted = super(VolumeModule, self).predicted()
        snapshot = self.source_snapshot() if self.params.get("source_snapshot") else {}
        predicted.update(size=self.wanted_size if self.wanted_size else snapshot.get("size"),
                         type_name=self.params.get("type"), instance_name=None)
        return predicted

    # ---- reconciling size, type and attachment --------------------------------------------------------------

    def plan_actions(self, obj):
        """Extend, then retype (detaching and re-attaching around it), then attach or detach."""
        plan = Plan(obj)
        self.plan_size(plan)
        self.plan_type(plan)
        self.plan_attachment(plan)
        return plan

    def plan_size(self, plan):
        size = self.wanted_size
        if size is None or size <= (plan.expected.get("size") or 0):
            return
        plan.add("extend", {"disk_size": size}, effect=dict(size=size), done=lambda now: (now.get("size") or 0) >= size)

    def plan_type(self, plan):
        obj = plan.expected
        if not obj.get("uuid"):
            return
        wanted = self.wanted_type(obj)
        if not wanted or same_ref(wanted["url"], obj.get("type")):
            return
        attached_to = obj.get("instance")
        if attached_to:
            self.add_detach_step(plan)
        plan.add("retype", {"type": wanted["url"]}, effect=dict(type=wanted["url"], type_name=wanted["name"]),
                 done=lambda now: same_ref(wanted["url"], now.get("type")))
        if attached_to:
            plan.add("attach", self.attach_body(attached_to), effect=dict(instance=attached_to, instance_name=obj.get("instance_name")),
                     done=attached_to_instance(attached_to))

    def add_detach_step(self, plan):
        plan.add("detach", effect=dict(instance=None, instance_name=None), done=detached)

    def attach_body(self, instance_url):
        # Neither generation reads a device (the 7.x attach serializer and the 8.0.5 request type have only the
        # instance; the server picks the device), so it is not sent.
        if self.params.get("device"):
            self.module.warn("device is ignored: Waldur servers choose the device themselves and read no device when attaching")
        return {"instance": instance_url}

    def plan_attachment(self, plan):
        obj = plan.expected
        wanted = self.wanted_instance(obj if obj.get("uuid") else None)
        if wanted and not same_ref(wanted["url"], obj.get("instance")):
            if obj.get("instance"):
                self.add_detach_step(plan)
            plan.add("attach", self.attach_body(wanted["url"]), effect=dict(instance=wanted["url"], instance_name=wanted["name"]),
                     done=attached_to_instance(wanted["url"]))
        elif self.params["detach"] and obj.get("instance"):
            self.add_detach_step(plan)

    # ---- deleting ------------------------------------------------------------------------------------------

    def remove(self, current):
        if current.get("instance") and not self.params["unlink"]:
            plan = Plan(current)
            self.add_detach_step(plan)
            current = self.after_previous_step(self.carry_out(current, plan))
        super(VolumeModule, self).remove(current)

    # ---- reporting -----------------------------------------------------------------------------------------

    def diff_view(self, obj):
        view = super(VolumeModule, self).diff_view(obj)
        if obj is not None:
            view.update(size=obj.get("size"), type=obj.get("type_name"), instance=obj.get("instance_name") or None)
        return view
