import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.resource import WaldurResourceModule
from tests.unit.fakes import FakeClient, FakeModule


class Snapshot(WaldurResourceModule):
    kind = "snapshot"


@pytest.mark.parametrize("object_state, asked, unlink, expected", [
    ("DELETION_SCHEDULED", "absent", False, True),
    ("DELETING", "absent", False, True),
    ("DELETING", "absent", True, False),  # unlinking is how a deletion stuck in Waldur is cleaned up
    ("DELETING", "present", False, False),
    ("UPDATING", "absent", False, False),
])
def test_absent_is_not_asked_again_of_an_object_being_deleted(object_state, asked, unlink, expected):
    module = Snapshot(FakeModule(dict(state=asked, unlink=unlink, wait=True, wait_timeout=60)), client=FakeClient())
    assert module.already_being_deleted({"state": object_state}) is expected
