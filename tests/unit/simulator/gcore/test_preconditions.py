"""Operations the instance's state, lock, kind or quota forbid: Gcore-shaped 400 / 409, nothing changes."""

import pytest


def error(response, status, exception_class=None):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"exception_class", "message"} and body["message"]
    if exception_class:
        assert body["exception_class"] == exception_class, body
    return body


def action(gcore, instance_id, name):
    return gcore("POST", "/cloud/v2/instances/1/76/%s/action" % instance_id, {"action": name})


@pytest.mark.parametrize("name", ["start", "resume"])
def test_actions_need_their_status(gcore, name):
    instance = gcore.create()
    body = error(action(gcore, instance["id"], name), 409, "InstanceInvalidState")
    assert "ACTIVE" in body["message"]
    assert gcore.ok("GET", "/cloud/v1/tasks")["count"] == 1


def test_a_locked_instance_refuses_a_second_operation(gcore):
    instance = gcore.create()
    gcore.ok("POST", "/cloud/v2/instances/1/76/%s/action" % instance["id"], {"action": "stop"})
    error(action(gcore, instance["id"], "reboot"), 409, "ResourceLockedByTask")
    error(gcore("DELETE", gcore.instance_path(instance["id"])), 409, "ResourceLockedByTask")
    gcore.finish()
    assert action(gcore, instance["id"], "start").status_code == 200


def test_unknown_action_is_422(gcore):
    instance = gcore.create()
    error(action(gcore, instance["id"], "hibernate"), 422, "ValidationError")


def test_change_flavor_rules(gcore):
    instance = gcore.create(flavor="g1-standard-2-4")
    path = gcore.instance_path(instance["id"], "changeflavor")
    error(gcore("POST", path, {"flavor_id": "g1-standard-2-4"}), 400)
    error(gcore("POST", path, {"flavor_id": "g1w-standard-4-8"}), 400)
    error(gcore("POST", path, {"flavor_id": "g0-legacy-1-1"}), 400, "FlavorNotFound")
    error(gcore("POST", path, {}), 422)
    task_id = gcore.ok("POST", path, {"flavor_id": "g1-standard-4-8"})["tasks"][0]
    gcore.clock.advance(1)
    assert gcore.ok("GET", gcore.instance_path(instance["id"]))["status"] == "RESIZE"
    gcore.clock.advance(1)
    resized = gcore.ok("GET", gcore.instance_path(instance["id"]))
    assert (resized["status"], resized["flavor"]["flavor_id"], resized["flavor"]["vcpus"]) == ("ACTIVE", "g1-standard-4-8", 4)
    assert gcore.ok("GET", "/cloud/v1/tasks/" + task_id)["task_type"] == "resize_vm"


def test_bare_metal_cannot_suspend_and_consoles_depend_on_kind(bench):
    servers = bench.ok("GET", bench.instances_path(), include_baremetal="true", flavor_prefix="bm1-", status="ACTIVE")["results"]
    assert servers
    error(action(bench, servers[0]["id"], "suspend"), 400)
    error(bench("GET", bench.instance_path(servers[0]["id"], "get_console"), console_type="novnc"), 400)
    console = bench.ok("GET", bench.instance_path(servers[0]["id"], "get_console"), console_type="serial")["remote_console"]
    assert console["protocol"] == "serial"


def test_console_needs_a_running_instance(gcore):
    instance = gcore.create()
    console = gcore.ok("GET", gcore.instance_path(instance["id"], "get_console"))["remote_console"]
    assert (console["type"], console["protocol"]) == ("novnc", "vnc")
    gcore.act(instance["id"], "stop")
    error(gcore("GET", gcore.instance_path(instance["id"], "get_console")), 409)
    error(gcore("GET", gcore.instance_path(instance["id"], "get_console"), console_type="rdp"), 422)


def test_quota_is_enforced_and_reported(gcore):
    body = gcore.create_body(flavor="g1-standard-8-16")
    limits = gcore.ok("POST", "/cloud/v2/instances/1/76/check_limits", body)
    assert (limits["cpu_count_limit"], limits["cpu_count_requested"], limits["cpu_count_usage"]) == (48, 8, 0)
    assert (limits["vm_count_limit"], limits["vm_count_requested"]) == (20, 1)
    assert limits["volume_size_requested"] == 10 and limits["floating_count_requested"] == 0
    for index in range(6):
        gcore.create(name="big-%d" % index, flavor="g1-standard-8-16")
    limits = gcore.ok("POST", "/cloud/v2/instances/1/76/check_limits", body)
    assert limits["cpu_count_usage"] + limits["cpu_count_requested"] > limits["cpu_count_limit"]
    body = error(gcore("POST", "/cloud/v2/instances/1/76", gcore.create_body(name="one-too-many", flavor="g1-standard-8-16")),
                 400, "QuotaExceeded")
    assert "cpu_count" in body["message"]
    assert gcore.ok("GET", gcore.instances_path(), name="one-too-many")["count"] == 0


