"""Run the Waldur inventory plugin in-process, through Ansible's plugin loader, against a scripted API (no network)."""

import importlib
import re

import pytest
import yaml

from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from tests.unit.fakes import FakeSession, make_response
from tests.unit.waldur_fakes import BASE, paged

TENANT_UUID = "e0d046f401735147b177ae13d8d45cc8"
PROJECT_UUID = "1b3e93d8c01e5349b764fc286106a42f"
COLLECTION = "ansible_collections.cloudfleet.openstack"


def collection_module(name):
    return importlib.import_module("%s.plugins.%s" % (COLLECTION, name))


def instance(uuid, name, **fields):
    """An instance as the list endpoint returns it with the plugin's fields (real-server shapes by default)."""
    data = {
        "uuid": uuid, "name": name, "description": "", "backend_id": "os-" + uuid[:8], "state": "OK",
        "runtime_state": "ACTIVE", "error_message": "", "project_name": "Demo Project", "project_uuid": PROJECT_UUID,
        "customer_name": "Demo Organization", "customer_uuid": "c" * 32, "tenant_uuid": TENANT_UUID,
        "service_name": "Demo Cloud", "availability_zone_name": "nova", "flavor_name": "m1.small", "image_name": "cirros",
        "cores": 1, "ram": 2048, "disk": 20480, "key_name": "demo-key", "hypervisor_hostname": "compute-01",
        "start_time": "2025-01-01T00:00:00+00:00", "external_ips": [], "internal_ips": ["192.168.42.10"],
        "access_url": ["192.168.42.10"],
    }
    data.update(fields)
    return data


class ScriptedApi:
    """Routes (method, path) to handlers; every request is recorded in ``session.calls``."""

    def __init__(self):
        self.routes = []
        self.session = FakeSession(self.dispatch)

    def on(self, method, path_regex, handler, first=False):
        self.routes.insert(0 if first else len(self.routes), (method, re.compile(path_regex + "$"), handler))

    def dispatch(self, method, url, params, _body):
        path = url[len(BASE):].split("?")[0]
        for route_method, pattern, handler in self.routes:
            if route_method == method and pattern.match(path):
                return handler(query=list(params or []), url=url)
        return make_response(404, {"detail": "Not found."}, url=url, method=method)

    def client(self):
        transport_module = collection_module("module_utils.common.transport")
        transport = transport_module.Transport(BASE, auth_header="Token unit-secret-token", session=self.session,
                                               sleep=lambda _seconds: None, retry_policy=transport_module.RetryPolicy(retries=0))
        return collection_module("module_utils.waldur.client").WaldurClient(transport)


class ScriptedWaldur:
    """Instances and tenants served by a ScriptedApi, and the plugin run against it."""

    def __init__(self, tmp_path, monkeypatch):
        self.tmp_path = tmp_path
        self.instances = []
        self.tenants = [{"uuid": TENANT_UUID, "name": "demo-tenant"}]
        self.api = ScriptedApi()
        self.api.on("GET", "/api/openstack-instances/", self._instances)
        self.api.on("GET", "/api/openstack-tenants/", self._tenants)
        self.api.on("GET", "/api/projects/", self._projects)
        self.connections = []
        client_class = collection_module("module_utils.waldur.client").WaldurClient
        monkeypatch.setattr(client_class, "from_options", classmethod(lambda cls, **options: self._client(options)))

    def _client(self, options):
        self.connections.append(options)
        return self.api.client()

    def _instances(self, query, url):
        return paged(self.instances)(query=query, url=url)

    def _tenants(self, query, url):
        return paged(self.tenants)(query=query, url=url)

    @staticmethod
    def _projects(query, url):
        found = [{"uuid": PROJECT_UUID, "name": "Demo Project", "url": "%s/api/projects/%s/" % (BASE, PROJECT_UUID)}]
        return paged([p for p in found if p["name"] == dict(query).get("name_exact")])(query=query, url=url)

    def fail_with(self, status, body):
        self.api.on("GET", "/api/openstack-instances/", lambda url, **_: make_response(status, body, url=url), first=True)

    def requests(self, path):
        return [call for call in self.api.session.calls if call["url"].startswith(BASE + path)]

    def write(self, name="test.waldur.yml", **config):
        body = {"plugin": "cloudfleet.openstack.waldur", "api_url": BASE, "access_token": "unit-secret-token"}
        body.update(config)
        body = dict((key, value) for key, value in body.items() if value is not None)
        path = self.tmp_path / name
        path.write_text(yaml.safe_dump(body))
        return str(path)

    def parse(self, name="test.waldur.yml", use_cache=True, **config):
        path = self.write(name, **config)
        inventory = InventoryData()
        plugin = inventory_loader.get("cloudfleet.openstack.waldur")
        plugin.parse(inventory, DataLoader(), path, cache=use_cache)
        return inventory


@pytest.fixture
def waldur(tmp_path, monkeypatch):
    return ScriptedWaldur(tmp_path, monkeypatch)
