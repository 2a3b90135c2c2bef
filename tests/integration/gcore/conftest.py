"""Fixtures for the Gcore integration tests: a Gcore simulator on localhost, the API it serves (for arranging
worlds and reading the truth) and real Ansible processes run against it (see tests/integration/harness)."""

import os

import pytest

from tests.integration.harness import API_KEY, BENCH_INSTANCES, GcoreApi, RequestLog, Simulated, gcore_credentials
from tests.simulator.gcore import GcoreSimulator

PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks")


@pytest.fixture(scope="module")
def gcore(tmp_path_factory):
    """A Gcore simulator with 2,100 bench instances, shared by a test module."""
    log_path = str(tmp_path_factory.mktemp("gcore") / "requests.jsonl")
    simulator = GcoreSimulator(token=API_KEY, delay=0.05, instances=BENCH_INSTANCES, request_log=log_path)
    simulator.start()
    try:
        yield Simulated(simulator, RequestLog(log_path), gcore_credentials(simulator.url), playbooks=PLAYBOOKS)
    finally:
        simulator.stop()


@pytest.fixture(scope="module")
def gcore_api(gcore):
    return GcoreApi(gcore.url)
