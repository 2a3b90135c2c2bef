import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.input_checks import (
    range_problems, state_problems, type_problems,
)

SPEC = dict(
    user_data=dict(type="str"),
    ca_path=dict(type="path"),
    wait_timeout=dict(type="int"),
    api_timeout=dict(type="float"),
    wait=dict(type="bool"),
    names=dict(type="list", elements="str"),
    tags=dict(type="dict"),
    volumes=dict(type="list", elements="dict", options=dict(size=dict(type="int"), image=dict(type="str"))),
    network=dict(type="dict", options=dict(name=dict(type="str", aliases=["label"]))),
)


@pytest.mark.parametrize("raw, message", [
    ({"user_data": {"packages": ["nginx"]}}, "user_data must be a string, not a mapping"),
    ({"user_data": ["a"]}, "user_data must be a string, not a list"),
    ({"user_data": True}, "user_data must be a string, not a boolean"),
    ({"ca_path": {"a": 1}}, "ca_path must be a string, not a mapping"),
    ({"names": 5}, "names must be a list, not a number"),
    ({"names": {"a": 1}}, "names must be a list, not a mapping"),
    ({"names": ["a", {"b": 1}]}, "names[1] must be a string, not a mapping"),
    ({"wait_timeout": True}, "wait_timeout must be a number, not a boolean"),
    ({"api_timeout": [1]}, "api_timeout must be a number, not a list"),
    ({"wait": {"a": 1}}, "wait must be a boolean, not a mapping"),
    ({"tags": ["a"]}, "tags must be a mapping, not a list"),
    ({"volumes": [{"size": True}]}, "volumes[0].size must be a number, not a boolean"),
    ({"volumes": ["big"]}, "volumes[0] must be a mapping, not a string"),
    ({"volumes": "big"}, "volumes must be a list of mappings, not a string"),
    ({"network": {"label": {"x": 1}}}, "network.name must be a string, not a mapping"),
])
def test_values_ansible_would_convert_are_refused(raw, message):
    problems = type_problems(raw, SPEC)
    assert len(problems) == 1 and problems[0].startswith(message), problems


@pytest.mark.parametrize("raw", [
    {"user_data": "#cloud-config\n"}, {"user_data": 5}, {"names": "a,b"}, {"names": ["a", 1]}, {"wait_timeout": "60"},
    {"wait": "yes"}, {"tags": "a=1"}, {"volumes": [{"size": 10, "image": "ubuntu"}]}, {"user_data": None}, {},
])
def test_values_that_mean_what_they_say_pass(raw):
    assert type_problems(raw, SPEC) == []


@pytest.mark.parametrize("params, message", [
    ({"wait_timeout": 0}, "wait_timeout must be at least 1, got 0"),
    ({"wait_timeout": -5}, "wait_timeout must be at least 1, got -5"),
    ({"api_timeout": 0.0}, "api_timeout must be more than 0, got 0.0"),
    ({"volumes": [{"size": 10}, {"size": 0}]}, "volumes[1].size must be at least 1, got 0"),
])
def test_numbers_out_of_range_are_refused(params, message):
    assert range_problems(params, SPEC) == [message]


def test_numbers_in_range_pass():
    assert range_problems({"wait_timeout": 1, "api_timeout": 0.5, "volumes": [{"size": 1}]}, SPEC) == []


def test_deletion_options_with_another_state_are_refused():
    assert state_problems({"unlink": True}, "started", ("unlink",)) == [
        "unlink only applies to state=absent; with state=started it would be ignored"]
    assert state_problems({"unlink": True}, "absent", ("unlink",)) == []
    assert state_problems({"unlink": False}, "present", ("unlink",)) == []


def test_hidden_keys_are_removed_at_any_depth():
    from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.input_checks import without_keys
    result = {"instance": {"name": "vm", "user_data": "pw"}, "diff": {"after": {"user_data": "pw"}},
              "instances": [{"user_data": "pw", "uuid": "u"}]}
    assert without_keys(result, ["user_data"]) == {"instance": {"name": "vm"}, "diff": {"after": {}}, "instances": [{"uuid": "u"}]}


def test_empty_strings_are_refused_where_they_mean_nothing():
    spec = dict(name=dict(type="str"), description=dict(type="str"), groups=dict(type="list", elements="str"))
    assert type_problems({"name": " ", "description": "", "groups": ["a", ""]}, spec) == [
        "name must not be empty (leave it out, or give it the value omit, to leave it unset)",
        "groups[1] must not be empty (leave it out, or give it the value omit, to leave it unset)"]


def test_key_value_stores_take_plain_values():
    from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.input_checks import mapping_problems
    assert mapping_problems({"tags": {"a": {"b": 1}, "c": 1, "d": None}}, ("tags",)) == [
        "tags.a must be a string, number or boolean, not a mapping"]
