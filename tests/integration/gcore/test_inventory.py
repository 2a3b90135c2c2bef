"""The Gcore inventory plugin, run by ansible-inventory against the Gcore simulator over HTTP."""

import os
import time
from urllib.parse import parse_qsl

import pytest

from tests.integration.harness import (
    API_KEY, GcoreApi, InventorySources, RequestLog, Simulated, cache_texts, composed, free_port, gcore_credentials, hosts_of,
    requests_to,
)
from tests.simulator.gcore import GcoreSimulator

SOURCES = InventorySources(os.path.join(os.path.dirname(os.path.abspath(__file__)), "inventory"))
source, list_inventory, failure = SOURCES.path, SOURCES.list, SOURCES.failure


def instances_path(region_id):
    return "/cloud/v1/instances/1/%d" % region_id


def offsets(entries):
    return sorted(int(dict(parse_qsl(entry["query"]))["offset"]) for entry in entries)


def settled(sim, mark, count):
    """Wait until ``count`` requests after ``mark`` are logged (the simulator logs a request after answering it)."""
    deadline = time.monotonic() + 10
    while len(sim.log.since(mark)) < count and time.monotonic() < deadline:
        time.sleep(0.01)


# Region 77 lists instances with the older field names; the expectations read them under the current ones.
LEGACY_NAMES = {"instance_id": "id", "instance_name": "name", "instance_created": "created_at", "keypair_name": "ssh_key_name"}


def current_names(row):
    if "id" in row:
        return row
    current = dict((LEGACY_NAMES.get(key, key), value) for key, value in row.items() if key != "metadata")
    current["tags"] = [{"key": key, "value": value, "read_only": False} for key, value in row["metadata"].items()]
    return current


@pytest.fixture(scope="module")
def listed(gcore, gcore_api):
    """Every instance of both regions as the API lists them (bare metal included), read without the plugin."""
    mark = gcore.log.mark()
    found = {}
    for region_id in (76, 77):
        found[region_id] = gcore_api.call("GET", instances_path(region_id), limit=1000, offset=0, include_baremetal="true")["results"]
        found[region_id] += gcore_api.call("GET", instances_path(region_id), limit=1000, offset=1000, include_baremetal="true")["results"]
    settled(gcore, mark, 4)
    assert found[77] and all("instance_id" in row and "id" not in row for row in found[77])
    return dict((region_id, [current_names(row) for row in rows]) for region_id, rows in found.items())


def names(instances, predicate=lambda instance: True):
    return sorted(instance["name"] for instance in instances if predicate(instance))


def is_vm(instance):
    return not instance["flavor"]["flavor_id"].startswith("bm")


def test_default_inventory_reads_every_page_once(gcore, listed):
    mark = gcore.log.mark()
    inventory = list_inventory(gcore, "default.gcore.yml")
    requests = gcore.log.since(mark)
    pages = requests_to(requests, instances_path(76))
    assert offsets(pages) == [0, 1000]
    assert all(("limit", "1000") in parse_qsl(page["query"]) for page in pages)
    assert len(requests) == 2 and all(entry["status"] == 200 for entry in requests)
    expected = names(listed[76], is_vm)  # the API's default leaves bare metal servers out
    assert len(expected) > 1000 and hosts_of(inventory, "gcore") == expected


def test_default_groups_and_host_variables(gcore, listed):
    inventory = list_inventory(gcore, "default.gcore.yml")
    vms = [instance for instance in listed[76] if is_vm(instance)]
    assert hosts_of(inventory, "gcore_region_Luxembourg_2") == names(vms)
    assert hosts_of(inventory, "gcore_project_1") == names(vms)
    assert hosts_of(inventory, "gcore_status_SHUTOFF") == names(vms, lambda i: i["status"] == "SHUTOFF")
    assert hosts_of(inventory, "gcore_os_type_windows") == names(vms, lambda i: i["flavor"]["os_type"] == "windows")
    assert hosts_of(inventory, "gcore_flavor_g1_standard_2_4") == names(vms, lambda i: i["flavor"]["flavor_id"] == "g1-standard-2-4")
    tagged = names(vms, lambda i: {"key": "env", "value": "production", "read_only": False} in i["tags"])
    assert tagged and hosts_of(inventory, "gcore_tags_env_production") == tagged
    by_name = dict((instance["name"], instance) for instance in vms)
    floating_seen = False
    for name, variables in inventory["_meta"]["hostvars"].items():
        instance = by_name[name]
        assert variables["gcore_id"] == instance["id"]
        assert variables["gcore_tags"] == dict((tag["key"], tag["value"]) for tag in instance["tags"])
        floating = [entry["addr"] for entries in instance["addresses"].values() for entry in entries if entry["type"] == "floating"]
        assert variables["gcore_floating_ips"] == floating
        external = [a["ip_address"] for a in instance["fixed_ip_assignments"] if a["external"]]
        assert variables["ansible_host"] == (sorted(external, key=lambda a: ":" in a) + floating + variables["gcore_fixed_ips"])[0]
        floating_seen = floating_seen or bool(floating)
    assert floating_seen


