"""The request bodies each API generation declares, checked before an endpoint reads them.

Generation 8 follows the request types of the 8.0.5 schema (``OpenStackInstancePortsUpdateRequest``...) and the
order attribute models of ``waldur-api-client`` 8.1.3; generation 7 follows the writable fields of the 7.x
serializers and, for orders, the attributes its order processors copy (``marketplace_openstack/processors.py``).

The check is about form: every field must be declared, and of its declared type. The endpoint then validates
values (references, sizes, states) as before. A real server ignores a field it does not declare, or one that is
read-only; the simulator refuses both (400, DRF's layout) so that a client never sends what one generation would
drop without a word.
"""

from ..server import ApiError

NOT_DECLARED = "This field is not part of the %s request of API generation %d (the real server would ignore it)."
READ_ONLY = "This field is read-only in the %s request of API generation %d (the real server would ignore it)."


class Kind:
    """A field's type: ``problem(value)`` is None when the value has the form, else DRF's message (or a nested body)."""

    def __init__(self, accepts, message):
        self.accepts = accepts
        self.message = message

    def problem(self, value, request_name, major):
        if value is None or self.accepts(value):
            return None
        return [self.message % type(value).__name__ if "%s" in self.message else self.message]


URL = Kind(lambda value: isinstance(value, str), "Incorrect type. Expected URL string, received %s.")
TEXT = Kind(lambda value: isinstance(value, (str, int, float)) and not isinstance(value, bool), "Not a valid string.")
INTEGER = Kind(lambda value: (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str) and value.strip().lstrip("-").isdigit()),
               "A valid integer is required.")
BOOLEAN = Kind(lambda value: value in (True, False, "true", "false", "True", "False", 0, 1, "0", "1"), "Must be a valid boolean.")
DATETIME = Kind(lambda value: isinstance(value, str), "Datetime has wrong format. Use one of these formats instead: "
                                                      "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].")
ANY = Kind(lambda value: True, "")
# Checked by the endpoint itself, whose messages differ between the generations (see generations.py).
OWN = ANY


class ReadOnly:
    """A field the generation's serializer shows but does not read."""


READ_ONLY_FIELD = ReadOnly()


class Body:
    """An object with declared fields (a nested serializer)."""

    def __init__(self, name, fields):
        self.name = name
        self.fields = fields

    def problem(self, value, request_name, major):
        if value is None:
            return None
        if not isinstance(value, dict):
            return {"non_field_errors": ["Invalid data. Expected a dictionary, but got %s." % type(value).__name__]}
        errors = {}
        for key, item in value.items():
            kind = self.fields.get(key)
            if kind is None:
                errors[key] = [NOT_DECLARED % (self.name, major)]
            elif kind is READ_ONLY_FIELD:
                errors[key] = [READ_ONLY % (self.name, major)]
            else:
                problem = kind.problem(item, self.name, major)
                if problem:
                    errors[key] = problem
        return errors or None


class ListOf:
    """A list whose items have one type; errors per item, ``{}`` for good ones (a list serializer's layout)."""

    def __init__(self, item):
        self.item = item

    def problem(self, value, request_name, major):
        if value is None:
            return None
        if not isinstance(value, list):
            return ['Expected a list of items but got type "%s".' % type(value).__name__]
        problems = [self.item.problem(item, request_name, major) for item in value]
        if not any(problems):
            return None
        return [problem or {} for problem in problems]


def check(body_type, body, major):
    """Raise the 400 for a body that does not have ``body_type``'s form."""
    if body_type is None:
        return
    problem = body_type.problem(body, body_type.name, major)
    if problem:
        raise ApiError(400, problem)


NAMED = {"name": TEXT, "description": TEXT}
RETAINED = dict(NAMED, kept_until=DATETIME)
URL_OBJECT = Body("OpenStackSecurityGroupHyperlinkRequest", {"url": URL})
EMPTY = Body("empty", {})


