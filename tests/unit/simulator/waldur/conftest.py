"""Fixtures: a fresh Waldur simulator per test and a small HTTP helper around it."""

import pytest

from tests.simulator.waldur import WaldurSimulator

from .support import TOKEN, Http, seeded_world


@pytest.fixture
def sim():
    with WaldurSimulator(port=0, token=TOKEN, delay=0.02) as simulator:
        yield simulator


@pytest.fixture
def http(sim):
    return Http(sim.url)


@pytest.fixture
def world(http):
    return seeded_world(http)
