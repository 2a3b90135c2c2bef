import json
import re
from urllib.parse import urlsplit

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import (
    AmbiguousError, GcoreClient, GcoreError, NotFoundError, TaskError, query_pairs, exact_name_pattern, quota_shortfall,
    with_current_names,
)
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.waiting import WaitTimeout
from tests.unit.fakes import FakeClock, make_response
from tests.unit.gcore_fakes import ID1, ID2, ID3, Api, answer, offset_pages


class TestHelpers:
    def test_older_field_names_fill_current_ones_that_are_missing_or_null(self):
        older = {"instance_id": ID1, "name": None, "instance_name": "web", "keypair_name": "k", "metadata": {"env": "prod"}}
        current = with_current_names(dict(older))
        assert (current["id"], current["name"], current["ssh_key_name"]) == (ID1, "web", "k")
        assert current["tags"] == [{"key": "env", "value": "prod", "read_only": False}]
        # A current value the payload has is never replaced by an older one.
        assert with_current_names({"name": "new", "instance_name": "old", "tags": []}) == {"name": "new", "instance_name": "old", "tags": []}

    def test_exact_name_pattern_escapes_what_the_regex_syntax_uses(self):
        assert exact_name_pattern("web-1") == "^web-1$"
        assert exact_name_pattern("a.b (c)*") == r"^a\.b \(c\)\*$"
        assert re.match(exact_name_pattern("x[1]+y"), "x[1]+y")

    def test_build_query(self):
        query = query_pairs({"a": None, "flag": False, "kv": {"b": "2", "a": "1"}, "values": ["x", "y"], "repeat": ("p", "q"), "n": 3})
        assert query == [("flag", "false"), ("kv", '{"a":"1","b":"2"}'), ("values", '["x","y"]'), ("repeat", "p"), ("repeat", "q"), ("n", 3)]

    def test_quota_shortfall_reports_each_exceeded_quota_with_its_numbers(self):
        report = {"vm_count_limit": 20, "vm_count_usage": 20, "vm_count_requested": 1,
                  "ram_limit": 98304, "ram_usage": 4096, "ram_requested": 2048,
                  "volume_size_limit": 2000, "volume_size_usage": 1990, "volume_size_requested": 20,
                  "gpu_count_limit": -1, "gpu_count_usage": 50, "gpu_count_requested": 8,
                  "floating_count_limit": 0, "floating_count_usage": 0, "floating_count_requested": 0}
        assert quota_shortfall(report) == [("vm_count", 20, 20, 1), ("volume_size", 2000, 1990, 20)]
        assert quota_shortfall({}) == []

    def test_missing_connection_settings_name_the_environment_variable(self):
        with pytest.raises(GcoreError, match="api_key is required \\(or set GCORE_API_KEY\\)"):
            GcoreClient.from_options(None, 1, 76)
        with pytest.raises(GcoreError, match="region_id is required \\(or set GCORE_CLOUD_REGION_ID\\)"):
            GcoreClient.from_options("k", 1, None)
        with pytest.raises(GcoreError, match="project_id is required \\(or set GCORE_CLOUD_PROJECT_ID\\)"):
            GcoreClient.from_options("k", None, 76)

    def test_a_client_of_settings_outside_any_project_needs_no_project(self):
        client = GcoreClient.from_options("k", None, 76, project_scoped=False)
        assert (client.project_id, client.region_id, client.where) == (None, 76, "in region 76")
        client.close()

    def test_paths(self):
        client = Api().client()
        assert client.regional_path("instances") == "/cloud/v1/instances/1/76"
        assert client.instance_path(ID1, "action", version="v2") == "/cloud/v2/instances/1/76/%s/action" % ID1
        assert client.kind_path("keypair") == "/cloud/v1/ssh_keys/1"


