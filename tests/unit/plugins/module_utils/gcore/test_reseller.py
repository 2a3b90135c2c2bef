import re

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.reseller import (
    SETTING_FIELDS, GcoreResellerNameTemplate, same_setting,
)
from tests.unit.fakes import make_response
from tests.unit.gcore_fakes import Api, answer
from tests.unit.fakes import Exit, FakeModule

CONFIGS = "/cloud/v1/reseller_name_templates"
MUTATING = ("POST", "PUT", "PATCH", "DELETE")


def configuration(region_id=76, reseller_id=7, **fields):
    config = {"reseller_id": reseller_id, "reseller_name": "demo-reseller", "region_id": region_id, "allow_custom_name": True,
              "allowed_name_templates": [], "allowed_name_win_templates": [], "allowed_bm_name_templates": [],
              "allowed_bm_name_win_templates": [], "allowed_lb_name_templates": [], "allowed_lb_name_restriction": ""}
    config.update(fields)
    return config


def world(*configs):
    """A scripted API holding ``configs``. Its PUT replaces a configuration with the body, so a field the module
    leaves out is lost: the stricter of the two ways a PUT can treat omitted fields."""
    api = Api()
    state = {"configs": list(configs)}

    def put(body, url, **_):
        others = [c for c in state["configs"] if (c["reseller_id"], c["region_id"]) != (body["reseller_id"], body["region_id"])]
        stored = dict(body, reseller_name="demo-reseller")
        state["configs"] = others + [stored]
        return make_response(200, stored, url=url, method="PUT")

    def delete(url, **_):
        reseller_id, region_id = [int(part) for part in url.rsplit("/", 2)[1:]]
        state["configs"] = [c for c in state["configs"] if (c["reseller_id"], c["region_id"]) != (reseller_id, region_id)]
        return make_response(204, None, url=url, method="DELETE")

    api.on("GET", CONFIGS, lambda url, **_: make_response(200, {"count": len(state["configs"]), "results": state["configs"]}, url=url))
    api.on("PUT", CONFIGS, put)
    api.on("DELETE", CONFIGS + "/\\d+/\\d+", delete)
    api.on("GET", "/cloud/v1/regions/76", answer({"id": 76, "display_name": "Luxembourg-2"}))
    api.on("GET", "/cloud/v1/regions/\\d+", lambda url, **_: make_response(404, {"exception_class": "NotFound", "message": "Region not found"}, url=url))
    return api, state


def params(**overrides):
    base = dict(state="present", reseller_id=7, allow_custom_name=None, allowed_name_templates=None, allowed_name_win_templates=None,
                allowed_bm_name_templates=None, allowed_bm_name_win_templates=None, allowed_lb_name_templates=None,
                allowed_lb_name_restriction=None)
    base.update(overrides)
    return base


def run(api, check_mode=False, diff=False, region_id=76, **overrides):
    module = FakeModule(params(**overrides), check_mode=check_mode, diff=diff)
    client = api.client()
    client.region_id = region_id
    with pytest.raises(Exit):
        GcoreResellerNameTemplate(module, client).run()
    return module


def mutating(api):
    return [(call["method"], call["url"].split("/cloud/", 1)[1], call["json"]) for call in api.session.calls if call["method"] in MUTATING]


class TestComparison:
    @pytest.mark.parametrize("field, wanted, current, same", [
        ("allowed_name_templates", ["b", "a"], ["a", "b"], True),
        ("allowed_name_templates", [], None, True),
        ("allowed_name_templates", ["a"], ["a", "b"], False),
        ("allowed_lb_name_restriction", "", None, True),
        ("allowed_lb_name_restriction", "^lb-", "", False),
        ("allow_custom_name", False, True, False),
        ("allow_custom_name", True, True, True),
    ])
    def test_same_setting(self, field, wanted, current, same):
        assert same_setting(field, wanted, current) is same


