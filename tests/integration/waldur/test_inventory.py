"""The Waldur inventory plugin, run by ansible-inventory against the Waldur simulator over HTTP."""

import json
import os
import time
from urllib.parse import parse_qsl

import pytest

from tests.integration.harness import (
    TOKEN, InventorySources, RequestLog, Simulated, WaldurApi, cache_texts, composed, free_port, hosts_of, requests_to,
)
from tests.simulator.waldur import WaldurSimulator

SOURCES = InventorySources(os.path.join(os.path.dirname(os.path.abspath(__file__)), "inventory"))
source, list_inventory, failure = SOURCES.path, SOURCES.list, SOURCES.failure
INSTANCES = "/api/openstack-instances/"


def query_of(entry):
    return parse_qsl(entry["query"], keep_blank_values=True)


def every_instance(api):
    """All instances as the API lists them, read independently of the plugin; and how many requests that took."""
    found, page = [], 1
    while True:
        batch = api.get(INSTANCES, page_size=300, page=page)
        found.extend(batch)
        if len(batch) < 300:
            return found, page
        page += 1


@pytest.fixture(scope="module")
def instances(waldur, waldur_api):
    mark = waldur.log.mark()
    found, requests = every_instance(waldur_api)
    # The simulator logs a request after answering it: wait for these lines so no test counts them as its own.
    deadline = time.monotonic() + 10
    while len(waldur.log.since(mark)) < requests and time.monotonic() < deadline:
        time.sleep(0.01)
    return found


def test_default_inventory_reads_every_page_once_with_only_the_fields_it_uses(waldur, instances):
    mark = waldur.log.mark()
    inventory = list_inventory(waldur, "default.waldur.yml")
    requests = waldur.log.since(mark)
    pages = requests_to(requests, INSTANCES)
    assert sorted(dict(query_of(page)).get("page", "1") for page in pages) == ["1", "2", "3"]
    for page in pages:
        fields = [value for key, value in query_of(page) if key == "field"]
        assert {"uuid", "name", "state", "runtime_state", "external_ips", "internal_ips"} <= set(fields)
        assert not {"security_groups", "ports", "volumes", "floating_ips"} & set(fields)
        assert ("page_size", "300") in query_of(page)
    tenants = requests_to(requests, "/api/openstack-tenants/")
    assert len(tenants) == 1 and ("field", "name") in query_of(tenants[0])
    assert len(requests) == 4 and all(entry["status"] == 200 for entry in requests)
    assert hosts_of(inventory, "waldur") == sorted(i["name"] for i in instances)
    assert len(instances) == 650


def test_default_groups_and_host_variables(waldur, instances):
    inventory = list_inventory(waldur, "default.waldur.yml")
    everyone = sorted(i["name"] for i in instances)
    assert hosts_of(inventory, "waldur_project_Demo_Project") == everyone
    assert hosts_of(inventory, "waldur_organization_Demo_Organization") == everyone
    assert hosts_of(inventory, "waldur_tenant_demo_tenant") == everyone
    assert hosts_of(inventory, "waldur_state_ERRED") == sorted(i["name"] for i in instances if i["state"] == "ERRED")
    assert hosts_of(inventory, "waldur_runtime_state_SHUTOFF") == sorted(i["name"] for i in instances if i["runtime_state"] == "SHUTOFF")
    assert hosts_of(inventory, "waldur_availability_zone_nova") == sorted(i["name"] for i in instances if i.get("availability_zone_name"))
    small = sorted(i["name"] for i in instances if i["flavor_name"] == "m1.small")
    assert small and hosts_of(inventory, "waldur_flavor_m1_small") == small
    ubuntu = sorted(i["name"] for i in instances if i["image_name"] == "ubuntu-24.04")
    assert ubuntu and hosts_of(inventory, "waldur_image_ubuntu_24_04") == ubuntu
    by_name = dict((i["name"], i) for i in instances)
    for name, variables in inventory["_meta"]["hostvars"].items():
        assert variables["waldur_uuid"] == by_name[name]["uuid"]
        assert variables["waldur_external_ips"] == by_name[name]["external_ips"]
        assert variables["ansible_host"] == (by_name[name]["external_ips"] + by_name[name]["internal_ips"])[0]
        assert variables["waldur_tenant_name"] == "demo-tenant"


