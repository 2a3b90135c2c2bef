"""Replays mutating exchanges recorded against a real Waldur 8.x server against the simulator and compares the
status code and the shape of the answer (keys and JSON types, recursively).

``recorded/waldur-exchanges.json`` holds the exchanges the simulator covers, copied from the shared recording
``api/recorded/waldur-exchanges.json`` (scrubbed traffic of the end-to-end tests of Waldur's Ansible module
generator); ``recorded_index`` is each entry's position there. Each exchange gets a fresh simulator with the
objects it refers to set up; the recorded UUIDs (and OpenStack backend ids) are mapped onto those objects.

Not replayed, because the simulator does not serve them (index in the recording: reason):
"""

import json
import os
import re

import pytest

from tests.simulator.waldur import WaldurSimulator
from tests.unit.simulator.waldur.support import Http, ready_instance, ready_volume, seeded_world

RECORDED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recorded", "waldur-exchanges.json")
TOKEN = "demo-token"
NOT_COVERED = {
    0: "an order with an existing free port: the simulator has no stand-alone ports (no POST /api/openstack-ports/)",
    7: "network RBAC policies are not simulated",
    8: "network RBAC policies are not simulated",
    9: "an order for a non-OpenStack offering with a plan (the real answer is an empty text/html body)",
    10: "stand-alone ports are not simulated",
    11: "stand-alone ports are not simulated",
    12: "stand-alone ports are not simulated",
    13: "creating security groups in a tenant is not simulated",
    14: "security group rules (set_rules) are not simulated",
    15: "security group rules (set_rules) are not simulated",
    16: "creating subnets in a network is not simulated",
    17: "creating subnets in a network is not simulated",
    18: "deleting subnets is not simulated",
    19: "updating subnets is not simulated",
    20: "orders for tenant (VPC) offerings are not simulated",
    21: "orders for tenant (VPC) offerings are not simulated",
    27: "tenant pull is not simulated",
}
__doc__ += "".join("\n- %d: %s" % item for item in sorted(NOT_COVERED.items()))

# Recorded answers the simulator rightly does not reproduce: index -> (status, body it answers, why).
ANSWERED_INSTEAD = {
    5: (200, {"order_uuid": "0" * 32},
        "the recorded 202 {} was edited (its Content-Length, 46, is that of the real {\"order_uuid\": ...} body); the"
        " server code and the 8.0.5 schema answer 200 with the termination order's UUID, and the collection accepts"
        " both (tests/unit/plugins/module_utils/test_waldur.py, test_terminate_accepts_200_and_202)"),
}
# Recorded request fields the real server ignores and the simulator refuses by design (400): a client must never
# send what a server drops without a word. index -> (fields, why). The exchange is replayed without them, and the
# refusal of the recorded body is tested on its own.
REFUSED_BY_DESIGN = {
    22: (("device",), "VolumeAttachRequest (8.0.5) has no device: the real server ignores it and picks the device"),
}
# Fields a recorded answer has a value in where the simulator's objects have none, with why null is right there.
VALUE_OR_NULL = {
    "body.offering_thumbnail": "the recorded volume offering has a thumbnail, the simulated offerings none (the other"
                               " recorded orders show null for offerings without one)",
}
REFERENCE = re.compile(r"^\{BASE\}/api/(?P<segment>[a-z0-9-]+)/(?P<uuid>[0-9a-f]{32})/$")
UUID_IN_PATH = re.compile(r"[0-9a-f]{32}")


def load_exchanges():
    with open(RECORDED, encoding="utf-8") as handle:
        return json.load(handle)


# -- scenes: the simulator objects each exchange refers to, by recorded UUID or backend id ------------------------

def instance_order_scene(http, world):
    return {"5573c3487f3b456891409e3b3f906fa5": world["project"], "a19ccd5770f74376b73ebe8ffd8b146a": world["vm_offering"],
            "2ddfc8a45c4e494d87db022318fe9d71": world["cirros"], "cc712a407e264b629139ba1187994d6c": world["m1.small"],
            "246cb9a7131d4b6a9cde4565aa6068a1": world["demo-subnet"],
            "c807fbd9-f469-4e8e-8d4c-489a4959f433": world["demo-subnet"]["backend_id"]}


def volume_order_scene(http, world):
    return {"22d7e03a0d654f98bd45cafd592ce8a2": world["project"], "6d74cdc77ba0447daeed6813f6b01134": world["volume_offering"]}


def instance_network_scene(http, world):
    return {"a7ddd058f1114493bd0a4c6af090a0b8": ready_instance(http, world, "vcr-vm"),
            "0a627224c2aa4af4a8c402ab92312ae5": world["demo-subnet"],
            "7a8e3178-23c7-4be5-9f84-b526391e6d35": world["demo-subnet"]["backend_id"],
            "ef36e63b667e463fb9fc9d64548f7715": world["ssh"], "eb2f0a9783d94ff59764dd24c0098b2a": world["web"]}


def terminate_scene(http, world):
    instance = ready_instance(http, world, "vcr-vm")
    return {"2b4d46bf5e2840a79f8d86fadf89820d": http.ok("/api/marketplace-resources/%s/" % instance["marketplace_resource_uuid"])}