class TestNameTemplateModule:
    def test_a_change_sends_every_field_with_the_current_values_of_those_not_set(self):
        current = configuration(allowed_name_templates=["vm-{ip_octets}"], allowed_lb_name_restriction="^lb-")
        api, state = world(current, configuration(region_id=77))
        module = run(api, diff=True, allow_custom_name=False)
        expected = dict(current, allow_custom_name=False)
        del expected["reseller_name"]
        assert mutating(api) == [("PUT", "v1/reseller_name_templates", expected)]
        assert module.result["changed"] is True
        assert module.result["name_template"] == dict(expected, reseller_name="demo-reseller")
        assert state["configs"][-1]["allowed_name_templates"] == ["vm-{ip_octets}"]
        assert module.result["diff"]["before"]["allow_custom_name"] is True
        assert module.result["diff"]["after"]["allow_custom_name"] is False
        assert module.result["diff"]["after"]["allowed_name_templates"] == ["vm-{ip_octets}"]

    def test_the_same_values_in_another_order_change_nothing(self):
        api, _state = world(configuration(allowed_name_templates=["a-{ip_octets}", "b-{one_ip_octet}"]))
        module = run(api, allowed_name_templates=["b-{one_ip_octet}", "a-{ip_octets}"], allowed_lb_name_restriction="")
        assert module.result["changed"] is False and mutating(api) == []
        assert [call["method"] for call in api.session.calls] == ["GET"]

    def test_a_missing_configuration_is_created_with_only_the_fields_set(self):
        api, _state = world(configuration(region_id=77))
        module = run(api, allowed_name_templates=["vm-{ip_octets}"])
        assert mutating(api) == [("PUT", "v1/reseller_name_templates",
                                  {"reseller_id": 7, "region_id": 76, "allowed_name_templates": ["vm-{ip_octets}"]})]
        assert module.result["changed"] is True and module.result["name_template"]["region_id"] == 76

    def test_check_mode_sends_nothing_and_predicts(self):
        api, _state = world(configuration())
        module = run(api, check_mode=True, diff=True, allowed_bm_name_templates=["bm-{ip_octets}"])
        assert mutating(api) == []
        assert module.result["changed"] is True
        assert module.result["name_template"]["allowed_bm_name_templates"] == ["bm-{ip_octets}"]
        assert module.result["diff"]["after"]["allowed_bm_name_templates"] == ["bm-{ip_octets}"]

    def test_check_mode_create_looks_the_region_up(self):
        api, _state = world()
        module = run(api, check_mode=True, diff=True, allow_custom_name=False)
        assert mutating(api) == []
        assert api.paths() == ["GET " + CONFIGS, "GET /cloud/v1/regions/76"]
        assert module.result["name_template"] == {"reseller_id": 7, "region_id": 76, "allow_custom_name": False}
        after = dict((field, None) for field in SETTING_FIELDS)
        after.update(state="present", allow_custom_name=False)
        assert module.result["diff"] == {"before": {"state": "absent"}, "after": after}

    def test_an_unknown_region_fails_before_anything_is_sent(self):
        api, _state = world()
        module = run(api, check_mode=True, region_id=999, allow_custom_name=False)
        assert module.result["failed"] is True
        assert module.result["msg"] == "Naming configuration of reseller 7 in region 999: region 999 does not exist"
        assert mutating(api) == []

    def test_absent_deletes_only_an_existing_configuration(self):
        api, state = world(configuration(), configuration(region_id=77))
        module = run(api, diff=True, state="absent")
        assert mutating(api) == [("DELETE", "v1/reseller_name_templates/7/76", None)]
        assert module.result["changed"] is True and module.result["name_template"] is None
        assert module.result["diff"]["after"] == {"state": "absent"}
        assert [c["region_id"] for c in state["configs"]] == [77]
        again = run(api, state="absent")
        assert again.result["changed"] is False
        assert len(mutating(api)) == 1

    def test_absent_in_check_mode_sends_nothing(self):
        api, _state = world(configuration())
        module = run(api, check_mode=True, state="absent")
        assert module.result["changed"] is True and mutating(api) == []

    def test_another_resellers_configuration_is_not_this_one(self):
        api, _state = world(configuration(reseller_id=8))
        module = run(api, state="absent")
        assert module.result["changed"] is False and mutating(api) == []

    def test_an_api_refusal_names_the_configuration_and_quotes_the_message(self):
        api, _state = world()
        api.routes.insert(0, ("PUT", re.compile(CONFIGS + "$"), lambda url, **_: make_response(
            404, {"exception_class": "NotFound", "message": "Reseller 8 not found"}, url=url, method="PUT")))
        module = run(api, reseller_id=8, allow_custom_name=False)
        assert module.result["failed"] is True
        assert module.result["msg"].startswith("Naming configuration of reseller 8 in region 76: PUT ")
        assert module.result["msg"].endswith("404 Not Found: Reseller 8 not found")
        assert module.result["api_error"]["api_message"] == "Reseller 8 not found"
