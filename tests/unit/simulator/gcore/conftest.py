"""Fixtures: Gcore simulators on a fake clock (fresh per test, or a shared read-only bench world) and an HTTP helper."""

import pytest
import requests

from tests.simulator.gcore import GcoreSimulator

API_KEY = "unit-api-key"
DELAY = 1.0
PROJECT = 1
REGION = 76


class FakeClock:
    """The simulator's clock: time moves only when a test says so."""

    def __init__(self, now=1800000000.0):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds=DELAY):
        self.now += seconds


class Gcore:
    """requests against one simulator with the API key set; paths may omit ``/cloud/v1/<kind>/1/76`` via helpers."""

    def __init__(self, simulator, clock, api_key=API_KEY):
        self.simulator = simulator
        self.clock = clock
        self.session = requests.Session()
        if api_key:
            self.session.headers["Authorization"] = "APIKey " + api_key

    def __call__(self, method, path, body=None, **params):
        return self.session.request(method, self.simulator.url + path, json=body, params=params, timeout=10)

    def ok(self, method, path, body=None, expect=200, **params):
        response = self(method, path, body, **params)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    def instances_path(self, region=REGION):
        return "/cloud/v1/instances/%d/%d" % (PROJECT, region)

    def instance_path(self, instance_id, suffix="", region=REGION):
        return "%s/%s%s" % (self.instances_path(region), instance_id, "/" + suffix if suffix else "")

    def lookup(self, collection, name, region=REGION):
        found = [row for row in self.ok("GET", "/cloud/v1/%s/%d/%d" % (collection, PROJECT, region), limit=1000)["results"]
                 if row["name"] == name]
        assert len(found) == 1, (collection, name, found)
        return found[0]

    def create_body(self, name="vm-1", region=REGION, image="ubuntu-22.04", flavor="g1-standard-2-4", **extra):
        network = self.lookup("networks", "demo-net", region)
        subnet = self.lookup("subnets", "demo-subnet", region)
        body = {"name": name, "flavor": flavor,
                "interfaces": [{"type": "subnet", "network_id": network["id"], "subnet_id": subnet["id"]}],
                "volumes": [{"source": "image", "image_id": self.lookup("images", image, region)["id"], "size": 10,
                             "boot_index": 0, "delete_on_termination": True}]}
        body.update(extra)
        return body

    def start_create(self, **body):
        """POST a create; return (instance id, task id) while the task is still NEW."""
        task_id = self.ok("POST", "/cloud/v2/instances/%d/%d" % (PROJECT, REGION), self.create_body(**body))["tasks"][0]
        task = self.ok("GET", "/cloud/v1/tasks/" + task_id)
        return task["created_resources"]["instances"][0], task_id

    def finish(self):
        """Let every task started so far end (two transitions)."""
        self.clock.advance(2 * DELAY)

    def create(self, **body):
        instance_id, task_id = self.start_create(**body)
        self.finish()
        assert self.ok("GET", "/cloud/v1/tasks/" + task_id)["state"] == "FINISHED"
        return self.ok("GET", self.instance_path(instance_id))

    def act(self, instance_id, action):
        task_id = self.ok("POST", "/cloud/v2/instances/%d/%d/%s/action" % (PROJECT, REGION, instance_id), {"action": action})["tasks"][0]
        self.finish()
        return self.ok("GET", "/cloud/v1/tasks/" + task_id)


def start(clock, instances=0, **options):
    simulator = GcoreSimulator(port=0, token=API_KEY, delay=DELAY, instances=instances, **options)
    simulator.app.scheduler.clock = clock
    return simulator.start()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def gcore(clock):
    simulator = start(clock)
    yield Gcore(simulator, clock)
    simulator.stop()


@pytest.fixture(scope="module")
def bench():
    """A read-only world with 600 bench instances (about 300 per region)."""
    clock = FakeClock()
    simulator = start(clock, instances=600)
    yield Gcore(simulator, clock)
    simulator.stop()


@pytest.fixture
def launch(clock):
    """Start a simulator with extra options (``request_log``, ``instances``, ...); stopped after the test."""
    started = []

    def make(**options):
        simulator = start(clock, **options)
        started.append(simulator)
        return Gcore(simulator, clock)

    yield make
    for simulator in started:
        simulator.stop()
