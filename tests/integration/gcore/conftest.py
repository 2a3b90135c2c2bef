"""Fixtures for the Gcore integration tests: a Gcore simulator on localhost, the API it serves (for arranging
worlds and reading the truth) and real Ansible processes run against it (see tests/integration/harness)."""

import pytest

from tests.integration.harness import GcoreApi, started_gcore


@pytest.fixture(scope="module")
def gcore(tmp_path_factory):
    """A Gcore simulator with 2,100 bench instances, shared by a test module."""
    simulated = started_gcore(tmp_path_factory)
    try:
        yield simulated
    finally:
        simulated.simulator.stop()


@pytest.fixture(scope="module")
def gcore_api(gcore):
    return GcoreApi(gcore.url)
