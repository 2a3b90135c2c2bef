"""Integration tests run real Ansible processes against the installed collection (see tests/integration/harness)."""

import pytest

from tests.integration.harness import collection_installed
from tests.integration.harness.runs import COLLECTIONS


@pytest.fixture(scope="session", autouse=True)
def installed_collection():
    if not collection_installed():
        pytest.fail("the collection is not installed in %s; run `make install` (make integration does it)" % COLLECTIONS)
