"""The shared world: the simulator's demo world plus the objects the contract playbooks act on, exported for the
real server's seed script so that both servers hold the same objects under the same UUIDs.

The extra objects (instances, volumes, snapshots, backups named ``contract-*``) are made by the collection itself:
world.yml runs against the simulator, and the resulting tables are exported.
"""

import json
import os

from tests.simulator.waldur.store import KINDS

PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks")
# Kinds the seed script creates (service settings, orders and such bookkeeping stay on each server's side).
EXPORTED_KINDS = [kind for kind in KINDS if kind != "order"]


def jsonable(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def export_world(store):
    """The simulator's tables as JSON-ready rows, kind -> list of rows (the seed script's input)."""
    world = {kind: [jsonable(row) for row in store.all(kind)] for kind in EXPORTED_KINDS}
    json.dumps(world)  # fail here, not on the server, if a row does not serialise
    return world


def names(store, kind, prefix="contract-"):
    return sorted(row["name"] for row in store.all(kind) if row["name"].startswith(prefix))
