"""Fixtures of the real-server contract suite: the contract world in the simulator, the same world in the real
Waldur server (started here, stopped at the end even on failure), and the recorded operations run.

A server that cannot be set up fails the suite with the reason; nothing here is skipped.
"""

import json
import os
import threading

import pytest

from tests.integration.harness import REPO_ROOT, collection_installed, Simulated
from tests.realserver.operations import run_operations
from tests.realserver.recorder import Recorder
from tests.realserver.replay import RealClient, replay_operations
from tests.realserver.server import RealWaldur
from tests.realserver.world import PLAYBOOKS, export_world
from tests.simulator.waldur import WaldurSimulator

TOKEN = "contract-token"


# The simulator plays the generation of the real server here (7.0.7-era).
API_GENERATION = 7


@pytest.fixture(scope="session", autouse=True)
def installed_collection():
    if not collection_installed():
        pytest.fail("the collection is not installed; run `make install` (make real-waldur does it)")


@pytest.fixture(scope="session")
def starting_server():
    """The real server's start, begun in a thread before the world playbook runs against the simulator: neither
    needs the other until the seed. Whatever it started is stopped at the end, also after a failed start."""
    server = RealWaldur(log=lambda message: print(message, flush=True))
    outcome = {}

    def start():
        try:
            server.start()
        except Exception as exc:  # reported by real_waldur, in the test that needs the server
            outcome["error"] = exc

    thread = threading.Thread(target=start, name="real-waldur-start", daemon=True)
    thread.start()
    try:
        yield server, thread, outcome
    finally:
        thread.join()
        server.stop()


@pytest.fixture(scope="session")
def contract_simulator(starting_server):
    simulator = WaldurSimulator(token=TOKEN, delay=0.05, api_generation=API_GENERATION)
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
def real_waldur(starting_server, contract_simulator):
    server, thread, outcome = starting_server
    thread.join()
    if "error" in outcome:
        pytest.fail("the real Waldur server could not be set up: %s" % outcome["error"], pytrace=False)
    try:
        server.world = export_world(contract_simulator.simulator.app.store)
        server.seed(server.world)
    except Exception as exc:
        pytest.fail("the real Waldur server could not be seeded: %s" % exc, pytrace=False)
    report_timings(server)
    return server


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


@pytest.fixture(scope="session")
def replays(operations, contract_simulator, real_waldur, real_client):
    """Every replayable exchange of operations.yml sent to the real server, in task order: {task: [Replayed]}.
    Objects an accepted action left scheduled go back to OK after each task."""
    replayed = replay_operations(operations, contract_simulator.url, real_waldur, real_client)
    write_report(replayed)
    return replayed


def write_report(replayed):
    """tests/output/real-waldur/replays.json: every replayed request with both servers' status, for reading."""
    directory = os.path.join(REPO_ROOT, "tests", "output", "real-waldur")
    os.makedirs(directory, exist_ok=True)
    rows = [{"task": task, "kind": r.kind, "query": r.exchange.query, "body": r.exchange.body, "simulator": r.simulator_status,
             "real": r.status, "answer": r.answer} for task, results in replayed.items() for r in results]
    with open(os.path.join(directory, "replays.json"), "w", encoding="utf-8") as handle:
        json.dump(rows, handle, indent=1, default=str)
