import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import AnsibleFallbackNotFound

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.module import env_fallback
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.module import gcore_argument_spec
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.module import waldur_argument_spec


def test_a_variable_set_to_nothing_counts_as_unset(monkeypatch):
    monkeypatch.setenv("FIRST_CHOICE", " ")
    monkeypatch.setenv("SECOND_CHOICE", "value")
    assert env_fallback("FIRST_CHOICE", "SECOND_CHOICE") == "value"


def test_without_a_variable_set_to_something_there_is_no_fallback(monkeypatch):
    monkeypatch.setenv("FIRST_CHOICE", "")
    monkeypatch.delenv("SECOND_CHOICE", raising=False)
    with pytest.raises(AnsibleFallbackNotFound):
        env_fallback("FIRST_CHOICE", "SECOND_CHOICE")


def test_an_empty_gcore_variable_leaves_the_option_its_default(monkeypatch):
    # As AWX injects a credential field left empty.
    monkeypatch.setenv("GCORE_API_KEY", "key")
    monkeypatch.setenv("GCORE_BASE_URL", "")
    monkeypatch.setenv("GCORE_CLOUD_PROJECT_ID", "1")
    monkeypatch.setenv("GCORE_CLOUD_REGION_ID", "76")
    result = ArgumentSpecValidator(gcore_argument_spec()).validate({})
    assert result.error_messages == []
    assert result.validated_parameters["base_url"] == "https://api.gcore.com"


def test_an_empty_waldur_token_is_missing_not_sent(monkeypatch):
    monkeypatch.setenv("WALDUR_API_URL", "https://waldur.example.com/api/")
    monkeypatch.setenv("WALDUR_ACCESS_TOKEN", "")
    result = ArgumentSpecValidator(waldur_argument_spec()).validate({})
    assert result.error_messages == ["missing required arguments: access_token"]
