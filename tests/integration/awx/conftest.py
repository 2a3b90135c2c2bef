"""Fixtures for running the collection as AWX does: a Waldur and a Gcore simulator (see tests/integration/harness)
whose token and API key are distinctive strings, so that finding one in the output can only mean a leak."""

import uuid

import pytest

from tests.integration.harness import started_gcore, started_waldur

WALDUR_TOKEN = "waldur-token-%s-do-not-print" % uuid.uuid4().hex
GCORE_API_KEY = "gcore-key-%s-do-not-print" % uuid.uuid4().hex
SECRETS = (WALDUR_TOKEN, GCORE_API_KEY)
WALDUR_INSTANCES = 25
GCORE_INSTANCES = 30


@pytest.fixture(scope="module")
def waldur(tmp_path_factory):
    simulated = started_waldur(tmp_path_factory, token=WALDUR_TOKEN, instances=WALDUR_INSTANCES)
    try:
        yield simulated
    finally:
        simulated.simulator.stop()


@pytest.fixture(scope="module")
def gcore(tmp_path_factory):
    simulated = started_gcore(tmp_path_factory, api_key=GCORE_API_KEY, instances=GCORE_INSTANCES)
    try:
        yield simulated
    finally:
        simulated.simulator.stop()


@pytest.fixture(autouse=True)
def only_the_injected_connection(monkeypatch):
    """Nothing of the test process's own environment may stand in for what a credential injects."""
    for name in ("WALDUR_API_URL", "WALDUR_ACCESS_TOKEN", "GCORE_API_KEY", "GCORE_BASE_URL", "GCORE_CLOUD_PROJECT_ID",
                 "GCORE_CLOUD_REGION_ID", "ANSIBLE_CONFIG", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_INVENTORY"):
        monkeypatch.delenv(name, raising=False)
