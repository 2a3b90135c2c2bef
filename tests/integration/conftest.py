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


def started_waldur(tmp_path_factory, api_generation=8, **options):
    """A Waldur simulator with 650 seeded instances (three pages of 300) answering as ``api_generation``."""
    log_path = str(tmp_path_factory.mktemp("waldur%d" % api_generation) / "requests.jsonl")
    simulator = WaldurSimulator(token=TOKEN, delay=0.05, instances=650, request_log=log_path, api_generation=api_generation,
                                **options)
    simulator.start()
    return Simulated(simulator, RequestLog(log_path), {"WALDUR_API_URL": simulator.url, "WALDUR_ACCESS_TOKEN": TOKEN})


@pytest.fixture(scope="module")
def waldur(tmp_path_factory):
    """A Waldur simulator of the default (8.x) generation, shared by a test module."""
    simulated = started_waldur(tmp_path_factory)
    try:
        yield simulated
    finally:
        simulated.simulator.stop()


@pytest.fixture(scope="module", params=[7, 8], ids=["waldur7", "waldur8"])
def waldur_generations(request, tmp_path_factory):
    """One Waldur simulator per API generation, for tests of requests whose accepted form differs between them."""
    simulated = started_waldur(tmp_path_factory, request.param)
    try:
        yield simulated
    finally:
        simulated.simulator.stop()


@pytest.fixture(scope="module")
def waldur_api(waldur):
    return WaldurApi(waldur.url, waldur.token)
