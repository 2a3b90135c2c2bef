"""gcore_instance booting from a snapshot given by name, run by ansible-playbook against the Gcore simulator: the
create carries the snapshot's id, and unknown snapshots fail before any request that changes something."""

from tests.integration.harness import V2_INSTANCES, extra_vars

SNAPSHOT = "demo-snapshot"
SNAPSHOTS = "/cloud/v1/snapshots/1/76"


def test_create_from_a_snapshot_by_name(gcore, gcore_api):
    snapshot_id = gcore_api.named("snapshots", SNAPSHOT)["id"]
    mark = gcore.log.mark()
    gcore.playbook("gcore_instance_snapshot.yml", *extra_vars(snapshot_name=SNAPSHOT), check=True)
    # One quota check in check mode, one before the create; the unknown snapshots sent nothing that changes.
    assert gcore.log.mutating_requests(mark) == [
        "POST %s/check_limits" % V2_INSTANCES, "POST %s/check_limits" % V2_INSTANCES, "POST %s" % V2_INSTANCES]
    snapshot_reads = sorted(set(r["path"] for r in gcore.log.since(mark) if r["path"].startswith(SNAPSHOTS)))
    assert snapshot_reads == [SNAPSHOTS, "%s/00000000-0000-4000-8000-000000000000" % SNAPSHOTS]
    created = gcore_api.instances(name="^it-from-snapshot$")
    assert len(created) == 1
    create_body = gcore_api.call("GET", "/cloud/v1/tasks/%s" % created[0]["creator_task_id"])["data"]
    assert [(volume["source"], volume["snapshot_id"]) for volume in create_body["volumes"]] == [("snapshot", snapshot_id)]
