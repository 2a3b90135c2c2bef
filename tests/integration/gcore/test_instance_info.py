"""gcore_instance_info run by ansible-playbook against the Gcore simulator: every list filter, paging, one by id
or name, sub-resources and region details. Expected results are read from the API directly with the API's own
parameter names, so a filter the module drops or misnames fails the comparison."""

import json
from urllib.parse import parse_qsl

import pytest

from tests.integration.harness import BENCH_INSTANCES, extra_vars

INSTANCES = "/cloud/v1/instances/1/76"

# (module options, the same filter in the API's words)
FILTERS = [
    ({}, {}),
    ({"status": "SHUTOFF"}, {"status": "SHUTOFF"}),
    ({"flavor_id": "g1-standard-2-4"}, {"flavor_id": "g1-standard-2-4"}),
    ({"flavor_prefix": "g1w-"}, {"flavor_prefix": "g1w-"}),
    ({"exclude_flavor_prefix": "g1-standard"}, {"exclude_flavor_prefix": "g1-standard"}),
    ({"ip": "^10\\.64\\.0\\.1[0-9]$"}, {"ip": "^10\\.64\\.0\\.1[0-9]$"}),
    ({"uuid": "ab"}, {"uuid": "ab"}),
    ({"changes_since": "2025-01-02T03:00:00Z", "changes_before": "2025-01-02 05:00:00"},
     {"changes-since": "2025-01-02T03:00:00+00:00", "changes-before": "2025-01-02T05:00:00+00:00"}),
    ({"metadata_kv": {"env": "production"}}, {"metadata_kv": '{"env": "production"}'}),
    ({"metadata_v": ["staging", "qa"]}, {"metadata_v": '["staging", "qa"]'}),
    ({"tag_key_value": {"env": "development", "team": "ops"}}, {"tag_key_value": '{"env": "development", "team": "ops"}'}),
    ({"tag_value": ["production", "web"]}, {"tag_value": ["production", "web"]}),
    ({"include_baremetal": True}, {"include_baremetal": "true"}),
    ({"include_baremetal": True, "include_ai": True}, {"include_baremetal": "true", "include_ai": "true"}),
    ({"include_k8s": False}, {"include_k8s": "false"}),
    ({"include_baremetal": True, "only_isolated": True}, {"include_baremetal": "true", "only_isolated": "true"}),
    ({"include_baremetal": True, "only_with_fixed_external_ip": True}, {"include_baremetal": "true", "only_with_fixed_external_ip": "true"}),
    ({"available_floating": True}, {"available_floating": "true"}),
    ({"exclude_secgroup": "web"}, {"exclude_secgroup": "web"}),
    ({"include_baremetal": True, "with_ddos": True, "protection_status": "Active"},
     {"include_baremetal": "true", "with_ddos": "true", "protection_status": "Active"}),
    ({"include_baremetal": True, "with_ddos": True, "type_ddos_profile": "advanced"},
     {"include_baremetal": "true", "with_ddos": "true", "type_ddos_profile": "advanced"}),
    ({"name_pattern": "bench-0001[0-9]"}, {"name": "bench-0001[0-9]"}),
    ({"order_by": "name.desc", "flavor_prefix": "g1w-"}, {"order_by": "name.desc", "flavor_prefix": "g1w-"}),
]


def api_ids(gcore_api, params):
    """Every matching id, reading all pages with the API's own parameter names."""
    ids, offset = [], 0
    while True:
        page = gcore_api.call("GET", INSTANCES, limit=1000, offset=offset, **params)
        ids += [instance["id"] for instance in page["results"]]
        offset += len(page["results"])
        if offset >= page["count"] or not page["results"]:
            return ids


@pytest.fixture(scope="module")
def info_world(gcore_api):
    info_id = gcore_api.create_instance("it-info-1", interface_name="eth-data")
    gcore_api.call("POST", "%s/%s/metadata" % (INSTANCES, info_id), {"role": "db", "a/b": "c"})
    stopped_id = gcore_api.create_instance("it-info-stopped")
    gcore_api.act(stopped_id, "stop")
    return {"info_id": info_id, "info_name": "it-info-1", "stopped_name": "it-info-stopped"}


def test_filters_and_details(gcore, gcore_api, info_world, tmp_path):
    expected = [{"filters": options, "ids": api_ids(gcore_api, params)} for options, params in FILTERS]
    everything = expected[0]["ids"]
    assert len(everything) > 1000
    for case in expected[1:]:
        # Each filter narrows the list, widens it (include_*) or reorders it: none can pass by doing nothing.
        assert case["ids"] and case["ids"] != everything, case["filters"]
    expected_file = tmp_path / "expected.json"
    expected_file.write_text(json.dumps({"expected": {"filters": expected}}))
    mark = gcore.log.mark()
    gcore.playbook("gcore_instance_info.yml", "-e", "@%s" % expected_file, *extra_vars(**info_world), check=True)
    # Two reads the API takes as POST: the flavors for a planned instance and the metrics.
    assert [(r["method"], r["path"]) for r in gcore.log.mutating_since(mark)] == [
        ("POST", "/cloud/v1/instances/1/76/available_flavors"),
        ("POST", "%s/%s/metrics" % (INSTANCES, info_world["info_id"])),
    ]
    # 409: the console of the stopped instance, which the module returns as null.
    assert sorted(set(r["status"] for r in gcore.log.since(mark))) == [200, 404, 409]


def test_listing_reads_every_page_once(gcore):
    mark = gcore.log.mark()
    gcore.playbook("gcore_instance_info_paging.yml", *extra_vars(bench=BENCH_INSTANCES), check=True)
    pages = [dict(parse_qsl(r["query"])) for r in gcore.log.since(mark) if r["path"] == INSTANCES]
    assert [(page["limit"], page["offset"]) for page in pages] == [("1000", "0"), ("1000", "1000")]


def test_check_mode_reads_the_same(gcore):
    mark = gcore.log.mark()
    gcore.playbook("gcore_instance_info_paging.yml", "--check", *extra_vars(bench=BENCH_INSTANCES), check=True)
    assert gcore.log.mutating_since(mark) == []
