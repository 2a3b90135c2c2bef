# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Gcore layer of the resource-module skeleton (see resource.py) and what gcore_instance does with it.

Creating builds a v2 create body from names or ids (each looked up once), checks the quota first and awaits the
create task. An existing instance is reconciled step by step, only for the options the user set; each step that
answers tasks is awaited before the next one starts (the API refuses to act on an instance a task is running on).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.plan import Plan
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.resource import ResourceModule
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.bodies import (
    CREATE_ONLY_INTERFACE_FIELDS, SECRET_FIELDS, encode_user_data, string_values,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import (
    GcoreError, describe_shortfall, instance_id_of, instance_name, quota_shortfall,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.fields import (
    flavor_summary, interface_summary, planned_interface, read_only_keys, security_group_names, servergroup_summary, tag_list, tags_of,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.module import client_from_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.plan import (
    POWER_STEPS, SECURITY_GROUP_STEPS, STATE_OF_STATUS, STATUS_AFTER, interface_attached, match_interfaces, plan_key_values,
    port_detached, power_actions, power_done, security_groups_done,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.references import References


class GcoreInstance(ResourceModule):
    """gcore_instance: create (v2), reconcile, power states and delete one instance."""

    result_key = "instance"
    label = "instance"

    def __init__(self, module, client=None):
        super(GcoreInstance, self).__init__(module, client or client_from_module(module))
        self.refs = References(self.client)
        self.plan = None
        self.created = False
        self.metadata_read_only = set()
        self._create_body = None

    # ---- finding -----------------------------------------------------------------------------------------

    def find(self):
        params = self.params
        if params.get("id"):
            found = self.client.get_instance(params["id"])
            if found is None and params["state"] != "absent":
                raise InputError("no instance has id %s %s (a new instance cannot be given an id: omit id and set name)"
                                 % (params["id"], self.client.where))
            return found
        if params.get("name"):
            return self.client.find_instance(name=params["name"])
        return None

    def subject(self, obj=None):
        name = instance_name(obj or {}) or self.params.get("name") or self.params.get("id") or self.params.get("name_template")
        return "Instance '%s'" % (name or "?")

    def refreshed(self, current):
        """The instance once a task an earlier run left on it has ended, whatever ``wait`` says (the API refuses to
        change a locked instance, and only the settled instance tells what to change), with the details the module
        manages."""
        return self.with_details(self.unlocked(current))

    def settled(self, obj):
        """The instance once the task running on it (if any) has ended, when waiting."""
        return (self.unlocked(obj) or obj) if self.params["wait"] else obj

    def unlocked(self, obj):
        """The instance once the task running on it (if any) has ended; None if that task deleted it."""
        task_id = (obj or {}).get("task_id")
        if not task_id or self.check_mode:
            return obj
        self.client.wait_for_tasks([task_id], self.time_left("the task running on %s ended" % self.subject(obj)),
                                   label="waiting for the task running on %s" % self.subject(obj),
                                   just_started=False)
        return self.client.get_instance(instance_id_of(obj))

    def with_details(self, instance):
        """Add ``servergroup``, ``interfaces`` and ``metadata`` to the instance when the user manages them."""
        if instance is None or not instance_id_of(instance) or self.params["state"] == "absent":
            return instance
        instance_id = instance_id_of(instance)
        if self.params.get("servergroup") is not None:
            instance["servergroup"] = servergroup_summary(self.client.instance_servergroup(instance_id))
        if self.params.get("interfaces") is not None:
            instance["interfaces"] = self.client.interfaces(instance_id)
        if self.params.get("metadata") is not None:
            items = self.client.metadata(instance_id)
            instance["metadata"] = dict((item["key"], item.get("value")) for item in items)
            self.metadata_read_only = read_only_keys(items)
        return instance

    def reread(self, instance):
        return self.with_details(self.client.get_instance(instance_id_of(instance)) or instance)

    # ---- creating ----------------------------------------------------------------------------------------

    def create_body(self):
        """The v2 create body, every name resolved; raises InputError for what is missing or inconsistent."""
        if self._create_body is not None:
            return self._create_body
        params = self.params
        missing = [option for option in ("flavor", "interfaces", "volumes") if not params.get(option)]
        if not params.get("name") and not params.get("name_template"):
            missing.append("name or name_template")
        if missing:
            raise InputError("does not exist; to create it set %s" % ", ".join(missing))
        body = {
            "flavor": self.refs.flavor(params["flavor"])["flavor_id"],
            "interfaces": [self.refs.interface_body(spec, "interfaces[%d]" % index) for index, spec in enumerate(params["interfaces"])],
            "volumes": [self.refs.volume_body(spec, "volumes[%d]" % index) for index, spec in enumerate(params["volumes"])],
        }
        body.update(self.identity_fields())
        if params.get("security_groups") is not None:
            body["security_groups"] = [{"id": self.refs.id("security_group", group)} for group in params["security_groups"]]
        if params.get("servergroup"):
            body["servergroup_id"] = self.refs.id("servergroup", params["servergroup"])
        initial_tags = dict((key, value) for key, value in string_values(params.get("tags") or params.get("metadata")).items()
                            if value is not None)
        if initial_tags:
            body["tags"] = initial_tags
        for option in ("allow_app_ports", "configuration"):
            if params.get(option) is not None:
                body[option] = params[option]
        self._create_body = body
        return body

    def identity_fields(self):
        """Name, access and boot-time fields of the create body."""
        params = self.params
        fields = dict((option, params[option]) for option in ("name", "name_template", "username", "password")
                      if params.get(option) is not None)
        if params.get("ssh_key_name"):
            fields["ssh_key_name"] = self.refs.get("keypair", params["ssh_key_name"])["name"]
        if params.get("user_data") is not None:
            fields["user_data"] = encode_user_data(params["user_data"], params["user_data_encoded"])
        return fields

    def check_quota(self, body):
        """Fail with the numbers when the regional quota cannot hold the new instance."""
        report = self.client.check_limits(dict((key, value) for key, value in body.items() if key not in SECRET_FIELDS))
        short = quota_shortfall(report)
        if short:
            raise GcoreError("cannot be created: the quota of region %d is exceeded: %s" % (self.client.region_id, describe_shortfall(short)),
                             shortfall=short)

    def checked_create_body(self):
        """The create body once the quota is known to hold the new instance."""
        body = self.create_body()
        self.check_quota(body)
        self.created = True
        return body

    def predicted(self):
        body = self.checked_create_body()
        predicted = {
            "id": None, "name": body.get("name") or body.get("name_template"), "status": "ACTIVE", "vm_state": "active",
            "project_id": self.client.project_id, "region_id": self.client.region_id, "ssh_key_name": body.get("ssh_key_name"),
            "flavor": flavor_summary(self.refs.flavor(self.params["flavor"])),
            "tags": tag_list(body.get("tags") or {}, ()), "security_groups": [{"name": name} for name in self.initial_security_groups()],
        }
        if self.params.get("servergroup") is not None:
            predicted["servergroup"] = servergroup_summary(self.refs.get("servergroup", self.params["servergroup"])) if self.params["servergroup"] else None
        if self.params.get("interfaces") is not None:
            predicted["interfaces"] = [planned_interface(interface) for interface in body["interfaces"]]
        if self.params.get("metadata") is not None:
            predicted["metadata"] = body.get("tags") or {}
        return predicted

    def initial_security_groups(self):
        """Names of the groups a new instance gets: those asked for (for all or some interfaces), else the default group."""
        refs = list(self.params.get("security_groups") or [])
        for spec in self.params["interfaces"]:
            refs.extend(spec.get("security_groups") or [])
        return sorted(set(self.refs.get("security_group", ref)["name"] for ref in refs)) if refs else ["default"]

    def create(self):
        body = self.checked_create_body()
        ids = self.client.create_instance(body)
        if not self.params["wait"]:
            return self.instance_of_task(ids)
        created = self.client.wait_for_tasks(ids, self.time_left("%s was created" % self.subject()), label="creating %s" % self.subject())
        instances = created.get("instances") or []
        found = self.client.get_instance(instances[0]) if instances else self.find()
        if found is None:
            raise GcoreError("was created by task %s, which names no instance" % ", ".join(ids))
        return found

    def instance_of_task(self, ids):
        """The instance a create task made (it may still be building), or what is known of it."""
        task = self.client.get_task(ids[0]) if ids else {}
        instances = (task.get("created_resources") or {}).get("instances") or []
        found = self.client.get_instance(instances[0]) if instances else None
        if found is None:
            return {"id": None, "name": self.params.get("name"), "status": "BUILD", "creator_task_id": ids[0] if ids else None}
        return found

    def can_tell_if_created(self):
        """Only a name finds the instance a lost create made: one named by a template is never created twice."""
        return bool(self.params.get("name"))

    def create_reconciled(self):
        """The new instance (or the one a create whose answer was lost made), settled, with its managed details."""
        return self.with_details(self.settled(super(GcoreInstance, self).create_reconciled()))

    # ---- reconciling -------------------------------------------------------------------------------------

    def planned_changes(self, current):
        """Plan a step for each option the user set that differs (``self.plan``); return the fields as the steps
        leave them, which is what check mode reports."""
        self.warn_creation_only(current)
        self.plan = Plan(current)
        for add_steps in (self.plan_name_and_tags, self.plan_metadata, self.plan_flavor, self.plan_security_groups,
                          self.plan_servergroup, self.plan_interfaces):
            add_steps(self.plan, current)
        return self.plan.effects

    def update(self, current, changes):
        return self.reread(self.carry_out(current, self.plan))

    def apply_step(self, obj, step, last):
        """Send one step. Its tasks are awaited before the next step (the API refuses to act on an instance a task
        is running on), the last step's only with wait=true; every wait draws on the task's one wait_timeout."""
        doing = step.label % self.subject()
        ids = self.send_step(obj, step.send, step.done)
        self.steps_done.append(doing)
        if ids and (self.params["wait"] or not last):
            self.client.wait_for_tasks(ids, self.time_left(doing), label=doing)
        return obj

    def send_step(self, current, send, done, deleting=False):
        """Send one step; after a fault, re-read the instance: a task running on it is the step under way (its id
        is awaited), ``done(instance)`` true (or, ``deleting``, no instance) is the step done, anything else sends the
        step again."""
        def outcome():
            now = self.client.get_instance(instance_id_of(current))
            if now is None:
                return [] if deleting else None
            if now.get("task_id"):
                return [now["task_id"]]
            return [] if done is not None and done(self.with_details(now)) else None

        return self.send_recovering(send, outcome)

    def warn_creation_only(self, current):
        wanted = self.params.get("ssh_key_name")
        if wanted and current.get("ssh_key_name") != wanted:
            self.module.warn("ssh_key_name is used only when an instance is created; %s keeps its SSH key '%s'"
                             % (self.subject(current), current.get("ssh_key_name")))

    def add_step(self, plan, label, call, *args, **effect_and_done):
        """Add ``call(instance_id, *args)``, a method of the client, to the plan; ``label`` says what it does, with
        ``%s`` where the instance is named; ``effect`` and ``done`` are the step's (see common/plan.py)."""
        instance_id = instance_id_of(plan.expected)
        plan.add(call.__name__, body=args, label=label, send=lambda: call(instance_id, *args), **effect_and_done)

    def plan_name_and_tags(self, plan, current):
        fields, effect = {}, {}
        name = self.params.get("name")
        if name and self.params.get("id") and name != instance_name(current):
            fields["name"] = effect["name"] = name
        if self.params.get("tags") is not None:
            read_only = read_only_keys(current.get("tags"))
            to_set, to_delete, result = plan_key_values(tags_of(current), read_only, self.params["tags"],
                                                        self.params["purge_tags"], "Tag")
            if to_set or to_delete:
                fields["tags"] = dict(to_set, **dict((key, None) for key in to_delete))
                effect["tags"] = tag_list(result, read_only)
        if fields:
            self.add_step(plan, "updating the %s of %%s" % " and ".join(sorted(fields)), self.client.update_instance, fields, effect=effect)

    def plan_metadata(self, plan, current):
        if self.params.get("metadata") is None:
            return
        purge = self.params["purge_metadata"]
        to_set, to_delete, result = plan_key_values(current["metadata"], self.metadata_read_only, self.params["metadata"], purge,
                                                    "Metadata item")
        if not to_set and not to_delete:
            return
        # Metadata items are the instance's tags: check mode shows both changed, as the real run's answer does.
        read_only = self.metadata_read_only | read_only_keys(current.get("tags"))
        effect = {"metadata": result, "tags": tag_list(result, read_only)}
        if purge:
            writable = dict((key, value) for key, value in result.items() if key not in self.metadata_read_only)
            self.add_step(plan, "replacing the metadata of %s", self.client.replace_metadata, writable, effect=effect)
            return
        if to_set:
            self.add_step(plan, "setting metadata of %s", self.client.set_metadata, to_set, effect=effect)
        for key in to_delete:
            self.add_step(plan, "deleting metadata item '%s' of %%s" % key, self.client.delete_metadata_item, key, effect=effect)

    def plan_flavor(self, plan, current):
        if not self.params.get("flavor"):
            return
        flavor = self.refs.flavor(self.params["flavor"])
        current_flavor = (current.get("flavor") or {}).get("flavor_id")
        if flavor["flavor_id"] == current_flavor:
            return
        status = current.get("status")
        stop_first = status != "SHUTOFF"
        if stop_first and status not in STATE_OF_STATUS:
            raise InputError("cannot change its flavor while its status is %s" % status)
        if stop_first and not self.params["allow_stop"] and self.params["state"] != "stopped":
            raise InputError("is running (status %s): changing its flavor from %s to %s needs it stopped. Stop it first "
                             "(state=stopped), or set allow_stop=true to let the module stop it, change the "
                             "flavor and start it again" % (status, current_flavor, flavor["flavor_id"]))
        if stop_first:
            self.add_power_steps(plan, power_actions(status, "stopped"))
        self.add_step(plan, "changing the flavor of %%s to %s" % flavor["flavor_id"], self.client.change_flavor, flavor["flavor_id"],
                      effect={"flavor": flavor_summary(flavor)},
                      done=lambda now: (now.get("flavor") or {}).get("flavor_id") == flavor["flavor_id"])
        if stop_first and self.params["state"] == "present":
            self.add_power_steps(plan, power_actions("SHUTOFF", STATE_OF_STATUS[status]))

    def plan_security_groups(self, plan, current):
        if self.params.get("security_groups") is None:
            return
        wanted = sorted(set(self.refs.get("security_group", group)["name"] for group in self.params["security_groups"]))
        have = security_group_names(current)
        effect = {"security_groups": [{"name": name} for name in wanted]}
        for add, names in ((True, [name for name in wanted if name not in have]), (False, [name for name in have if name not in wanted])):
            if names:
                self.add_step(plan, SECURITY_GROUP_STEPS[add] % ", ".join(names), self.client.change_security_groups, names, add,
                              effect=effect, done=security_groups_done(names, add))

    def plan_servergroup(self, plan, current):
        ref = self.params.get("servergroup")
        if ref is None:
            return
        wanted = self.refs.get("servergroup", ref) if ref else None
        have = current.get("servergroup")
        wanted_id = wanted.get("servergroup_id") if wanted else None
        if (have or {}).get("id") == wanted_id:
            return
        effect = {"servergroup": servergroup_summary(wanted)}
        if have:
            self.add_step(plan, "removing %%s from server group '%s'" % have["name"], self.client.remove_from_servergroup, effect=effect,
                          done=lambda now: (now.get("servergroup") or {}).get("id") != have["id"])
        if wanted:
            self.add_step(plan, "putting %%s into server group '%s'" % wanted.get("name"), self.client.put_into_servergroup, wanted_id,
                          effect=effect, done=lambda now: (now.get("servergroup") or {}).get("id") == wanted_id)

    def plan_interfaces(self, plan, current):
        specs = self.params.get("interfaces")
        if specs is None:
            return
        wanted = [self.refs.interface_body(spec, "interfaces[%d]" % index, attach=True) for index, spec in enumerate(specs)]
        to_attach, unpaired = match_interfaces(wanted, current["interfaces"])
        to_detach = unpaired if self.params["purge_interfaces"] else []
        kept = [interface for interface in current["interfaces"] if interface not in to_detach]
        effect = {"interfaces": kept + [planned_interface(body) for body in to_attach]}
        for body in to_attach:
            self.warn_create_only_interface_fields(specs[wanted.index(body)])
            self.add_step(plan, "attaching an interface to %s", self.client.attach_interface, body, effect=effect,
                          done=interface_attached(body, current["interfaces"]))
        for interface in to_detach:
            ip_address = (interface.get("ip_assignments") or [{}])[0].get("ip_address")
            self.add_step(plan, "detaching port %s from %%s" % interface["port_id"], self.client.detach_interface, interface["port_id"], ip_address,
                          effect=effect, done=port_detached(interface["port_id"]))

    def warn_create_only_interface_fields(self, spec):
        ignored = [field for field in CREATE_ONLY_INTERFACE_FIELDS if spec.get(field)]
        if ignored:
            self.module.warn("%s of an interface are used only when an instance is created; the interface is attached without them"
                             % " and ".join(ignored))

    # ---- power -------------------------------------------------------------------------------------------

    def add_power_steps(self, plan, actions):
        for action in actions:
            self.add_step(plan, POWER_STEPS[action], self.client.instance_action, action, self.params["legacy_power_actions"],
                          effect={"status": STATUS_AFTER[action]}, done=power_done(action))

    def reconcile_state(self, obj):
        state = self.params["state"]
        if state == "present" or obj is None or (self.created and state == "restarted"):
            return obj
        if self.created and not self.params["wait"] and not self.check_mode:
            self.module.warn("With wait=false the new instance is left booting; state=%s was not applied" % state)
            return obj
        try:
            actions = power_actions(obj.get("status"), state, self.params["reboot_type"])
        except InputError as exc:
            raise InputError("cannot be brought to state=%s: %s" % (state, exc))
        if not actions:
            return obj
        plan = Plan(obj)
        self.add_power_steps(plan, actions)
        obj = self.carry_out(obj, plan)
        return obj if self.check_mode else self.reread(obj)

    # ---- deleting ----------------------------------------------------------------------------------------

    def delete_query(self):
        """The delete request's query: what goes with the instance (names resolved, so check mode fails on a wrong one)."""
        params = self.params
        query = {}
        if params["delete_floatings"]:
            query["delete_floatings"] = True
        for option, kind, field in (("delete_floating_ips", "floating_ip", "floatings"),
                                    ("delete_reserved_fixed_ips", "reserved_fixed_ip", "reserved_fixed_ips"),
                                    ("delete_volumes", "volume", "volumes")):
            if params.get(option):
                query[field] = ",".join(self.refs.id(kind, ref) for ref in params[option])
        return query

    def remove(self, current):
        query = self.delete_query()
        if self.check_mode:
            return
        doing = "deleting %s" % self.subject(current)
        instance_id = instance_id_of(current)
        ids = self.send_step(current, lambda: self.client.delete_instance(instance_id, query), None, deleting=True)
        if self.params["wait"] and ids:
            self.client.wait_for_tasks(ids, self.time_left(doing), label=doing)

    # ---- the diff ----------------------------------------------------------------------------------------

    def diff_view(self, obj):
        if obj is None:
            return {"state": "absent"}
        view = {
            "state": "present", "name": instance_name(obj), "status": obj.get("status"),
            "flavor": (obj.get("flavor") or {}).get("flavor_id"), "tags": tags_of(obj),
            "security_groups": security_group_names(obj),
        }
        if "servergroup" in obj:
            view["servergroup"] = (obj["servergroup"] or {}).get("name")
        if "interfaces" in obj:
            view["interfaces"] = [interface_summary(interface) for interface in obj["interfaces"]]
        if "metadata" in obj:
            view["metadata"] = obj["metadata"]
        return view
