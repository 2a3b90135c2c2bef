"""Offset paging: limit, offset, count, the default and maximum page size."""

import pytest

from tests.simulator.gcore.paging import DEFAULT_LIMIT, MAX_LIMIT


def instance_ids(bench, **params):
    return [row["id"] for row in bench.ok("GET", bench.instances_path(), **params)["results"]]


def test_pages_cover_the_list_once(bench):
    everything = bench.ok("GET", bench.instances_path(), limit=MAX_LIMIT)
    seen = []
    offset = 0
    while offset < everything["count"]:
        page = bench.ok("GET", bench.instances_path(), limit=37, offset=offset)
        assert page["count"] == everything["count"]
        assert len(page["results"]) <= 37
        seen.extend(row["id"] for row in page["results"])
        offset += len(page["results"])
    assert seen == [row["id"] for row in everything["results"]]
    assert len(set(seen)) == everything["count"] > 37


def test_default_limit_and_clamped_maximum(bench):
    assert len(instance_ids(bench)) == DEFAULT_LIMIT
    assert len(bench.ok("GET", "/cloud/v1/tasks")["results"]) <= 10
    count = bench.ok("GET", bench.instances_path(), limit=1)["count"]
    assert len(instance_ids(bench, limit=MAX_LIMIT * 5)) == min(count, MAX_LIMIT)


def test_offset_past_the_end_gives_an_empty_page_with_the_count(bench):
    page = bench.ok("GET", bench.instances_path(), limit=10, offset=100000)
    assert page["results"] == [] and page["count"] > 0


@pytest.mark.parametrize("params", [{"limit": "x"}, {"limit": 0}, {"offset": -1}, {"limit": "1.5"}])
def test_malformed_paging_is_422(bench, params):
    response = bench("GET", bench.instances_path(), **params)
    assert response.status_code == 422
    assert response.json()["exception_class"] == "ValidationError"


def test_lookup_lists_are_paged_too(bench):
    page = bench.ok("GET", "/cloud/v1/flavors/1/76", limit=2, offset=1)
    assert page["count"] == 7 and [row["flavor_id"] for row in page["results"]] == ["g1-standard-2-4", "g1-standard-4-8"]
