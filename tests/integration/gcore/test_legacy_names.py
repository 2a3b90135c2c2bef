"""The Gcore modules on a region whose instance list carries the older field names (instance_id, instance_name,
instance_created, keypair_name, metadata; region 77 of the simulator): they must read them as the current ones."""

import json

LEGACY_LIST = "/cloud/v1/instances/1/77"


def test_modules_read_the_older_list_names(gcore, gcore_api):
    rows = gcore_api.call("GET", LEGACY_LIST, limit=50, offset=0, name="^bench-")["results"]
    row = next(row for row in rows if row["metadata"] and row["status"] == "ACTIVE")
    assert "id" not in row and "name" not in row
    legacy = gcore_api.call("GET", "%s/%s" % (LEGACY_LIST, row["instance_id"]))
    mark = gcore.log.mark()
    gcore.playbook("gcore_legacy_list.yml", "-e", json.dumps({"legacy": legacy}), check=True)
    assert gcore.log.mutating_since(mark) == []