def _requests(major):
    """(method, collection segment, action or "") -> the Body that request must have, for one generation."""
    eight = major >= 8
    fixed_ip = Body("OpenStackFixedIpRequest", {"ip_address": TEXT, "subnet_id": TEXT})
    if eight:
        port = Body("OpenStackCreatePortRequest", {"fixed_ips": ListOf(fixed_ip), "subnet": URL, "port": URL, "tenant": URL})
        floating_ip = Body("OpenStackCreateFloatingIPRequest", {"url": URL, "ip_address": TEXT, "subnet": URL})
        snapshot_fields = dict(RETAINED, metadata=ANY)
    else:
        port = Body("NestedPortSerializer", {"subnet": URL, "fixed_ips": READ_ONLY_FIELD, "mac_address": READ_ONLY_FIELD,
                                             "allowed_address_pairs": READ_ONLY_FIELD})
        floating_ip = Body("NestedFloatingIPSerializer", {"url": URL, "subnet": URL, "address": READ_ONLY_FIELD})
        snapshot_fields = dict(RETAINED, metadata=READ_ONLY_FIELD)
    snapshot = Body("OpenStackSnapshotRequest", snapshot_fields)
    instance_update = Body("OpenStackInstanceRequest", dict(NAMED))
    volume_update = Body("OpenStackVolumeRequest", dict(NAMED, bootable=BOOLEAN))
    backup_update = Body("OpenStackBackupRequest", dict(RETAINED))
    requests = {
        ("POST", "openstack-instances", "change_flavor"): Body("InstanceFlavorChangeRequest", {"flavor": URL}),
        ("POST", "openstack-instances", "update_security_groups"): Body("OpenStackInstanceSecurityGroupsUpdateRequest",
                                                                        {"security_groups": OWN}),
        ("POST", "openstack-instances", "update_ports"): Body("OpenStackInstancePortsUpdateRequest", {"ports": ListOf(port)}),
        ("POST", "openstack-instances", "update_floating_ips"): Body("OpenStackInstanceFloatingIPsUpdateRequest",
                                                                     {"floating_ips": ListOf(floating_ip)}),
        ("POST", "openstack-instances", "update_allowed_address_pairs"): Body(
            "OpenStackInstanceAllowedAddressPairsUpdateRequest",
            {"subnet": URL, "allowed_address_pairs": ListOf(Body("OpenStackAllowedAddressPairRequest",
                                                                 {"ip_address": TEXT, "mac_address": TEXT}))}),
        ("POST", "openstack-instances", "backup"): Body("OpenStackBackupRequest", dict(RETAINED)),
        ("POST", "openstack-volumes", "attach"): Body("VolumeAttachRequest", {"instance": URL}),
        ("POST", "openstack-volumes", "extend"): Body("OpenStackVolumeExtendRequest", {"disk_size": INTEGER}),
        ("POST", "openstack-volumes", "retype"): Body("OpenStackVolumeRetypeRequest", {"type": URL}),
        ("POST", "openstack-volumes", "snapshot"): snapshot,
        ("POST", "openstack-snapshots", "restore"): Body("OpenStackSnapshotRestorationRequest", dict(NAMED)),
        ("POST", "openstack-backups", "restore"): Body("OpenStackBackupRestorationCreateRequest", {
            "flavor": URL, "name": TEXT, "floating_ips": ListOf(floating_ip), "security_groups": ListOf(URL_OBJECT),
            "ports": ListOf(port)}),
        ("POST", "marketplace-orders", ""): Body("OrderCreateRequest", {
            "offering": URL, "plan": URL, "attributes": OWN, "limits": ANY, "accepting_terms_of_service": BOOLEAN,
            "callback_url": TEXT, "request_comment": TEXT, "type": TEXT, "start_date": TEXT, "slug": TEXT, "project": URL}),
        ("POST", "marketplace-resources", "terminate"): Body("ResourceTerminateRequest", {"attributes": ANY}),
    }
    for method in ("PUT", "PATCH"):
        requests[(method, "openstack-instances", "")] = instance_update
        requests[(method, "openstack-volumes", "")] = volume_update
        requests[(method, "openstack-snapshots", "")] = snapshot
        requests[(method, "openstack-backups", "")] = backup_update
    for segment, actions in (("openstack-instances", ("start", "stop", "restart", "pull", "unlink")),
                             ("openstack-volumes", ("detach", "pull", "unlink")),
                             ("openstack-snapshots", ("pull", "unlink")), ("openstack-backups", ("pull", "unlink"))):
        for action in actions:
            requests[("POST", segment, action)] = EMPTY
    return requests


