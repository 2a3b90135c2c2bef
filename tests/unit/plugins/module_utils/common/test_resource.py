import datetime

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.timestamps import format_timestamp, parse_timestamp
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.resource import ResourceModule, lost_response, same_value
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError
from tests.unit.fakes import Exit, FakeClient, FakeModule


class Thing(ResourceModule):
    result_key = "snapshot"
    label = "snapshot"
    updatable_fields = dict(name="name", description="description", metadata="metadata", kept_until="kept_until")
    timestamp_fields = ("kept_until",)
    id_option = "uuid"

    def __init__(self, module, existing=None, create_outcome=None):
        super(Thing, self).__init__(module, FakeClient())
        self.existing = existing
        self.create_outcome = create_outcome
        self.created = 0
        self.updated = []

    def find(self):
        return self.existing

    def create(self):
        self.created += 1
        if isinstance(self.create_outcome, Exception):
            self.existing = {"uuid": "u1", "name": self.params["name"], "state": "OK"}
            raise self.create_outcome
        return {"uuid": "u1", "name": self.params["name"], "state": "OK"}

    def update(self, current, changes):
        self.updated.append(changes)
        return dict(current, **changes)

    def delete(self, current):
        self.existing = None


def params(**overrides):
    base = dict(state="present", uuid=None, name="snap", description=None, metadata=None, kept_until=None,
                unlink=False, refresh=False, wait=True, wait_timeout=60)
    base.update(overrides)
    return base


def run(thing):
    with pytest.raises(Exit):
        thing.run()
    return thing.module.result


EXISTING = {"uuid": "u1", "name": "snap", "description": "old", "metadata": {"a": "1"}, "kept_until": "2030-01-31T00:00:00+00:00", "state": "OK"}


class TestPlanning:
    def test_only_options_the_user_set_are_compared(self):
        result = run(Thing(FakeModule(params()), existing=dict(EXISTING)))
        assert result["changed"] is False

    def test_differences_are_planned_and_applied(self):
        thing = Thing(FakeModule(params(description="new", metadata={"a": "1"}), diff=True), existing=dict(EXISTING))
        result = run(thing)
        assert result["changed"] is True
        assert thing.updated == [{"description": "new"}]
        assert result["diff"]["before"]["description"] == "old"
        assert result["diff"]["after"]["description"] == "new"

    def test_equivalent_timestamps_are_equal(self):
        thing = Thing(FakeModule(params(kept_until="2030-01-31T01:00:00+01:00")), existing=dict(EXISTING))
        assert run(thing)["changed"] is False

    def test_name_is_only_changed_when_identified_by_uuid(self):
        by_name = Thing(FakeModule(params(name="other")), existing=dict(EXISTING))
        assert run(by_name)["changed"] is False
        by_uuid = Thing(FakeModule(params(uuid="u1", name="other")), existing=dict(EXISTING))
        assert run(by_uuid)["changed"] is True
        assert by_uuid.updated == [{"name": "other"}]

    def test_check_mode_create_sends_nothing(self):
        thing = Thing(FakeModule(params(description="d"), check_mode=True, diff=True))
        result = run(thing)
        assert result["changed"] is True and thing.created == 0
        assert result["snapshot"]["description"] == "d"
        assert result["diff"]["before"] == {"state": "absent"}

    def test_absent(self):
        thing = Thing(FakeModule(params(state="absent")), existing=dict(EXISTING))
        assert run(thing)["changed"] is True
        assert thing.existing is None
        assert run(Thing(FakeModule(params(state="absent"))))["changed"] is False


class TestLostResponses:
    def test_a_lost_create_response_is_reconciled_by_looking_up_the_object(self):
        thing = Thing(FakeModule(params()), create_outcome=ApiError("POST x: no answer", status=None, method="POST"))
        result = run(thing)
        assert thing.created == 1
        assert result["changed"] is True and result["snapshot"]["uuid"] == "u1"
        assert "got no clear answer" in thing.module.warnings[0]

    def test_a_clear_refusal_is_not_reconciled(self):
        thing = Thing(FakeModule(params()), create_outcome=ApiError("POST x: 400: name: bad", status=400, method="POST", api_message="name: bad"))
        result = run(thing)
        assert result["failed"] is True
        assert "Snapshot 'snap': POST x: 400: name: bad" == result["msg"]
        assert result["api_error"]["status"] == 400

    @pytest.mark.parametrize("status, lost", [(None, True), (500, True), (504, True), (400, False), (409, False)])
    def test_lost_response(self, status, lost):
        assert lost_response(ApiError("x", status=status)) is lost


def test_timestamps():
    assert parse_timestamp("2030-01-31T00:00:00Z") == datetime.datetime(2030, 1, 31, tzinfo=datetime.timezone.utc)
    assert parse_timestamp("2030-01-31 00:00:00") == parse_timestamp("2030-01-31T01:00:00+01:00")
    assert format_timestamp("2030-01-31T01:00:00+01:00") == "2030-01-31T00:00:00Z"
    assert parse_timestamp(None) is None
    with pytest.raises(InputError, match="not an ISO 8601"):
        parse_timestamp("next tuesday")


def test_same_value():
    assert same_value("description", "", None)
    assert same_value("metadata", {}, None)
    assert same_value("kept_until", "2030-01-31T00:00:00Z", "2030-01-31T01:00:00+01:00", timestamps=("kept_until",))
    assert not same_value("kept_until", "2030-01-31T00:00:00Z", "2030-01-31T01:00:00+01:00")
    assert not same_value("name", "a", "b")
    assert not same_value("description", "x", None)
