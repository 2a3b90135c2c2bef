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

import base64
import binascii

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import (
    GcoreError, instance_id_of, instance_name, object_id, quota_shortfall, task_ids,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.module import client_from_module
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.resource import ResourceModule

VOLUME_TYPES = ["standard", "ssd_hiiops", "ssd_local", "ssd_lowlatency", "cold", "ultra"]
VOLUME_SOURCES = ["image", "snapshot", "new-volume", "apptemplate", "existing-volume"]
INTERFACE_TYPES = ["external", "subnet", "any_subnet", "reserved_fixed_ip"]
IP_FAMILIES = ["ipv4", "ipv6", "dual"]

VOLUME_OPTIONS = dict(
    source=dict(type="str", choices=VOLUME_SOURCES),
    image=dict(type="str"),
    snapshot=dict(type="str"),
    apptemplate=dict(type="str"),
    volume=dict(type="str"),
    size=dict(type="int"),
    name=dict(type="str"),
    type_name=dict(type="str", choices=VOLUME_TYPES),
    boot_index=dict(type="int"),
    delete_on_termination=dict(type="bool"),
    attachment_tag=dict(type="str"),
    tags=dict(type="dict"),
)
INTERFACE_OPTIONS = dict(
    type=dict(type="str", choices=INTERFACE_TYPES),
    network=dict(type="str"),
    subnet=dict(type="str"),
    reserved_fixed_ip=dict(type="str"),
    ip_address=dict(type="str"),
    ip_family=dict(type="str", choices=IP_FAMILIES),
    floating_ip=dict(type="str"),
    interface_name=dict(type="str"),
    security_groups=dict(type="list", elements="str"),
)

# (source, option naming the object, body field) of the volume sources that refer to an object.
VOLUME_REFERENCES = (("image", "image", "image_id"), ("snapshot", "snapshot", "snapshot_id"),
                     ("apptemplate", "apptemplate", "apptemplate_id"), ("existing-volume", "volume", "volume_id"))
_ATTACHMENT_FIELDS = ("delete_on_termination", "attachment_tag", "tags")
_NEW_VOLUME_FIELDS = ("size", "name", "type_name")
VOLUME_FIELDS = {
    "image": _NEW_VOLUME_FIELDS + ("boot_index",) + _ATTACHMENT_FIELDS,
    "snapshot": _NEW_VOLUME_FIELDS + ("boot_index",) + _ATTACHMENT_FIELDS,
    "apptemplate": _NEW_VOLUME_FIELDS + ("boot_index",) + _ATTACHMENT_FIELDS,
    "new-volume": _NEW_VOLUME_FIELDS + _ATTACHMENT_FIELDS,
    "existing-volume": ("boot_index",) + _ATTACHMENT_FIELDS,
}
SIZE_REQUIRED = ("snapshot", "new-volume")

INTERFACE_FIELDS = {
    "external": ("ip_family", "interface_name", "security_groups"),
    "subnet": ("network", "subnet", "floating_ip", "interface_name", "security_groups"),
    "any_subnet": ("network", "ip_address", "ip_family", "floating_ip", "interface_name", "security_groups"),
    "reserved_fixed_ip": ("reserved_fixed_ip", "floating_ip", "interface_name", "security_groups"),
}
INTERFACE_REQUIRED = {"external": (), "subnet": ("subnet",), "any_subnet": ("network",), "reserved_fixed_ip": ("reserved_fixed_ip",)}
# Only a new instance's interfaces take these; attaching an interface later does not.
CREATE_ONLY_INTERFACE_FIELDS = ("floating_ip", "ip_address")

# The target-state table: from a status, the power actions that reach a state ([] when already there).
POWER_TABLE = {
    "started": {"ACTIVE": (), "SHUTOFF": ("start",), "SUSPENDED": ("resume",)},
    "stopped": {"SHUTOFF": (), "ACTIVE": ("stop",), "SUSPENDED": ("resume", "stop")},
    "suspended": {"SUSPENDED": (), "ACTIVE": ("suspend",), "SHUTOFF": ("suspend",)},
    "restarted": {"ACTIVE": ("reboot",), "SHUTOFF": ("start",), "SUSPENDED": ("resume",)},
}
# A hard reboot or a power cycle brings these statuses back to ACTIVE (the way out of ERROR).
HARD_REBOOTABLE = ("ACTIVE", "SHUTOFF", "SUSPENDED", "ERROR", "PAUSED")
REBOOT_ACTIONS = {"soft": "reboot", "hard": "reboot_hard", "powercycle": "powercycle"}
STATUS_AFTER = {"start": "ACTIVE", "stop": "SHUTOFF", "suspend": "SUSPENDED", "resume": "ACTIVE", "reboot": "ACTIVE",
                "reboot_hard": "ACTIVE", "powercycle": "ACTIVE"}
# The state that brings an instance back to how it was before the module stopped it to change its flavor.
STATE_OF_STATUS = {"ACTIVE": "started", "SUSPENDED": "suspended", "SHUTOFF": "stopped"}
POWER_STEPS = {"start": "starting %s", "stop": "stopping %s", "reboot": "rebooting %s", "reboot_hard": "hard rebooting %s",
               "powercycle": "power cycling %s", "suspend": "suspending %s", "resume": "resuming %s"}
SECURITY_GROUP_STEPS = {"addsecuritygroup": "adding security group(s) %s to %%s", "delsecuritygroup": "removing security group(s) %s from %%s"}
# Secrets the quota check does not need.
SECRET_FIELDS = ("password", "username", "user_data")


def power_actions(status, state, reboot_type="soft"):
    """The actions that take an instance in ``status`` to ``state`` (started, stopped, suspended, restarted).

    Raises InputError for a status that no action of the table leaves (ERROR needs a hard reboot, for example).
    """
    if state == "restarted" and reboot_type != "soft":
        if status in HARD_REBOOTABLE:
            return [REBOOT_ACTIONS[reboot_type]]
    else:
        actions = POWER_TABLE[state].get(status)
        if actions is not None:
            return list(actions)
    hint = " (state=restarted with reboot_type=hard recovers it)" if status in HARD_REBOOTABLE else ""
    raise InputError("its status is %s, from which no power action reaches state=%s%s" % (status, state, hint))


def encode_user_data(value, already_encoded=False):
    """The base64 the API wants: plain text is encoded; text said to be base64 already is checked and kept."""
    if not already_encoded:
        return base64.b64encode(value.encode("utf-8")).decode("ascii")
    compact = "".join(value.split())
    try:
        base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise InputError("user_data is not valid base64 (set user_data_encoded=false to pass plain text)")
    return compact


def string_values(mapping):
    """A mapping with its values as strings (YAML gives numbers and booleans); None stays None (delete)."""
    return dict((str(key), None if value is None else str(value)) for key, value in (mapping or {}).items())


def plan_key_values(current, read_only, wanted, purge, what):
    """Plan a key-value store change (tags, metadata) for what the user set.

    ``current`` maps keys to values, ``read_only`` holds keys nobody may change, ``wanted`` maps keys to values
    (None: delete the key). Unless ``purge``, keys the user did not name stay as they are. Return
    ``(to_set, to_delete, result)``; a read-only key the plan would touch raises InputError.
    """
    wanted = string_values(wanted)
    to_set = dict((key, value) for key, value in wanted.items() if value is not None and current.get(key) != value)
    to_delete = sorted(key for key, value in wanted.items() if value is None and key in current)
    if purge:
        to_delete = sorted(set(to_delete) | set(key for key in current if key not in wanted and key not in read_only))
    locked = sorted(key for key in set(to_set) | set(to_delete) if key in read_only)
    if locked:
        raise InputError("%s %s %s read-only" % (what, ", ".join("'%s'" % key for key in locked), "is" if len(locked) == 1 else "are"))
    result = dict((key, value) for key, value in current.items() if key not in to_delete)
    result.update(to_set)
    return to_set, to_delete, result


def tag_dict(tags):
    """Instance ``tags`` ([{key, value, read_only}]) as a mapping."""
    return dict((tag.get("key"), tag.get("value")) for tag in tags or ())


def read_only_keys(items):
    return set(item.get("key") for item in items or () if item.get("read_only"))


def tag_list(values, read_only):
    return [{"key": key, "value": value, "read_only": key in read_only} for key, value in sorted(values.items())]


def security_group_names(instance):
    return sorted(set(group.get("name") for group in instance.get("security_groups") or ()))


def interface_type(spec):
    """The interface type the user gave, or the one the options imply."""
    if spec.get("type"):
        return spec["type"]
    for option, kind in (("reserved_fixed_ip", "reserved_fixed_ip"), ("subnet", "subnet"), ("network", "any_subnet")):
        if spec.get(option):
            return kind
    return "external"


def volume_source(spec, where):
    """The volume source the user gave, or the one its object option implies (none: a new empty volume)."""
    given = [source for source, option, _field in VOLUME_REFERENCES if spec.get(option)]
    if spec.get("source"):
        return spec["source"]
    if len(given) > 1:
        raise InputError("%s: set only one of image, snapshot, apptemplate and volume" % where)
    return given[0] if given else "new-volume"


def check_volume_options(spec, source, where):
    """Refuse a volume entry that misses what its source needs or sets what its source does not take."""
    for ref_source, option, _field in VOLUME_REFERENCES:
        if ref_source == source and not spec.get(option):
            raise InputError("%s: source %s needs %s" % (where, source, option))
        if ref_source != source and spec.get(option):
            raise InputError("%s: %s is not used with source %s" % (where, option, source))
    for field in ("size", "name", "type_name", "boot_index") + _ATTACHMENT_FIELDS:
        if spec.get(field) is not None and field not in VOLUME_FIELDS[source]:
            raise InputError("%s: %s is not used with source %s" % (where, field, source))
    if source in SIZE_REQUIRED and spec.get("size") is None:
        raise InputError("%s: source %s needs size (GiB)" % (where, source))


def flavor_summary(flavor):
    """The fields of a flavor that an instance shows in its ``flavor``."""
    return dict((key, flavor.get(key)) for key in ("flavor_id", "flavor_name", "vcpus", "ram", "os_type"))


def servergroup_summary(group):
    if not group:
        return None
    return {"id": group.get("servergroup_id"), "name": group.get("name"), "policy": group.get("policy")}


def interface_summary(interface):
    """The facts of an instance interface that the module compares, for the diff."""
    details = interface.get("network_details") or {}
    return {
        "interface_name": interface.get("interface_name"),
        "network_id": interface.get("network_id"),
        "external": bool(details.get("external")),
        "subnet_ids": sorted(ip.get("subnet_id") for ip in interface.get("ip_assignments") or () if ip.get("subnet_id")),
        "port_id": interface.get("port_id"),
    }


def interface_matches(want, interface):
    """Whether an existing interface is the one an ``interfaces`` entry (as an attach body) describes."""
    if want.get("interface_name") and interface.get("interface_name") != want["interface_name"]:
        return False
    kind = want["type"]
    if kind == "external":
        return bool((interface.get("network_details") or {}).get("external"))
    if kind == "subnet":
        return want["subnet_id"] in [ip.get("subnet_id") for ip in interface.get("ip_assignments") or ()]
    if kind == "any_subnet":
        return interface.get("network_id") == want["network_id"]
    return interface.get("port_id") == want["port_id"]


def match_interfaces(wanted, current):
    """Pair each wanted interface with an existing one. Return (wanted ones to attach, existing ones unpaired)."""
    unpaired = list(current)
    missing = []
    for want in wanted:
        found = next((interface for interface in unpaired if interface_matches(want, interface)), None)
        if found is None:
            missing.append(want)
        else:
            unpaired.remove(found)
    return missing, unpaired


def planned_interface(body):
    """How an interface that is still to be attached will look, in the API's shape."""
    subnet_ids = [body["subnet_id"]] if body.get("subnet_id") else []
    return {"port_id": body.get("port_id"), "network_id": body.get("network_id"), "interface_name": body.get("interface_name"),
            "ip_assignments": [{"subnet_id": subnet_id, "ip_address": None} for subnet_id in subnet_ids],
            "network_details": {"external": body["type"] == "external"}}


def power_done(action):
    """A test of a re-read instance: has this power action taken effect? A reboot ends where it began, so nothing
    but the task it runs tells it was sent: none (a lost reboot is sent again)."""
    if action in ("reboot", "reboot_hard", "powercycle"):
        return None
    return lambda instance: instance.get("status") == STATUS_AFTER[action]


def security_groups_done(names, added):
    """A test of a re-read instance: are these security groups all on it (``added``) or all off it?"""
    return lambda instance: all((name in security_group_names(instance)) == added for name in names)


def interface_attached(body, before):
    """A test of a re-read instance: does it have an interface matching ``body`` that it did not have ``before``?"""
    known = set(interface.get("port_id") for interface in before)
    return lambda instance: any(interface_matches(body, interface) and interface.get("port_id") not in known
                                for interface in instance.get("interfaces") or ())


def port_detached(port_id):
    return lambda instance: all(interface.get("port_id") != port_id for interface in instance.get("interfaces") or ())


def describe_shortfall(short):
    return ", ".join("%s (limit %s, in use %s, requested %s: %s short)" % (quota, limit, usage, requested, usage + requested - limit)
                     for quota, limit, usage, requested in short)


class References:
    """Turns the names and ids users give into API objects, each looked up once per run."""

    def __init__(self, client):
        self.client = client
        self._cache = {}

    def get(self, kind, ref, **filters):
        key = (kind, str(ref), tuple(sorted(filters.items())))
        if key not in self._cache:
            self._cache[key] = self.client.resolve(kind, ref, **filters)
        return self._cache[key]

    def id(self, kind, ref, **filters):
        return object_id(kind, self.get(kind, ref, **filters))

    def flavor(self, ref):
        flavor = self.get("flavor", ref)
        if flavor.get("disabled"):
            raise InputError("Flavor '%s' is disabled %s" % (ref, self.client.where))
        return flavor

    def volume_body(self, spec, where):
        """One entry of the create body's ``volumes`` from a ``volumes`` option entry."""
        source = volume_source(spec, where)
        check_volume_options(spec, source, where)
        body = {"source": source}
        for ref_source, option, field in VOLUME_REFERENCES:
            if ref_source == source:
                body[field] = self.id(option, spec[option])
        for field in VOLUME_FIELDS[source]:
            if spec.get(field) is not None:
                body[field] = string_values(spec[field]) if field == "tags" else spec[field]
        return body

    def interface_body(self, spec, where, attach=False):
        """One entry of the create body's ``interfaces`` (or an attach_interface body, with ``attach``)."""
        kind = interface_type(spec)
        for option in INTERFACE_REQUIRED[kind]:
            if not spec.get(option):
                raise InputError("%s: an interface of type %s needs %s" % (where, kind, option))
        for option in INTERFACE_OPTIONS:
            if option != "type" and spec.get(option) is not None and option not in INTERFACE_FIELDS[kind]:
                raise InputError("%s: %s is not used with an interface of type %s" % (where, option, kind))
        body = {"type": kind}
        if kind == "subnet":
            network_id = self.id("network", spec["network"]) if spec.get("network") else None
            subnet = self.get("subnet", spec["subnet"], network_id=network_id)
            if network_id and subnet.get("network_id") != network_id:
                raise InputError("%s: subnet '%s' is not in network '%s'" % (where, spec["subnet"], spec["network"]))
            body.update(network_id=subnet.get("network_id"), subnet_id=subnet["id"])
        elif kind == "any_subnet":
            body["network_id"] = self.id("network", spec["network"])
        elif kind == "reserved_fixed_ip":
            body["port_id"] = self.id("reserved_fixed_ip", spec["reserved_fixed_ip"])
        for option in ("ip_family", "interface_name") + (() if attach else ("ip_address",)):
            if spec.get(option) is not None:
                body[option] = spec[option]
        if spec.get("floating_ip") and not attach:
            body["floating_ip"] = self.floating_ip(spec["floating_ip"])
        if spec.get("security_groups") is not None:
            body["security_groups"] = [{"id": self.id("security_group", group)} for group in spec["security_groups"]]
        return body

    def floating_ip(self, ref):
        if ref == "new":
            return {"source": "new"}
        return {"source": "existing", "existing_floating_id": self.id("floating_ip", ref)}


class GcoreInstance(ResourceModule):
    """gcore_instance: create (v2), reconcile, power states and delete one instance."""

    result_key = "instance"
    label = "instance"

    def __init__(self, module, client=None):
        super(GcoreInstance, self).__init__(module, client or client_from_module(module))
        self.refs = References(self.client)
        self.steps = []
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
        ids = task_ids(self.client.post(self.client.regional_path("instances", version="v2"), body))
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
        """Plan a step for each option the user set that differs; return the fields as they will be."""
        self.steps = []
        changes = {}
        self.warn_creation_only(current)
        for plan in (self.plan_name_and_tags, self.plan_metadata, self.plan_flavor, self.plan_security_groups,
                     self.plan_servergroup, self.plan_interfaces):
            changes.update(plan(current))
        return changes

    def add_step(self, label, current, send, done=None):
        """Queue ``send()`` (which returns task ids, or none) as one step of the update of ``current``; ``label`` says
        what it does, with ``%s`` where the instance is named. ``done(instance)`` tells from the re-read instance
        whether the step's effect is there, should its answer be lost (see ``send_step``)."""
        self.steps.append((label, current, send, done))

    def run_steps(self, steps):
        """Run the steps in order. Tasks are awaited, the last step's only with wait=true: a step cannot start while
        an earlier one's task runs on the instance. All of them share the task's one wait_timeout."""
        for index, (label, current, send, done) in enumerate(steps):
            doing = label % self.subject()
            ids = self.send_step(current, send, done)
            self.steps_done.append(doing)
            if ids and (self.params["wait"] or index < len(steps) - 1):
                self.client.wait_for_tasks(ids, self.time_left(doing), label=doing)

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

    def instance_call(self, current, method, suffix=None, body=None, params=None, version="v1", idempotent=None):
        """A request on the instance; returns the task ids of its answer."""
        path = self.client.instance_path(instance_id_of(current), suffix, version=version)
        return task_ids(self.client.request_json(method, path, params, body, idempotent=idempotent))

    def add_request_step(self, label, current, method, suffix=None, body=None, done=None, idempotent=None):
        """Queue a request on the instance as one step (see add_step)."""
        self.add_step(label, current, lambda: self.instance_call(current, method, suffix, body=body, idempotent=idempotent), done)

    def plan_name_and_tags(self, current):
        patch, changes = {}, {}
        name = self.params.get("name")
        if name and self.params.get("id") and name != instance_name(current):
            patch["name"] = changes["name"] = name
        if self.params.get("tags") is not None:
            read_only = read_only_keys(current.get("tags"))
            to_set, to_delete, result = plan_key_values(tag_dict(current.get("tags")), read_only, self.params["tags"],
                                                        self.params["purge_tags"], "Tag")
            if to_set or to_delete:
                patch["tags"] = dict(to_set, **dict((key, None) for key in to_delete))
                changes["tags"] = tag_list(result, read_only)
        if patch:
            self.add_request_step("updating the %s of %%s" % " and ".join(sorted(patch)), current, "PATCH", body=patch)
        return changes

    def plan_metadata(self, current):
        if self.params.get("metadata") is None:
            return {}
        purge = self.params["purge_metadata"]
        to_set, to_delete, result = plan_key_values(current["metadata"], self.metadata_read_only, self.params["metadata"], purge,
                                                    "Metadata item")
        if not to_set and not to_delete:
            return {}
        if purge:
            writable = dict((key, value) for key, value in result.items() if key not in self.metadata_read_only)
            self.add_request_step("replacing the metadata of %s", current, "PUT", "metadata", body=writable)
        else:
            if to_set:
                # Setting items to absolute values: sending it twice does no more than once.
                self.add_request_step("setting metadata of %s", current, "POST", "metadata", body=to_set, idempotent=True)
            for key in to_delete:
                self.add_step("deleting metadata item '%s' of %%s" % key, current, self.metadata_deleter(current, key))
        # Metadata items are the instance's tags: check mode shows both changed, as the real run's answer does.
        read_only = self.metadata_read_only | read_only_keys(current.get("tags"))
        return {"metadata": result, "tags": tag_list(result, read_only)}

    def metadata_deleter(self, current, key):
        def send():
            self.client.delete_metadata_item(instance_id_of(current), key)
            return []
        return send

    def plan_flavor(self, current):
        if not self.params.get("flavor"):
            return {}
        flavor = self.refs.flavor(self.params["flavor"])
        current_flavor = (current.get("flavor") or {}).get("flavor_id")
        if flavor["flavor_id"] == current_flavor:
            return {}
        status = current.get("status")
        stop_first = status != "SHUTOFF"
        if stop_first and status not in STATE_OF_STATUS:
            raise InputError("cannot change its flavor while its status is %s" % status)
        if stop_first and not self.params["allow_stop"] and self.params["state"] != "stopped":
            raise InputError("is running (status %s): changing its flavor from %s to %s needs it stopped. Stop it first "
                             "(state=stopped), or set allow_stop=true to let the module stop it, change the "
                             "flavor and start it again" % (status, current_flavor, flavor["flavor_id"]))
        if stop_first:
            self.add_power_steps(current, power_actions(status, "stopped"))
        self.add_request_step("changing the flavor of %%s to %s" % flavor["flavor_id"], current, "POST", "changeflavor",
                              body={"flavor_id": flavor["flavor_id"]},
                              done=lambda now: (now.get("flavor") or {}).get("flavor_id") == flavor["flavor_id"])
        changes = {"flavor": flavor_summary(flavor)}
        if stop_first and self.params["state"] == "present":
            self.add_power_steps(current, power_actions("SHUTOFF", STATE_OF_STATUS[status]))
        elif stop_first:
            changes["status"] = "SHUTOFF"
        return changes

    def plan_security_groups(self, current):
        if self.params.get("security_groups") is None:
            return {}
        wanted = sorted(set(self.refs.get("security_group", group)["name"] for group in self.params["security_groups"]))
        have = security_group_names(current)
        to_add = [name for name in wanted if name not in have]
        to_remove = [name for name in have if name not in wanted]
        for suffix, names in (("addsecuritygroup", to_add), ("delsecuritygroup", to_remove)):
            if names:
                body = {"ports_security_group_names": [{"port_id": None, "security_group_names": names}]}
                self.add_request_step(SECURITY_GROUP_STEPS[suffix] % ", ".join(names), current, "POST", suffix, body=body,
                                      done=security_groups_done(names, suffix == "addsecuritygroup"))
        if not to_add and not to_remove:
            return {}
        return {"security_groups": [{"name": name} for name in wanted]}

    def plan_servergroup(self, current):
        ref = self.params.get("servergroup")
        if ref is None:
            return {}
        wanted = self.refs.get("servergroup", ref) if ref else None
        have = current.get("servergroup")
        wanted_id = wanted.get("servergroup_id") if wanted else None
        if (have or {}).get("id") == wanted_id:
            return {}
        if have:
            self.add_request_step("removing %%s from server group '%s'" % have["name"], current, "POST", "remove_from_servergroup",
                                  done=lambda now: (now.get("servergroup") or {}).get("id") != have["id"])
        if wanted:
            self.add_request_step("putting %%s into server group '%s'" % wanted.get("name"), current, "POST", "put_into_servergroup",
                                  body={"servergroup_id": wanted_id},
                                  done=lambda now: (now.get("servergroup") or {}).get("id") == wanted_id)
        return {"servergroup": servergroup_summary(wanted)}

    def plan_interfaces(self, current):
        specs = self.params.get("interfaces")
        if specs is None:
            return {}
        wanted = [self.refs.interface_body(spec, "interfaces[%d]" % index, attach=True) for index, spec in enumerate(specs)]
        to_attach, unpaired = match_interfaces(wanted, current["interfaces"])
        to_detach = unpaired if self.params["purge_interfaces"] else []
        for body in to_attach:
            self.warn_create_only_interface_fields(specs[wanted.index(body)])
            self.add_request_step("attaching an interface to %s", current, "POST", "attach_interface", body=body,
                                  done=interface_attached(body, current["interfaces"]))
        for interface in to_detach:
            body = {"port_id": interface["port_id"], "ip_address": (interface.get("ip_assignments") or [{}])[0].get("ip_address")}
            self.add_request_step("detaching port %s from %%s" % interface["port_id"], current, "POST", "detach_interface", body=body,
                                  done=port_detached(interface["port_id"]))
        if not to_attach and not to_detach:
            return {}
        kept = [interface for interface in current["interfaces"] if interface not in to_detach]
        return {"interfaces": kept + [planned_interface(body) for body in to_attach]}

    def warn_create_only_interface_fields(self, spec):
        ignored = [field for field in CREATE_ONLY_INTERFACE_FIELDS if spec.get(field)]
        if ignored:
            self.module.warn("%s of an interface are used only when an instance is created; the interface is attached without them"
                             % " and ".join(ignored))

    def update(self, current, changes):
        self.run_steps(self.steps)
        return self.reread(current)

    # ---- power -------------------------------------------------------------------------------------------

    def add_power_steps(self, current, actions):
        legacy = self.params["legacy_power_actions"]
        for action in actions:
            self.add_step(POWER_STEPS[action], current, self.power_sender(current, action, legacy), power_done(action))

    def power_sender(self, current, action, legacy):
        return lambda: self.client.instance_action(instance_id_of(current), action, legacy=legacy)

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
        self.changed = True
        if self.check_mode:
            return dict(obj, status=STATUS_AFTER[actions[-1]])
        self.steps = []
        self.add_power_steps(obj, actions)
        self.run_steps(self.steps)
        return self.reread(obj)

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
        ids = self.send_step(current, lambda: self.instance_call(current, "DELETE", params=query), None, deleting=True)
        if self.params["wait"] and ids:
            self.client.wait_for_tasks(ids, self.time_left(doing), label=doing)

    # ---- the diff ----------------------------------------------------------------------------------------

    def diff_view(self, obj):
        if obj is None:
            return {"state": "absent"}
        view = {
            "state": "present", "name": instance_name(obj), "status": obj.get("status"),
            "flavor": (obj.get("flavor") or {}).get("flavor_id"), "tags": tag_dict(obj.get("tags")),
            "security_groups": security_group_names(obj),
        }
        if "servergroup" in obj:
            view["servergroup"] = (obj["servergroup"] or {}).get("name")
        if "interfaces" in obj:
            view["interfaces"] = [interface_summary(interface) for interface in obj["interfaces"]]
        if "metadata" in obj:
            view["metadata"] = obj["metadata"]
        return view
