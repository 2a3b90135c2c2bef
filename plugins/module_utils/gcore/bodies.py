# -*- coding: utf-8 -*-
# Copyright: cloudfleet.openstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How the ``volumes`` and ``interfaces`` options (and user data) become parts of a create or attach body:
the option specs, which fields each volume source and interface type takes, and the checks of an entry."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError

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
# Secrets the quota check does not need.
SECRET_FIELDS = ("password", "username", "user_data")


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