def _order_attributes(major):
    """Offering type -> the Body of its order ``attributes``."""
    if major >= 8:
        data_volume = Body("OpenStackDataVolumeRequest", {"size": INTEGER, "volume_type": URL})
        instance = {
            "name": TEXT, "flavor": URL, "image": URL, "ports": ListOf(Body("OpenStackCreateInstancePortRequest", {
                "fixed_ips": ListOf(Body("OpenStackFixedIpRequest", {"ip_address": TEXT, "subnet_id": TEXT})),
                "subnet": URL, "port": URL})),
            "system_volume_size": INTEGER, "description": TEXT, "security_groups": ListOf(URL_OBJECT),
            "server_group": Body("OpenStackServerGroupHyperlinkRequest", {"url": URL}),
            "floating_ips": ListOf(Body("OpenStackCreateFloatingIPRequest", {"url": URL, "ip_address": TEXT, "subnet": URL})),
            "system_volume_type": URL, "data_volume_size": INTEGER, "data_volume_type": URL, "ssh_public_key": URL,
            "user_data": TEXT, "availability_zone": URL, "connect_directly_to_external_network": BOOLEAN, "config_drive": BOOLEAN,
            "data_volumes": ListOf(data_volume), "metadata": ANY,
        }
        name = "OpenStackInstanceCreateOrderAttributes"
    else:
        # InstanceCreateProcessor.fields: what reaches the instance serializer (and its form there)
        instance = {
            "name": TEXT, "description": TEXT, "flavor": URL, "image": URL, "security_groups": ListOf(URL_OBJECT),
            "server_group": Body("NestedServerGroupSerializer", {"url": URL}),
            "ports": ListOf(Body("NestedPortSerializer", {"subnet": URL, "fixed_ips": READ_ONLY_FIELD})),
            "floating_ips": ListOf(Body("NestedFloatingIPSerializer", {"url": URL, "subnet": URL})),
            "system_volume_size": INTEGER, "system_volume_type": URL, "data_volume_size": INTEGER, "data_volume_type": URL,
            "volumes": READ_ONLY_FIELD, "ssh_public_key": URL, "user_data": TEXT, "availability_zone": URL,
            "connect_directly_to_external_network": BOOLEAN,
        }
        name = "InstanceCreateProcessor"
    volume = {"name": TEXT, "description": TEXT, "image": URL, "size": INTEGER, "availability_zone": URL, "type": URL}
    return {
        "OpenStack.Instance": Body(name, instance),
        "OpenStack.Volume": Body("OpenStackVolumeCreateOrderAttributes" if major >= 8 else "VolumeCreateProcessor", volume),
    }


class RequestTypes:
    """The request types of one generation."""

    def __init__(self, major):
        self.major = major
        self.requests = _requests(major)
        self.attributes = _order_attributes(major)

    def check(self, method, path, body):
        """Refuse a body of a declared request that does not have the declared form."""
        check(self.requests.get(_route(method, path)), body, self.major)

    def check_order_attributes(self, offering_type, attributes):
        body_type = self.attributes.get(offering_type)
        if body_type is not None:
            problem = body_type.problem(attributes, body_type.name, self.major)
            if problem:
                raise ApiError(400, {"attributes": problem})


def _route(method, path):
    parts = [part for part in path.split("/") if part]
    if len(parts) < 2 or parts[0] != "api":
        return None
    segment = parts[1]
    action = parts[3] if len(parts) > 3 else ""
    return (method, segment, action)
