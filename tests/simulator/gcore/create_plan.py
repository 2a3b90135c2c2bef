"""Validating the body of ``POST /cloud/v2/instances/{p}/{r}`` (and of ``check_limits``) into a plan.

A plan holds the rows the body refers to (flavor, images, networks, subnets, security groups, ...) and what the
new instance would take from the quota. Schema errors are 422, references that do not resolve and rule
violations are 400, as the API answers them.
"""

import base64
import binascii
import ipaddress

from .addressing import free_ips
from .errors import bad_request, invalid
from .lookups import body_row, vm_flavor
from .naming import check_name
from .params import body_list, body_string, string_map
from .store import regional_key

INTERFACE_TYPES = ("external", "subnet", "any_subnet", "reserved_fixed_ip")
VOLUME_SOURCES = ("image", "snapshot", "new-volume", "apptemplate", "existing-volume")
VOLUME_TYPES = ("standard", "ssd_hiiops", "ssd_local", "ssd_lowlatency", "cold", "ultra")
IP_FAMILIES = {None: (4,), "ipv4": (4,), "ipv6": (6,), "dual": (4, 6)}


def id_list(items, name):
    """``[{"id": ...}, ...]`` -> the ids."""
    if not isinstance(items, list) or not all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        raise invalid("%s: must be a list of objects with an id" % name)
    return [item["id"] for item in items]


def positive_int(spec, name, where, required):
    value = spec.get(name)
    if value is None:
        if required:
            raise invalid("%s.%s: field required" % (where, name))
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise invalid("%s.%s: must be a positive integer" % (where, name))
    return value


class RegionRefs:
    """Resolves ids from a request body within one project and region."""

    def __init__(self, store, project_id, region_id):
        self.store = store
        self.project_id = project_id
        self.region_id = region_id

    def ref(self, kind, row_id):
        return body_row(self.store, kind, self.project_id, self.region_id, row_id)

    def apptemplate(self, template_id):
        template = self.store.get("apptemplate", regional_key(self.region_id, template_id))
        if template is None:
            raise bad_request("App template %s not found in region %d" % (template_id, self.region_id), "NotFound")
        return template


class InterfacePlanner(RegionRefs):
    """Resolves the network side of an interface: network, subnets, reserved port, floating IP, security groups."""

    def interface(self, spec, where, attach=False):
        """One entry of ``interfaces`` (or an attach_interface body, where a subnet implies its network)."""
        if not isinstance(spec, dict):
            raise invalid("%s: must be an object" % where)
        kind = spec.get("type", "external")
        if kind not in INTERFACE_TYPES:
            raise invalid("%s.type: must be one of %s" % (where, ", ".join(INTERFACE_TYPES)))
        plan = {"type": kind, "interface_name": body_string(spec, "interface_name"), "wanted_ip": None, "reserved": None,
                "floating": None, "security_groups": None}
        if "security_groups" in spec and spec["security_groups"] is not None:
            plan["security_groups"] = [self.ref("security_group", group_id)
                                       for group_id in id_list(spec["security_groups"], where + ".security_groups")]
        if kind == "external":
            plan["network"] = self.external_network()
            plan["subnets"] = self.family_subnets(plan["network"], spec.get("ip_family"), where)
        elif kind == "subnet":
            subnet = self.ref("subnet", body_string(spec, "subnet_id", required=True))
            if attach and spec.get("network_id") is None:
                spec = dict(spec, network_id=subnet["network_id"])
            plan["network"] = self.private_network(spec, where)
            if subnet["network_id"] != plan["network"]["id"]:
                raise bad_request("Subnet %s does not belong to network %s" % (subnet["id"], plan["network"]["id"]))
            plan["subnets"] = [subnet]
        elif kind == "any_subnet":
            plan["network"] = self.private_network(spec, where)
            plan["wanted_ip"] = body_string(spec, "ip_address")
            plan["subnets"] = self.family_subnets(plan["network"], spec.get("ip_family"), where, plan["wanted_ip"])
        else:
            plan["reserved"] = self.ref("reserved_ip", body_string(spec, "port_id", required=True))
            if plan["reserved"]["instance_id"] is not None:
                raise bad_request("Reserved fixed IP %s is already attached to an instance" % plan["reserved"]["id"])
            plan["network"] = self.store.get("network", plan["reserved"]["port"]["network_id"])
        if kind != "external" and not attach and spec.get("floating_ip") is not None:
            plan["floating"] = self.floating_ip(spec["floating_ip"], where)
        return plan

    def external_network(self):
        for network in self.store.rows("network"):
            if network["region_id"] == self.region_id and network["external"]:
                return network
        raise bad_request("Region %d has no external network" % self.region_id)

    def private_network(self, spec, where):
        network = self.ref("network", body_string(spec, "network_id", required=True))
        if network["external"]:
            raise bad_request("%s: network %s is external: use an interface of type external" % (where, network["id"]))
        return network

    def family_subnets(self, network, family, where, wanted_ip=None):
        if family not in IP_FAMILIES:
            raise invalid("%s.ip_family: must be one of ipv4, ipv6, dual" % where)
        subnets = [subnet for subnet in self.store.rows("subnet") if subnet["network_id"] == network["id"]]
        if wanted_ip is not None:
            version = 6 if ":" in wanted_ip else 4
            subnets = [subnet for subnet in subnets if subnet["ip_version"] == version and _contains(subnet, wanted_ip)]
            if not subnets:
                raise bad_request("IP address %s is not in any subnet of network %s" % (wanted_ip, network["name"]))
            return subnets[:1]
        chosen = []
        for version in IP_FAMILIES[family]:
            candidates = [subnet for subnet in subnets if subnet["ip_version"] == version and free_ips(subnet) > 0]
            if not candidates:
                raise bad_request("Network %s has no IPv%d subnet with a free address" % (network["name"], version))
            chosen.append(candidates[0])
        return chosen

    def floating_ip(self, spec, where):
        if not isinstance(spec, dict) or spec.get("source") not in ("new", "existing"):
            raise invalid("%s.floating_ip.source: must be new or existing" % where)
        if spec["source"] == "new":
            return "new"
        floating = self.ref("floating_ip", body_string(spec, "existing_floating_id", required=True))
        if floating["port_id"] is not None or floating["instance_id"] is not None:
            raise bad_request("Floating IP %s is already assigned" % floating["id"], "FloatingIpInUse")
        return floating


