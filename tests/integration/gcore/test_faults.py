"""Zero failed tasks under transient faults: full lifecycles of gcore_instance and gcore_reseller_name_template while
10% of the API requests fail (503, 502, 429, connection resets, slow answers), before or after the server acted.
The simulator's state proves that nothing was made twice and nothing was left behind."""

from tests.integration.harness import API_KEY, REGION_ID, assert_recovered, Faults

ROUNDS = 4
RESELLER_ID = 7


def created_instances(events):
    """{instance id: [True when it came into existence, False when it went]} from the simulator's events."""
    seen = {}
    for event in events:
        if event["field"] == "exists" and event["kind"] == "instance":
            seen.setdefault(event["uuid"], []).append(event["to"])
    return seen


def ids(rows):
    return set(row["id"] for row in rows)


def naming(gcore_api):
    return [config for config in gcore_api.call("GET", "/cloud/v1/reseller_name_templates")["results"]
            if config.get("reseller_id") == RESELLER_ID]


def test_gcore_lifecycles_under_transient_faults(gcore, gcore_api):
    since = gcore.simulator.app.scheduler.now()
    volumes, floating_ips = ids(gcore_api.all("volumes")), ids(gcore_api.all("floatingips"))
    naming_before = naming(gcore_api)
    faults = Faults(gcore.url, "APIKey %s" % API_KEY)
    faults.start()
    try:
        result = gcore.playbook("faults/gcore.yml", "-e", "rounds=%d" % ROUNDS)
    finally:
        stats = faults.stop()
    seen = created_instances(gcore_api.call("GET", "/_sim/events", since=since))
    named = [instance for instance in gcore_api.instances() if instance["name"].startswith("fault-")]
    duplicates = ["%d instances made, %d expected" % (len(seen), ROUNDS)] if len(seen) > ROUNDS else []
    regions = [config["region_id"] for config in naming(gcore_api)]
    duplicates += ["naming configurations of region %d: %d" % (region, regions.count(region)) for region in set(regions)
                   if regions.count(region) > 1]
    leaks = ["instance %s" % instance_id for instance_id, changes in sorted(seen.items()) if changes[-1] is not False]
    leaks += ["instance %s (%s)" % (instance["id"], instance["name"]) for instance in named]
    leaks += ["volume %s" % volume for volume in sorted(ids(gcore_api.all("volumes")) - volumes)]
    leaks += ["floating IP %s" % floating for floating in sorted(ids(gcore_api.all("floatingips")) - floating_ips)]
    leaks += ["naming configuration of region %d" % config["region_id"] for config in naming(gcore_api)
              if config["region_id"] == REGION_ID]
    assert len(seen) == ROUNDS and any(config["region_id"] == REGION_ID for config in naming_before)
    assert_recovered("Gcore", result, stats, duplicates, leaks)
