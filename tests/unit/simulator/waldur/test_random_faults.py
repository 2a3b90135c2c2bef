"""The random fault mode of /_sim/faults: rate, kinds, phases, a seed, and the counters it reports."""

import time

import pytest
import requests

from tests.simulator.server import FaultInjector

from .support import Http, order_volume


def draws(spec, count=400):
    injector = FaultInjector()
    injector.start_random(spec)
    return [injector.take("GET", "/api/projects/") for _index in range(count)]


def test_a_seed_makes_the_draws_reproducible_and_the_rate_holds():
    first = draws({"rate": 0.1, "seed": 7})
    again = draws({"rate": 0.1, "seed": 7})
    assert [(f or {}).get("kind") for f in first] == [(f or {}).get("kind") for f in again]
    hits = [f for f in first if f]
    assert 20 <= len(hits) <= 60
    assert {f["kind"] for f in hits} == {"503", "502", "429", "reset", "slow"}
    assert {f["phase"] for f in hits} == {"before", "after"}


def test_a_429_is_never_injected_after_the_request_was_processed():
    hits = [f for f in draws({"rate": 1.0, "seed": 3, "kinds": ["429"]}) if f]
    assert hits and {f["phase"] for f in hits} == {"before"} and {f["retry_after"] for f in hits} == {1}


def test_unknown_kinds_are_refused(http):
    response = http.post("/_sim/faults/random", {"rate": 0.5, "kinds": ["418"]})
    assert response.status_code == 400 and "unknown fault kinds or phases: 418" in response.text


def orders(http):
    return len(http.ok("/api/marketplace-orders/"))


def test_before_the_request_is_processed_nothing_happens(http, world):
    placed = orders(http)
    http.post("/_sim/faults/random", {"rate": 1.0, "kinds": ["503"], "phases": ["before"], "path_regex": "^/api/marketplace-orders/$",
                                      "method": "POST"})
    assert order_volume(http, world).status_code == 503
    http("DELETE", "/_sim/faults/random")
    assert orders(http) == placed


@pytest.mark.parametrize("kind", ["503", "reset"])
def test_after_the_request_was_processed_the_answer_is_replaced_or_dropped(http, world, kind):
    placed = orders(http)
    http.post("/_sim/faults/random", {"rate": 1.0, "kinds": [kind], "phases": ["after"], "path_regex": "^/api/marketplace-orders/$",
                                      "method": "POST"})
    if kind == "reset":
        # On a connection of its own, so the one it drops is no other request's.
        with pytest.raises(requests.ConnectionError):
            order_volume(Http(http.base_url), world)
    else:
        assert order_volume(http, world).status_code == 503
    http("DELETE", "/_sim/faults/random")
    assert orders(http) == placed + 1
    stats = http.ok("/_sim/faults/stats")
    assert stats["by_kind_and_phase"] == {"%s/after" % kind: 1} and stats["by_phase"] == {"after": 1}


def test_a_slow_answer_is_late_but_right(http):
    http.post("/_sim/faults/random", {"rate": 1.0, "kinds": ["slow"], "slow_seconds": 0.3, "path_regex": "^/api/projects/"})
    started = time.monotonic()
    assert http.get("/api/projects/").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_the_counters_show_the_faults_and_the_requests_sent_again(http):
    http.post("/_sim/faults/random", {"rate": 1.0, "kinds": ["502"], "phases": ["before"], "path_regex": "^/api/customers/"})
    assert http.get("/api/customers/").status_code == 502
    http("DELETE", "/_sim/faults/random")
    assert http.get("/api/customers/").status_code == 200
    shown = http.ok("/_sim/faults/random")
    assert shown["mode"] is None
    assert shown["stats"]["faults"] == 1 and shown["stats"]["by_kind"] == {"502": 1} and shown["stats"]["retried"] == 1
