"""Every filter and ordering of the instance list, checked against the same rule applied to the whole list."""

import datetime
import json
import re

import pytest

EVERYTHING = {"include_baremetal": "true", "include_ai": "true", "with_ddos": "true", "limit": 1000}


@pytest.fixture(scope="module")
def world(bench):
    """Every instance of region 76, with the servers' flavors, the k8s nodes and the DDoS profiles."""
    rows = bench.ok("GET", bench.instances_path(), **EVERYTHING)["results"]
    assert len(rows) == 300
    return rows


def listed(bench, **params):
    query = dict(EVERYTHING, **params)
    return [row["name"] for row in bench.ok("GET", bench.instances_path(), **query)["results"]]


def names(rows, predicate):
    return [row["name"] for row in rows if predicate(row)]


def addresses(row):
    return [entry["addr"] for entries in row["addresses"].values() for entry in entries]


def tags(row):
    return {tag["key"]: tag["value"] for tag in row["tags"]}


def updated(row):
    """The bench seeds ``updated`` as created + (index % 7) hours."""
    index = int(row["name"].split("-")[1])
    return datetime.datetime.fromisoformat(row["created_at"]) + datetime.timedelta(hours=index % 7)


CASES = [
    ({"name": "bench-0001"}, lambda row: "bench-0001" in row["name"]),
    ({"name": "^BENCH-000[1-3]2$"}, lambda row: re.match(r"bench-000[1-3]2$", row["name"])),
    ({"name": "bench-[0"}, lambda row: False),
    ({"status": "SHUTOFF"}, lambda row: row["status"] == "SHUTOFF"),
    ({"flavor_id": "g1-standard-4-8"}, lambda row: row["flavor"]["flavor_id"] == "g1-standard-4-8"),
    ({"flavor_prefix": "g1w-"}, lambda row: row["flavor"]["flavor_id"].startswith("g1w-")),
    ({"exclude_flavor_prefix": "g1-"}, lambda row: not row["flavor"]["flavor_id"].startswith("g1-")),
    ({"ip": "10.64.0.1"}, lambda row: any("10.64.0.1" in address for address in addresses(row))),
    ({"ip": r"^198\.18\."}, lambda row: any(address.startswith("198.18.") for address in addresses(row))),
    ({"uuid": "a1"}, lambda row: "a1" in row["id"]),
    ({"metadata_kv": json.dumps({"env": "staging", "team": "web"})},
     lambda row: tags(row).get("env") == "staging" and tags(row).get("team") == "web"),
    ({"tag_key_value": json.dumps({"team": "qa"})}, lambda row: tags(row).get("team") == "qa"),
    ({"metadata_v": json.dumps(["production", "ops"])}, lambda row: {"production", "ops"} <= set(tags(row).values())),
    ({"tag_value": ["development", "data"]}, lambda row: {"development", "data"} <= set(tags(row).values())),
    ({"exclude_secgroup": "web"}, lambda row: {"name": "web"} not in row["security_groups"]),
    ({"only_isolated": "true"}, lambda row: row["instance_isolation"] is not None),
    ({"only_with_fixed_external_ip": "true"}, lambda row: "ext-net" in row["addresses"]),
    ({"available_floating": "true"},
     lambda row: "bench-net" in row["addresses"] and all(entry["type"] == "fixed" for entry in row["addresses"]["bench-net"])),
    ({"include_baremetal": "false"}, lambda row: row["flavor"]["flavor_id"] != "bm1-infrastructure-small"),
    ({"include_ai": "false"}, lambda row: row["flavor"]["flavor_id"] != "bm3-ai-1xlarge-h100-80-8"),
    ({"include_k8s": "false"}, lambda row: "k8s_cluster_name" not in tags(row)),
    ({"profile_name": "Advanced protection"},
     lambda row: row["ddos_profile"] and row["ddos_profile"]["profile_template"]["name"] == "Advanced protection"),
    ({"protection_status": "Active"}, lambda row: row["ddos_profile"] and row["ddos_profile"]["status"]["status"] == "Active"),
    ({"type_ddos_profile": "basic"}, lambda row: row["ddos_profile"] and row["ddos_profile"]["profile_template"]["id"] == 1),
    ({"changes-since": "2025-01-02T03:00:00Z"}, lambda row: updated(row) >= datetime.datetime(2025, 1, 2, 3, tzinfo=datetime.timezone.utc)),
    ({"changes-before": "2025-01-02T03:00:00"}, lambda row: updated(row) <= datetime.datetime(2025, 1, 2, 3, tzinfo=datetime.timezone.utc)),
]


@pytest.mark.parametrize("params, predicate", CASES, ids=[" ".join(sorted(params)) for params, predicate in CASES])
def test_filter_keeps_exactly_the_matching_instances(bench, world, params, predicate):
    expected = names(world, predicate)
    assert listed(bench, **params) == expected
    assert expected or params == {"name": "bench-[0"}