@pytest.mark.parametrize("change, status", [
    ({"flavor": None}, 422), ({"flavor": "g9-huge"}, 400), ({"interfaces": []}, 422), ({"volumes": []}, 422),
    ({"name": None}, 422), ({"name_template": "vm-{ip_octets}"}, 422), ({"interfaces": [{"type": "wifi"}]}, 422),
    ({"image": "windows-server-2022"}, 400), ({"ssh_key_name": "nobody"}, 400), ({"username": "admin"}, 400),
    ({"user_data": "not base64!"}, 400), ({"servergroup_id": "missing"}, 400), ({"configuration": {"a": 1}}, 400),
    ({"tags": {"k": 1}}, 422)])
def test_create_validation(gcore, change, status):
    image = change.pop("image", "ubuntu-22.04")
    body = gcore.create_body(image=image)
    body.update(change)
    body = {key: value for key, value in body.items() if value is not None}
    error(gcore("POST", "/cloud/v2/instances/1/76", body), status)
    assert gcore.ok("GET", gcore.instances_path())["count"] == 0


def test_naming_restrictions(gcore):
    config = {"reseller_id": 7, "region_id": 76, "allow_custom_name": False, "allowed_name_templates": ["vm-{ip_octets}"]}
    gcore.ok("PUT", "/cloud/v1/reseller_name_templates", config)
    names = gcore.ok("GET", "/cloud/v1/instances/1/76/available_names")
    assert names == {"custom_name_allowed": False, "name_templates_limited": True, "allowed_name_templates": ["vm-{ip_octets}"],
                     "allowed_name_win_templates": [], "allowed_bm_name_templates": [], "allowed_bm_name_win_templates": []}
    error(gcore("POST", "/cloud/v2/instances/1/76", gcore.create_body(name="custom")), 400, "NamingRestriction")
    body = gcore.create_body()
    del body["name"]
    error(gcore("POST", "/cloud/v2/instances/1/76", dict(body, name_template="x-{one_ip_octet}")), 400, "NamingRestriction")
    instance = gcore.create(name=None, name_template="vm-{ip_octets}")
    address = instance["addresses"]["demo-net"][0]["addr"]
    assert instance["name"] == "vm-" + "-".join(address.split(".")[1:])
    gcore.ok("DELETE", "/cloud/v1/reseller_name_templates/7/76", expect=204)
    assert gcore.ok("GET", "/cloud/v1/reseller_name_templates/1/76/available_names")["custom_name_allowed"] is True


def test_reseller_naming_configuration_lifecycle(gcore):
    configs = "/cloud/v1/reseller_name_templates"
    seeded = gcore.ok("GET", configs)
    assert seeded["count"] == 2 and seeded["results"][0] == {
        "reseller_id": 7, "reseller_name": "demo-reseller", "region_id": 76, "allow_custom_name": True,
        "allowed_name_templates": [], "allowed_name_win_templates": [], "allowed_bm_name_templates": [],
        "allowed_bm_name_win_templates": [], "allowed_lb_name_templates": [], "allowed_lb_name_restriction": ""}
    # Fields a PUT omits keep their values.
    gcore.ok("PUT", configs, {"reseller_id": 7, "region_id": 76, "allowed_lb_name_templates": ["lb-{ip_octets}"]})
    updated = gcore.ok("PUT", configs, {"reseller_id": 7, "region_id": 76, "allow_custom_name": False})
    assert updated["allow_custom_name"] is False and updated["allowed_lb_name_templates"] == ["lb-{ip_octets}"]
    gcore.ok("DELETE", configs + "/7/76", expect=204)
    assert [row["region_id"] for row in gcore.ok("GET", configs)["results"]] == [77]
    assert gcore.ok("GET", configs + "/1/76/available_names")["custom_name_allowed"] is True
    error(gcore("DELETE", configs + "/7/76"), 404, "NotFound")
    created = gcore.ok("PUT", configs, {"reseller_id": 7, "region_id": 76, "allowed_name_templates": ["vm-{one_ip_octet}"]})
    assert created["allow_custom_name"] is True and created["allowed_name_templates"] == ["vm-{one_ip_octet}"]


@pytest.mark.parametrize("body, status, message", [
    ({"region_id": 76}, 422, "reseller_id: field required"),
    ({"reseller_id": 8, "region_id": 76}, 404, "Reseller 8 not found"),
    ({"reseller_id": 7, "region_id": 99}, 404, "Region 99 not found"),
    ({"reseller_id": 7, "region_id": 76, "allow_custom_name": "yes"}, 422, "allow_custom_name"),
    ({"reseller_id": 7, "region_id": 76, "allowed_name_templates": "vm-{ip_octets}"}, 422, "allowed_name_templates"),
    ({"reseller_id": 7, "region_id": 76, "allowed_lb_name_restriction": 5}, 422, "allowed_lb_name_restriction"),
])
def test_reseller_naming_configuration_validation(gcore, body, status, message):
    assert message in error(gcore("PUT", "/cloud/v1/reseller_name_templates", body), status)["message"]
    error(gcore("DELETE", "/cloud/v1/reseller_name_templates/8/76"), 404, "NotFound")
