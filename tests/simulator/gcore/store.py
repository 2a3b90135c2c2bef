"""The in-memory tables of the Gcore simulator, and the identifiers and timestamps their rows carry.

Rows are plain dicts keyed by their ``id``; a table keeps insertion order. Timestamps are stored as epoch seconds
and rendered as ISO 8601 only when a row is serialised.
"""

import datetime
import hashlib
import uuid as uuidlib

NAMESPACE = uuidlib.UUID("3c9f1a7e-52d4-4b8e-9a61-0d7f2e4c8b15")

KINDS = (
    "project", "region", "flavor", "bm_flavor", "image", "network", "subnet", "security_group", "servergroup",
    "keypair", "floating_ip", "reserved_ip", "volume", "snapshot", "apptemplate", "instance", "task", "naming", "quota",
)


def new_id():
    return str(uuidlib.uuid4())


def seeded_id(*parts):
    """A UUID that is the same on every run for the same seed parts: ``uuid5(NAMESPACE, "a/b/...")``, formatted
    directly because seeding tens of thousands of bench rows spends most of its time here."""
    digest = hashlib.sha1(NAMESPACE.bytes + "/".join(map(str, parts)).encode()).hexdigest()  # nosec - an id, not a secret
    return "%s-%s-5%s-%x%s-%s" % (digest[:8], digest[8:12], digest[13:16], int(digest[16], 16) & 0x3 | 0x8, digest[17:20],
                                  digest[20:32])


def iso(ts):
    """ISO 8601 with an explicit UTC offset, as the SDK's datetime fields parse it."""
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).isoformat(timespec="seconds")


def parse_iso(value):
    """Epoch seconds of an ISO 8601 string; a missing time zone means UTC. Raise ValueError when malformed."""
    parsed = datetime.datetime.fromisoformat(value.strip().replace(" ", "+"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.timestamp()


class Store:
    """One dict per kind: id -> row."""

    def __init__(self):
        self.tables = {kind: {} for kind in KINDS}

    def add(self, kind, row):
        self.tables[kind][row["id"]] = row
        return row

    def get(self, kind, row_id):
        if row_id is None:
            return None
        return self.tables[kind].get(row_id)

    def remove(self, kind, row_id):
        return self.tables[kind].pop(row_id, None)

    def rows(self, kind):
        return self.tables[kind].values()

    def first(self, kind, **match):
        for row in self.tables[kind].values():
            if all(row.get(key) == value for key, value in match.items()):
                return row
        return None

    def in_region(self, kind, project_id, region_id):
        """Rows of a regional kind that belong to one project and region."""
        return [row for row in self.tables[kind].values() if row["region_id"] == region_id and row["project_id"] == project_id]


def regional_key(region_id, public_id):
    """Row id of a kind whose public ids repeat in every region (flavors, app templates)."""
    return "%d:%s" % (region_id, public_id)
