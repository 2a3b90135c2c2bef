"""The API-generation switch: each generation's version, its ``o`` choices and its update_security_groups form."""

import pytest

from tests.simulator.waldur import WaldurSimulator
from tests.simulator.waldur.__main__ import parse_args
from tests.simulator.waldur.generations import generation

from .support import TOKEN, Http, order_instance, ready_instance, ready_volume, seeded_world

URL_REQUIRED = "URL has to be defined for related object."


@pytest.fixture(params=[7, 8], ids=["api7", "api8"])
def api_generation(request):
    return request.param


@pytest.fixture
def generation_sim(api_generation):
    with WaldurSimulator(port=0, token=TOKEN, delay=0.02, instances=12, api_generation=api_generation) as simulator:
        yield simulator


@pytest.fixture
def ghttp(generation_sim):
    return Http(generation_sim.url)


def sim_of(major):
    return WaldurSimulator(port=0, token=TOKEN, delay=0.02, instances=12, api_generation=major)


@pytest.mark.parametrize("major, version", [(7, "7.0.7"), (8, "8.0.5")])
def test_version_names_the_generation(major, version):
    with sim_of(major) as simulator:
        assert Http(simulator.url).ok("/api/version/") == {"version": version}
        assert simulator.api_generation == major


def test_generation_8_is_the_default():
    with WaldurSimulator(port=0, token=TOKEN) as simulator:
        assert simulator.api_generation == 8
    assert parse_args([]).api_generation == 8
    assert parse_args(["--api-generation", "7"]).api_generation == 7


def test_an_unknown_generation_is_refused():
    with pytest.raises(ValueError, match="must be one of 7, 8"):
        generation(9)
    with pytest.raises(SystemExit):
        parse_args(["--api-generation", "6"])


# -- ordering ---------------------------------------------------------------------------------------------------

def names(http, path, **params):
    return [item["name"] for item in http.ok(path, page_size=300, **params)]


def test_7_orders_instances_by_name_and_refuses_start_time():
    with sim_of(7) as simulator:
        http = Http(simulator.url)
        listed = names(http, "/api/openstack-instances/", o="-name")
        assert listed == sorted(listed, reverse=True) and len(listed) > 3
        reply = http.get("/api/openstack-instances/", o="start_time")
        assert reply.status_code == 400
        assert reply.json() == {"o": ["Select a valid choice. start_time is not one of the available choices."]}
        assert http.get("/api/openstack-volumes/", o="-size").status_code == 200
        assert http.get("/api/openstack-backups/", o="size").json() == {
            "o": ["Select a valid choice. size is not one of the available choices."]}


def test_8_takes_only_start_time_on_instances_and_ignores_o_elsewhere():
    with sim_of(8) as simulator:
        http = Http(simulator.url)
        reply = http.get("/api/openstack-instances/", o="-name")
        assert reply.status_code == 400
        assert reply.json() == {"o": ["Select a valid choice. -name is not one of the available choices."]}
        assert http.get("/api/openstack-instances/", o="-start_time").status_code == 200
        # volumes, snapshots and backups declare no ``o`` in 8.0.5: the server ignores it, whatever its value
        plain = names(http, "/api/openstack-volumes/")
        assert names(http, "/api/openstack-volumes/", o="-name") == plain
        assert names(http, "/api/openstack-volumes/", o="no-such-field") == plain


@pytest.mark.parametrize("path", ["/api/openstack-instances/", "/api/openstack-volumes/", "/api/openstack-snapshots/",
                                  "/api/openstack-backups/"])
def test_7_ordering_fields_sort(path):
    with sim_of(7) as simulator:
        http = Http(simulator.url)
        for field in ("name", "-created", "project_name", "customer_name", "service_name", "state"):
            assert http.get(path, o=field).status_code == 200, field


# -- update_security_groups ----------------------------------------------------------------------------------------

def groups(http, world, *names_):
    return [http.one("/api/openstack-security-groups/", name_exact=name, tenant_uuid=world["tenant"]["uuid"])["url"]
            for name in names_]


def update_groups(http, instance, value):
    return http.post(instance["url"] + "update_security_groups/", {"security_groups": value})


def test_7_takes_objects_and_refuses_url_strings():
    with sim_of(7) as simulator:
        check_7_form(Http(simulator.url))