def test_default_list_hides_servers_but_shows_k8s_nodes(bench, world):
    shown = [row["name"] for row in bench.ok("GET", bench.instances_path(), limit=1000)["results"]]
    assert shown == names(world, lambda row: not row["flavor"]["flavor_id"].startswith("bm"))
    assert any("k8s_cluster_name" in tags(row) for row in world if row["name"] in shown)


def test_ddos_profiles_only_with_with_ddos(bench, world):
    assert any(row["ddos_profile"] for row in world)
    plain = bench.ok("GET", bench.instances_path(), include_baremetal="true", limit=1000)["results"]
    assert all(row["ddos_profile"] is None for row in plain)
    assert listed(bench, with_ddos="false", profile_name="nothing") == listed(bench, with_ddos="false")


def test_interface_names_only_on_request(bench):
    plain = bench.ok("GET", bench.instances_path(), limit=5)["results"]
    named = bench.ok("GET", bench.instances_path(), limit=5, with_interfaces_name="true")["results"]
    assert all("interface_name" not in entry for row in plain for entries in row["addresses"].values() for entry in entries
               if entry["type"] == "fixed")
    assert named[0]["addresses"]["bench-net"][0]["interface_name"] == "eth0"


@pytest.mark.parametrize("order_by, key, reverse", [
    ("name.asc", "name", False), ("name.desc", "name", True), ("created.desc", "created_at", True),
    ("status.asc", "status", False)])
def test_order_by(bench, world, order_by, key, reverse):
    expected = [row["name"] for row in sorted(world, key=lambda row: (row[key], row["id"]), reverse=reverse)]
    assert listed(bench, order_by=order_by) == expected


def test_default_order_is_creation(bench, world):
    assert listed(bench) == [row["name"] for row in sorted(world, key=lambda row: row["created_at"])]


@pytest.mark.parametrize("params", [
    {"status": "RUNNING"}, {"order_by": "id.asc"}, {"metadata_kv": "[1]"}, {"metadata_v": "{"},
    {"changes-since": "yesterday"}, {"include_baremetal": "maybe"}])
def test_malformed_filters_are_422(bench, params):
    response = bench("GET", bench.instances_path(), **params)
    assert response.status_code == 422, response.text


def test_changes_since_after_changes_before_is_400(bench):
    response = bench("GET", bench.instances_path(), **{"changes-since": "2025-02-01T00:00:00Z", "changes-before": "2025-01-01"})
    assert response.status_code == 400


def test_regions_are_separate(bench):
    first = bench.ok("GET", bench.instances_path(76), limit=1000, include_baremetal="true", include_ai="true")
    second = bench.ok("GET", bench.instances_path(77), limit=1000, include_baremetal="true", include_ai="true")
    assert first["count"] + second["count"] == 600
    assert {row["region_id"] for row in second["results"]} == {77}


def test_an_undeclared_parameter_is_a_422(bench):
    response = bench("GET", bench.instances_path(), limit=10, flavor_name="g1-standard-1-2", tag_key="env")
    assert response.status_code == 422
    assert response.json() == {"exception_class": "ValidationError",
                               "message": "flavor_name: extra fields not permitted; tag_key: extra fields not permitted"}


def test_every_declared_filter_is_taken(bench):
    declared = {"changes-before": "2030-01-01T00:00:00", "changes-since": "2020-01-01T00:00:00", "metadata_kv": "{}",
                "metadata_v": "[]", "tag_key_value": "{}", "order_by": "name.asc", "status": "ACTIVE",
                "protection_status": "Active", "type_ddos_profile": "basic"}
    for name in ("available_floating", "include_ai", "include_baremetal", "include_k8s", "only_isolated",
                 "only_with_fixed_external_ip", "with_ddos", "with_interfaces_name"):
        declared[name] = "true"
    for name in ("exclude_flavor_prefix", "exclude_secgroup", "flavor_id", "flavor_prefix", "ip", "name", "profile_name",
                 "tag_value", "uuid"):
        declared[name] = "x"
    for name, value in declared.items():
        assert bench("GET", bench.instances_path(), limit=1, offset=0, **{name: value}).status_code == 200, name


def test_region_77_lists_instances_with_the_older_field_names(bench):
    legacy = bench.ok("GET", bench.instances_path(region=77), limit=5)["results"]
    current = [bench.ok("GET", bench.instance_path(row["instance_id"], region=77)) for row in legacy]
    for row, detail in zip(legacy, current):
        assert not {"id", "name", "created_at", "ssh_key_name", "tags"} & set(row)
        assert (row["instance_id"], row["instance_name"], row["instance_created"], row["keypair_name"]) == (
            detail["id"], detail["name"], detail["created_at"], detail["ssh_key_name"])
        assert row["metadata"] == {tag["key"]: tag["value"] for tag in detail["tags"]}
    assert all("id" in row for row in bench.ok("GET", bench.instances_path(region=76), limit=5)["results"])
