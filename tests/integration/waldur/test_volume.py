"""waldur_volume: the full lifecycle run by ansible-playbook against the simulator."""


def test_volume_lifecycle(waldur, waldur_api):
    waldur_api.create_instance("volume-host")
    mark = waldur.log.mark()
    waldur.playbook("waldur_volume.yml", "-e", "instance_name=volume-host", check=True)
    # Check-mode runs, idempotent re-runs and refused inputs sent nothing: only these changes reached the API.
    assert waldur.log.mutating_requests(mark) == [
        "POST /api/marketplace-orders/",
        "PATCH /api/openstack-volumes/<uuid>/",
        "POST /api/openstack-volumes/<uuid>/extend/",
        "PUT /api/openstack-volumes/<uuid>/",
        "PATCH /api/openstack-volumes/<uuid>/",
        "POST /api/openstack-volumes/<uuid>/retype/",
        "POST /api/openstack-volumes/<uuid>/attach/",
        "POST /api/openstack-volumes/<uuid>/detach/",
        "POST /api/openstack-volumes/<uuid>/retype/",
        "POST /api/openstack-volumes/<uuid>/attach/",
        "POST /api/openstack-volumes/<uuid>/detach/",
        "POST /api/openstack-volumes/<uuid>/snapshot/",
        "POST /api/openstack-snapshots/<uuid>/restore/",
        "POST /api/openstack-volumes/<uuid>/unlink/",
        "DELETE /api/openstack-snapshots/<uuid>/",
        "POST /api/marketplace-resources/<uuid>/terminate/",
    ]