def check_7_form(ghttp):
    world = seeded_world(ghttp)
    instance = ready_instance(ghttp, world)
    urls = groups(ghttp, world, "ssh", "web")
    reply = update_groups(ghttp, instance, urls)
    assert reply.status_code == 400
    assert reply.json() == {"security_groups": [[URL_REQUIRED], [URL_REQUIRED]]}
    reply = update_groups(ghttp, instance, [{"url": urls[0]}, urls[1]])
    assert reply.json() == {"security_groups": [{}, [URL_REQUIRED]]}
    assert ghttp.ok(instance["url"])["state"] == "OK", "a refused body changes nothing"
    reply = update_groups(ghttp, instance, [{"url": url} for url in urls])
    assert reply.status_code == 202, reply.text
    after = ghttp.wait_state(instance["url"], "OK")
    assert sorted(group["name"] for group in after["security_groups"]) == ["ssh", "web"]


def test_8_takes_url_strings_and_refuses_objects():
    with sim_of(8) as simulator:
        check_8_form(Http(simulator.url))


def check_8_form(ghttp):
    world = seeded_world(ghttp)
    instance = ready_instance(ghttp, world)
    urls = groups(ghttp, world, "ssh", "web")
    reply = update_groups(ghttp, instance, [{"url": url} for url in urls])
    assert reply.status_code == 400
    assert reply.json() == {"security_groups": ["Incorrect type. Expected URL string, received dict."]}
    assert ghttp.ok(instance["url"])["state"] == "OK", "a refused body changes nothing"
    reply = update_groups(ghttp, instance, urls)
    assert reply.status_code == 202, reply.text
    after = ghttp.wait_state(instance["url"], "OK")
    assert sorted(group["name"] for group in after["security_groups"]) == ["ssh", "web"]


def test_both_refuse_what_is_not_a_list_or_missing(ghttp, api_generation):
    world = seeded_world(ghttp)
    instance = ready_instance(ghttp, world)
    not_a_list = 'Expected a list of items but got type "str".'
    expected = {"security_groups": {"non_field_errors": [not_a_list]}} if api_generation == 7 else {"security_groups": [not_a_list]}
    assert update_groups(ghttp, instance, "default").json() == expected
    assert ghttp.post(instance["url"] + "update_security_groups/", {}).json() == {"security_groups": ["This field is required."]}


# -- request bodies: declared fields of declared types -------------------------------------------------------------

def not_declared(request_name, major):
    return "This field is not part of the %s request of API generation %d (the real server would ignore it)." % (request_name, major)


def read_only(request_name, major):
    return "This field is read-only in the %s request of API generation %d (the real server would ignore it)." % (request_name, major)


