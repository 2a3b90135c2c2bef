"""Requests the real server refuses, and the refusal the collection (and the simulator) must expect: the status and
the message a module quotes to the user. They run after the recorded operations (the ``replays`` fixture), so what
they send cannot change the objects those operations act on."""

import uuid

import pytest

from tests.realserver.replay import RealClient


def world_uuid(world, kind, name):
    return next(row["uuid"] for row in world[kind] if row["name"] == name)


def refusals(world, url):
    vm = world_uuid(world, "instance", "contract-vm")
    group = world_uuid(world, "security_group", "web")
    unknown = uuid.uuid4().hex
    return {
        # The 8.x body of update_security_groups (URL strings): the 7.x server wants objects with a url.
        "update_security_groups with URL strings": (
            "POST", "/api/openstack-instances/%s/update_security_groups/" % vm, "",
            {"security_groups": ["%s/api/openstack-security-groups/%s/" % (url, group)]},
            400, {"security_groups": [["URL has to be defined for related object."]]}),
        # An 8.x sort order: the 7.x server does not know it.
        "instances sorted by start_time": (
            "GET", "/api/openstack-instances/", "o=start_time", None,
            400, {"o": ["Select a valid choice. start_time is not one of the available choices."]}),
        "an instance that does not exist": (
            "GET", "/api/openstack-instances/%s/" % unknown, "", None, 404, {"detail": "No Instance matches the given query."}),
        "a volume that does not exist": (
            "GET", "/api/openstack-volumes/%s/" % unknown, "", None, 404, {"detail": "No Volume matches the given query."}),
        # An 8.x order state: the 7.x server does not know it.
        "an unknown order state": (
            "GET", "/api/marketplace-orders/", "state=pending-start-date", None,
            400, {"state": ["Select a valid choice. pending-start-date is not one of the available choices."]}),
    }


CASES = ["update_security_groups with URL strings", "instances sorted by start_time", "an instance that does not exist",
         "a volume that does not exist", "an unknown order state"]


@pytest.mark.parametrize("case", CASES)
def test_real_server_refuses_as_expected(replays, real_waldur, real_client, case):
    method, path, query, body, status, answer = refusals(real_waldur.world, real_waldur.url)[case]
    if method != "GET":
        real_waldur.control.call("reset_all_scheduled")
    got = real_client.send(method, path, query, body)
    assert got == (status, answer)


# The simulator plays generation 7 here (conftest.py), so it refuses all of these as the 7.x server does, the 8.x
# forms included.
@pytest.mark.parametrize("case", CASES)
def test_simulator_refuses_as_the_real_server(replays, contract_simulator, real_waldur, case):
    method, path, query, body, status, answer = refusals(real_waldur.world, contract_simulator.url)[case]
    got = RealClient(contract_simulator.url, contract_simulator.token).send(method, path, query, body)
    assert got == (status, answer)
