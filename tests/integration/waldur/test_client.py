"""The Waldur API layer (module_utils.waldur.client) over real HTTP against the simulator: look-ups, orders, waiting,
termination and retries. The Ansible modules build on exactly these calls."""

import time

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import (
    AmbiguousError, NotFoundError, WaldurClient, WaldurError, mib,
)
from tests.integration.harness import control


@pytest.fixture(scope="module")
def client(waldur):
    api = WaldurClient.from_options(waldur.url + "/api/", waldur.token, timeout=10)
    yield api
    api.close()


@pytest.fixture(scope="module")
def offering(client):
    return client.resolve("offering", "Virtual machine in demo-tenant")


@pytest.mark.parametrize("kind, ref", [
    ("project", "Demo Project"),
    ("customer", "Demo Organization"),
    ("tenant", "demo-tenant"),
    ("ssh_key", "demo-key"),
])
def test_global_lookups_by_name_uuid_and_url(client, kind, ref):
    by_name = client.resolve(kind, ref)
    assert by_name["name"] == ref
    assert client.resolve(kind, by_name["uuid"])["uuid"] == by_name["uuid"]
    assert client.resolve(kind, by_name["url"])["uuid"] == by_name["uuid"]


def in_tenant_of(client, kind, ref, offering):
    """Resolve as the modules do for a new object: among the objects of the offering's tenant."""
    return client.resolve(kind, ref, within="in tenant '%s'" % offering["scope_name"], tenant_uuid=offering["scope_uuid"])


@pytest.mark.parametrize("kind, ref", [
    ("flavor", "m1.small"),
    ("image", "cirros"),
    ("subnet", "demo-subnet"),
    ("security_group", "ssh"),
    ("server_group", "demo-anti-affinity"),
    ("volume_type", "ssd"),
    ("instance_availability_zone", "nova"),
    ("volume_availability_zone", "nova"),
    ("floating_ip", "203.0.113.12"),
])
def test_tenant_scoped_lookups(client, offering, kind, ref):
    found = in_tenant_of(client, kind, ref, offering)
    assert ref in (found.get("name"), found.get("address"))
    assert in_tenant_of(client, kind, found["uuid"], offering)["uuid"] == found["uuid"]


def test_scoping_to_the_tenant_removes_ambiguity(client, offering):
    with pytest.raises(AmbiguousError, match=r"Flavor 'm1.small' is ambiguous: 2 matches \("):
        client.resolve("flavor", "m1.small")
    assert in_tenant_of(client, "flavor", "m1.small", offering)["name"] == "m1.small"


def test_ambiguous_and_not_found_name_the_candidates_and_the_scope(client, offering):
    with pytest.raises(AmbiguousError) as info:
        in_tenant_of(client, "security_group", "duplicate-sg", offering)
    assert "Security group 'duplicate-sg' in tenant 'demo-tenant' is ambiguous: 2 matches (" in str(info.value)
    assert len(info.value.facts["candidates"]) == 2
    with pytest.raises(NotFoundError, match="Image 'windows-95' in tenant 'demo-tenant' not found"):
        in_tenant_of(client, "image", "windows-95", offering)
    with pytest.raises(NotFoundError, match="Flavor 0{32} not found"):
        client.resolve("flavor", "0" * 32)


def order_instance(client, offering, name, image="cirros", project="Demo Project"):
    project = client.resolve("project", project)
    attributes = {
        "name": name,
        "flavor": in_tenant_of(client, "flavor", "m1.tiny", offering)["url"],
        "image": in_tenant_of(client, "image", image, offering)["url"],
        "system_volume_size": mib(1),
        "ports": [{"subnet": in_tenant_of(client, "subnet", "demo-subnet", offering)["url"]}],
    }
    return client.create_order(project["url"], offering["url"], attributes)


def test_order_wait_terminate_and_wait_until_gone(client, offering):
    order = order_instance(client, offering, "api-layer-vm")
    done = client.wait_for_order(order["uuid"], timeout=30, label="instance 'api-layer-vm'")
    instance = client.wait_for_state("instance", done["resource_uuid"], timeout=30)
    assert instance["runtime_state"] == "ACTIVE"

    with pytest.raises(ApiError) as info:
        client.terminate(done["marketplace_resource_uuid"], {"action": "destroy"})
    assert info.value.status == 409
    assert "Please stop the instance before its removal." in str(info.value)

    client.action("instance", instance["uuid"], "stop")
    assert client.wait_for_state("instance", instance["uuid"], timeout=30)["runtime_state"] == "SHUTOFF"
    client.terminate(done["marketplace_resource_uuid"], {"action": "destroy", "delete_volumes": True})
    assert client.wait_until_gone("instance", instance["uuid"], timeout=30) is None
    assert client.retrieve_or_none("instance", instance["uuid"]) is None


def test_erred_order_carries_the_backend_message(client, offering):
    order = order_instance(client, offering, "api-layer-broken", image="broken-image")
    with pytest.raises(WaldurError, match="Order for instance 'api-layer-broken' is erred: Image broken-image failed to boot"):
        client.wait_for_order(order["uuid"], timeout=30, label="instance 'api-layer-broken'")


def test_order_waiting_for_approval_says_so(client, offering):
    order = order_instance(client, offering, "api-layer-approval", project="Approval Project")
    started = time.monotonic()
    with pytest.raises(WaldurError, match=r"is waiting for approval \(state pending-consumer\)"):
        client.wait_for_order(order["uuid"], timeout=2)
    assert time.monotonic() - started < 4


def test_reads_are_retried_after_transient_errors(waldur, client):
    control(waldur, "POST", "/_sim/faults", {"method": "GET", "path_regex": "^/api/projects/$", "status": 503, "count": 2, "retry_after": 0.2})
    started = time.monotonic()
    assert client.resolve("project", "Demo Project")["name"] == "Demo Project"
    assert time.monotonic() - started >= 0.4  # two waits of Retry-After
    assert control(waldur, "GET", "/_sim/faults") == []


def test_reads_survive_a_dropped_connection(waldur, client):
    control(waldur, "POST", "/_sim/faults", {"method": "GET", "path_regex": "^/api/customers/$", "count": 1, "drop_connection": True})
    assert client.resolve("customer", "Demo Organization")["name"] == "Demo Organization"


def test_a_create_is_not_retried_when_the_server_may_have_acted(waldur, client, offering):
    mark = waldur.log.mark()
    control(waldur, "POST", "/_sim/faults", {"method": "POST", "path_regex": "^/api/marketplace-orders/$", "status": 503, "count": 1})
    with pytest.raises(ApiError) as info:
        order_instance(client, offering, "api-layer-no-dup")
    assert info.value.status == 503
    posts = [r for r in waldur.log.since(mark) if r["method"] == "POST" and r["path"] == "/api/marketplace-orders/"]
    assert len(posts) == 1


def test_a_create_is_retried_after_429(waldur, client, offering):
    control(waldur, "POST", "/_sim/faults", {"method": "POST", "path_regex": "^/api/marketplace-orders/$", "status": 429, "count": 1, "retry_after": 0.1})
    order = order_instance(client, offering, "api-layer-429")
    assert client.wait_for_order(order["uuid"], timeout=30)["state"] == "done"
