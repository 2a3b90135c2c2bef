import base64

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.bodies import encode_user_data
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.fields import interface_summary
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.instance import GcoreInstance
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.plan import match_interfaces, plan_key_values, power_actions
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.references import References
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import GcoreClient
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import RetryPolicy, Transport
from tests.unit.fakes import FakeClock, make_response
from tests.unit.gcore_fakes import BASE, ID1, ID2, ID3, Api, answer, offset_pages
from tests.unit.fakes import Exit, FakeModule

INSTANCES = "/cloud/v1/instances/1/76"
NETWORK = {"id": ID2, "name": "demo-net", "subnets": [ID3]}
SUBNET = {"id": ID3, "name": "demo-subnet", "network_id": ID2}
IMAGE = {"id": "44444444-4444-4444-8444-444444444444", "name": "ubuntu-22.04"}
FLAVORS = [{"flavor_id": "g1-standard-1-2", "flavor_name": "g1-standard-1-2", "vcpus": 1, "ram": 2048, "disabled": False},
           {"flavor_id": "g1-standard-2-4", "flavor_name": "g1-standard-2-4", "vcpus": 2, "ram": 4096, "disabled": False},
           {"flavor_id": "g0-legacy-1-1", "flavor_name": "g0-legacy-1-1", "vcpus": 1, "ram": 1024, "disabled": True}]
MUTATING = ("POST", "PUT", "PATCH", "DELETE")


class TestPowerTable:
    @pytest.mark.parametrize("status, state, actions", [
        ("ACTIVE", "started", []), ("SHUTOFF", "started", ["start"]), ("SUSPENDED", "started", ["resume"]),
        ("SHUTOFF", "stopped", []), ("ACTIVE", "stopped", ["stop"]), ("SUSPENDED", "stopped", ["resume", "stop"]),
        ("SUSPENDED", "suspended", []), ("ACTIVE", "suspended", ["suspend"]), ("SHUTOFF", "suspended", ["suspend"]),
        ("ACTIVE", "restarted", ["reboot"]), ("SHUTOFF", "restarted", ["start"]), ("SUSPENDED", "restarted", ["resume"]),
    ])
    def test_soft(self, status, state, actions):
        assert power_actions(status, state) == actions

    @pytest.mark.parametrize("status", ["ACTIVE", "SHUTOFF", "SUSPENDED", "ERROR", "PAUSED"])
    @pytest.mark.parametrize("reboot_type, action", [("hard", "reboot_hard"), ("powercycle", "powercycle")])
    def test_hard_reboots_recover_more_statuses(self, status, reboot_type, action):
        assert power_actions(status, "restarted", reboot_type) == [action]

    @pytest.mark.parametrize("status, state", [("ERROR", "started"), ("ERROR", "restarted"), ("PAUSED", "stopped")])
    def test_no_way_out_says_how_to_recover(self, status, state):
        with pytest.raises(InputError, match="its status is %s, from which no power action reaches state=%s \\(state=restarted "
                                             "with reboot_type=hard recovers it\\)" % (status, state)):
            power_actions(status, state)

    def test_transitional_statuses_have_no_action(self):
        with pytest.raises(InputError, match="^its status is BUILD, from which no power action reaches state=restarted$"):
            power_actions("BUILD", "restarted", "hard")


class TestUserData:
    def test_plain_text_is_encoded(self):
        encoded = encode_user_data("#cloud-config\npackages: [nginx]\n")
        assert base64.b64decode(encoded).decode() == "#cloud-config\npackages: [nginx]\n"

    def test_base64_is_checked_and_kept(self):
        value = base64.b64encode(b"#!/bin/sh\necho hi\n").decode()
        assert encode_user_data(value[:10] + "\n" + value[10:], already_encoded=True) == value
        with pytest.raises(InputError, match="user_data is not valid base64"):
            encode_user_data("#!/bin/sh", already_encoded=True)