class TestPaging:
    def test_reads_every_page_sending_limit_always_and_stopping_at_count(self):
        api = Api()
        items = [{"id": "i-%d" % i} for i in range(2500)]
        api.on("GET", "/cloud/v1/instances/1/76", offset_pages(items))
        result = api.client().list_instances({"status": "ACTIVE"})
        assert result == items
        sent = [dict(call["params"]) for call in api.session.calls]
        assert [(q["limit"], q["offset"]) for q in sent] == [(1000, 0), (1000, 1000), (1000, 2000)]
        assert all(q["status"] == "ACTIVE" for q in sent)

    def test_a_server_that_pages_smaller_than_asked_is_followed_by_what_arrived(self):
        api = Api()
        items = [{"id": "i-%d" % i} for i in range(25)]
        api.on("GET", "/cloud/v1/instances/1/76", offset_pages(items, clamp=10))
        assert api.client().list_instances() == items
        assert [dict(call["params"])["offset"] for call in api.session.calls] == [0, 10, 20]

    def test_an_empty_page_ends_paging_even_when_count_says_more(self):
        api = Api()
        api.on("GET", "/cloud/v1/instances/1/76", answer({"count": 5, "results": []}))
        assert api.client().list_instances() == []
        assert len(api.session.calls) == 1

    def test_post_pages_keep_the_body(self):
        api = Api()
        points = [{"time": str(i)} for i in range(1500)]
        api.on("POST", "/cloud/v1/instances/1/76/%s/metrics" % ID1, offset_pages(points))
        assert api.client().metrics(ID1, "day", 3) == points
        assert [call["json"] for call in api.session.calls] == [{"time_unit": "day", "time_interval": 3}] * 2


class TestTasks:
    def task_api(self, states, task_type="create_vm", error=None, created=None):
        api = Api()
        sequence = list(states)

        def get_task(url, **_):
            state = sequence.pop(0) if len(sequence) > 1 else sequence[0]
            task_id = urlsplit(url).path.rsplit("/", 1)[1]
            return make_response(200, {"id": task_id, "state": state, "task_type": task_type, "error": error if state == "ERROR" else None,
                                       "created_resources": created if state == "FINISHED" else None}, url=url)

        api.on("GET", "/cloud/v1/tasks/[^/]+", get_task)
        return api

    def test_waits_until_finished_and_returns_what_was_created(self):
        api = self.task_api(["NEW", "RUNNING", "RUNNING", "FINISHED"], created={"instances": [ID1], "volumes": [ID2]})
        clock = FakeClock()
        created = api.client(clock).wait_for_tasks(["t-1"], timeout=60)
        assert created == {"instances": [ID1], "volumes": [ID2]}
        assert len(api.session.calls) == 4
        # A task just started is certainly not done: the first look is one interval later.
        assert clock.sleeps == [0.5, 0.5, 0.5, 0.5]

    def test_a_task_already_running_is_looked_at_at_once(self):
        api = self.task_api(["FINISHED"])
        clock = FakeClock()
        api.client(clock).wait_for_tasks(["t-1"], timeout=60, just_started=False)
        assert len(api.session.calls) == 1 and clock.sleeps == []

    def test_several_tasks_merge_their_resources(self):
        api = self.task_api(["FINISHED"], created={"ports": [ID3]})
        assert api.client().wait_for_tasks(["t-1", "t-2"], timeout=60) == {"ports": [ID3, ID3]}

    def test_error_names_the_task_and_quotes_its_error(self):
        api = self.task_api(["RUNNING", "ERROR"], task_type="resize_vm", error="No valid host was found")
        with pytest.raises(TaskError) as raised:
            api.client().wait_for_tasks(["t-9"], timeout=60, label="changing the flavor of Instance 'web'")
        assert str(raised.value) == "Task t-9 (resize_vm) failed while changing the flavor of Instance 'web': No valid host was found"
        assert raised.value.facts["task"]["state"] == "ERROR"

    def test_timeout_says_what_was_awaited_and_the_last_state(self):
        api = self.task_api(["RUNNING"])
        clock = FakeClock()
        with pytest.raises(WaitTimeout) as raised:
            api.client(clock).wait_for_tasks(["t-5"], timeout=3, label="stopping Instance 'web'")
        assert str(raised.value) == "Timed out after 3 s waiting for task t-5 (stopping Instance 'web') (task t-5 is RUNNING)"
        assert len(api.session.calls) == 6


