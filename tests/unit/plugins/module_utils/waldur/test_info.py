"""order_by: parsed and checked before any request, applied to what was read, never sent as ``o``."""

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import WaldurError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.info import (
    InfoSpec, build_filters, find_objects, order_objects, order_specs,
)

VOLUMES = InfoSpec(kind="volume", result_key="volumes", api_filters=["name", "o", "project_uuid"], order_keys=("size",))


class Client:
    """Records list calls; never resolves references (no test here names one)."""

    def __init__(self, objects):
        self.objects = objects
        self.queries = []

    def list(self, kind, query):
        self.queries.append((kind, query))
        return list(self.objects)


def params(**values):
    base = dict(uuid=None, filters={}, order_by=None, name=None, name_contains=None, state=None, backend_id=None,
                description=None, project=None, customer=None, tenant=None)
    base.update(values)
    return base


ROWS = [
    {"name": "b", "size": 2048, "created": "2026-01-02T00:00:00Z"},
    {"name": "a", "size": 1024, "created": "2026-01-03T00:00:00Z"},
    {"name": "c", "size": 2048, "created": "2026-01-01T00:00:00Z"},
    {"name": "d", "size": None, "created": "2026-01-04T00:00:00Z"},
]


def names(objects):
    return [obj["name"] for obj in objects]


@pytest.mark.parametrize("order_by, expected", [
    ("name", ["a", "b", "c", "d"]),
    ("-name", ["d", "c", "b", "a"]),
    ("-created", ["d", "a", "b", "c"]),
    ("size", ["a", "b", "c", "d"]),
    ("-size", ["d", "b", "c", "a"]),
    ("-size,-name", ["d", "c", "b", "a"]),
    ("size, -created", ["a", "b", "c", "d"]),
    (None, ["b", "a", "c", "d"]),
])
def test_the_objects_read_are_sorted_and_no_o_is_sent(order_by, expected):
    client = Client(ROWS)
    found = find_objects(VOLUMES, client, params(order_by=order_by))
    assert names(found) == expected
    assert client.queries == [("volume", {})]


def test_an_unknown_field_fails_before_any_request():
    client = Client(ROWS)
    with pytest.raises(WaldurError, match="cannot sort volumes by 'start_time'; the fields are: .*size"):
        find_objects(VOLUMES, client, params(order_by="name,start_time"))
    assert client.queries == []


def test_o_in_filters_is_refused():
    with pytest.raises(WaldurError, match="use order_by instead"):
        build_filters(VOLUMES, Client([]), params(filters={"o": "name"}))


def test_order_specs_and_missing_values():
    assert order_specs(VOLUMES, "-size,name") == [("size", True), ("name", False)]
    assert order_specs(VOLUMES, "") == []
    assert names(order_objects([{"name": "x"}, {"name": "y", "size": 1}], [("size", False)])) == ["y", "x"]