class TestKeyValuePlanning:
    CURRENT = {"env": "prod", "team": "web", "k8s_cluster_name": "c1"}
    READ_ONLY = {"k8s_cluster_name"}

    def test_merge_sets_what_differs_and_keeps_the_rest(self):
        to_set, to_delete, result = plan_key_values(self.CURRENT, self.READ_ONLY, {"env": "prod", "tier": 3}, False, "Tag")
        assert (to_set, to_delete) == ({"tier": "3"}, [])
        assert result == dict(self.CURRENT, tier="3")

    def test_a_null_value_deletes_the_key(self):
        to_set, to_delete, result = plan_key_values(self.CURRENT, self.READ_ONLY, {"team": None, "gone": None}, False, "Tag")
        assert (to_set, to_delete) == ({}, ["team"])
        assert "team" not in result

    def test_purge_removes_what_is_not_named_except_read_only_keys(self):
        to_set, to_delete, result = plan_key_values(self.CURRENT, self.READ_ONLY, {"env": "staging"}, True, "Tag")
        assert (to_set, to_delete) == ({"env": "staging"}, ["team"])
        assert result == {"env": "staging", "k8s_cluster_name": "c1"}

    def test_nothing_to_do(self):
        assert plan_key_values(self.CURRENT, self.READ_ONLY, {"env": "prod"}, False, "Tag")[:2] == ({}, [])

    @pytest.mark.parametrize("wanted", [{"k8s_cluster_name": "c2"}, {"k8s_cluster_name": None}])
    def test_read_only_keys_cannot_change(self, wanted):
        with pytest.raises(InputError, match="^Tag 'k8s_cluster_name' is read-only$"):
            plan_key_values(self.CURRENT, self.READ_ONLY, wanted, False, "Tag")


def interface(port_id, network_id, subnet_ids, external=False, name=None):
    return {"port_id": port_id, "network_id": network_id, "interface_name": name, "network_details": {"external": external},
            "ip_assignments": [{"subnet_id": subnet_id, "ip_address": "10.0.0.%d" % index} for index, subnet_id in enumerate(subnet_ids)]}


class TestInterfaceMatching:
    CURRENT = [interface("p1", "n1", ["s1"]), interface("p2", "ext", ["s-ext"], external=True), interface("p3", "n2", ["s2"], name="data")]

    def test_each_wanted_interface_pairs_with_one_existing(self):
        wanted = [{"type": "subnet", "subnet_id": "s1"}, {"type": "external"}, {"type": "any_subnet", "network_id": "n2"},
                  {"type": "any_subnet", "network_id": "n2"}, {"type": "reserved_fixed_ip", "port_id": "p9"}]
        missing, unpaired = match_interfaces(wanted, self.CURRENT)
        assert missing == wanted[3:]
        assert unpaired == []

    def test_interface_names_must_agree_when_given(self):
        missing, unpaired = match_interfaces([{"type": "any_subnet", "network_id": "n2", "interface_name": "other"}], self.CURRENT)
        assert len(missing) == 1 and len(unpaired) == 3

    def test_summary(self):
        assert interface_summary(self.CURRENT[1]) == {"interface_name": None, "network_id": "ext", "external": True,
                                                      "subnet_ids": ["s-ext"], "port_id": "p2"}


def lookups_api():
    api = Api()
    api.on("GET", "/cloud/v1/flavors/1/76", offset_pages(FLAVORS))
    api.on("GET", "/cloud/v1/networks/1/76", offset_pages([NETWORK]))
    api.on("GET", "/cloud/v1/subnets/1/76", offset_pages([SUBNET]))
    api.on("GET", "/cloud/v1/images/1/76", offset_pages([IMAGE]))
    api.on("GET", "/cloud/v1/securitygroups/1/76", offset_pages([{"id": ID1, "name": "web"}]))
    api.on("GET", "/cloud/v1/floatingips/1/76", offset_pages([{"id": ID1, "floating_ip_address": "198.18.0.9"}]))
    return api