def plan_volume(refs, spec, index):
    """One entry of ``volumes``: its source row(s), size, type and attachment options."""
    where = "volumes[%d]" % index
    if not isinstance(spec, dict):
        raise invalid("%s: must be an object" % where)
    source = spec.get("source")
    if source not in VOLUME_SOURCES:
        raise invalid("%s.source: must be one of %s" % (where, ", ".join(VOLUME_SOURCES)))
    type_name = spec.get("type_name", "standard")
    if type_name not in VOLUME_TYPES:
        raise invalid("%s.type_name: must be one of %s" % (where, ", ".join(VOLUME_TYPES)))
    delete = spec.get("delete_on_termination", False)
    if not isinstance(delete, bool):
        raise invalid("%s.delete_on_termination: value is not a valid boolean" % where)
    boot_index = spec.get("boot_index")
    if boot_index is not None and (not isinstance(boot_index, int) or isinstance(boot_index, bool)):
        raise invalid("%s.boot_index: value is not a valid integer" % where)
    plan = {"source": source, "type_name": type_name, "delete_on_termination": delete, "boot_index": boot_index,
            "name": body_string(spec, "name"), "attachment_tag": body_string(spec, "attachment_tag"),
            "tags": string_map(spec.get("tags") or {}, where + ".tags"), "image": None, "existing": None,
            "size": positive_int(spec, "size", where, source in ("snapshot", "new-volume"))}
    if source == "image":
        plan["image"] = refs.ref("image", body_string(spec, "image_id", required=True))
    elif source == "apptemplate":
        plan["template"] = refs.apptemplate(body_string(spec, "apptemplate_id", required=True))
        plan["image"] = refs.store.get("image", plan["template"]["image_id"])
    elif source == "snapshot":
        snapshot = refs.ref("snapshot", body_string(spec, "snapshot_id", required=True))
        plan["image"] = refs.store.get("image", snapshot["image_id"])
    elif source == "existing-volume":
        plan["existing"] = refs.ref("volume", body_string(spec, "volume_id", required=True))
        if plan["existing"]["status"] != "available":
            raise bad_request("Volume %s is %s, not available" % (plan["existing"]["id"], plan["existing"]["status"]))
        plan["image"] = refs.store.get("image", plan["existing"]["image_id"]) if plan["existing"]["bootable"] else None
        plan["size"] = plan["existing"]["size"]
    if source in ("image", "apptemplate"):
        minimum = max(plan["image"]["min_disk"], plan.get("template", {}).get("min_disk", 0))
        plan["size"] = plan["size"] or minimum
        if plan["size"] < minimum:
            raise bad_request("%s.size: %d GiB is smaller than the %d GiB the image needs" % (where, plan["size"], minimum))
    return plan


def boot_image(volumes):
    """The image of the boot volume: ``boot_index`` 0, else the first volume with an image."""
    bootable = [volume for volume in volumes if volume["image"] is not None and (volume["boot_index"] or 0) >= 0]
    primary = [volume for volume in bootable if volume["boot_index"] == 0]
    if len(primary) > 1:
        raise bad_request("Only one volume can have boot_index 0")
    boot = (primary or bootable or [None])[0]
    if boot is None:
        raise bad_request("At least one bootable volume (from an image, a snapshot or an app template) is required")
    boot["boot_index"] = 0
    return boot["image"]


