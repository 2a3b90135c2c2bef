"""Authentication, 404/405 answers, reference errors and request validation."""

import pytest

from .support import Http, order_instance, order_volume, place_order


def test_missing_token(sim):
    response = Http(sim.url, token=None).get("/api/projects/")
    assert (response.status_code, response.json()) == (401, {"detail": "Authentication credentials were not provided."})


def test_wrong_token(sim):
    response = Http(sim.url, token="nope").get("/api/projects/")
    assert (response.status_code, response.json()) == (401, {"detail": "Invalid token."})


def test_token_in_the_query(sim):
    anonymous = Http(sim.url, token=None)
    assert anonymous.get("/api/projects/", **{"x-auth-token": "demo-token"}).status_code == 200
    assert anonymous.get("/api/projects/", **{"x-auth-token": "nope"}).status_code == 401


def test_control_endpoints_need_the_token(sim):
    assert Http(sim.url, token=None).get("/_sim/events").status_code == 401


def test_unknown_and_malformed_uuids_are_404(http):
    assert http.get("/api/openstack-instances/not-a-uuid/").json() == {"detail": "No Instance matches the given query."}
    response = http.get("/api/openstack-volumes/%s/" % ("0" * 32))
    assert (response.status_code, response.json()) == (404, {"detail": "No Volume matches the given query."})
    assert http.get("/api/no-such-thing/").status_code == 404


@pytest.mark.parametrize("method, path", [
    ("POST", "/api/openstack-instances/"), ("POST", "/api/openstack-volumes/"), ("POST", "/api/openstack-snapshots/"),
    ("POST", "/api/openstack-backups/"),
])
def test_creating_outside_the_marketplace_is_405(http, method, path):
    response = http(method, path, {})
    assert (response.status_code, response.json()) == (405, {"detail": 'Method "%s" not allowed.' % method})


def test_deleting_instances_and_volumes_is_405(http, world):
    order = order_volume(http, world).json()
    volume = http.wait_state(order["url"], "done")["resource_uuid"]
    response = http("DELETE", "/api/openstack-volumes/%s/" % volume)
    assert (response.status_code, response.json()) == (405, {"detail": 'Method "DELETE" not allowed.'})


def test_references_are_matched_on_the_path_only(http, world):
    flavor = world["m1.small"]["url"].replace(http.base_url, "https://elsewhere.example")
    assert order_instance(http, world, flavor=flavor).status_code == 201
    # a plain hyperlink field takes a URL string, not the {"url": ...} of nested references
    response = order_instance(http, world, "vm2", flavor={"url": world["m1.small"]["url"]})
    assert response.json() == {"attributes": {"flavor": ["Incorrect type. Expected URL string, received dict."]}}


@pytest.mark.parametrize("flavor, message", [
    ("https://x.example/api/nothing-here/", "Invalid hyperlink - No URL match."),
    ("https://x.example/api/openstack-images/%s/" % ("1" * 32), "Invalid hyperlink - Incorrect URL match."),
    ("https://x.example/api/openstack-flavors/%s/" % ("1" * 32), "Invalid hyperlink - Object does not exist."),
])
def test_bad_references(http, world, flavor, message):
    response = order_instance(http, world, flavor=flavor)
    assert (response.status_code, response.json()) == (400, {"flavor": [message]})


@pytest.mark.parametrize("name, reason", [
    ("my_vm", "Name 'my_vm' must be 1-63 characters long, each of which can only be alphanumeric or a hyphen"),
    ("my vm", "Name 'my vm' must be 1-63 characters long, each of which can only be alphanumeric or a hyphen"),
    ("-vm", "Name '-vm' must not start or end with a hyphen"),
    ("vm..example", "Name '' must be 1-63 characters long, each of which can only be alphanumeric or a hyphen"),
    ("vm.123", "TLD '123' must not be all numeric"),
])
def test_instance_names_must_be_dns_names(http, world, name, reason):
    response = order_instance(http, world, name)
    assert response.status_code == 400
    assert response.json() == {"name": {"name": "'%s' not a valid PQDN or FQDN. Reason: %s" % (name, reason)}}


