"""Fixtures of the real-server contract suite: the contract world in the simulator, the same world in the real
Waldur server (started here, stopped at the end even on failure), and the recorded operations run.

A server that cannot be set up fails the suite with the reason; nothing here is skipped.
"""

import inspect
import os

import pytest

from tests.integration.harness import Simulated, collection_installed
from tests.realserver.operations import run_operations
from tests.realserver.recorder import Recorder
from tests.realserver.replay import RealClient
from tests.realserver.server import RealWaldur
from tests.realserver.world import PLAYBOOKS, export_world
from tests.simulator.waldur import WaldurSimulator

TOKEN = "contract-token"


def simulator_options():
    """The simulator in its 7.x generation when it has one (the real server here is 7.0.7-era)."""
    if "api_generation" in inspect.signature(WaldurSimulator).parameters:
        return {"api_generation": 7}
    return {}


@pytest.fixture(scope="session", autouse=True)
def installed_collection():
    if not collection_installed():
        pytest.fail("the collection is not installed; run `make install` (make real-waldur does it)")


@pytest.fixture(scope="session")
def contract_simulator():
    simulator = WaldurSimulator(token=TOKEN, delay=0.05, **simulator_options())
    simulator.start()
    recorder = Recorder(simulator)
    simulated = Simulated(simulator, None, {"WALDUR_API_URL": simulator.url, "WALDUR_ACCESS_TOKEN": TOKEN}, playbooks=PLAYBOOKS)
    simulated.recorder = recorder
    try:
        simulated.playbook("world.yml", check=True)
        yield simulated
    finally:
        simulator.stop()


@pytest.fixture(scope="session")
def real_waldur(contract_simulator):
    server = RealWaldur(log=lambda message: print(message, flush=True))
    try:
        server.start()
        server.seed(export_world(contract_simulator.simulator.app.store))
    except Exception as exc:
        server.stop()
        pytest.fail("the real Waldur server could not be set up: %s" % exc, pytrace=False)
    report_timings(server)
    try:
        yield server
    finally:
        server.stop()


def report_timings(server):
    path = os.environ.get("WALDUR_CONTRACT_TIMINGS")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("%s\n" % server.timings)


@pytest.fixture(scope="session")
def real(real_waldur):
    """Running Ansible against the real server, as the harness runs it against a simulator."""
    simulated = Simulated(real_waldur, None, {"WALDUR_API_URL": real_waldur.url, "WALDUR_ACCESS_TOKEN": real_waldur.token},
                          playbooks=PLAYBOOKS)
    return simulated


@pytest.fixture(scope="session")
def real_client(real_waldur):
    return RealClient(real_waldur.url, real_waldur.token)


@pytest.fixture(scope="session")
def operations(contract_simulator, real_waldur):
    """The exchanges of operations.yml against the simulator, by task name (the real server is seeded first, from
    the world as it was before these operations)."""
    return run_operations(contract_simulator)