class TestBodies:
    def refs(self):
        return References(lookups_api().client())

    def test_volumes_infer_their_source_and_resolve_names(self):
        refs = self.refs()
        assert refs.volume_body({"image": "ubuntu-22.04", "size": 10, "tags": {"n": 1}}, "v") == {
            "source": "image", "image_id": IMAGE["id"], "size": 10, "tags": {"n": "1"}}
        assert refs.volume_body({"size": 50, "type_name": "ssd_hiiops"}, "v") == {"source": "new-volume", "size": 50, "type_name": "ssd_hiiops"}

    @pytest.mark.parametrize("spec, message", [
        ({"source": "image"}, "v: source image needs image"),
        ({"size": 5, "source": "snapshot"}, "v: source snapshot needs snapshot"),
        ({}, "v: source new-volume needs size \\(GiB\\)"),
        ({"image": "ubuntu-22.04", "snapshot": ID1}, "v: set only one of image, snapshot, apptemplate and volume"),
        ({"volume": ID1, "size": 5}, "v: size is not used with source existing-volume"),
        ({"source": "new-volume", "size": 5, "image": "x"}, "v: image is not used with source new-volume"),
    ])
    def test_volume_mistakes(self, spec, message):
        with pytest.raises(InputError, match="^%s$" % message):
            self.refs().volume_body(spec, "v")

    def test_interfaces_infer_their_type(self):
        refs = self.refs()
        assert refs.interface_body({"network": "demo-net", "subnet": "demo-subnet", "floating_ip": "new",
                                    "security_groups": ["web"]}, "i") == {
            "type": "subnet", "network_id": ID2, "subnet_id": ID3, "floating_ip": {"source": "new"}, "security_groups": [{"id": ID1}]}
        assert refs.interface_body({"network": "demo-net", "ip_address": "10.0.0.9", "floating_ip": "198.18.0.9"}, "i") == {
            "type": "any_subnet", "network_id": ID2, "ip_address": "10.0.0.9",
            "floating_ip": {"source": "existing", "existing_floating_id": ID1}}
        assert refs.interface_body({"ip_family": "dual"}, "i") == {"type": "external", "ip_family": "dual"}

    def test_attaching_leaves_out_what_only_a_create_takes(self):
        body = self.refs().interface_body({"network": "demo-net", "ip_address": "10.0.0.9", "floating_ip": "new"}, "i", attach=True)
        assert body == {"type": "any_subnet", "network_id": ID2}

    @pytest.mark.parametrize("spec, message", [
        ({"type": "subnet"}, "i: an interface of type subnet needs subnet"),
        ({"type": "external", "network": "demo-net"}, "i: network is not used with an interface of type external"),
        ({"type": "reserved_fixed_ip"}, "i: an interface of type reserved_fixed_ip needs reserved_fixed_ip"),
    ])
    def test_interface_mistakes(self, spec, message):
        with pytest.raises(InputError, match="^%s$" % message):
            self.refs().interface_body(spec, "i")

    def test_a_disabled_flavor_is_refused(self):
        with pytest.raises(InputError, match="^Flavor 'g0-legacy-1-1' is disabled in project 1, region 76$"):
            self.refs().flavor("g0-legacy-1-1")

    def test_each_reference_is_looked_up_once(self):
        refs = References(lookups_api().client())
        flavors = [refs.flavor("g1-standard-1-2") for _attempt in range(3)]
        assert flavors[0] is flavors[2]
        assert len(refs.client.transport.session.calls) == 1