@pytest.mark.parametrize("name", ["vm-1", "vm.example.org", "vm.example.org.", "123"])
def test_valid_instance_names(http, world, name):
    assert order_instance(http, world, name).status_code == 201


def test_instance_size_rules(http, world):
    response = order_instance(http, world, system_volume_size=512)
    assert response.json() == {"system_volume_size": ["Ensure this value is greater than or equal to 1024."]}
    ubuntu = http.one("/api/openstack-images/", name_exact="ubuntu-24.04", tenant_uuid=world["tenant"]["uuid"])
    response = order_instance(http, world, image=ubuntu["url"], system_volume_size=2048)
    assert response.json() == {"non_field_errors": ["System volume size has to be greater than 10240 MiB"]}
    tiny = http.one("/api/openstack-flavors/", name_exact="m1.tiny", tenant_uuid=world["tenant"]["uuid"])
    response = order_instance(http, world, image=ubuntu["url"], flavor=tiny["url"], system_volume_size=10240)
    assert response.json() == {"flavor": ["RAM of flavor is not enough for selected image 1024"]}


def test_objects_of_another_tenant_are_refused(http, world):
    other = http.one("/api/openstack-flavors/", name_exact="m1.small",
                     tenant_uuid=http.one("/api/openstack-tenants/", name_exact="other-tenant")["uuid"])
    assert order_instance(http, world, flavor=other["url"]).json() == {"non_field_errors": ["Flavor is not visible in tenant."]}
    other_subnet = http.one("/api/openstack-subnets/", name_exact="other-subnet")
    response = order_instance(http, world, ports=[{"subnet": other_subnet["url"]}])
    assert response.json() == {"non_field_errors": ["Subnet other-subnet does not belong to the same tenant as instance."]}
    response = order_instance(http, world, ports=[{"subnet": world["demo-subnet"]["url"]}, {"subnet": world["demo-subnet"]["url"]}])
    assert response.json() == {"non_field_errors": ["It is impossible to connect to subnet demo-subnet twice."]}


def test_offerings_are_limited_to_their_organization(http, world):
    response = order_instance(http, world, project=world["other_project"])
    assert response.json() == {"non_field_errors": [
        'Offering "Virtual machine in demo-tenant" is not allowed in organization "Other Organization".']}


def test_plans_are_refused(http, world):
    response = place_order(http, world["project"], world["vm_offering"], {}, plan="https://x.example/plans/1/")
    assert response.json() == {"plan": ["This plan is not available for selected offering."]}


def test_quota_is_a_bare_list(http, world):
    response = order_instance(http, world, system_volume_size=4 * 1024 * 1024)
    assert response.status_code == 400
    assert response.json() == ["One or more quotas were exceeded: storage quota limit: 1048576, requires 4194304"]


def test_volume_size_is_required(http, world):
    response = place_order(http, world["project"], world["volume_offering"], {"name": "v"})
    assert response.json() == {"non_field_errors": ["Snapshot or size should be defined"]}


def test_fixed_ips_are_checked(http, world):
    subnet = world["demo-subnet"]
    taken = order_instance(http, world, ports=[{"subnet": subnet["url"], "fixed_ips": [
        {"ip_address": "192.168.42.77", "subnet_id": subnet["backend_id"]}]}])
    assert taken.status_code == 201
    again = order_instance(http, world, "vm2", ports=[{"subnet": subnet["url"], "fixed_ips": [
        {"ip_address": "192.168.42.77", "subnet_id": subnet["backend_id"]}]}])
    assert again.json() == {"ports": [{"fixed_ips": [{"ip_address": ["IP address 192.168.42.77 is already in use."]}]}]}
