"""Fixtures for the Waldur integration tests: a Waldur simulator on localhost per test module (see tests/integration/harness)."""

import pytest

from tests.integration.harness import WaldurApi, started_waldur


@pytest.fixture(scope="module")
def waldur(tmp_path_factory):
    """A Waldur simulator of the default (8.x) generation, shared by a test module."""
    simulated = started_waldur(tmp_path_factory)
    try:
        yield simulated
    finally:
        simulated.simulator.stop()


@pytest.fixture(scope="module", params=[7, 8], ids=["waldur7", "waldur8"])
def waldur_generations(request, tmp_path_factory):
    """One Waldur simulator per API generation, for tests of requests whose accepted form differs between them."""
    simulated = started_waldur(tmp_path_factory, request.param)
    try:
        yield simulated
    finally:
        simulated.simulator.stop()


@pytest.fixture(scope="module")
def waldur_api(waldur):
    return WaldurApi(waldur.url, waldur.token)
