"""The latency model of both simulators: per-request and per-object cost, field selection, the cap on requests in
flight (429 with Retry-After), overlap outside the state lock, and the ways to turn it on."""

import os
import subprocess
import sys
import threading
import time

import pytest
import requests

from tests.simulator.gcore import GcoreSimulator
from tests.simulator.latency import FIELD_SHARE_FLOOR, object_weight, parse_latency, parse_max_concurrent
from tests.simulator.waldur import WaldurSimulator
from tests.simulator.waldur.__main__ import parse_args as waldur_args
from tests.simulator.gcore.__main__ import parse_args as gcore_args

from .waldur.support import TOKEN, Http

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GCORE_KEY = "demo-api-key"
INSTANCES = "/api/openstack-instances/"


class Sleeps:
    """Stands in for the model's ``sleep`` and ``clock``: records each sleep, and no time passes."""

    def __init__(self, simulator):
        self.seconds = []
        simulator.server.latency.sleep = self.seconds.append
        simulator.server.latency.clock = lambda: 0.0

    def milliseconds(self):
        return [round(seconds * 1000.0, 6) for seconds in self.seconds]


def settled(simulator):
    """The load counters once no request is in flight (a client has its answer a moment before the server counts
    the request as done)."""
    deadline = time.monotonic() + 10
    while simulator.server.load.stats()["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.01)
    return simulator.server.load.stats()


def gcore_get(simulator, path, **params):
    return requests.get(simulator.url + path, params=params, headers={"Authorization": "APIKey " + GCORE_KEY}, timeout=10)


# -- the model ---------------------------------------------------------------------------------------------------


def test_object_weight_is_the_share_of_fields_sent_with_a_floor():
    assert object_weight(40, 40) == 1.0
    assert object_weight(30, 40) == 0.75
    assert object_weight(1, 40) == FIELD_SHARE_FLOOR
    assert object_weight(0, 0) == 1.0


@pytest.mark.parametrize("value, parsed", [
    ("300,10", (300.0, 10.0)), ([300, 10], (300.0, 10.0)), ({"base_ms": 5}, (5.0, 0.0)),
    ({"base_ms": 1, "per_object_ms": 2.5}, (1.0, 2.5)), (None, None), ("", None), ("0,0", None),
])
def test_parse_latency(value, parsed):
    assert parse_latency(value) == parsed


@pytest.mark.parametrize("value", ["300", "a,b", "-1,0", [1, 2, 3], {"base": 1}, 7, [True, 1]])
def test_parse_latency_rejects(value):
    with pytest.raises(ValueError):
        parse_latency(value)


def test_parse_max_concurrent():
    assert [parse_max_concurrent(value) for value in (None, 0, 3, "4")] == [None, None, 3, 4]
    for bad in (-1, "x", 1.5, True):
        with pytest.raises(ValueError):
            parse_max_concurrent(bad)


# -- off by default ----------------------------------------------------------------------------------------------


def test_latency_and_the_cap_are_off_by_default():
    with WaldurSimulator(port=0, token=TOKEN, instances=20) as simulator:
        sleeps = Sleeps(simulator)
        http = Http(simulator.url)
        assert len(http.ok(INSTANCES, page_size=20)) == 20
        assert http.ok("/_sim/config")["latency"] is None and http.ok("/_sim/config")["max_concurrent"] is None
        stats = http.ok("/_sim/load")
    assert sleeps.seconds == []
    assert (stats["latency_ms"], stats["throttled"], stats["requests"], stats["max_concurrent"]) == (0.0, 0, 1, None)


# -- what an answer costs ----------------------------------------------------------------------------------------


@pytest.fixture(name="slow_waldur")
def fixture_slow_waldur():
    with WaldurSimulator(port=0, token=TOKEN, instances=30, latency=(50, 2)) as simulator:
        yield simulator, Sleeps(simulator), Http(simulator.url)


def test_waldur_list_pays_base_plus_each_object(slow_waldur):
    _simulator, sleeps, http = slow_waldur
    assert len(http.ok(INSTANCES, page_size=30)) == 30
    assert len(http.ok(INSTANCES, page_size=7)) == 7
    assert sleeps.milliseconds() == [50 + 2 * 30, 50 + 2 * 7]
    assert http.ok("/_sim/load")["latency_ms"] == 50 + 2 * 30 + 50 + 2 * 7


def test_waldur_field_selection_shrinks_the_per_object_cost(slow_waldur):
    _simulator, sleeps, http = slow_waldur
    whole = http.ok(INSTANCES, page_size=30)
    half = sorted(whole[0])[:len(whole[0]) // 2]
    assert len(http.ok(INSTANCES, page_size=30, field=half)[0]) == len(half)
    assert len(http.ok(INSTANCES, page_size=30, field=["name", "uuid"])[0]) == 2
    assert http.ok(INSTANCES, page_size=30, field="no-such-field")[0]["name"]
    halves = sum(len(set(half) & set(obj)) / len(obj) for obj in whole)
    expected = [50 + 2 * 30, 50 + 2 * halves, 50 + 2 * 30 * FIELD_SHARE_FLOOR, 50 + 2 * 30]
    assert sleeps.milliseconds() == pytest.approx(expected)
    assert expected[2] < expected[1] < expected[0]


def test_waldur_retrieve_head_errors_and_actions(slow_waldur):
    _simulator, sleeps, http = slow_waldur
    instance = http.ok(INSTANCES, page_size=1)[0]
    total = len(instance)
    del sleeps.seconds[:]
    http.ok(INSTANCES + instance["uuid"] + "/")
    http.ok(INSTANCES + instance["uuid"] + "/", field=["name", "uuid", "state", "url"] * 1)
    assert http("HEAD", INSTANCES, page_size=5).status_code == 200
    assert http.post(INSTANCES + "0" * 32 + "/start/").status_code == 404
    assert Http(http.base_url, token="wrong").get(INSTANCES).status_code == 401
    assert sleeps.milliseconds() == pytest.approx([52, 50 + 2 * max(FIELD_SHARE_FLOOR, 4 / total), 60, 50, 50])


def test_control_requests_never_wait(slow_waldur):
    _simulator, sleeps, http = slow_waldur
    http.ok("/_sim/config")
    http.ok("/_sim/events")
    assert sleeps.seconds == [] and http.ok("/_sim/load")["requests"] == 0


def test_gcore_list_pays_base_plus_each_object_without_field_selection():
    with GcoreSimulator(port=0, token=GCORE_KEY, instances=40, latency="20,3") as simulator:
        sleeps = Sleeps(simulator)
        page = gcore_get(simulator, "/cloud/v1/instances/1/76", limit=12).json()
        assert len(page["results"]) == 12
        gcore_get(simulator, "/cloud/v1/instances/1/76/" + page["results"][0]["id"])
        gcore_get(simulator, "/cloud/v1/regions", limit=1)
        assert gcore_get(simulator, "/cloud/v1/instances/1/76/no-such-instance").status_code == 404
    assert sleeps.milliseconds() == [20 + 3 * 12, 23, 23, 20]


# -- overlap outside the state lock ------------------------------------------------------------------------------


def test_concurrent_slow_requests_overlap():
    latency = 0.5
    with WaldurSimulator(port=0, token=TOKEN, instances=10, latency=(latency * 1000, 0)) as simulator:
        start = threading.Barrier(4)
        statuses, durations = [], []

        def one():
            http = Http(simulator.url)
            start.wait(timeout=10)
            began = time.monotonic()
            statuses.append(http.get(INSTANCES).status_code)
            durations.append(time.monotonic() - began)

        began = time.monotonic()
        threads = [threading.Thread(target=one) for _index in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        elapsed = time.monotonic() - began
        stats = settled(simulator)
    assert statuses == [200] * 4
    assert min(durations) >= latency
    # The server saw them in flight together; had it slept under its lock, the four would take 4 * latency at least.
    assert stats["max_in_flight"] >= 2 and stats["in_flight"] == 0
    assert elapsed < 4 * latency


def hold_one(simulator, path, headers):
    """Start one request whose answer waits until the returned event is set; return (event, thread)."""
    gate = threading.Event()
    simulator.server.latency.sleep = lambda _seconds: gate.wait(10)
    thread = threading.Thread(target=lambda: requests.get(simulator.url + path, headers=headers, timeout=20))
    thread.start()
    deadline = time.monotonic() + 10
    while simulator.server.load.stats()["in_flight"] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    return gate, thread


def test_the_state_lock_is_free_while_an_answer_waits():
    with WaldurSimulator(port=0, token=TOKEN, latency=(2000, 0)) as simulator:
        gate, thread = hold_one(simulator, "/api/projects/", {"Authorization": "Token " + TOKEN})
        try:
            assert simulator.server.load.stats()["in_flight"] == 1
            acquired = simulator.server.lock.acquire(timeout=5)
            if acquired:
                simulator.server.lock.release()
            assert acquired
            sleeps = Sleeps(simulator)
            assert Http(simulator.url).ok("/api/customers/") and sleeps.milliseconds() == [2000]
            assert simulator.server.load.stats()["max_in_flight"] == 2
        finally:
            gate.set()
            thread.join(timeout=10)


# -- the cap on requests in flight -------------------------------------------------------------------------------


def test_waldur_beyond_max_concurrent_is_429_with_retry_after():
    headers = {"Authorization": "Token " + TOKEN}
    with WaldurSimulator(port=0, token=TOKEN, latency=(1000, 0), max_concurrent=1) as simulator:
        gate, thread = hold_one(simulator, "/api/projects/", headers)
        try:
            refused = requests.get(simulator.url + "/api/customers/", headers=headers, timeout=10)
            control = requests.get(simulator.url + "/_sim/load", headers=headers, timeout=10)
        finally:
            gate.set()
            thread.join(timeout=10)
        assert (refused.status_code, refused.headers["Retry-After"]) == (429, "1")
        assert refused.json() == {"detail": "Request was throttled. Expected available in 1 second."}
        assert control.status_code == 200 and control.json()["in_flight"] == 1
        simulator.server.latency.set(None)
        settled(simulator)
        assert requests.get(simulator.url + "/api/customers/", headers=headers, timeout=10).status_code == 200
        stats = settled(simulator)
    assert (stats["throttled"], stats["requests"], stats["max_in_flight"]) == (1, 2, 1)


def test_gcore_beyond_max_concurrent_is_429_in_its_error_shape():
    headers = {"Authorization": "APIKey " + GCORE_KEY}
    with GcoreSimulator(port=0, token=GCORE_KEY, latency=(1000, 0), max_concurrent=1) as simulator:
        gate, thread = hold_one(simulator, "/cloud/v1/regions", headers)
        try:
            refused = gcore_get(simulator, "/cloud/v1/instances/1/76")
        finally:
            gate.set()
            thread.join(timeout=10)
    assert (refused.status_code, refused.headers["Retry-After"]) == (429, "1")
    assert refused.json() == {"exception_class": "TooManyRequests", "message": "Too many requests. Expected available in 1 second."}


# -- turning it on -----------------------------------------------------------------------------------------------


def test_config_changes_the_model_at_run_time():
    with WaldurSimulator(port=0, token=TOKEN) as simulator:
        http = Http(simulator.url)
        changed = http.post("/_sim/config", {"latency": "300,10", "max_concurrent": 3}).json()
        assert changed == {"delay": 0.2, "latency": {"base_ms": 300.0, "per_object_ms": 10.0}, "max_concurrent": 3}
        assert (simulator.server.latency.base_ms, simulator.server.load.max_concurrent) == (300.0, 3)
        bad = http.post("/_sim/config", {"delay": 1, "latency": "fast", "max_concurrent": -2})
        assert bad.status_code == 400 and set(bad.json()) == {"latency", "max_concurrent"}
        assert http.ok("/_sim/config")["delay"] == 0.2
        assert http.post("/_sim/config", {"latency": None, "max_concurrent": 0}).json() == {
            "delay": 0.2, "latency": None, "max_concurrent": None}
        assert http.post("/_sim/config", {"latency": [0, 4]}).json()["latency"] == {"base_ms": 0.0, "per_object_ms": 4.0}
        http.ok("/api/projects/")
        assert http.ok("/_sim/load")["requests"] == 1
        assert http("DELETE", "/_sim/load").status_code == 204
        assert http.ok("/_sim/load") == {"in_flight": 0, "max_in_flight": 0, "requests": 0, "throttled": 0, "latency_ms": 0.0,
                                         "max_concurrent": None}


def test_command_line_flags():
    for parse in (waldur_args, gcore_args):
        args = parse(["--latency", "300,10", "--max-concurrent", "4"])
        assert (args.latency, args.max_concurrent) == ((300.0, 10.0), 4)
        assert (parse([]).latency, parse([]).max_concurrent) == (None, None)
    result = subprocess.run([sys.executable, "-m", "tests.simulator.waldur", "--latency", "fast"], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2 and "--latency" in result.stderr


def test_run_forwards_the_flags_to_both_simulators():
    probe = ("import json, os, urllib.request\n"
             "for url, auth in ((os.environ['WALDUR_API_URL'], 'Token ' + os.environ['WALDUR_ACCESS_TOKEN']),\n"
             "                  (os.environ['GCORE_BASE_URL'], 'APIKey ' + os.environ['GCORE_API_KEY'])):\n"
             "    request = urllib.request.Request(url + '/_sim/config', headers={'Authorization': auth})\n"
             "    print(json.dumps(json.load(urllib.request.urlopen(request))))\n")
    result = subprocess.run([sys.executable, "-m", "tests.simulator.run", "--latency", "7,1", "--max-concurrent", "5", "--",
                             sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=True)
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert '"latency": {"base_ms": 7.0, "per_object_ms": 1.0}, "max_concurrent": 5' in line
