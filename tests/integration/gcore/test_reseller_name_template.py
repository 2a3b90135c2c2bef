"""gcore_reseller_name_template run by ansible-playbook against the Gcore simulator: the lifecycle of a region's
naming configuration and bad inputs, each checked against the simulator's request log and the API's own list."""

CONFIGS = "/cloud/v1/reseller_name_templates"


def configuration(gcore_api, region_id):
    return [config for config in gcore_api.call("GET", CONFIGS)["results"] if config["region_id"] == region_id]


def test_lifecycle(gcore, gcore_api):
    mark = gcore.log.mark()
    gcore.playbook("gcore_reseller_name_template.yml", check=True)
    # Check-mode runs and idempotent re-runs sent nothing.
    assert gcore.log.mutating_answers(mark) == [
        "DELETE %s/7/76 204" % CONFIGS,
        "PUT %s 200" % CONFIGS,                     # create
        "PUT %s 200" % CONFIGS,                     # load balancer templates
        "PUT %s 200" % CONFIGS,                     # region 77
    ]
    assert configuration(gcore_api, 76) == [{
        "reseller_id": 7, "reseller_name": "demo-reseller", "region_id": 76, "allow_custom_name": False,
        "allowed_name_templates": ["vm-{ip_octets}", "web-{two_ip_octets}"], "allowed_name_win_templates": [],
        "allowed_bm_name_templates": [], "allowed_bm_name_win_templates": [], "allowed_lb_name_templates": ["lb-{ip_octets}"],
        "allowed_lb_name_restriction": "^lb-"}]
    assert configuration(gcore_api, 77)[0]["allowed_bm_name_templates"] == ["bm-{one_ip_octet}"]


def test_bad_inputs_fail_clearly_and_change_nothing(gcore, gcore_api):
    before = gcore_api.call("GET", CONFIGS)
    mark = gcore.log.mark()
    gcore.playbook("gcore_reseller_name_template_errors.yml", check=True)
    # Only the unknown reseller reached the API with a change, which it refused.
    assert gcore.log.mutating_answers(mark) == ["PUT %s 404" % CONFIGS]
    assert gcore_api.call("GET", CONFIGS) == before
