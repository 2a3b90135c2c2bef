# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What gcore_instance plans: the power target-state table, key-value changes (tags, metadata), which
interfaces to attach or detach, and the tests that tell from a re-read instance whether a step is done."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.bodies import string_values
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.fields import security_group_names

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
SECURITY_GROUP_STEPS = {True: "adding security group(s) %s to %%s", False: "removing security group(s) %s from %%s"}


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
