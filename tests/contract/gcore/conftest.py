"""Fixtures of the Gcore contract tests: a running simulator and the official SDK (``gcore``) pointed at it.

The SDK client validates every answer against its pydantic types (``_strict_response_validation``): a missing
required field or an unknown enum value fails the call. ``exact`` adds the other direction: no field the type
does not know.
"""

import gcore
import pytest

from tests.simulator.gcore import GcoreSimulator

from .shapes import exact

API_KEY = "contract-api-key"
PROJECT = 1
REGION = 76
BENCH = 45


@pytest.fixture(scope="session")
def simulator():
    with GcoreSimulator(port=0, token=API_KEY, delay=0.2, instances=BENCH) as sim:
        yield sim


@pytest.fixture(scope="session")
def client(simulator):
    """Polls tasks every second, the SDK's minimum."""
    with gcore.Gcore(api_key=API_KEY, base_url=simulator.url, cloud_project_id=PROJECT, cloud_region_id=REGION,
                     polling_interval_seconds=1, polling_timeout_seconds=30, _strict_response_validation=True) as sdk:
        yield sdk


@pytest.fixture(scope="session")
def no_retries(client):
    """For answers the SDK would otherwise retry (409, 429, 5xx)."""
    return client.with_options(max_retries=0)


@pytest.fixture(scope="session")
def world(client):
    """The seeded look-ups the tests use, by name (each checked against its SDK type on the way)."""
    def named(page, name, field="name"):
        found = [exact(item) for item in page if getattr(item, field) == name]
        assert len(found) == 1, (name, found)
        return found[0]

    return {
        "demo-net": named(client.cloud.networks.list(), "demo-net"),
        "demo-subnet": named(client.cloud.networks.subnets.list(), "demo-subnet"),
        "ubuntu": named(client.cloud.instances.images.list(), "ubuntu-22.04"),
        "broken-image": named(client.cloud.instances.images.list(), "broken-image"),
        "web": named(client.cloud.security_groups.list(), "web"),
        "server-group": named(client.cloud.placement_groups.list(), "demo-anti-affinity"),
        "demo-key": named(client.cloud.ssh_keys.list(), "demo-key"),
    }


@pytest.fixture
def create_body(world):
    def body(name, **extra):
        values = {"name": name, "flavor": "g1-standard-1-2", "ssh_key_name": "demo-key",
                  "interfaces": [{"type": "subnet", "network_id": world["demo-net"].id, "subnet_id": world["demo-subnet"].id,
                                  "floating_ip": {"source": "new"}}],
                  "volumes": [{"source": "image", "image_id": world["ubuntu"].id, "size": 10, "boot_index": 0,
                               "delete_on_termination": True}]}
        values.update(extra)
        return values
    return body


@pytest.fixture
def instance(client, create_body, request):
    """A fresh ACTIVE instance made with create_and_poll; deleted afterwards (without waiting) if the test left it."""
    created = exact(client.cloud.instances.create_and_poll(**create_body(request.node.name[:60])))
    yield created
    if any(row.id == created.id and not row.task_id for row in client.cloud.instances.list(uuid=created.id)):
        client.cloud.instances.delete(created.id)
