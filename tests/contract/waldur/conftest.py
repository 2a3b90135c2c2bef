"""Fixtures of the contract tests: a running Waldur simulator, plain HTTP access to it, the official client, and
the contract check (departure table + strict schema check + the client's models)."""

import pytest
from waldur_api_client import AuthenticatedClient, models

from tests.simulator.waldur import WaldurSimulator
from tests.unit.simulator.waldur.support import Http, seeded_world

from .departures import CLIENT_ONLY_FIELDS, DepartureLog
from .schema_check import SchemaChecker

TOKEN = "demo-token"
DELAY = 0.05
# Schema component -> the official client's model class, where the names differ.
MODEL_NAMES = {"PullResponse": "Detail"}


class Contract:
    """Checks one API object: departures taken out, the strict schema check, then the client's ``from_dict``."""

    def __init__(self):
        self.checker = SchemaChecker()
        self.log = DepartureLog()

    def check(self, schema, obj, complete=True):
        """``complete``: every documented field must be present (false for answers restricted with ``field=``)."""
        clean, removed = self.log.neutralise(schema, obj)
        problems = self.checker.problems(schema, obj, frozenset(removed), complete)
        assert not problems, "%s departs from the schema:\n  %s" % (schema, "\n  ".join(problems))
        for field, value in CLIENT_ONLY_FIELDS.get(schema, {}).items():
            assert field not in clean, "%s.%s is sent now: drop it from CLIENT_ONLY_FIELDS" % (schema, field)
            clean[field] = value
        return getattr(models, MODEL_NAMES.get(schema, schema)).from_dict(clean)

    def check_all(self, schema, objs):
        return [self.check(schema, obj) for obj in objs]

    def assert_departures_seen(self, *schemas):
        missing = self.log.missing_for(set(schemas))
        assert not missing, "listed departures that did not occur: %s" % missing


@pytest.fixture(scope="session")
def simulator():
    with WaldurSimulator(port=0, token=TOKEN, delay=DELAY) as sim:
        yield sim


@pytest.fixture(scope="session")
def api(simulator):
    return Http(simulator.url, TOKEN)


@pytest.fixture(scope="session")
def client(simulator):
    with AuthenticatedClient(base_url=simulator.url, token=TOKEN, prefix="Token") as official:
        yield official


@pytest.fixture
def contract():
    return Contract()


@pytest.fixture(scope="session")
def world(api):
    return seeded_world(api)
