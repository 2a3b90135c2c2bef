"""The in-memory tables of the Waldur simulator, and the identifiers and timestamps their rows carry.

Rows are plain dicts keyed by 32-hex UUID; a table keeps insertion order, which is the default list order.
"""

import datetime
import uuid as uuidlib

NAMESPACE = uuidlib.UUID("6f1c3d52-8a7e-4c51-9f0d-2b7e5a9c4d10")

# kind -> (URL path segment under /api/, model name used in 404 messages)
KINDS = {
    "user": ("users", "User"),
    "customer": ("customers", "Customer"),
    "project": ("projects", "Project"),
    "service_settings": ("service-settings", "ServiceSettings"),
    "category": ("marketplace-categories", "Category"),
    "offering": ("marketplace-public-offerings", "Offering"),
    "tenant": ("openstack-tenants", "Tenant"),
    "flavor": ("openstack-flavors", "Flavor"),
    "image": ("openstack-images", "Image"),
    "volume_type": ("openstack-volume-types", "VolumeType"),
    "instance_az": ("openstack-instance-availability-zones", "InstanceAvailabilityZone"),
    "volume_az": ("openstack-volume-availability-zones", "VolumeAvailabilityZone"),
    "network": ("openstack-networks", "Network"),
    "subnet": ("openstack-subnets", "SubNet"),
    "security_group": ("openstack-security-groups", "SecurityGroup"),
    "server_group": ("openstack-server-groups", "ServerGroup"),
    "floating_ip": ("openstack-floating-ips", "FloatingIP"),
    "port": ("openstack-ports", "Port"),
    "ssh_key": ("keys", "SshPublicKey"),
    "instance": ("openstack-instances", "Instance"),
    "volume": ("openstack-volumes", "Volume"),
    "snapshot": ("openstack-snapshots", "Snapshot"),
    "backup": ("openstack-backups", "Backup"),
    "order": ("marketplace-orders", "Order"),
    "resource": ("marketplace-resources", "Resource"),
}

SEGMENT_TO_KIND = {segment: kind for kind, (segment, _model) in KINDS.items()}

# Waldur's resource_type of each OpenStack kind.
RESOURCE_TYPES = {
    "tenant": "OpenStack.Tenant",
    "network": "OpenStack.Network",
    "subnet": "OpenStack.SubNet",
    "security_group": "OpenStack.SecurityGroup",
    "server_group": "OpenStack.ServerGroup",
    "floating_ip": "OpenStack.FloatingIP",
    "port": "OpenStack.Port",
    "instance": "OpenStack.Instance",
    "volume": "OpenStack.Volume",
    "snapshot": "OpenStack.Snapshot",
    "backup": "OpenStack.Backup",
}


def new_uuid():
    return uuidlib.uuid4().hex


def seeded_uuid(*parts):
    """A UUID that is the same on every run for the same seed parts."""
    return uuidlib.uuid5(NAMESPACE, "/".join(str(part) for part in parts)).hex


def backend_uuid(*parts):
    """A dashed OpenStack-side ID: seeded when parts are given, random otherwise."""
    if parts:
        return str(uuidlib.uuid5(NAMESPACE, "backend/" + "/".join(str(part) for part in parts)))
    return str(uuidlib.uuid4())


def normalize_uuid(value):
    """32 lowercase hex digits for a dashed or undashed UUID, or None when it is not a UUID."""
    if not isinstance(value, str) or len(value) not in (32, 36):
        return None
    try:
        return uuidlib.UUID(value).hex
    except ValueError:
        return None


def iso(ts):
    """Always with microseconds, as Waldur renders timestamps (``2025-06-12T18:58:14.237792+00:00``)."""
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).isoformat(timespec="microseconds")


class Store:
    """One dict per kind: uuid -> row."""

    def __init__(self):
        self.tables = {kind: {} for kind in KINDS}

    def add(self, kind, row):
        self.tables[kind][row["uuid"]] = row
        return row

    def get(self, kind, uuid):
        if uuid is None:
            return None
        return self.tables[kind].get(uuid)

    def remove(self, kind, uuid):
        return self.tables[kind].pop(uuid, None)

    def all(self, kind):
        return list(self.tables[kind].values())

    def count(self, kind):
        return len(self.tables[kind])

    def find(self, kind, **match):
        return [row for row in self.tables[kind].values() if all(row.get(key) == value for key, value in match.items())]

    def first(self, kind, **match):
        found = self.find(kind, **match)
        return found[0] if found else None
