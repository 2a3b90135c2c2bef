"""waldur_instance: the full lifecycle run by ansible-playbook against the simulator."""

import pytest

from tests.integration.harness import started_waldur


def test_instance_lifecycle(waldur_generations):
    """On both generations: they take different forms of update_security_groups and of ``o``."""
    waldur = waldur_generations
    generation = waldur.simulator.api_generation
    mark = waldur.log.mark()
    waldur.playbook("waldur_instance.yml", "-e", "api_generation=%d" % generation, check=True)
    sent = waldur.log.mutating_requests(mark)
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


@pytest.mark.parametrize("api_generation", [7, 8])
def test_security_groups_form_is_learned_when_the_version_is_hidden(tmp_path_factory, api_generation):
    """A user who is neither staff nor support may not read /api/version/: the server's answer tells the form."""
    waldur = started_waldur(tmp_path_factory, api_generation, version_visible=False)
    try:
        mark = waldur.log.mark()
        waldur.playbook("waldur_instance_groups.yml", check=True)
        requests = waldur.log.since(mark)
    finally:
        waldur.simulator.stop()
    assert [r["status"] for r in requests if r["path"] == "/api/version/"] == [403], requests
    updates = [r["status"] for r in requests if r["path"].endswith("/update_security_groups/")]
    # 8.x takes the form sent first; a 7.x server refuses it (which changes nothing) and gets its own form next
    assert updates == ([202] if api_generation >= 8 else [400, 202]), updates
