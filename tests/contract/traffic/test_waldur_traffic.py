"""Every request the collection sent to the Waldur simulators of API generation 8 during ``make integration``,
checked against the Waldur OpenAPI 8.0.5 subset: paths and methods, query parameters (declared, with a valid value: an undeclared
one is silently ignored by the real server) and request bodies (the operation's request type, nothing more).

``make integration`` sets ``SIMULATOR_TRAFFIC_DIR`` so that every simulator it starts writes its request log
there; ``make traffic`` runs this test afterwards (``make test`` runs both, in that order). Without those logs
the test fails: it never passes on no traffic. Requests the tests themselves send to prepare objects are told
apart by their User-Agent. There is no allow-list: a request the schema does not document fails the test; the
only operations added to the subset are the documented real-server ones (``request_check.REAL_SERVER_OPERATIONS``).
Generation 7 traffic (``waldur-7-*.jsonl``) is not checked here: there is no 7.x schema, and the simulator's
generation 7 validates those requests the way the 7.x serializers do.
"""

import collections
import glob
import json
import os
import re

import pytest

from tests.contract.waldur.request_check import RequestChecker
from tests.simulator.running import TRAFFIC_DIR_ENV

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DEFAULT_TRAFFIC_DIR = os.path.join(REPO_ROOT, ".build", "traffic")
COLLECTION_AGENT = "cloudfleet.openstack/"
# Operations the integration suite must have exercised, so that a partial run cannot pass on little traffic.
EXPECTED_OPERATIONS = {
    ("GET", "/api/openstack-instances/"), ("POST", "/api/marketplace-orders/"),
    ("POST", "/api/marketplace-resources/{uuid}/terminate/"), ("POST", "/api/openstack-instances/{uuid}/update_security_groups/"),
    ("POST", "/api/openstack-volumes/{uuid}/extend/"), ("GET", "/api/openstack-volumes/"), ("GET", "/api/openstack-snapshots/"),
    ("GET", "/api/openstack-backups/"),
}


def traffic_dir():
    return os.environ.get(TRAFFIC_DIR_ENV) or DEFAULT_TRAFFIC_DIR


@pytest.fixture(scope="module")
def requests_sent():
    files = sorted(glob.glob(os.path.join(traffic_dir(), "waldur-8-*.jsonl")))
    if not files:
        pytest.fail("no request logs of Waldur generation 8 simulators in %s: run `make integration` first (or `make test`)"
                    % traffic_dir())
    sent = []
    for name in files:
        with open(name, encoding="utf-8") as handle:
            entries = [json.loads(line) for line in handle if line.strip()]
        sent.extend(entry for entry in entries if entry.get("agent", "").startswith(COLLECTION_AGENT))
    if not sent:
        pytest.fail("the request logs in %s hold no request of the collection (User-Agent %s...)" % (traffic_dir(), COLLECTION_AGENT))
    return sent


@pytest.fixture(scope="module")
def checker():
    return RequestChecker()


UUID = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HOST = re.compile(r"https?://[^/'\"]+")


def report(problems):
    """One line per distinct problem (UUIDs and hosts masked), with how many requests showed it."""
    counted = collections.Counter(HOST.sub("{BASE}", UUID.sub("<uuid>", problem)) for problem in problems)
    return "\n  ".join("%s (%d requests)" % (problem, count) for problem, count in sorted(counted.items()))


def test_the_traffic_covers_the_collection(requests_sent, checker):
    seen = {(entry["method"], checker.operation(entry["method"], entry["path"])[0]) for entry in requests_sent}
    assert EXPECTED_OPERATIONS <= seen, "missing from the traffic: %s" % sorted(EXPECTED_OPERATIONS - seen)


def test_every_path_and_method_is_an_operation(requests_sent, checker):
    problems = []
    for entry in requests_sent:
        template, operation = checker.operation(entry["method"], entry["path"])
        if operation is None:
            problems.append("%s %s: not an operation of the schema" % (entry["method"], template or entry["path"]))
    assert not problems, "requests outside the schema:\n  " + report(problems)


def test_every_query_parameter_is_declared_with_a_valid_value(requests_sent, checker):
    problems = []
    for entry in requests_sent:
        template, operation = checker.operation(entry["method"], entry["path"])
        if operation is not None:
            problems.extend(checker.query_problems("%s %s" % (entry["method"], template), operation, entry["query"]))
    assert not problems, "query parameters the schema does not declare or allow:\n  " + report(problems)


def test_every_request_body_is_of_its_request_type(requests_sent, checker):
    problems = []
    for entry in requests_sent:
        template, operation = checker.operation(entry["method"], entry["path"])
        if operation is not None:
            problems.extend(checker.body_problems("%s %s" % (entry["method"], template), operation, entry.get("body")))
    assert not problems, "request bodies that are not of their request type:\n  " + report(problems)