class TestLookups:
    def setup_method(self):
        self.api = Api()
        self.networks = [{"id": ID1, "name": "demo-net"}, {"id": ID2, "name": "twin"}, {"id": ID3, "name": "twin"},
                         {"id": "44444444-4444-4444-8444-444444444444", "name": "demo-net-2"}]

        def list_networks(query, url, **_):
            hits = [n for n in self.networks if dict(query).get("name", "") in n["name"]]
            return offset_pages(hits)(query=query, url=url)

        self.api.on("GET", "/cloud/v1/networks/1/76", list_networks)
        self.api.on("GET", "/cloud/v1/networks/1/76/%s" % ID1, answer(self.networks[0]))

    def test_by_name_matches_exactly(self):
        found = self.api.client().resolve("network", "demo-net")
        assert found["id"] == ID1
        assert dict(self.api.session.calls[0]["params"])["owned_by"] == "any"

    def test_by_id_reads_the_object(self):
        assert self.api.client().resolve("network", ID1)["name"] == "demo-net"
        assert self.api.paths() == ["GET /cloud/v1/networks/1/76/%s" % ID1]

    def test_unknown_name_and_id_are_not_found(self):
        with pytest.raises(NotFoundError, match="^Network 'nope' in project 1, region 76 not found$"):
            self.api.client().resolve("network", "nope")
        with pytest.raises(NotFoundError, match="^Network %s not found in project 1, region 76$" % ID2):
            self.api.client().resolve("network", ID2)

    def test_ambiguous_lists_the_candidates(self):
        with pytest.raises(AmbiguousError) as raised:
            self.api.client().resolve("network", "twin")
        assert str(raised.value) == ("Network 'twin' in project 1, region 76 is ambiguous: 2 matches ('twin' (%s), 'twin' (%s)); "
                                     "use an id instead" % (ID2, ID3))
        assert raised.value.facts["candidates"] == [ID2, ID3]

    def test_flavors_match_id_or_name_from_the_list(self):
        api = Api()
        api.on("GET", "/cloud/v1/flavors/1/76", offset_pages([{"flavor_id": "g1-standard-1-2", "flavor_name": "Standard 1"}]))
        client = api.client()
        assert client.resolve("flavor", "g1-standard-1-2")["flavor_name"] == "Standard 1"
        assert client.resolve("flavor", "Standard 1")["flavor_id"] == "g1-standard-1-2"
        with pytest.raises(NotFoundError, match="Flavor 'g9' in project 1, region 76 not found"):
            client.resolve("flavor", "g9")

    def test_app_templates_by_id_then_by_display_name(self):
        api = Api()
        docker = {"id": "docker", "display_name": "Docker"}
        api.on("GET", "/cloud/v1/apptemplates/1/76/docker", answer(docker))
        api.on("GET", "/cloud/v1/apptemplates/1/76", offset_pages([docker]))
        client = api.client()
        assert client.resolve("apptemplate", "docker") == docker
        assert client.resolve("apptemplate", "Docker") == docker
        assert api.paths()[-2:] == ["GET /cloud/v1/apptemplates/1/76/Docker", "GET /cloud/v1/apptemplates/1/76"]

    def test_snapshots_by_id_are_read_and_by_name_listed_unfiltered(self):
        api = Api()
        nightly = {"id": ID2, "name": "nightly"}
        api.on("GET", "/cloud/v1/snapshots/1/76/%s" % ID2, answer(nightly))
        api.on("GET", "/cloud/v1/snapshots/1/76", offset_pages([nightly]))
        client = api.client()
        assert client.resolve("snapshot", ID2) == nightly
        assert client.resolve("snapshot", "nightly") == nightly
        assert api.paths() == ["GET /cloud/v1/snapshots/1/76/%s" % ID2, "GET /cloud/v1/snapshots/1/76"]
        assert dict(api.session.calls[1]["params"]) == {"limit": 1000, "offset": 0}
        with pytest.raises(NotFoundError, match="^Snapshot %s not found in project 1, region 76$" % ID1):
            client.resolve("snapshot", ID1)

    def test_reserved_fixed_ip_by_address(self):
        api = Api()
        api.on("GET", "/cloud/v1/reserved_fixed_ips/1/76", offset_pages([{"port_id": ID1, "name": "r", "fixed_ip_address": "10.0.0.5"}]))
        assert api.client().resolve("reserved_fixed_ip", "10.0.0.5")["port_id"] == ID1