def params(**overrides):
    base = dict(state="present", id=None, name="web", name_template=None, flavor=None, allow_stop=False, interfaces=None,
                purge_interfaces=False, volumes=None, ssh_key_name=None, username=None, password=None, user_data=None,
                user_data_encoded=False, security_groups=None, servergroup=None, tags=None, purge_tags=False, metadata=None,
                purge_metadata=False, allow_app_ports=None, configuration=None, reboot_type="soft", legacy_power_actions=False,
                delete_floatings=False, delete_floating_ips=None, delete_reserved_fixed_ips=None, delete_volumes=None,
                wait=True, wait_timeout=60)
    base.update(overrides)
    return base


CREATE = dict(flavor="g1-standard-1-2", volumes=[{"image": "ubuntu-22.04", "size": 10}], interfaces=[{"network": "demo-net"}])


def running(**extra):
    instance = {"id": ID1, "name": "web", "status": "ACTIVE", "task_id": None, "flavor": {"flavor_id": "g1-standard-1-2"},
                "tags": [{"key": "env", "value": "prod", "read_only": False}], "security_groups": [{"name": "default"}]}
    instance.update(extra)
    return instance


def world(instance=None, quota=None):
    """A scripted API holding at most one instance named web; returns (api, state)."""
    api = lookups_api()
    state = {"instance": instance, "visible": True}
    api.on("GET", INSTANCES, lambda query, url, **_: offset_pages([state["instance"]] if state["instance"] and state["visible"] else [])(
        query=query, url=url))
    api.on("GET", "%s/%s" % (INSTANCES, ID1), lambda url, **_: make_response(200 if state["instance"] else 404, state["instance"], url=url))
    api.on("POST", "/cloud/v2/instances/1/76/check_limits", answer(quota or {"vm_count_limit": 20, "vm_count_usage": 1, "vm_count_requested": 1}))
    api.on("GET", "/cloud/v1/tasks/[^/]+", answer({"id": "t-1", "state": "FINISHED", "created_resources": {"instances": [ID1]}}))
    api.on("PATCH", "%s/%s" % (INSTANCES, ID1), answer(instance))
    api.on("POST", "%s/%s/metadata" % (INSTANCES, ID1), answer(None, 204))
    api.on("PUT", "%s/%s/metadata" % (INSTANCES, ID1), answer(None, 204))
    api.on("DELETE", "%s/%s/metadata/.+" % (INSTANCES, ID1), answer(None, 204))
    api.on("DELETE", "/cloud/v2/instances/1/76/%s/metadata_item" % ID1, answer(None, 204))
    api.on("GET", "%s/%s/interfaces" % (INSTANCES, ID1), offset_pages([interface("p1", ID2, [ID3])]))
    api.on("GET", "%s/%s/metadata" % (INSTANCES, ID1), answer({"count": 2, "results": [
        {"key": "env", "value": "prod", "read_only": False}, {"key": "k8s", "value": "c1", "read_only": True}]}))
    return api, state


def run(api, check_mode=False, diff=False, **overrides):
    module = FakeModule(params(**overrides), check_mode=check_mode, diff=diff)
    with pytest.raises(Exit):
        GcoreInstance(module, api.client()).run()
    return module


def mutating(api):
    return [(call["method"], call["url"].split("/cloud/", 1)[1], call["json"]) for call in api.session.calls if call["method"] in MUTATING]


