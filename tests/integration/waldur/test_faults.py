"""Zero failed tasks under transient faults: full lifecycles of waldur_instance, waldur_volume, waldur_snapshot and
waldur_backup while 10% of the API requests fail (503, 502, 429, connection resets, slow answers), before or after
the server acted. The simulator's state proves that nothing was made twice and nothing was left behind."""

from collections import Counter

from tests.integration.harness import assert_recovered, Faults

ROUNDS = 4
PREFIX = "fault-"


# What the lifecycles make, by kind: an instance, its system volume and a data volume, a snapshot, a backup and the
# backup's snapshots of the instance's two volumes, in each round.
EXPECTED_CREATIONS = {"instance": 1, "volume": 2, "snapshot": 3, "backup": 1}


def lifetimes(events):
    """{kind: {uuid: [True when it came into existence, False when it went]}} from the simulator's events."""
    seen = {}
    for event in events:
        if event["field"] == "exists" and event["kind"] in EXPECTED_CREATIONS:
            seen.setdefault(event["kind"], {}).setdefault(event["uuid"], []).append(event["to"])
    return seen


def test_waldur_lifecycles_under_transient_faults(waldur, waldur_api):
    since = waldur.simulator.app.scheduler.now()
    faults = Faults(waldur.url, "Token %s" % waldur.token)
    faults.start()
    try:
        result = waldur.playbook("faults/waldur.yml", "-e", "rounds=%d" % ROUNDS)
    finally:
        stats = faults.stop()
    seen = lifetimes(waldur_api.get("/_sim/events", since=since))
    orders = [order for order in waldur_api.get("/api/marketplace-orders/", page_size=300)
              if (order.get("attributes") or {}).get("name", "").startswith(PREFIX)]
    ordered = Counter(order["attributes"]["name"] for order in orders if order["type"] == "Create")
    duplicates = sorted(name for name, count in ordered.items() if count > 1)
    duplicates += ["%d %s(s) made, %d expected" % (len(seen.get(kind, {})), kind, count * ROUNDS)
                   for kind, count in EXPECTED_CREATIONS.items() if len(seen.get(kind, {})) > count * ROUNDS]
    leaks = ["%s %s" % (kind, uuid) for kind, lives in sorted(seen.items()) for uuid, changes in sorted(lives.items())
             if changes[-1] is not False]
    leaks += ["open order %s for %s" % (order["uuid"], order["attributes"]["name"]) for order in orders
              if order["state"] not in ("done", "erred", "rejected", "canceled")]
    assert sorted(ordered) == sorted("fault-%s-%d" % (kind, index) for kind in ("vm", "data") for index in range(1, ROUNDS + 1))
    assert_recovered("Waldur", result, stats, duplicates, leaks)
