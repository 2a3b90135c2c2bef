"""Fixtures for integration tests: simulators on localhost and real ansible-playbook / ansible-inventory processes.

The collection under test is the installed one (``make install`` puts it into .build/collections), exactly as a
user would get it from the built artifact.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.simulator.waldur import WaldurSimulator

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".build", "collections")
PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks")
TOKEN = "integration-token"
MUTATING = ("POST", "PUT", "PATCH", "DELETE")


def ansible_bin(name):
    local = os.path.join(os.path.dirname(sys.executable), name)
    return local if os.path.exists(local) else shutil.which(name)


@pytest.fixture(scope="session", autouse=True)
def installed_collection():
    if not os.path.isdir(os.path.join(COLLECTIONS, "ansible_collections", "cloudfleet", "openstack")):
        pytest.fail("the collection is not installed; run `make install` (make integration does it)")


class RequestLog:
    """The simulator's request log: one JSON object per line (method, path, query, status)."""

    def __init__(self, path):
        self.path = path

    def entries(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def mark(self):
        return len(self.entries())

    def since(self, mark):
        return self.entries()[mark:]

    def mutating_since(self, mark):
        return [e for e in self.since(mark) if e["method"] in MUTATING and not e["path"].startswith("/_sim/")]


class Simulated:
    def __init__(self, simulator, log):
        self.simulator = simulator
        self.url = simulator.url
        self.token = TOKEN
        self.log = log

    def env(self, **extra):
        env = dict(os.environ)
        env.update(
            ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_FORCE_COLOR="0",
            ANSIBLE_RETRY_FILES_ENABLED="0",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            ANSIBLE_PYTHON_INTERPRETER=sys.executable,
            WALDUR_API_URL=self.url,
            WALDUR_ACCESS_TOKEN=self.token,
        )
        env.update(extra)
        return env

    def playbook(self, name, *args, env=None, check=None):
        command = [ansible_bin("ansible-playbook"), os.path.join(PLAYBOOKS, name)] + list(args)
        result = subprocess.run(command, env=self.env(**(env or {})), capture_output=True, text=True, timeout=600, check=False)
        if check is not None and (result.returncode == 0) != check:
            raise AssertionError("ansible-playbook %s exited %d\nSTDOUT:\n%s\nSTDERR:\n%s"
                                 % (name, result.returncode, result.stdout[-6000:], result.stderr[-3000:]))
        return result


@pytest.fixture(scope="module")
def waldur(tmp_path_factory):
    """A Waldur simulator with 650 seeded instances (three pages of 300), shared by a test module."""
    log_path = str(tmp_path_factory.mktemp("waldur") / "requests.jsonl")
    simulator = WaldurSimulator(token=TOKEN, delay=0.05, instances=650, request_log=log_path)
    simulator.start()
    try:
        yield Simulated(simulator, RequestLog(log_path))
    finally:
        simulator.stop()


@pytest.fixture(scope="module")
def waldur_api(waldur):
    from tests.integration.waldur_api import WaldurApi  # pylint: disable=import-outside-toplevel

    return WaldurApi(waldur.url, waldur.token)