class TestInstanceModule:
    def test_check_mode_create_resolves_names_and_checks_the_quota_but_creates_nothing(self):
        api, _state = world()
        module = run(api, check_mode=True, diff=True, **CREATE)
        assert module.result["changed"] is True
        assert module.result["instance"]["flavor"]["flavor_id"] == "g1-standard-1-2"
        assert module.result["diff"]["before"] == {"state": "absent"}
        assert [m for m, _path, _body in mutating(api)] == ["POST"]
        assert mutating(api)[0][1] == "v2/instances/1/76/check_limits"

    def test_a_quota_shortfall_fails_with_the_numbers_before_the_create(self):
        api, _state = world(quota={"vm_count_limit": 20, "vm_count_usage": 20, "vm_count_requested": 1})
        module = run(api, **CREATE)
        assert module.result["msg"] == ("Instance 'web': cannot be created: the quota of region 76 is exceeded: "
                                        "vm_count (limit 20, in use 20, requested 1: 1 short)")
        assert len(mutating(api)) == 1

    def test_missing_creation_options_fail_before_any_request_but_the_look_up(self):
        api, _state = world()
        module = run(api, flavor="g1-standard-1-2")
        assert module.result["msg"] == "Instance 'web': does not exist; to create it set interfaces, volumes"
        assert [call["method"] for call in api.session.calls] == ["GET"]

    def test_create_sends_the_v2_body_and_waits(self):
        api, state = world()
        api.on("POST", "/cloud/v2/instances/1/76", lambda **_: (state.update(instance=running()), make_response(200, {"tasks": ["t-1"]}))[1])
        module = run(api, user_data="#cloud-config\n", tags={"env": "prod"}, **CREATE)
        assert module.result["changed"] is True and module.result["instance"]["id"] == ID1
        method, path, body = mutating(api)[1]
        assert (method, path) == ("POST", "v2/instances/1/76")
        assert body == {"flavor": "g1-standard-1-2", "name": "web", "interfaces": [{"type": "any_subnet", "network_id": ID2}],
                        "volumes": [{"source": "image", "image_id": IMAGE["id"], "size": 10}], "tags": {"env": "prod"},
                        "user_data": base64.b64encode(b"#cloud-config\n").decode()}
        assert "user_data" not in mutating(api)[0][2]

    def test_a_lost_create_answer_is_reconciled_by_name(self):
        api, state = world(running())
        state["visible"] = False

        def lost(url, **_):
            state["visible"] = True
            return make_response(502, {"message": "Bad gateway"}, url=url, method="POST")

        api.on("POST", "/cloud/v2/instances/1/76", lost)
        module = run(api, **CREATE)
        assert module.result["changed"] is True and module.result["instance"]["id"] == ID1
        assert "got no clear answer" in module.warnings[0]
        assert [path for _m, path, _b in mutating(api)].count("v2/instances/1/76") == 1

    def test_a_running_instance_is_not_resized_without_permission(self):
        api, _state = world(running())
        module = run(api, flavor="g1-standard-2-4")
        assert module.result["failed"] is True
        assert "is running (status ACTIVE): changing its flavor from g1-standard-1-2 to g1-standard-2-4 needs it stopped" in module.result["msg"]
        assert mutating(api) == []

    @pytest.mark.parametrize("purge, patch", [(False, {"team": "web"}), (True, {"team": "web", "env": None})])
    def test_tags_merge_or_purge(self, purge, patch):
        api, _state = world(running())
        module = run(api, diff=True, tags={"team": "web"}, purge_tags=purge)
        assert mutating(api) == [("PATCH", "v1/instances/1/76/%s" % ID1, {"tags": patch})]
        assert module.result["diff"]["before"]["tags"] == {"env": "prod"}

    def test_check_mode_changes_nothing_and_predicts(self):
        api, _state = world(running())
        module = run(api, check_mode=True, diff=True, tags={"team": "web"}, state="stopped")
        assert mutating(api) == []
        assert module.result["changed"] is True
        assert module.result["diff"]["after"]["tags"] == {"env": "prod", "team": "web"}
        assert module.result["diff"]["after"]["status"] == "SHUTOFF"

    def test_metadata_merge_sets_and_deletes_items(self):
        api, _state = world(running())
        run(api, tags=None, metadata={"role": "db", "env": None, "a/b": None})
        assert mutating(api) == [("POST", "v1/instances/1/76/%s/metadata" % ID1, {"role": "db"}),
                                 ("DELETE", "v1/instances/1/76/%s/metadata/env" % ID1, None)]

    def test_metadata_purge_replaces_all_but_read_only_items(self):
        api, _state = world(running())
        module = run(api, metadata={"role": "db"}, purge_metadata=True)
        assert mutating(api) == [("PUT", "v1/instances/1/76/%s/metadata" % ID1, {"role": "db"})]
        assert module.result["changed"] is True

    def test_a_read_only_metadata_item_cannot_be_changed(self):
        api, _state = world(running())
        module = run(api, metadata={"k8s": "c2"})
        assert module.result["msg"] == "Instance 'web': Metadata item 'k8s' is read-only"

    def test_an_unknown_id_fails_unless_absent(self):
        api, _state = world()
        assert "no instance has id %s in project 1, region 76" % ID1 in run(api, id=ID1, name=None, state="started").result["msg"]
        assert run(api, id=ID1, name=None, state="absent").result["changed"] is False

    def test_delete_resolves_what_goes_with_it_also_in_check_mode(self):
        api, _state = world(running())
        module = run(api, check_mode=True, state="absent", delete_floating_ips=["198.18.0.9"])
        assert module.result["changed"] is True and mutating(api) == []
        assert any("floatingips" in call["url"] for call in api.session.calls)