def test_graph_and_host(waldur, instances):
    graph = waldur.inventory(source("default.waldur.yml"), "--graph", check=True).stdout
    assert "@waldur_runtime_state_SHUTOFF:" in graph and "|--bench-00010" in graph
    floating = next(i for i in instances if i["external_ips"])
    result = waldur.inventory(source("default.waldur.yml"), "--host", floating["name"], check=True)
    variables = json.loads(result.stdout)
    assert variables["ansible_host"] == floating["external_ips"][0]
    assert variables["waldur_backend_id"] == floating["backend_id"]
    assert waldur.token not in result.stdout


def test_host_names_compose_and_keyed_groups(waldur, instances):
    inventory = list_inventory(waldur, "constructed.waldur.yml")
    hostvars = inventory["_meta"]["hostvars"]
    assert sorted(hostvars) == sorted("%s.demo-tenant.example" % i["name"] for i in instances)
    first = instances[0]
    variables = hostvars["%s.demo-tenant.example" % first["name"]]
    assert variables["ansible_host"] == first["internal_ips"][0]
    assert variables["ansible_user"] == ("ubuntu" if first["image_name"] == "ubuntu-24.04" else "cirros")
    assert variables["memory_gib"] == composed(first["ram"] // 1024)
    assert hosts_of(inventory, "floating") == sorted("%s.demo-tenant.example" % i["name"] for i in instances if i["external_ips"])
    assert hosts_of(inventory, "hv_compute_03_demo_example") == sorted(
        "%s.demo-tenant.example" % i["name"] for i in instances if i["hypervisor_hostname"] == "compute-03.demo.example")
    assert "waldur" not in inventory and "waldur_project_Demo_Project" not in inventory
    assert "waldur_flavor_m1_small" in inventory and "waldur_runtime_state_ACTIVE" in inventory


def test_hostvars_fields_keeps_only_those_variables(waldur, instances):
    inventory = list_inventory(waldur, "lean.waldur.yml")
    first = instances[0]
    variables = inventory["_meta"]["hostvars"][first["name"]]
    assert sorted(variables) == ["ansible_host", "memory_gib", "waldur_project_name", "waldur_uuid"]
    assert (variables["waldur_uuid"], variables["memory_gib"]) == (first["uuid"], composed(first["ram"] // 1024))
    assert hosts_of(inventory, "waldur_flavor_m1_small") == sorted(i["name"] for i in instances if i["flavor_name"] == "m1.small")


def test_api_and_client_side_filters(waldur, waldur_api, instances):
    mark = waldur.log.mark()
    inventory = list_inventory(waldur, "filtered.waldur.yml")
    requests = waldur.log.since(mark)
    project = waldur_api.one("/api/projects/", name_exact="Demo Project")
    for page in requests_to(requests, INSTANCES):
        query = query_of(page)
        assert ("project_uuid", project["uuid"]) in query
        assert ("runtime_state", "ACTIVE") in query and ("service_settings_name", "Demo Cloud") in query
    expected = sorted(i["name"] for i in instances if i["runtime_state"] == "ACTIVE" and i["flavor_name"] in ("m1.small", "m1.large")
                      and not i["external_ips"])
    assert expected and hosts_of(inventory, "waldur") == expected


@pytest.fixture(scope="module")
def twins(tmp_path_factory):
    """A simulator without bench instances, holding two instances named 'twin' and one named 'solo'."""
    log_path = str(tmp_path_factory.mktemp("twins") / "requests.jsonl")
    simulator = WaldurSimulator(token=TOKEN, delay=0.05, request_log=log_path)
    simulator.start()
    try:
        api = WaldurApi(simulator.url, TOKEN)
        created = [api.create_instance(name) for name in ("twin", "solo", "twin")]
        yield Simulated(simulator, RequestLog(log_path), {"WALDUR_API_URL": simulator.url, "WALDUR_ACCESS_TOKEN": TOKEN}), created
    finally:
        simulator.stop()


def test_duplicate_names_get_the_short_uuid(twins):
    sim, created = twins
    first, solo, second = created
    hostvars = list_inventory(sim, "default.waldur.yml")["_meta"]["hostvars"]
    assert sorted(hostvars) == sorted(["solo", "twin_" + first["uuid"][:8], "twin_" + second["uuid"][:8]])
    assert hostvars["twin_" + first["uuid"][:8]]["waldur_uuid"] == first["uuid"]
    assert hostvars["twin_" + second["uuid"][:8]]["waldur_uuid"] == second["uuid"]
    assert hostvars["solo"]["waldur_uuid"] == solo["uuid"]


def test_cache_hit_and_miss_never_store_the_token(waldur, tmp_path):
    env = {"ANSIBLE_INVENTORY_CACHE_CONNECTION": str(tmp_path / "cache")}
    mark = waldur.log.mark()
    first = list_inventory(waldur, "cached.waldur.yml", env=env)
    assert len(requests_to(waldur.log.since(mark), INSTANCES)) == 3
    mark = waldur.log.mark()
    second = list_inventory(waldur, "cached.waldur.yml", env=env)
    assert waldur.log.since(mark) == []
    assert second == first
    contents = cache_texts(tmp_path / "cache")
    assert contents
    for content in contents:
        assert "bench-00001" in content and waldur.token not in content
    mark = waldur.log.mark()
    SOURCES.refresh(waldur, "cached.waldur.yml", tmp_path, env=env)
    assert len(requests_to(waldur.log.since(mark), INSTANCES)) == 3


def test_unreachable_api(waldur):
    url = "http://127.0.0.1:%d/" % free_port()
    message = failure(waldur, "no_retries.waldur.yml", WALDUR_API_URL=url)
    assert "Waldur inventory" in message and "cannot connect to the API" in message and url.rstrip("/") in message


def test_wrong_token(waldur):
    wrong = "definitely-not-the-token-%d" % os.getpid()
    message = failure(waldur, "default.waldur.yml", WALDUR_ACCESS_TOKEN=wrong)
    assert "401 Unauthorized: Invalid token. (check access_token or WALDUR_ACCESS_TOKEN)" in message
    assert wrong not in message and "field=" not in message


@pytest.mark.parametrize("name, expected", [
    ("unknown_option.waldur.yml", "Unknown option 'hostname' in the Waldur inventory configuration; did you mean 'hostnames'?"),
    ("unknown_filter.waldur.yml", "Unknown filter(s) flavor_name for /api/openstack-instances/; the documented filters are:"),
    ("bad_hostnames.waldur.yml", "hostnames entry 'ip_address' is neither one of backend_id, external_ip, hypervisor_hostname"),
])
def test_malformed_configuration(waldur, name, expected):
    mark = waldur.log.mark()
    assert expected in failure(waldur, name)
    assert waldur.log.since(mark) == []


def test_broken_templates_are_warned_about_or_fail_with_strict(waldur):
    result = waldur.inventory(source("broken_templates.waldur.yml"), "--list", check=True)
    output = " ".join(result.stderr.split())
    assert "Waldur inventory: Could not render hostnames entry '{{ waldur_nmae }}' for " in output, output
    assert "Waldur inventory: Could not evaluate filter 'waldur_name is match('it-'' for " in output, output
    assert output.count("Set strict: true to make this an error.") == 2
