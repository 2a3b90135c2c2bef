# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The waldur_instance module's logic: create by order or by restoring a backup; reconcile name, description,
flavor, security groups, ports, floating IPs and allowed address pairs; power state; terminate or unlink."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.input_checks import HIDDEN_UNLESS_ASKED
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.plan import Plan
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import (
    WaldurError, is_url, mib, normalize_uuid, uuid_from_url,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.marketplace import MarketplaceResourceModule

POWER_STATES = ("started", "stopped", "restarted")

# The target-state table: for each power state asked for, the action that reaches it from a running instance and
# from one that is not running (None: it is there already). ``restarted`` always acts.
POWER_ACTIONS = {
    "started": {True: None, False: "start"},
    "stopped": {True: "stop", False: None},
    "restarted": {True: "restart", False: "start"},
}
# The runtime state each power action leaves the instance in.
RUNTIME_STATE_AFTER = {"start": "ACTIVE", "stop": "SHUTOFF", "restart": "ACTIVE"}

# What ``wanted`` holds: the resolved flavor, [(subnet, [fixed IPs])], [(subnet, floating IP or None)], security groups.
WANTED = ("flavor", "ports", "floating_ips", "security_groups")

# Options that only shape a new instance, with the field of an existing one that shows their value.
CREATION_ONLY = (
    ("image", "image_name"), ("system_volume_size", None), ("system_volume_type", None), ("data_volumes", None),
    ("server_group", None), ("ssh_key", "key_name"), ("user_data", "user_data"), ("availability_zone", "availability_zone_name"),
    ("connect_directly_to_external_network", "connect_directly_to_external_network"), ("config_drive", None),
    ("source_backup", None),
)

DNS_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def check_instance_name(name):
    """Waldur's rule for instance names (a DNS name), checked before anything is sent so check mode catches it."""
    labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
    problem = None
    if len(name) > 150:
        problem = "it is longer than 150 characters"
    elif not all(DNS_LABEL.match(label) for label in labels):
        problem = "each dot-separated part must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen"
    elif len(labels) > 1 and labels[-1].isdigit():
        problem = "its last part must not be all digits"
    if problem:
        raise InputError("Instance name '%s' is not a valid DNS name: %s" % (name, problem))


def uuids(urls):
    return sorted(uuid_from_url(url) for url in urls if url)


def names(ref, obj, name_key, url_key):
    """Whether the user's reference (name, UUID or URL) names the object the API shows (name and URL fields)."""
    if not obj:
        return False
    if ref == obj.get(name_key):
        return True
    have = uuid_from_url(obj.get(url_key) or "")
    return have is not None and have == (uuid_from_url(ref) if is_url(ref) else normalize_uuid(ref))


def already_satisfied(params, current):
    """Options whose value the instance already has, judged by the names and addresses it reports, so a no-op run
    needs no look-ups. Anything not clearly equal is left to the full comparison."""
    satisfied = set()
    if params.get("flavor") and params["flavor"] == current.get("flavor_name"):
        satisfied.add("flavor")
    groups = current.get("security_groups") or []
    wanted_groups = params.get("security_groups")
    if wanted_groups is not None and len(wanted_groups) == len(groups) and all(
            any(names(ref, group, "name", "url") for group in groups) for ref in wanted_groups):
        satisfied.add("security_groups")
    ports = current.get("ports") or []
    wanted_ports = params.get("ports") if params.get("ports") is not None else (
        [{"subnet": params["subnet"]}] if params.get("subnet") else None)
    if wanted_ports is not None and len(wanted_ports) == len(ports) and all(
            any(names(port["subnet"], have, "subnet_name", "subnet") and set(port.get("fixed_ips") or ()) <= set(
                ip.get("ip_address") for ip in have.get("fixed_ips") or ()) for have in ports) for port in wanted_ports):
        satisfied.update(("ports", "subnet"))
    fips = current.get("floating_ips") or []
    wanted_fips = params.get("floating_ips")
    if wanted_fips is not None and len(wanted_fips) == len(fips) and all(
            any(names(item["subnet"], have, "subnet_name", "subnet") and item.get("address") in (None, have.get("address"))
                for have in fips) for item in wanted_fips):
        satisfied.add("floating_ips")
    return satisfied


class InstanceModule(MarketplaceResourceModule):
    kind = "instance"
    result_key = "instance"
    offering_type = "OpenStack.Instance"
    updatable_fields = dict(name="name", description="description")

    def __init__(self, module, client=None):
        super(InstanceModule, self).__init__(module, client)
        self._satisfied = set()
        self._created = False
        # Every reference the task reconciles, resolved once in precheck (None: not set, or already as wanted).
        self.wanted = dict.fromkeys(WANTED)

    # ---- look-ups ------------------------------------------------------------------------------------------

    def tenant_holder(self, current):
        """An instance restored from a backup lands in the backup's tenant."""
        if not (current and current.get("tenant_uuid")) and self.params.get("source_backup"):
            return self.source_backup()
        return super(InstanceModule, self).tenant_holder(current)

    def source_backup(self):
        return self._once("source_backup", lambda: self.client.resolve(
            "backup", self.params["source_backup"], within="in project '%s'" % self.project()["name"],
            project_uuid=self.project()["uuid"]))

    def already_has(self, option, current):
        """True when ``option`` needs no look-up because the existing instance already has its value."""
        return current is not None and option in self._satisfied

    def resolve_wanted(self, current):
        """Resolve every reference up front, once, so a wrong name fails before any change (and in check mode)."""
        wanted = dict(flavor=self.resolve_flavor(current), ports=self.resolve_ports(current),
                      floating_ips=self.resolve_floating_ips(current), security_groups=self.resolve_security_groups(current))
        for pair in self.params.get("allowed_address_pairs") or ():
            if pair.get("subnet"):
                self.in_tenant("subnet", pair["subnet"], current)
        return wanted

    def resolve_flavor(self, current):
        if self.already_has("flavor", current):
            return None
        if self.params.get("flavor"):
            return self.in_tenant("flavor", self.params["flavor"], current)
        if self.params.get("flavor_min_cpu") is None and self.params.get("flavor_min_ram") is None:
            return None
        return self._once("smallest_flavor", lambda: self.smallest_flavor(current))

    def smallest_flavor(self, current):
        """The smallest flavor with at least the asked cores and RAM (by RAM, then cores, then disk, then name)."""
        tenant_uuid, tenant_name = self.tenant(current)
        query = {"tenant_uuid": tenant_uuid}
        if self.params.get("flavor_min_cpu") is not None:
            query["cores__gte"] = self.params["flavor_min_cpu"]
        if self.params.get("flavor_min_ram") is not None:
            query["ram__gte"] = mib(self.params["flavor_min_ram"])
        fits = self.client.list("flavor", query)
        if not fits:
            raise WaldurError("No flavor in tenant '%s' has at least %s cores and %s GiB RAM"
                              % (tenant_name, self.params.get("flavor_min_cpu") or 0, self.params.get("flavor_min_ram") or 0))
        return min(fits, key=lambda f: (f.get("ram", 0), f.get("cores", 0), f.get("disk", 0), f.get("name", "")))

    def resolve_ports(self, current):
        """[(subnet, [fixed IPs])] from ``ports`` or the ``subnet`` shorthand; None when neither is set."""
        if self.already_has("ports", current):
            return None
        if self.params.get("ports") is not None:
            return [(self.in_tenant("subnet", port["subnet"], current), port.get("fixed_ips") or []) for port in self.params["ports"]]
        if self.params.get("subnet"):
            return [(self.in_tenant("subnet", self.params["subnet"], current), [])]
        return None

    def resolve_floating_ips(self, current):
        """[(subnet, floating IP or None for any free one)]; None when not set."""
        if self.params.get("floating_ips") is None or self.already_has("floating_ips", current):
            return None
        return [(self.in_tenant("subnet", item["subnet"], current),
                 self.in_tenant("floating_ip", item["address"], current) if item.get("address") else None)
                for item in self.params["floating_ips"]]

    def resolve_security_groups(self, current):
        if self.params.get("security_groups") is None or self.already_has("security_groups", current):
            return None
        return [self.in_tenant("security_group", ref, current) for ref in self.params["security_groups"]]

    # ---- checks before anything changes --------------------------------------------------------------------

    def precheck(self, current):
        self._satisfied = already_satisfied(self.params, current) if current else set()
        if self.params["state"] == "absent":
            if current is not None and not self.params["unlink"]:
                self.precheck_delete(current)
            return
        if current is None:
            self.precheck_create()
        else:
            self.warn_creation_only(current)
        self.wanted = self.resolve_wanted(current)
        self.client.generation.refuse_ignored_options(self.options_only_8x_honours(current), self.subject(current))
        if current is None:
            return
        # Planned here too, so that what cannot be done fails before the first change.
        plan = self.plan_actions(current)
        if not self.params["allow_stop"] and self.stops_only_to_resize(plan):
            flavor = self.wanted["flavor"]
            raise WaldurError("%s is running; changing its flavor from %s to %s needs it stopped. Set allow_stop=true to let the "
                              "module stop it, resize it and start it again (or use state=stopped). Nothing was changed."
                              % (self.subject(current), current.get("flavor_name"), flavor["name"]))

    @staticmethod
    def stops_only_to_resize(plan):
        """Whether the plan stops a running instance that is to end up running: only a resize does that."""
        return "stop" in plan.actions and plan.expected.get("runtime_state") == "ACTIVE"

    def options_only_8x_honours(self, current):
        """What this run would send that a 7.x server drops: fixed IPs (its port serializer reads none), and in an
        order ``config_drive``, ``metadata`` and ``data_volumes`` (its order processor copies none of them; one data
        volume is sent as ``data_volume_size``, which both take)."""
        options = []
        if any(ips for _subnet, ips in self.wanted["ports"] or ()):
            options.append("ports[].fixed_ips")
        if current is None and not self.params.get("source_backup"):
            for option in ("config_drive", "metadata"):
                if self.params.get(option) is not None:
                    options.append(option)
            if len(self.params.get("data_volumes") or ()) > 1:
                options.append("more than one data volume")
        return options

    def precheck_create(self):
        self.project()
        check_instance_name(self.params["name"])
        if self.params.get("source_backup"):
            self.source_backup()
            if self.params.get("flavor") is None and self.params.get("flavor_min_cpu") is None and self.params.get("flavor_min_ram") is None:
                raise WaldurError("flavor (or flavor_min_cpu/flavor_min_ram) is required to restore %s from a backup" % self.subject())
            return
        missing = [option for option in ("offering", "image", "system_volume_size") if self.params.get(option) is None]
        if self.params.get("flavor") is None and self.params.get("flavor_min_cpu") is None and self.params.get("flavor_min_ram") is None:
            missing.append("flavor (or flavor_min_cpu/flavor_min_ram)")
        if self.params.get("ports") is None and not self.params.get("subnet"):
            missing.append("subnet or ports")
        if missing:
            raise WaldurError("%s does not exist; to create it, set %s" % (self.subject(), ", ".join(missing)))
        self.offering()
        self.in_tenant("image", self.params["image"])
        for kind, option in (("volume_type", "system_volume_type"), ("server_group", "server_group"),
                             ("instance_availability_zone", "availability_zone")):
            if self.params.get(option):
                self.in_tenant(kind, self.params[option])
        for volume in self.params.get("data_volumes") or ():
            if volume.get("type"):
                self.in_tenant("volume_type", volume["type"])
        if self.params.get("ssh_key"):
            self.ssh_key()

    def ssh_key(self):
        return self._once("ssh_key", lambda: self.client.resolve("ssh_key", self.params["ssh_key"]))

    def warn_creation_only(self, current):
        for option, field in CREATION_ONLY:
            wanted = self.params.get(option)
            if wanted is None or (field and wanted == current.get(field)):
                continue
            shown = "has %s" % current.get(field) if field and option not in HIDDEN_UNLESS_ASKED else "was created with its own value"
            self.module.warn("%s is only used when creating an instance; %s exists and %s, which was not changed"
                             % (option, self.subject(current), shown))

    def dependants(self, current):
        """The instance's backups, and the snapshots of its volumes that belong to no backup."""
        def compute():
            backups = self.client.list("backup", {"instance_uuid": current["uuid"]})
            in_backups = set(s["uuid"] for b in backups for s in self.client.list("snapshot", {"backup_uuid": b["uuid"]}))
            snapshots = [s for volume in current.get("volumes") or () if volume.get("url")
                         for s in self.client.list("snapshot", {"source_volume_uuid": uuid_from_url(volume["url"])})
                         if s["uuid"] not in in_backups]
            return backups, snapshots
        return self._once("dependants", compute)

    def precheck_delete(self, current):
        """Waldur refuses to delete an instance that has backups or snapshots: say so before stopping anything."""
        if self.params["delete_backups"]:
            return
        backups, snapshots = self.dependants(current)
        if backups or snapshots:
            refusal = "Cannot delete instance that has backups." if backups else "Cannot delete instance that has snapshots."
            raise WaldurError("%s has %d backup(s) and %d other snapshot(s) of its volumes, so Waldur would refuse to delete it "
                              "(\"%s\"). Set delete_backups=true to delete them first. Nothing was changed."
                              % (self.subject(current), len(backups), len(snapshots), refusal))

    # ---- creating ------------------------------------------------------------------------------------------

    def port_body(self, subnet, fixed_ips):
        body = {"subnet": subnet["url"]}
        if fixed_ips:
            body["fixed_ips"] = [{"ip_address": ip, "subnet_id": subnet.get("backend_id")} for ip in fixed_ips]
        return body

    def floating_ip_body(self, subnet, floating_ip):
        body = {"subnet": subnet["url"]}
        if floating_ip:
            body["url"] = floating_ip["url"]
        return body

    def order_attributes(self):
        params = self.params
        attributes = {
            "name": params["name"],
            "flavor": self.wanted["flavor"]["url"],
            "image": self.in_tenant("image", params["image"])["url"],
            "system_volume_size": mib(params["system_volume_size"]),
            "ports": [self.port_body(subnet, ips) for subnet, ips in self.wanted["ports"]],
        }
        optional = {
            "description": params.get("description"),
            "user_data": params.get("user_data"),
            "connect_directly_to_external_network": params.get("connect_directly_to_external_network"),
            "config_drive": params.get("config_drive"),
            "metadata": params.get("metadata"),
        }
        attributes.update((key, value) for key, value in optional.items() if value is not None)
        if params.get("system_volume_type"):
            attributes["system_volume_type"] = self.in_tenant("volume_type", params["system_volume_type"])["url"]
        if len(params.get("data_volumes") or ()) == 1:
            volume = params["data_volumes"][0]
            attributes["data_volume_size"] = mib(volume["size"])
            if volume.get("type"):
                attributes["data_volume_type"] = self.in_tenant("volume_type", volume["type"])["url"]
        elif params.get("data_volumes"):
            attributes["data_volumes"] = [
                dict({"size": mib(volume["size"])},
                     **({"volume_type": self.in_tenant("volume_type", volume["type"])["url"]} if volume.get("type") else {}))
                for volume in params["data_volumes"]]
        if params.get("security_groups") is not None:
            attributes["security_groups"] = [{"url": group["url"]} for group in self.wanted["security_groups"]]
        if params.get("floating_ips"):
            attributes["floating_ips"] = [self.floating_ip_body(subnet, fip) for subnet, fip in self.wanted["floating_ips"]]
        if params.get("server_group"):
            attributes["server_group"] = {"url": self.in_tenant("server_group", params["server_group"])["url"]}
        if params.get("availability_zone"):
            attributes["availability_zone"] = self.in_tenant("instance_availability_zone", params["availability_zone"])["url"]
        if params.get("ssh_key"):
            attributes["ssh_public_key"] = self.ssh_key()["url"]
        return attributes

    def create(self):
        if not self.params.get("source_backup"):
            created = super(InstanceModule, self).create()
        else:
            created = self.client.action("backup", self.source_backup()["uuid"], "restore", body=self.restore_body(),
                                         expected=(200, 201))
        self._busy = created.get("state") != "OK"
        self._created = True
        return created

    def restore_body(self):
        body = {"flavor": self.wanted["flavor"]["url"], "name": self.params["name"]}
        if self.wanted["ports"] is not None:
            body["ports"] = [self.port_body(subnet, ips) for subnet, ips in self.wanted["ports"]]
        if self.params.get("security_groups") is not None:
            body["security_groups"] = [{"url": group["url"]} for group in self.wanted["security_groups"]]
        if self.params.get("floating_ips") is not None:
            body["floating_ips"] = [{"subnet": subnet["url"]} for subnet, _fip in self.wanted["floating_ips"]]
        return body

    def predicted(self):
        predicted = super(InstanceModule, self).predicted()
        flavor = self.wanted["flavor"] or {}
        predicted.update(flavor_name=flavor.get("name"), runtime_state="SHUTOFF" if self.params["state"] == "stopped" else "ACTIVE",
                         security_groups=[{"url": g["url"], "name": g["name"]} for g in self.wanted["security_groups"] or ()],
                         ports=[{"subnet": s["url"], "subnet_name": s["name"], "fixed_ips": [{"ip_address": ip} for ip in ips]}
                                for s, ips in self.wanted["ports"] or ()],
                         floating_ips=[{"address": fip["address"] if fip else None, "subnet": s["url"]}
                                       for s, fip in self.wanted["floating_ips"] or ()])
        return predicted

    # ---- reconciling an existing (or just created) instance ------------------------------------------------

    def left_being_built(self):
        """With wait=false a new instance is returned as its order (or restore) left it: they carry every option but
        allowed address pairs and a power state other than running, which need it built first."""
        return all((self._created, not self.params["wait"], self.params["state"] in ("present", "started"),
                    self.params.get("allowed_address_pairs") is None))

    def ready_for_planning(self, obj):
        """The object the plan is computed from: a power state or a flavor change needs the instance settled (a
        just-created one shows its power state once it is OK)."""
        if self.params["state"] in POWER_STATES or self.wanted["flavor"]:
            return self.after_previous_step(obj)
        return obj

    def reconcile_state(self, obj):
        if not obj.get("uuid") or self.left_being_built():
            return obj
        obj = self.ready_for_planning(obj)
        return self.carry_out(obj, self.plan_actions(obj))

    def plan_actions(self, obj):
        """Every action this task sends, in order: a flavor change (stopping first when running), security groups,
        ports, floating IPs, allowed address pairs, then the power state."""
        plan = Plan(obj)
        restart_after = self.plan_flavor(plan)
        self.plan_security_groups(plan)
        self.plan_ports(plan)
        self.plan_floating_ips(plan)
        self.plan_address_pairs(plan)
        self.plan_power(plan, restart_after)
        return plan

    def plan_flavor(self, plan):
        """Add the resize; True when the instance is stopped for it and must be started again."""
        flavor = self.wanted["flavor"]
        if not flavor or flavor["name"] == plan.expected.get("flavor_name"):
            return False
        running = plan.expected.get("runtime_state") == "ACTIVE"
        if running:
            self.add_power_step(plan, "stop")
        plan.add("change_flavor", {"flavor": flavor["url"]}, effect=dict(flavor_name=flavor["name"]),
                 done=lambda now: now.get("flavor_name") == flavor["name"])
        return running

    def plan_security_groups(self, plan):
        wanted = self.wanted["security_groups"]
        if wanted is None or uuids(g["url"] for g in wanted) == uuids(g.get("url") for g in plan.expected.get("security_groups") or ()):
            return
        urls = [g["url"] for g in wanted]
        wanted_uuids = uuids(urls)
        plan.add("update_security_groups", send=lambda uuid: self.client.update_security_groups(uuid, urls),
                 effect=dict(security_groups=[{"url": g["url"], "name": g["name"]} for g in wanted]),
                 done=lambda now: uuids(g.get("url") for g in now.get("security_groups") or ()) == wanted_uuids)

    def plan_ports(self, plan):
        wanted = self.wanted["ports"]
        if wanted is None:
            return
        current = plan.expected.get("ports") or []
        current_subnets = [uuid_from_url(port.get("subnet", "")) for port in current]
        same = (sorted(current_subnets) == sorted(subnet["uuid"] for subnet, _ips in wanted) and all(
            set(ips) <= set(ip.get("ip_address") for port in current if uuid_from_url(port.get("subnet", "")) == subnet["uuid"]
                            for ip in port.get("fixed_ips") or ())
            for subnet, ips in wanted))
        if same:
            return
        plan.add("update_ports", {"ports": [self.port_body(subnet, ips) for subnet, ips in wanted]},
                 effect=dict(ports=[{"subnet": s["url"], "subnet_name": s["name"], "fixed_ips": [{"ip_address": ip} for ip in ips]}
                                    for s, ips in wanted]))

    def plan_floating_ips(self, plan):
        wanted = self.wanted["floating_ips"]
        if wanted is None:
            return
        unmatched = list(plan.expected.get("floating_ips") or [])
        for subnet, fip in wanted:
            match = next((c for c in unmatched if (uuid_from_url(c.get("url", "")) == fip["uuid"] if fip
                                                   else uuid_from_url(c.get("subnet", "")) == subnet["uuid"])), None)
            if match is None:
                break
            unmatched.remove(match)
        else:
            if not unmatched:
                return
        plan.add("update_floating_ips", {"floating_ips": [self.floating_ip_body(s, fip) for s, fip in wanted]},
                 effect=dict(floating_ips=[{"subnet": s["url"], "address": fip["address"] if fip else None} for s, fip in wanted]))

    def plan_address_pairs(self, plan):
        if self.params.get("allowed_address_pairs") is None:
            return
        obj = plan.expected
        by_subnet = {}
        ports = obj.get("ports") or []
        for pair in self.params["allowed_address_pairs"]:
            if pair.get("subnet"):
                subnet_url = self.in_tenant("subnet", pair["subnet"], obj)["url"]
            elif len(ports) == 1:
                subnet_url = ports[0].get("subnet")
            else:
                raise InputError("allowed_address_pairs: say which subnet each pair is for; %s has %d ports"
                                 % (self.subject(obj), len(ports)))
            by_subnet.setdefault(uuid_from_url(subnet_url), (subnet_url, []))[1].append(pair)
        for port in ports:
            by_subnet.setdefault(uuid_from_url(port.get("subnet", "")), (port.get("subnet"), []))
        for subnet_uuid, (subnet_url, pairs) in sorted(by_subnet.items()):
            port = next((p for p in ports if uuid_from_url(p.get("subnet", "")) == subnet_uuid), {})
            current = sorted(p.get("ip_address") for p in port.get("allowed_address_pairs") or ())
            if current != sorted(p["ip_address"] for p in pairs) or any(
                    p.get("mac_address") and p["mac_address"] not in [c.get("mac_address") for c in port.get("allowed_address_pairs") or ()]
                    for p in pairs):
                plan.add("update_allowed_address_pairs", {"subnet": subnet_url, "allowed_address_pairs": [
                    dict({"ip_address": p["ip_address"]}, **({"mac_address": p["mac_address"]} if p.get("mac_address") else {}))
                    for p in pairs]})

    # ---- power ---------------------------------------------------------------------------------------------

    def add_power_step(self, plan, action):
        runtime_state = RUNTIME_STATE_AFTER[action]
        # A restart ends where it began (ACTIVE): only the object's own record of it tells it was done.
        done = None if action == "restart" else (lambda now: now.get("runtime_state") == runtime_state)
        plan.add(action, effect=dict(runtime_state=runtime_state), done=done)

    def plan_power(self, plan, restart_after):
        """The power action the target-state table names for the state asked for; an instance stopped for a resize
        is started again unless ``stopped`` is asked for."""
        state = self.params["state"]
        if state == "present":
            if not restart_after:
                return
            state = "started"
        if restart_after and state == "restarted":
            state = "started"  # it was just stopped and started: starting it is the restart
        action = POWER_ACTIONS[state][plan.expected.get("runtime_state") == "ACTIVE"]
        if action:
            self.add_power_step(plan, action)

    # ---- deleting ------------------------------------------------------------------------------------------

    def termination_attributes(self):
        return {"action": "force_destroy" if self.params["force"] else "destroy",
                "delete_volumes": self.params["delete_volumes"], "release_floating_ips": self.params["release_floating_ips"]}

    def remove(self, current):
        if self.params["unlink"]:
            super(InstanceModule, self).remove(current)
            return
        if self.params["delete_backups"]:
            self.delete_backups_and_snapshots(current)
        if not self.params["force"] and current.get("runtime_state") == "ACTIVE":
            plan = Plan(current)
            self.add_power_step(plan, "stop")
            current = self.after_previous_step(self.carry_out(current, plan))
        super(InstanceModule, self).remove(current)

    def delete_backups_and_snapshots(self, current):
        """Backups first (their snapshots go with them), then the other snapshots of the instance's volumes."""
        backups, snapshots = self.dependants(current)
        if backups or snapshots:
            self.changed = True
        if self.check_mode:
            return
        for kind, obj in [("backup", b) for b in backups] + [("snapshot", s) for s in snapshots]:
            self.delete_object(kind, obj)
            self.client.wait_until_gone(kind, obj["uuid"], self.time_left("%s '%s' was deleted" % (kind, obj.get("name"))),
                                        label="'%s'" % obj.get("name"))

    # ---- reporting -----------------------------------------------------------------------------------------

    def diff_view(self, obj):
        view = super(InstanceModule, self).diff_view(obj)
        if obj is not None:
            view.update(
                flavor=obj.get("flavor_name"),
                runtime_state=obj.get("runtime_state"),
                security_groups=sorted(g.get("name") or "" for g in obj.get("security_groups") or ()),
                ports=sorted("%s %s" % (p.get("subnet_name"), ",".join(sorted(ip.get("ip_address") or "" for ip in p.get("fixed_ips") or ())))
                             for p in obj.get("ports") or ()),
                floating_ips=sorted(f.get("address") or "(any)" for f in obj.get("floating_ips") or ()),
            )
        return view
