"""Volume snapshots: the list with its filters and paging, one by id, and a snapshot as a create's boot volume."""

import pytest

SNAPSHOTS = "/cloud/v1/snapshots/1/76"


def names(gcore, **params):
    return [row["name"] for row in gcore.ok("GET", SNAPSHOTS, **params)["results"]]


@pytest.fixture
def second_snapshot(gcore):
    """A snapshot of a volume attached to an instance, made by a schedule of lifecycle policy 5."""
    demo = gcore.lookup("snapshots", "demo-snapshot")
    row = dict(gcore.simulator.app.store.get("snapshot", demo["id"]), id="7b0c4c57-2a39-4b8e-8c2e-5d0b7f1e9a01",
               name="nightly", volume_id="5f7e6a1c-0d4b-4f3e-9a2b-8c1d0e9f7a6b", instance_id="an-instance",
               schedule_id="a-schedule", lifecycle_policy_id=5, tags={})
    return gcore.simulator.app.store.add("snapshot", row)


def test_list_and_get(gcore):
    listed = gcore.ok("GET", SNAPSHOTS)
    assert listed["count"] == 1
    demo = listed["results"][0]
    assert (demo["name"], demo["size"], demo["status"], demo["region"]) == ("demo-snapshot", 10, "available", "Luxembourg-2")
    assert gcore.ok("GET", "%s/%s" % (SNAPSHOTS, demo["id"])) == demo
    assert gcore.lookup("snapshots", "demo-snapshot", region=77)["id"] != demo["id"]
    missing = gcore("GET", "%s/%s" % (SNAPSHOTS, "00000000-0000-4000-8000-000000000000"))
    assert missing.status_code == 404 and missing.json()["message"].startswith("Snapshot ")


def test_filters_and_paging(gcore, second_snapshot):
    assert names(gcore) == ["demo-snapshot", "nightly"]
    assert names(gcore, volume_id=second_snapshot["volume_id"]) == ["nightly"]
    assert names(gcore, instance_id="an-instance") == ["nightly"]
    assert names(gcore, schedule_id="a-schedule") == ["nightly"]
    assert names(gcore, lifecycle_policy_id=5) == ["nightly"]
    assert names(gcore, lifecycle_policy_id=6) == []
    assert gcore.ok("GET", SNAPSHOTS, limit=1, offset=1) == {"count": 2, "results": [gcore.lookup("snapshots", "nightly")]}
    assert gcore("GET", SNAPSHOTS, lifecycle_policy_id="x").status_code == 422


def test_a_listed_snapshot_boots_a_new_instance_with_its_image(gcore):
    snapshot = gcore.lookup("snapshots", "demo-snapshot")
    instance = gcore.create(volumes=[{"source": "snapshot", "snapshot_id": snapshot["id"], "size": 10, "boot_index": 0}])
    boot = gcore.ok("GET", "/cloud/v1/volumes/1/76/" + instance["volumes"][0]["id"])
    assert instance["status"] == "ACTIVE"
    assert boot["volume_image_metadata"]["image_name"] == "ubuntu-22.04" and boot["size"] == 10