def attach_scene(http, world):
    return {"c14f421348714cbf851b9d8a7f37d1b7": ready_volume(http, world, "vcr-volume"),
            "286a65dc82454d2583046ce5b77089c6": ready_instance(http, world, "vcr-vm")}


def detach_scene(http, world):
    scene = attach_scene(http, world)
    volume, instance = scene["c14f421348714cbf851b9d8a7f37d1b7"], scene["286a65dc82454d2583046ce5b77089c6"]
    http.send(volume["url"] + "attach/", {"instance": instance["url"]})
    http.wait(volume["url"], lambda response: response.json()["runtime_state"] == "in-use" and response.json()["state"] == "OK")
    return scene


def resize_scene(http, world):
    return {"b9e6da6cb6164cacb584184934744208": ready_volume(http, world, "vcr-volume", size=20480),
            "4651cef9e81b4426af655b730c5a9a99": world["ssd"]}


SCENES = {1: instance_order_scene, 2: instance_order_scene, 3: instance_network_scene, 4: instance_network_scene,
          5: terminate_scene, 6: instance_network_scene, 22: attach_scene, 23: detach_scene, 24: volume_order_scene,
          25: resize_scene, 26: resize_scene}


# -- replay --------------------------------------------------------------------------------------------------------

def mapped(value, scene):
    """The recorded request body with every reference and backend id replaced by the scene's object."""
    if isinstance(value, dict):
        return {key: mapped(item, scene) for key, item in value.items()}
    if isinstance(value, list):
        return [mapped(item, scene) for item in value]
    if isinstance(value, str):
        match = REFERENCE.match(value)
        if match:
            assert match.group("uuid") in scene, "the scene does not map %s" % value
            return scene[match.group("uuid")]["url"]
        if value in scene:
            return scene[value]
    return value


def mapped_path(path, scene):
    def replace(match):
        assert match.group(0) in scene, "the scene does not map %s in %s" % (match.group(0), path)
        return scene[match.group(0)]["uuid"]
    return UUID_IN_PATH.sub(replace, path)


def json_type(value):
    if value is None:
        return "null"
    for name, kind in (("boolean", bool), ("number", (int, float)), ("string", str), ("array", list), ("object", dict)):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def shape_differences(recorded, answered, path="body"):
    """Where the simulator's answer differs in shape from the recorded one: a recorded key it lacks, a JSON type
    that differs, list items of another shape. Keys the simulator sends beyond the recorded ones are not
    differences: the recordings come from servers of several 8.x releases, and the simulator sends every field
    of the 8.0.5 schema."""
    if path in VALUE_OR_NULL and answered is None:
        return []
    if json_type(recorded) != json_type(answered):
        return ["%s: %s recorded, %s answered" % (path, json_type(recorded), json_type(answered))]
    found = []
    if isinstance(recorded, dict):
        found += ["%s.%s: missing" % (path, key) for key in sorted(set(recorded) - set(answered))]
        for key in sorted(set(recorded) & set(answered)):
            found += shape_differences(recorded[key], answered[key], "%s.%s" % (path, key))
    elif isinstance(recorded, list) and recorded and answered:
        found += shape_differences(recorded[0], answered[0], path + "[0]")
    return found


@pytest.fixture
def http():
    with WaldurSimulator(port=0, token=TOKEN, delay=0) as simulator:
        yield Http(simulator.url, TOKEN)


def test_every_recorded_exchange_is_replayed_or_listed():
    with open(RECORDED, encoding="utf-8") as handle:
        replayed = {entry["recorded_index"] for entry in json.load(handle)}
    assert replayed == set(SCENES)
    assert replayed.isdisjoint(NOT_COVERED) and len(replayed | set(NOT_COVERED)) == 28


@pytest.mark.parametrize("exchange", load_exchanges(), ids=lambda entry: "%d-%s" % (entry["recorded_index"], entry["source"]))
def test_replayed_exchange_answers_like_the_real_server(http, exchange):
    scene = SCENES[exchange["recorded_index"]](http, seeded_world(http))
    body = mapped(exchange["request_body"], scene) if exchange["request_body"] != "" else None
    refused, _why = REFUSED_BY_DESIGN.get(exchange["recorded_index"], ((), ""))
    if refused:
        body = dict((key, value) for key, value in body.items() if key not in refused)
    response = http(exchange["method"], mapped_path(exchange["path"], scene), body)
    answered = response.json() if response.content else ""
    status, recorded_body, _why = ANSWERED_INSTEAD.get(exchange["recorded_index"], (exchange["status"], exchange["response_body"], ""))
    assert response.status_code == status, answered
    differences = shape_differences(recorded_body, answered)
    assert not differences, "the answer's shape differs from the recorded one:\n  " + "\n  ".join(differences)


@pytest.mark.parametrize("index", sorted(REFUSED_BY_DESIGN))
def test_recorded_fields_the_real_server_ignores_are_refused(http, index):
    exchange = next(entry for entry in load_exchanges() if entry["recorded_index"] == index)
    scene = SCENES[index](http, seeded_world(http))
    response = http(exchange["method"], mapped_path(exchange["path"], scene), mapped(exchange["request_body"], scene))
    assert response.status_code == 400
    assert set(response.json()) == set(REFUSED_BY_DESIGN[index][0])