class CreatePlan:
    """What a create request asks for; ``check_only`` (check_limits) skips what does not affect quotas."""

    def __init__(self, store, project_id, region_id, body, check_only=False):
        self.store = store
        self.project_id = project_id
        self.region_id = region_id
        self.body = body
        self.name = self.name_template = self.ssh_key_name = self.servergroup = None
        self.tags = {}
        self.refs = InterfacePlanner(store, project_id, region_id)
        self.flavor = vm_flavor(store, region_id, body_string(body, "flavor", required=True))
        self.interfaces = [self.refs.interface(spec, "interfaces[%d]" % index)
                           for index, spec in enumerate(body_list(body, "interfaces", required=True))]
        self.volumes = [plan_volume(self.refs, spec, index) for index, spec in enumerate(body_list(body, "volumes", required=True))]
        if not self.interfaces:
            raise invalid("interfaces: at least one interface is required")
        if not self.volumes:
            raise invalid("volumes: at least one volume is required")
        self.boot_image = boot_image(self.volumes)
        self.count = len(body["names"]) if check_only and isinstance(body.get("names"), list) and body["names"] else 1
        if not check_only:
            self.read_identity()
            self.read_placement()
            self.check_compatibility()

    def ref(self, kind, row_id):
        return self.refs.ref(kind, row_id)

    # -- identity, access, placement -------------------------------------------------------------------------------

    def read_identity(self):
        body = self.body
        self.name = body_string(body, "name")
        self.name_template = body_string(body, "name_template")
        if (self.name is None) == (self.name_template is None):
            raise invalid("Exactly one of name and name_template is required")
        if self.name is not None and not 1 <= len(self.name) <= 255:
            raise invalid("name: must be 1 to 255 characters long")
        windows = self.boot_image["os_type"] == "windows"
        check_name(self.store, self.region_id, self.name, self.name_template, windows)
        self.tags = string_map(body.get("tags") or {}, "tags")
        self.ssh_key_name = body_string(body, "ssh_key_name", allow_none=True)
        if self.ssh_key_name is not None:
            if self.store.first("keypair", project_id=self.project_id, name=self.ssh_key_name) is None:
                raise bad_request("SSH key %s not found" % self.ssh_key_name, "NotFound")
            if self.boot_image["ssh_key"] == "deny":
                raise bad_request("Image %s does not accept SSH keys" % self.boot_image["name"])
        username, password = body_string(body, "username"), body_string(body, "password")
        if windows and username is not None:
            raise bad_request("username cannot be set for Windows instances")
        if username is not None and password is None:
            raise bad_request("username requires password")
        user_data = body_string(body, "user_data")
        if user_data is not None:
            try:
                base64.b64decode(user_data, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise bad_request("user_data must be base64 encoded") from exc

    def read_placement(self):
        body = self.body
        per_interface = any(interface["security_groups"] is not None for interface in self.interfaces)
        if body.get("security_groups") is not None and per_interface:
            raise bad_request("security_groups cannot be combined with per-interface security_groups")
        if body.get("security_groups") is not None:
            groups = [self.ref("security_group", group_id) for group_id in id_list(body["security_groups"], "security_groups")]
        else:
            groups = self.store.first("security_group", region_id=self.region_id, project_id=self.project_id, name="default")
            groups = [groups] if groups else []
        for interface in self.interfaces:
            if interface["security_groups"] is None:
                interface["security_groups"] = groups
        servergroup_id = body_string(body, "servergroup_id")
        self.servergroup = self.ref("servergroup", servergroup_id) if servergroup_id else None
        templates = [volume["template"] for volume in self.volumes if volume["source"] == "apptemplate"]
        configuration = body.get("configuration")
        if configuration is not None:
            if not templates:
                raise bad_request("configuration is only allowed for instances created from an app template")
            if not isinstance(configuration, dict):
                raise invalid("configuration: value is not a valid dict")
        for template in templates:
            missing = [field["name"] for field in template["app_config"] if field["required"]
                       and field["name"] not in (configuration or {})]
            if missing:
                raise bad_request("App template %s needs configuration: %s" % (template["app_id"], ", ".join(missing)))

    def check_compatibility(self):
        image, flavor = self.boot_image, self.flavor
        if image["os_type"] != flavor["os_type"]:
            raise bad_request("Flavor %s is for %s images; image %s is a %s image"
                              % (flavor["flavor_id"], flavor["os_type"], image["name"], image["os_type"]))
        if flavor["ram"] < image["min_ram"]:
            raise bad_request("Flavor %s has less RAM than image %s needs" % (flavor["flavor_id"], image["name"]))

    # -- quota -----------------------------------------------------------------------------------------------------

    def requested(self):
        new_volumes = [volume for volume in self.volumes if volume["source"] != "existing-volume"]
        return {
            "vm_count": self.count, "cpu_count": self.flavor["vcpus"] * self.count, "ram": self.flavor["ram"] * self.count,
            "volume_count": len(new_volumes) * self.count,
            "volume_size": sum(volume["size"] or 0 for volume in new_volumes) * self.count,
            "external_ip_count": sum(1 for interface in self.interfaces if interface["type"] == "external") * self.count,
            "floating_count": sum(1 for interface in self.interfaces if interface["floating"] == "new") * self.count,
        }


def _contains(subnet, address):
    try:
        return ipaddress.ip_address(address) in subnet["pool"]
    except ValueError:
        return False
