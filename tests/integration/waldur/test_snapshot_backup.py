"""waldur_snapshot and waldur_backup: full lifecycles run by ansible-playbook against the simulator."""

from tests.integration.harness import WaldurApi


def test_snapshot_lifecycle(waldur, waldur_api):
    waldur_api.create_volume("snapshot-source", size=2048)
    mark = waldur.log.mark()
    waldur.playbook("waldur_snapshot.yml", "-e", "volume_name=snapshot-source", check=True)
    # Check-mode runs, idempotent re-runs and bad inputs sent nothing: only these changes reached the API.
    # Setting every editable field sends the full object (PUT); fewer, a PATCH of what differs.
    assert waldur.log.mutating_requests(mark) == [
        "POST /api/openstack-volumes/<uuid>/snapshot/",
        "PATCH /api/openstack-snapshots/<uuid>/",
        "PATCH /api/openstack-snapshots/<uuid>/",
        "PUT /api/openstack-snapshots/<uuid>/",
        "DELETE /api/openstack-snapshots/<uuid>/",
    ]


def test_snapshot_metadata_on_both_generations(waldur_generations):
    """Only 8.x servers read snapshot metadata: on 7.x the module refuses it before sending anything."""
    waldur = waldur_generations
    generation = waldur.simulator.api_generation
    WaldurApi(waldur.url, waldur.token).create_volume("metadata-source", size=1024)
    mark = waldur.log.mark()
    waldur.playbook("waldur_snapshot_metadata.yml", "-e", "volume_name=metadata-source", "-e", "api_generation=%d" % generation,
                    check=True)
    created = ["POST /api/openstack-volumes/<uuid>/snapshot/"]
    assert waldur.log.mutating_requests(mark) == (created * 2 + ["PATCH /api/openstack-snapshots/<uuid>/"] if generation >= 8 else created) + [
        "DELETE /api/openstack-snapshots/<uuid>/"] * (2 if generation >= 8 else 1)


def test_backup_lifecycle(waldur, waldur_api):
    instance = waldur_api.create_instance("backup-source", data_volume_size=1024)
    volume_count = len(instance["volumes"])
    assert volume_count == 2
    mark = waldur.log.mark()
    waldur.playbook("waldur_backup.yml", "-e", "instance_name=backup-source", "-e", "volume_count=%d" % volume_count, check=True)
    assert waldur.log.mutating_requests(mark) == [
        "POST /api/openstack-instances/<uuid>/backup/",
        "PATCH /api/openstack-backups/<uuid>/",
        "PUT /api/openstack-backups/<uuid>/",
        "DELETE /api/openstack-backups/<uuid>/",
    ]