def patient_client(api, clock, retries=2):
    """A client that retries (the scripted API's own does not) on the fake clock."""
    transport = Transport(BASE, auth_header="APIKey secret-key", session=api.session, sleep=clock.sleep,
                          retry_policy=RetryPolicy(retries=retries, rand=lambda: 0.5))
    return GcoreClient(transport, 1, 76, clock=clock, sleep=clock.sleep)


def run_on(client, **overrides):
    module = FakeModule(params(**overrides))
    with pytest.raises(Exit):
        GcoreInstance(module, client).run()
    return module


class TestOneWaitBudget:
    def test_a_multi_step_update_waits_at_most_wait_timeout_in_total(self):
        # stop, change the flavor, start: each task takes 25 s, less than wait_timeout (60 s) but 75 s in all.
        api, state = world(running())
        clock = FakeClock()
        started = {}

        def start_task(name):
            def handler(url, **_):
                started[name] = clock()
                return make_response(200, {"tasks": [name]}, url=url, method="POST")
            return handler

        def task(url, **_):
            name = url.rsplit("/", 1)[-1]
            done = clock() >= started[name] + 25
            return make_response(200, {"id": name, "state": "FINISHED" if done else "RUNNING"}, url=url)

        api.on("POST", "/cloud/v2/instances/1/76/%s/action" % ID1, start_task("power"), first=True)
        api.on("POST", "%s/%s/changeflavor" % (INSTANCES, ID1), start_task("resize"), first=True)
        api.on("GET", "/cloud/v1/tasks/[^/]+", task, first=True)
        began = clock()
        module = run_on(api.client(clock), flavor="g1-standard-2-4", allow_stop=True, wait_timeout=60)
        assert module.result["failed"] is True
        assert "Timed out after 60 s (wait_timeout) waiting for task power" in module.result["msg"]
        assert clock() - began <= 60
        # Half-done, and saying so: the instance was stopped and resized, the start was still running.
        assert module.result["steps_done"] == ["stopping Instance 'web'", "changing the flavor of Instance 'web' to g1-standard-2-4",
                                               "starting Instance 'web'"]
        assert "Already done before this failure: stopping Instance 'web'" in module.result["msg"]
        assert state["instance"] is not None