def test_several_regions_with_bare_metal(gcore, listed):
    mark = gcore.log.mark()
    inventory = list_inventory(gcore, "regions.gcore.yml")
    requests = gcore.log.since(mark)
    for region_id in (76, 77):
        pages = requests_to(requests, instances_path(region_id))
        assert offsets(pages) == [0, 1000]
        assert all(("include_baremetal", "true") in parse_qsl(page["query"]) for page in pages)
    assert hosts_of(inventory, "gcore_region_Frankfurt_2") == names(listed[77])
    assert hosts_of(inventory, "gcore") == sorted(names(listed[76]) + names(listed[77]))
    metal = names(listed[76] + listed[77], lambda i: not is_vm(i))
    assert metal and hosts_of(inventory, "gcore_flavor_bm1_infrastructure_small") == names(
        listed[76] + listed[77], lambda i: i["flavor"]["flavor_id"] == "bm1-infrastructure-small")


def test_older_field_names_give_the_same_host_variables(gcore, gcore_api, listed):
    """Region 77 lists with instance_id, instance_name, instance_created, keypair_name and metadata: the plugin's
    host variables must be those the current names give, as the instance's own (current) record shows."""
    inventory = list_inventory(gcore, "regions.gcore.yml")
    hostvars = inventory["_meta"]["hostvars"]
    for row in listed[77][:25]:
        detail = gcore_api.call("GET", "%s/%s" % (instances_path(77), row["id"]))
        variables = hostvars[detail["name"]]
        assert variables["gcore_id"] == detail["id"]
        assert variables["gcore_created_at"] == detail["created_at"]
        assert variables["gcore_ssh_key_name"] == detail["ssh_key_name"]
        assert variables["gcore_tags"] == dict((tag["key"], tag["value"]) for tag in detail["tags"])


def test_every_active_region_when_none_is_named(gcore, listed):
    mark = gcore.log.mark()
    inventory = list_inventory(gcore, "all_regions.gcore.yml")
    requests = gcore.log.since(mark)
    assert len(requests_to(requests, "/cloud/v1/regions")) == 1
    assert hosts_of(inventory, "gcore") == sorted(names(listed[76], is_vm) + names(listed[77], is_vm))


def test_api_and_client_side_filters(gcore, listed):
    mark = gcore.log.mark()
    inventory = list_inventory(gcore, "filtered.gcore.yml")
    for region_id in (76, 77):
        query = parse_qsl(requests_to(gcore.log.since(mark), instances_path(region_id))[0]["query"])
        assert ("status", "SHUTOFF") in query and ("tag_key_value", '{"env":"production"}') in query

    def wanted(instance):
        return (is_vm(instance) and instance["status"] == "SHUTOFF" and instance["flavor"]["flavor_id"] != "g1-standard-4-8"
                and any(tag["key"] == "env" and tag["value"] == "production" for tag in instance["tags"]))

    expected = names(listed[76] + listed[77], wanted)
    assert expected and hosts_of(inventory, "gcore") == expected


