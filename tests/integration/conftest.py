"""Fixtures for integration tests: simulators on localhost and real Ansible processes (see harness.py)."""

import pytest

from tests.integration.harness import RequestLog, Simulated, collection_installed
from tests.integration.waldur_api import WaldurApi
from tests.simulator.waldur import WaldurSimulator

TOKEN = "integration-token"


@pytest.fixture(scope="session", autouse=True)
def installed_collection():
    if not collection_installed():
        pytest.fail("the collection is not installed; run `make install` (make integration does it)")


@pytest.fixture(scope="module")
def waldur(tmp_path_factory):
    """A Waldur simulator with 650 seeded instances (three pages of 300), shared by a test module."""
    log_path = str(tmp_path_factory.mktemp("waldur") / "requests.jsonl")
    simulator = WaldurSimulator(token=TOKEN, delay=0.05, instances=650, request_log=log_path)
    simulator.start()
    try:
        yield Simulated(simulator, RequestLog(log_path), {"WALDUR_API_URL": simulator.url, "WALDUR_ACCESS_TOKEN": TOKEN})
    finally:
        simulator.stop()


@pytest.fixture(scope="module")
def waldur_api(waldur):
    return WaldurApi(waldur.url, waldur.token)