class TestRecovery:
    def lost_stop(self, api, state):
        """A stop the server acts on (its task locks the instance) but whose answer is lost."""
        def lost(url, **_):
            state["instance"] = dict(state["instance"], task_id="t-9")
            return make_response(502, {"message": "Bad gateway"}, url=url, method="POST")

        def task(url, **_):
            state["instance"] = dict(state["instance"], task_id=None, status="SHUTOFF")
            return make_response(200, {"id": "t-9", "state": "FINISHED"}, url=url)

        api.on("POST", "/cloud/v2/instances/1/76/%s/action" % ID1, lost, first=True)
        api.on("GET", "/cloud/v1/tasks/t-9", task, first=True)

    def test_a_lost_action_answer_is_not_sent_again_while_its_task_runs(self):
        api, state = world(running())
        self.lost_stop(api, state)
        clock = FakeClock()
        module = run_on(patient_client(api, clock), state="stopped")
        assert module.result["changed"] is True and module.result["instance"]["status"] == "SHUTOFF"
        assert [path for _m, path, _b in mutating(api)] == ["v2/instances/1/76/%s/action" % ID1]

    def test_an_action_the_server_never_acted_on_is_sent_again(self):
        api, state = world(running())
        answers = [make_response(503, {"message": "Unavailable"}, method="POST"), make_response(200, {"tasks": ["t-1"]}, method="POST")]

        def action(url, **_):
            if len(answers) == 1:
                state["instance"] = dict(state["instance"], status="SHUTOFF")
            return answers.pop(0)

        api.on("POST", "/cloud/v2/instances/1/76/%s/action" % ID1, action, first=True)
        module = run_on(patient_client(api, FakeClock()), state="stopped")
        assert module.result["changed"] is True
        assert [path for _m, path, _b in mutating(api)] == ["v2/instances/1/76/%s/action" % ID1] * 2

    def test_a_security_group_change_done_before_its_answer_was_lost_is_not_sent_again(self):
        api, state = world(running())

        def lost(url, **_):
            state["instance"] = dict(state["instance"], security_groups=[{"name": "default"}, {"name": "web"}])
            return make_response(502, {"message": "Bad gateway"}, url=url, method="POST")

        api.on("GET", "/cloud/v1/securitygroups/1/76", offset_pages([{"id": ID1, "name": "web"}, {"id": ID2, "name": "default"}]), first=True)
        api.on("POST", "%s/%s/addsecuritygroup" % (INSTANCES, ID1), lost, first=True)
        module = run_on(patient_client(api, FakeClock()), security_groups=["default", "web"])
        assert module.result["changed"] is True
        assert [path for _m, path, _b in mutating(api)] == ["v1/instances/1/76/%s/addsecuritygroup" % ID1]

    def test_the_quota_check_is_retried_like_a_read(self):
        api, state = world()
        answers = [make_response(503, {"message": "Unavailable"}, method="POST"),
                   make_response(200, {"vm_count_limit": 20, "vm_count_usage": 1, "vm_count_requested": 1}, method="POST")]
        api.on("POST", "/cloud/v2/instances/1/76/check_limits", lambda **_: answers.pop(0), first=True)
        api.on("POST", "/cloud/v2/instances/1/76", lambda **_: (state.update(instance=running()), make_response(200, {"tasks": ["t-1"]}))[1])
        module = run_on(patient_client(api, FakeClock()), **CREATE)
        assert module.result["changed"] is True and module.result["instance"]["id"] == ID1

    def test_a_create_is_sent_again_when_the_look_up_proves_nothing_was_made(self):
        api, state = world()
        answers = [make_response(503, {"message": "Unavailable"}, method="POST")]

        def create(**_):
            if answers:
                return answers.pop(0)
            state.update(instance=running())
            return make_response(200, {"tasks": ["t-1"]})

        api.on("POST", "/cloud/v2/instances/1/76", create)
        module = run_on(patient_client(api, FakeClock()), **CREATE)
        assert module.result["changed"] is True and module.result["instance"]["id"] == ID1
        assert [path for _m, path, _b in mutating(api)].count("v2/instances/1/76") == 2

    def test_an_instance_named_by_a_template_is_never_created_twice(self):
        api, _state = world()
        api.on("POST", "/cloud/v2/instances/1/76", answer({"message": "Unavailable"}, 503))
        module = run_on(patient_client(api, FakeClock()), name=None, name_template="vm-{ip_octets}", **CREATE)
        assert module.result["failed"] is True
        assert [path for _m, path, _b in mutating(api)].count("v2/instances/1/76") == 1
