"""Test-side access to the Gcore simulator: its credentials and direct HTTP calls to arrange a world or read it back
without the collection."""

import os
import time

import requests

from tests.integration.harness.runs import RequestLog, Simulated
from tests.simulator.gcore import GcoreSimulator

API_KEY = "gcore-integration-key"
PROJECT_ID = 1
REGION_ID = 76
# 1,050 instances in each region: listing region 76 takes two pages of 1,000.
BENCH_INSTANCES = 2100
INSTANCES = "/cloud/v1/instances/%d/%d" % (PROJECT_ID, REGION_ID)
V2_INSTANCES = "/cloud/v2/instances/%d/%d" % (PROJECT_ID, REGION_ID)
PLAYBOOKS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "gcore", "playbooks")


def credentials(url, api_key=API_KEY):
    return {"GCORE_API_KEY": api_key, "GCORE_BASE_URL": url, "GCORE_CLOUD_PROJECT_ID": str(PROJECT_ID),
            "GCORE_CLOUD_REGION_ID": str(REGION_ID)}


def started_gcore(tmp_path_factory, api_key=API_KEY, instances=BENCH_INSTANCES):
    """A started Gcore simulator with ``api_key`` and ``instances`` bench instances (2,100 unless told)."""
    log_path = str(tmp_path_factory.mktemp("gcore") / "requests.jsonl")
    simulator = GcoreSimulator(token=api_key, delay=0.05, instances=instances, request_log=log_path)
    simulator.start()
    return Simulated(simulator, RequestLog(log_path), credentials(simulator.url, api_key), playbooks=PLAYBOOKS)


class GcoreApi:
    """Direct HTTP calls to the simulator, to arrange a world or read it back without the collection."""

    def __init__(self, url, api_key=API_KEY):
        self.url = url
        self.session = requests.Session()
        self.session.headers["Authorization"] = "APIKey " + api_key

    def call(self, method, path, body=None, **params):
        response = self.session.request(method, self.url + path, json=body, params=params, timeout=30)
        response.raise_for_status()
        return response.json() if response.content else None

    def regional(self, collection, *parts):
        return "/cloud/v1/%s/%d/%d%s" % (collection, PROJECT_ID, REGION_ID, "".join("/" + part for part in parts))

    def all(self, collection, **params):
        return self.call("GET", self.regional(collection), limit=1000, **params)["results"]

    def named(self, collection, name):
        return [row for row in self.all(collection) if row.get("name") == name][0]

    def wait_for_task(self, task_id):
        for _attempt in range(200):
            task = self.call("GET", "/cloud/v1/tasks/%s" % task_id)
            if task["state"] in ("FINISHED", "ERROR"):
                return task
            time.sleep(0.05)
        raise AssertionError("task %s did not end" % task_id)

    def create_instance(self, name, interface_name=None):
        """An instance on demo-subnet from ubuntu-22.04; return its id once it runs."""
        network = self.named("networks", "demo-net")
        interface = {"type": "subnet", "network_id": network["id"], "subnet_id": network["subnets"][0]}
        if interface_name:
            interface["interface_name"] = interface_name
        body = {"name": name, "flavor": "g1-standard-1-2", "interfaces": [interface],
                "volumes": [{"source": "image", "image_id": self.named("images", "ubuntu-22.04")["id"], "size": 5,
                             "delete_on_termination": True}]}
        task_id = self.call("POST", "/cloud/v2/instances/%d/%d" % (PROJECT_ID, REGION_ID), body)["tasks"][0]
        return self.wait_for_task(task_id)["created_resources"]["instances"][0]

    def act(self, instance_id, action):
        path = "/cloud/v2/instances/%d/%d/%s/action" % (PROJECT_ID, REGION_ID, instance_id)
        return self.wait_for_task(self.call("POST", path, {"action": action})["tasks"][0])

    def instances(self, **filters):
        return self.all("instances", **filters)

    def add_fault(self, **spec):
        self.call("POST", "/_sim/faults", spec)

    def clear_faults(self):
        self.call("DELETE", "/_sim/faults")