def test_host_names_network_compose_and_keyed_groups(gcore, listed):
    inventory = list_inventory(gcore, "constructed.gcore.yml")
    hostvars = inventory["_meta"]["hostvars"]
    vms = [instance for instance in listed[76] if is_vm(instance)]
    assert sorted(hostvars) == sorted("%s.luxembourg-2.example" % instance["name"] for instance in vms)
    for instance in vms[:50]:
        variables = hostvars["%s.luxembourg-2.example" % instance["name"]]
        assert variables["ansible_host"] == instance["addresses"]["bench-net"][0]["addr"]
        assert variables["ansible_user"] == ("Administrator" if instance["flavor"]["os_type"] == "windows" else "ubuntu")
        assert variables["memory_gib"] == composed(instance["flavor"]["ram"] // 1024)
    assert hosts_of(inventory, "floating") == sorted(
        name for name, variables in hostvars.items() if variables["gcore_floating_ips"])
    assert hosts_of(inventory, "team_web") == sorted(
        name for name, variables in hostvars.items() if variables["gcore_tags"].get("team") == "web")
    assert "gcore" not in inventory and "gcore_region_Luxembourg_2" not in inventory


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """A simulator without bench instances, holding two instances named 'twin' and one named 'solo'."""
    log_path = str(tmp_path_factory.mktemp("twins") / "requests.jsonl")
    simulator = GcoreSimulator(token=API_KEY, delay=0.05, request_log=log_path)
    simulator.start()
    try:
        api = GcoreApi(simulator.url)
        created = [api.create_instance(name) for name in ("twin", "solo", "twin")]
        yield Simulated(simulator, RequestLog(log_path), gcore_credentials(simulator.url)), created
    finally:
        simulator.stop()


def test_duplicate_names_get_the_short_id(twins):
    sim, (first, solo, second) = twins
    hostvars = list_inventory(sim, "default.gcore.yml")["_meta"]["hostvars"]
    assert sorted(hostvars) == sorted(["solo", "twin_" + first[:8], "twin_" + second[:8]])
    assert hostvars["twin_" + first[:8]]["gcore_id"] == first
    assert hostvars["twin_" + second[:8]]["gcore_id"] == second
    assert hostvars["solo"]["gcore_id"] == solo


def test_cache_hit_and_miss_never_store_the_key(gcore, tmp_path):
    env = {"ANSIBLE_INVENTORY_CACHE_CONNECTION": str(tmp_path / "cache")}
    mark = gcore.log.mark()
    first = list_inventory(gcore, "cached.gcore.yml", env=env)
    assert len(requests_to(gcore.log.since(mark), instances_path(76))) == 2
    mark = gcore.log.mark()
    second = list_inventory(gcore, "cached.gcore.yml", env=env)
    assert gcore.log.since(mark) == []
    assert second == first
    contents = cache_texts(tmp_path / "cache")
    assert contents
    for content in contents:
        assert "bench-00002" in content and API_KEY not in content
    mark = gcore.log.mark()
    SOURCES.refresh(gcore, "cached.gcore.yml", tmp_path, env=env)
    assert len(requests_to(gcore.log.since(mark), instances_path(76))) == 2


def test_unreachable_api(gcore):
    url = "http://127.0.0.1:%d" % free_port()
    message = failure(gcore, "no_retries.gcore.yml", GCORE_BASE_URL=url)
    assert "Gcore inventory" in message and "cannot connect to the API" in message and url in message


def test_wrong_key(gcore):
    wrong = "definitely-not-the-key-%d" % os.getpid()
    message = failure(gcore, "default.gcore.yml", GCORE_API_KEY=wrong)
    assert "401" in message and "(check api_key or GCORE_API_KEY)" in message
    assert wrong not in message and "offset=" not in message


def test_unknown_project(gcore):
    message = failure(gcore, "default.gcore.yml", GCORE_CLOUD_PROJECT_ID="9")
    assert "Gcore inventory" in message and "/cloud/v1/instances/9/76" in message and "404" in message


@pytest.mark.parametrize("name, expected", [
    ("unknown_filter.gcore.yml", "Unknown filter(s) flavor_name for the Gcore instance list; the filters are:"),
    ("bad_filter_value.gcore.yml", "Invalid filters for the Gcore instance list: value of status must be one of: ACTIVE"),
])
def test_malformed_configuration(gcore, name, expected):
    mark = gcore.log.mark()
    assert expected in failure(gcore, name)
    assert gcore.log.since(mark) == []


def test_broken_templates_are_warned_about(gcore):
    result = gcore.inventory(source("broken_templates.gcore.yml"), "--list", check=True)
    output = " ".join(result.stderr.split())
    assert "Gcore inventory: Could not render hostnames entry '{{ gcore_nmae }}' for " in output, output
    assert "Gcore inventory: Could not evaluate filter 'gcore_name is match('vm-'' for " in output, output