def test_both_refuse_undeclared_and_wrongly_typed_fields(ghttp, api_generation):
    world = seeded_world(ghttp)
    instance = ready_instance(ghttp, world)
    volume = ready_volume(ghttp, world)
    reply = ghttp.post(volume["url"] + "extend/", {"disk_size": "big"})
    assert (reply.status_code, reply.json()) == (400, {"disk_size": ["A valid integer is required."]})
    reply = ghttp.post(instance["url"] + "update_floating_ips/", {"floating_ips": [], "force": True})
    assert reply.json() == {"force": [not_declared("OpenStackInstanceFloatingIPsUpdateRequest", api_generation)]}
    reply = ghttp("PATCH", instance["url"], {"name": ["vm"]})
    assert reply.json() == {"name": ["Not a valid string."]}
    reply = ghttp.post(instance["url"] + "update_ports/", {"ports": [{"subnet": world["demo-subnet"]["url"]}, "x"]})
    assert reply.json() == {"ports": [{}, {"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}]}
    assert ghttp.ok(instance["url"])["state"] == "OK", "a refused body changes nothing"


def test_the_state_check_comes_before_the_body_check(ghttp):
    world = seeded_world(ghttp)
    instance = ready_instance(ghttp, world)
    assert ghttp.post(instance["url"] + "stop/").status_code == 202
    reply = ghttp.post(instance["url"] + "change_flavor/", {"flavor": 5})
    assert (reply.status_code, reply.json()) == (409, {"detail": "Valid states for operation: OK."})


def test_7_refuses_what_its_serializers_would_drop():
    with sim_of(7) as simulator:
        http = Http(simulator.url)
        world = seeded_world(http)
        subnet = world["demo-subnet"]
        fixed = {"subnet": subnet["url"], "fixed_ips": [{"ip_address": "192.168.42.99", "subnet_id": subnet["backend_id"]}]}
        for extra, field in (({"config_drive": True}, "config_drive"), ({"metadata": {"a": "b"}}, "metadata"),
                             ({"data_volumes": [{"size": 1024}]}, "data_volumes")):
            reply = order_instance(http, world, **extra)
            assert reply.json() == {"attributes": {field: [not_declared("InstanceCreateProcessor", 7)]}}, field
        reply = order_instance(http, world, ports=[fixed])
        assert reply.json() == {"attributes": {"ports": [{"fixed_ips": [read_only("NestedPortSerializer", 7)]}]}}
        instance = ready_instance(http, world, data_volume_size=1024)
        assert len(instance["volumes"]) == 2, "one data volume as data_volume_size"
        reply = http.post(instance["url"] + "update_ports/", {"ports": [fixed]})
        assert reply.json() == {"ports": [{"fixed_ips": [read_only("NestedPortSerializer", 7)]}]}
        volume = http.ok(instance["volumes"][1]["url"])
        reply = http.post(volume["url"] + "snapshot/", {"name": "snap", "metadata": {"a": "b"}})
        assert reply.json() == {"metadata": [read_only("OpenStackSnapshotRequest", 7)]}
        assert http.ok("/api/openstack-snapshots/") == []


def test_8_takes_what_7_drops():
    with sim_of(8) as simulator:
        http = Http(simulator.url)
        world = seeded_world(http)
        subnet = world["demo-subnet"]
        instance = ready_instance(http, world, config_drive=True, metadata={"a": "b"}, data_volumes=[{"size": 1024}, {"size": 1024}])
        assert len(instance["volumes"]) == 3
        fixed = {"subnet": subnet["url"], "fixed_ips": [{"ip_address": "192.168.42.99", "subnet_id": subnet["backend_id"]}]}
        assert http.post(instance["url"] + "update_ports/", {"ports": [fixed]}).status_code == 202
        assert http.wait_state(instance["url"], "OK")["internal_ips"] == ["192.168.42.99"]
        volume = http.ok(instance["volumes"][1]["url"])
        reply = http.post(volume["url"] + "snapshot/", {"name": "snap", "metadata": {"a": "b"}})
        assert reply.status_code == 201 and reply.json()["metadata"] == {"a": "b"}


# -- list filters ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("major", [7, 8])
def test_filters_only_8_declares_are_ignored_on_7(major):
    with sim_of(major) as simulator:
        http = Http(simulator.url)
        world = seeded_world(http)
        assert order_instance(http, world, "vm-a").status_code == 201
        assert order_instance(http, world, "vm-b").status_code == 201
        orders = http.ok("/api/marketplace-orders/", resource_name="vm-a")
        assert sorted(order["attributes"]["name"] for order in orders) == (["vm-a"] if major >= 8 else ["vm-a", "vm-b"])
        other = "0" * 32
        flavors = http.ok("/api/openstack-flavors/", offering_uuid=other)
        assert (flavors == []) == (major >= 8)


def test_the_version_can_be_hidden_as_from_a_user_who_is_not_staff():
    with WaldurSimulator(port=0, token=TOKEN, api_generation=7, version_visible=False) as simulator:
        reply = Http(simulator.url).get("/api/version/")
        assert (reply.status_code, reply.json()) == (403, {"detail": "You do not have permission to perform this action."})


@pytest.mark.parametrize("major", [7, 8])
def test_pending_start_date_is_an_order_state_only_from_8(major):
    # 7.0.7-era Order.States has no pending-start-date: its state filter refuses it as any unknown choice
    with sim_of(major) as simulator:
        http = Http(simulator.url)
        reply = http.get("/api/marketplace-orders/", state="pending-start-date")
        if major >= 8:
            assert (reply.status_code, reply.json()) == (200, [])
        else:
            assert (reply.status_code, reply.json()) == (
                400, {"state": ["Select a valid choice. pending-start-date is not one of the available choices."]})
        assert http.get("/api/marketplace-orders/", state="pending-consumer").status_code == 200
