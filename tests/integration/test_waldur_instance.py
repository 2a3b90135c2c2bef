"""waldur_instance: the full lifecycle run by ansible-playbook against the simulator."""

from tests.integration.test_waldur_snapshot_backup import mutating_requests


def test_instance_lifecycle(waldur_generations):
    """On both generations: they take different forms of update_security_groups and of ``o``."""
    waldur = waldur_generations
    generation = waldur.simulator.api_generation
    mark = waldur.log.mark()
    waldur.playbook("waldur_instance.yml", "-e", "api_generation=%d" % generation, check=True)
    sent = mutating_requests(waldur, mark)
    # Check-mode runs, idempotent re-runs and refused inputs sent nothing: only these changes reached the API.
    # Setting both editable fields (name and description) sends the full object with PUT; one of them, a PATCH.
    assert sent == [
        "POST /api/marketplace-orders/",
        "POST /api/openstack-instances/<uuid>/stop/",
        "POST /api/openstack-instances/<uuid>/change_flavor/",
        "POST /api/openstack-instances/<uuid>/start/",
        "PUT /api/openstack-instances/<uuid>/",
        "POST /api/openstack-instances/<uuid>/update_security_groups/",
        "POST /api/openstack-instances/<uuid>/stop/",
        "POST /api/openstack-instances/<uuid>/start/",
        "POST /api/openstack-instances/<uuid>/restart/",
        "PATCH /api/openstack-instances/<uuid>/",
        "POST /api/openstack-instances/<uuid>/update_floating_ips/",
    ] + ([
        # a 7.x server ignores fixed IPs, so the module refuses to send them there
        "POST /api/openstack-instances/<uuid>/update_ports/",
    ] if generation >= 8 else []) + [
        "POST /api/openstack-instances/<uuid>/update_allowed_address_pairs/",
        "POST /api/openstack-instances/<uuid>/pull/",
        "POST /api/openstack-instances/<uuid>/backup/",
        "POST /api/openstack-backups/<uuid>/restore/",
        "POST /api/openstack-instances/<uuid>/stop/",
        "POST /api/marketplace-resources/<uuid>/terminate/",
        "DELETE /api/openstack-backups/<uuid>/",
        "POST /api/openstack-instances/<uuid>/stop/",
        "POST /api/marketplace-resources/<uuid>/terminate/",
    ], sent
