"""Test-side set-up against the Waldur simulator: order instances and volumes directly over HTTP.

Used only to prepare objects the playbook under test then manages; the collection's code is never used here.
"""

import os
import time

import requests

from tests.integration.harness.runs import RequestLog, Simulated
from tests.simulator.waldur import WaldurSimulator

TOKEN = "integration-token"
PLAYBOOKS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "waldur", "playbooks")


class WaldurApi:
    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Token %s" % token

    def get(self, path, **params):
        response = self.session.get(self.url + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    def post(self, path, body):
        response = self.session.post(self.url + path, json=body, timeout=30)
        assert response.status_code in (200, 201, 202), response.text
        return response.json() if response.content else None

    def one(self, path, **params):
        found = self.get(path, **params)
        assert len(found) == 1, (path, params, found)
        return found[0]

    def wait(self, path, predicate, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            current = self.get(path)
            if predicate(current):
                return current
            assert time.monotonic() < deadline, "timed out waiting on %s: %s" % (path, current)
            time.sleep(0.05)

    def demo(self):
        tenant = self.one("/api/openstack-tenants/", name_exact="demo-tenant")
        return {
            "project": self.one("/api/projects/", name_exact="Demo Project"),
            "tenant": tenant,
            "instance_offering": self.one("/api/marketplace-public-offerings/", name_exact="Virtual machine in demo-tenant"),
            "volume_offering": self.one("/api/marketplace-public-offerings/", name_exact="Volume in demo-tenant"),
            "flavor": self.one("/api/openstack-flavors/", name_exact="m1.small", tenant_uuid=tenant["uuid"]),
            "image": self.one("/api/openstack-images/", name_exact="cirros", tenant_uuid=tenant["uuid"]),
            "subnet": self.one("/api/openstack-subnets/", name_exact="demo-subnet", tenant_uuid=tenant["uuid"]),
        }

    def order(self, offering, attributes):
        world = self.demo()
        order = self.post("/api/marketplace-orders/", {
            "project": world["project"]["url"], "offering": world[offering]["url"], "attributes": attributes,
            "accepting_terms_of_service": True,
        })
        done = self.wait("/api/marketplace-orders/%s/" % order["uuid"], lambda o: o["state"] in ("done", "erred"))
        assert done["state"] == "done", done
        return done

    def create_instance(self, name, data_volume_size=None):
        world = self.demo()
        attributes = {
            "name": name, "flavor": world["flavor"]["url"], "image": world["image"]["url"], "system_volume_size": 2048,
            "ports": [{"subnet": world["subnet"]["url"]}],
        }
        if data_volume_size:
            attributes["data_volume_size"] = data_volume_size
        order = self.order("instance_offering", attributes)
        return self.wait("/api/openstack-instances/%s/" % order["resource_uuid"], lambda i: i["state"] == "OK")

    def create_volume(self, name, size=1024):
        order = self.order("volume_offering", {"name": name, "size": size})
        return self.wait("/api/openstack-volumes/%s/" % order["resource_uuid"], lambda v: v["state"] == "OK")


def started_waldur(tmp_path_factory, api_generation=8, token=TOKEN, instances=650, **options):
    """A Waldur simulator answering as ``api_generation``, with ``token`` and ``instances`` seeded instances (650
    unless told: three pages of 300)."""
    log_path = str(tmp_path_factory.mktemp("waldur%d" % api_generation) / "requests.jsonl")
    simulator = WaldurSimulator(token=token, delay=0.05, instances=instances, request_log=log_path, api_generation=api_generation,
                                **options)
    simulator.start()
    return Simulated(simulator, RequestLog(log_path), {"WALDUR_API_URL": simulator.url, "WALDUR_ACCESS_TOKEN": token}, playbooks=PLAYBOOKS)


def control(waldur, method, path, body=None):
    """A call to the simulator's own control endpoints (``/_sim/...``)."""
    response = requests.request(method, waldur.url + path, json=body, headers={"Authorization": "Token " + waldur.token}, timeout=10)
    response.raise_for_status()
    return response.json() if response.content else None