class TestInstances:
    def test_find_by_name_filters_on_the_server_then_exactly(self):
        api = Api()
        instances = [{"id": ID1, "name": "web"}, {"id": ID2, "name": "WEB"}]
        api.on("GET", "/cloud/v1/instances/1/76", offset_pages(instances))
        assert api.client().find_instance(name="web")["id"] == ID1
        assert dict(api.session.calls[0]["params"])["name"] == "^web$"

    def test_find_by_name_reads_old_field_names_too(self):
        api = Api()
        api.on("GET", "/cloud/v1/instances/1/76", offset_pages([{"instance_id": ID1, "instance_name": "old"}]))
        assert api.client().find_instance(name="old")["instance_id"] == ID1

    def test_an_ambiguous_instance_name_lists_ids_and_statuses(self):
        api = Api()
        api.on("GET", "/cloud/v1/instances/1/76", offset_pages([{"id": ID1, "name": "web", "status": "ACTIVE"},
                                                               {"id": ID2, "name": "web", "status": "SHUTOFF"}]))
        with pytest.raises(AmbiguousError, match=r"Instance name 'web' is ambiguous in project 1, region 76: 2 matches "
                                                 r"\('web' \(%s, ACTIVE\), 'web' \(%s, SHUTOFF\)\); use id instead" % (ID1, ID2)):
            api.client().find_instance(name="web")

    def test_unknown_id_is_none(self):
        assert Api().client().find_instance(instance_id=ID1) is None

    @pytest.mark.parametrize("legacy, path, body", [
        (False, "/cloud/v2/instances/1/76/%s/action" % ID1, {"action": "reboot_hard"}),
        (True, "/cloud/v1/instances/1/76/%s/powercycle" % ID1, {}),
    ])
    def test_power_actions(self, legacy, path, body):
        api = Api()
        api.on("POST", "/cloud/v2/instances/1/76/[^/]+/action", answer({"tasks": ["t-1"]}))
        api.on("POST", "/cloud/v1/instances/1/76/[^/]+/powercycle", answer({"id": ID1, "task_id": "t-1"}))
        assert api.client().instance_action(ID1, "reboot_hard", legacy=legacy) == ["t-1"]
        assert api.paths() == ["POST %s" % path]
        assert api.session.calls[0]["json"] == body

    def test_metadata_items_use_v1_for_plain_keys_and_v2_for_others(self):
        api = Api()
        api.on("GET", "/cloud/v1/instances/1/76/[^/]+/metadata/role", answer({"key": "role", "value": "db"}))
        api.on("GET", "/cloud/v2/instances/1/76/[^/]+/metadata_item", lambda query, url, **_: make_response(
            200, {"key": dict(query)["key"], "value": "x"}, url=url))
        client = api.client()
        assert client.get_metadata_item(ID1, "role")["value"] == "db"
        assert client.get_metadata_item(ID1, "a/b c")["key"] == "a/b c"
        assert client.get_metadata_item(ID1, "missing.key") is None

    def test_servergroup_of_an_instance(self):
        api = Api()
        api.on("GET", "/cloud/v1/servergroups/1/76", offset_pages([
            {"servergroup_id": ID2, "name": "other", "instances": [{"instance_id": ID3}]},
            {"servergroup_id": ID3, "name": "mine", "instances": [{"instance_id": ID1}]}]))
        assert api.client().instance_servergroup(ID1)["name"] == "mine"
        assert api.client().instance_servergroup("nobody") is None

    def test_errors_quote_the_api_message_and_never_the_key(self):
        api = Api()
        api.on("POST", "/cloud/v2/instances/1/76", answer({"exception_class": "BadRequest", "message": "Flavor g9 is not available"}, 400))
        with pytest.raises(Exception) as raised:
            api.client().post("/cloud/v2/instances/1/76", {"flavor": "g9"})
        assert "400 Bad Request: Flavor g9 is not available" in str(raised.value)
        assert "secret-key" not in json.dumps(raised.value.to_result())


class TestAnswersThatAreNotJson:
    def test_a_list_answered_with_html_fails_instead_of_reading_as_empty(self):
        from tests.unit.fakes import html
        api = Api()
        api.on("GET", "/cloud/v1/instances/1/76", html)
        with pytest.raises(Exception, match=r"not a JSON answer: got text/html from"):
            api.client().list("/cloud/v1/instances/1/76")

    def test_an_html_404_is_not_not_found(self):
        api = Api()
        api.on("GET", "/cloud/v1/instances/1/76/" + ID1,
               lambda **r: make_response(404, text="<html></html>", headers={"Content-Type": "text/html"}, url=r["url"]))
        with pytest.raises(Exception, match="not a JSON answer"):
            api.client().get_or_none("/cloud/v1/instances/1/76/" + ID1)
