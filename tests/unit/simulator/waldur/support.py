"""Helpers for tests that talk to a running Waldur simulator (used by the unit and the contract tests): an HTTP
client and shortcuts that order instances and volumes."""

import time

import requests

POLL = 0.01
TOKEN = "demo-token"


class Http:
    """requests against a simulator with the token set; paths may be relative to ``base_url``."""

    def __init__(self, base_url, token=TOKEN):
        self.base_url = base_url
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = "Token " + token

    def __call__(self, method, path, body=None, **params):
        url = path if path.startswith("http") else self.base_url + path
        return self.session.request(method, url, json=body, params=params, timeout=10)

    def get(self, path, **params):
        return self("GET", path, **params)

    def post(self, path, body=None):
        return self("POST", path, body)

    def ok(self, path, **params):
        """GET that must answer 200; the JSON body."""
        response = self.get(path, **params)
        assert response.status_code == 200, (path, params, response.status_code, response.text)
        return response.json()

    def one(self, path, **params):
        found = self.ok(path, **params)
        assert len(found) == 1, (path, params, found)
        return found[0]

    def send(self, path, body=None):
        """POST that must succeed; the JSON body (None for 204)."""
        response = self.post(path, body)
        assert response.status_code in (200, 201, 202, 204), (path, body, response.status_code, response.text)
        return response.json() if response.content else None

    def wait(self, path, predicate, timeout=10):
        """Poll GET ``path`` until ``predicate(response)``; the last response."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.get(path)
            if predicate(response):
                return response
            assert time.monotonic() < deadline, "timed out on %s: %s" % (path, response.text[:200])
            time.sleep(POLL)

    def wait_state(self, path, state, timeout=10):
        return self.wait(path, lambda response: response.status_code == 200 and response.json()["state"] == state,
                         timeout).json()

    def wait_gone(self, path, timeout=10):
        self.wait(path, lambda response: response.status_code == 404, timeout)


def order_instance(http, world, name="vm1", project=None, **attributes):
    body = {"name": name, "flavor": world["m1.small"]["url"], "image": world["cirros"]["url"], "system_volume_size": 1024,
            "ports": [{"subnet": world["demo-subnet"]["url"]}]}
    body.update(attributes)
    return place_order(http, project or world["project"], world["vm_offering"], body)


def order_volume(http, world, name="vol1", size=1024, project=None):
    return place_order(http, project or world["project"], world["volume_offering"], {"name": name, "size": size})


def place_order(http, project, offering, attributes, **extra):
    body = {"project": project["url"], "offering": offering["url"], "attributes": attributes}
    body.update(extra)
    return http.post("/api/marketplace-orders/", body)


def ready_instance(http, world, name="vm1", **attributes):
    """Order an instance and wait until it is OK; return it."""
    response = order_instance(http, world, name, **attributes)
    assert response.status_code == 201, response.text
    order = http.wait_state(response.json()["url"], "done")
    return http.wait_state("/api/openstack-instances/%s/" % order["resource_uuid"], "OK")


def ready_volume(http, world, name="vol1", size=1024):
    response = order_volume(http, world, name, size)
    assert response.status_code == 201, response.text
    order = http.wait_state(response.json()["url"], "done")
    return http.wait_state("/api/openstack-volumes/%s/" % order["resource_uuid"], "OK")


def seeded_world(http):
    """The seeded objects tests use, by name (flavors, images and the rest scoped to demo-tenant)."""
    tenant = http.one("/api/openstack-tenants/", name_exact="demo-tenant")
    scoped = {"tenant_uuid": tenant["uuid"]}
    world = {
        "tenant": tenant,
        "project": http.one("/api/projects/", name_exact="Demo Project"),
        "approval_project": http.one("/api/projects/", name_exact="Approval Project"),
        "other_project": http.one("/api/projects/", name_exact="Other Project"),
        "vm_offering": http.one("/api/marketplace-public-offerings/", name_exact="Virtual machine in demo-tenant"),
        "volume_offering": http.one("/api/marketplace-public-offerings/", name_exact="Volume in demo-tenant"),
        "server_group": http.one("/api/openstack-server-groups/", name_exact="demo-anti-affinity", **scoped),
        "instance_zone": http.one("/api/openstack-instance-availability-zones/", name_exact="nova", **scoped),
        "volume_zone": http.one("/api/openstack-volume-availability-zones/", name_exact="nova", **scoped),
        "key": http.one("/api/keys/", name_exact="demo-key"),
    }
    for path, names in (("/api/openstack-flavors/", ["m1.tiny", "m1.small", "m1.large"]),
                        ("/api/openstack-images/", ["cirros", "broken-image"]),
                        ("/api/openstack-subnets/", ["demo-subnet", "isolated-subnet"]),
                        ("/api/openstack-security-groups/", ["ssh", "web"]),
                        ("/api/openstack-volume-types/", ["ssd"])):
        for name in names:
            world[name] = http.one(path, name_exact=name, **scoped)
    return world
