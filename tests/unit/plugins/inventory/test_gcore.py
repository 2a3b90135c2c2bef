"""The Gcore inventory plugin, run in-process through Ansible's plugin loader against a scripted API (no network)."""

import json
import os
import re

import pytest
import yaml

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.utils.display import Display

from tests.unit.fakes import FakeSession, make_response
from tests.unit.plugins.inventory.conftest import collection_module

BASE = "https://api.gcore.example"
KEY = "unit-secret-key"
REGION_NAMES = {76: "Luxembourg-2", 77: "Frankfurt-2"}


def gcore_instance(number, region_id=76, project_id=1, **fields):
    """An instance as the list endpoint returns it (the shape of gcore==0.59.0's Instance)."""
    data = {
        "id": "%08d-0000-4000-8000-%012d" % (number, number), "name": "vm-%04d" % number, "status": "ACTIVE",
        "vm_state": "active", "task_state": None, "project_id": project_id, "region_id": region_id,
        "region": REGION_NAMES.get(region_id, "Region-%d" % region_id), "created_at": "2025-01-02T00:00:00+00:00",
        "ssh_key_name": "demo-key", "instance_description": None, "creator_task_id": "t", "task_id": None,
        "flavor": {"flavor_id": "g1-standard-1-2", "flavor_name": "g1-standard-1-2", "vcpus": 1, "ram": 2048,
                   "architecture": "x86_64", "os_type": "linux", "hardware_description": {"vcpus": "1 vCPU"}},
        "addresses": {"demo-net": [{"addr": "192.168.10.%d" % (number % 250 + 2), "type": "fixed",
                                    "subnet_id": "s", "subnet_name": "demo-subnet"}]},
        "fixed_ip_assignments": [{"external": False, "ip_address": "192.168.10.%d" % (number % 250 + 2), "subnet_id": "s"}],
        "security_groups": [{"name": "default"}], "tags": [{"key": "env", "value": "prod", "read_only": False}],
        "volumes": [{"id": "vol-%d" % number, "delete_on_termination": True}], "blackhole_ports": [],
        "instance_isolation": None, "ddos_profile": None,
    }
    data.update(fields)
    return data


def hostvars(inventory, host):
    return inventory.get_host(host).get_vars()


def members(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts()) if group in inventory.groups else []


class ScriptedGcore:
    """Instances per (project, region), regions and projects served to the plugin; every request is recorded."""

    def __init__(self, tmp_path, monkeypatch):
        self.tmp_path = tmp_path
        self.instances = {}
        self.regions = [{"id": 76, "state": "ACTIVE"}, {"id": 77, "state": "ACTIVE"}, {"id": 78, "state": "MAINTENANCE"}]
        self.projects = [{"id": 1, "name": "demo-project"}]
        self.max_limit = 1000
        self.failures = []
        self.session = FakeSession(self.dispatch)
        self.connections = []
        client_class = collection_module("module_utils.gcore.client").GcoreClient
        monkeypatch.setattr(client_class, "from_options", classmethod(lambda cls, **options: self.client(options)))

    def client(self, options):
        self.connections.append(options)
        transport_module = collection_module("module_utils.common.transport")
        transport = transport_module.Transport(BASE, auth_header="APIKey " + options["api_key"], session=self.session,
                                               sleep=lambda _seconds: None, retry_policy=transport_module.RetryPolicy(retries=0))
        return collection_module("module_utils.gcore.client").GcoreClient(transport, options["project_id"], options["region_id"])

    def dispatch(self, method, url, params, _body):
        path = url[len(BASE):]
        query = list(params or [])
        for pattern, status, body in self.failures:
            if re.search(pattern, path + "?" + "&".join("%s=%s" % pair for pair in query)):
                return make_response(status, body, url=url, method=method)
        match = re.match(r"^/cloud/v1/instances/(\d+)/(\d+)$", path)
        if match:
            location = (int(match.group(1)), int(match.group(2)))
            if location not in self.instances:
                return make_response(404, {"exception_class": "NotFound", "message": "Project %d not found" % location[0]}, url=url)
            return self.page(self.instances[location], query, url)
        if path == "/cloud/v1/regions":
            return self.page(self.regions, query, url)
        if path == "/cloud/v1/projects":
            return self.page(self.projects, query, url)
        return make_response(404, {"exception_class": "NotFound", "message": "Not found"}, url=url)

    def page(self, rows, query, url):
        values = dict(query)
        limit, offset = min(int(values["limit"]), self.max_limit), int(values.get("offset", 0))
        return make_response(200, {"count": len(rows), "results": rows[offset:offset + limit]}, url=url)

    def requests(self, path):
        return [call for call in self.session.calls if call["url"] == BASE + path]

    def offsets(self, path):
        return sorted(dict(call["params"])["offset"] for call in self.requests(path))

    def parse(self, use_cache=True, **config):
        body = {"plugin": "cloudfleet.openstack.gcore", "api_key": KEY, "base_url": BASE, "locations": [{"project_id": 1, "region_id": 76}]}
        body.update(config)
        body = dict((key, value) for key, value in body.items() if value is not None)
        path = self.tmp_path / "test.gcore.yml"
        path.write_text(yaml.safe_dump(body))
        inventory = InventoryData()
        inventory_loader.get("cloudfleet.openstack.gcore").parse(inventory, DataLoader(), str(path), cache=use_cache)
        return inventory


@pytest.fixture
def gcore(tmp_path, monkeypatch):
    for variable in ("GCORE_API_KEY", "GCORE_BASE_URL", "GCORE_CLOUD_PROJECT_ID", "GCORE_CLOUD_REGION_ID"):
        monkeypatch.delenv(variable, raising=False)
    return ScriptedGcore(tmp_path, monkeypatch)


def test_only_files_named_gcore_yml_are_sources(tmp_path):
    plugin = inventory_loader.get("cloudfleet.openstack.gcore")
    for name, expected in (("a.gcore.yml", True), ("gcore.yaml", True), ("a.waldur.yml", False), ("gcore.json", False)):
        (tmp_path / name).write_text("plugin: cloudfleet.openstack.gcore\n")
        assert plugin.verify_file(str(tmp_path / name)) is expected


class TestFacts:
    def test_every_instance_becomes_a_host_with_prefixed_variables(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1), gcore_instance(2, status="SHUTOFF")]
        inventory = gcore.parse()
        assert sorted(inventory.hosts) == ["vm-0001", "vm-0002"]
        variables = hostvars(inventory, "vm-0001")
        assert variables["gcore_id"] == gcore_instance(1)["id"]
        assert variables["gcore_region"] == "Luxembourg-2" and variables["gcore_region_id"] == 76
        assert variables["gcore_flavor_id"] == "g1-standard-1-2" and variables["gcore_ram"] == 2048
        assert variables["gcore_os_type"] == "linux"
        assert variables["gcore_tags"] == {"env": "prod"}
        assert variables["gcore_security_groups"] == ["default"]
        assert variables["gcore_fixed_ips"] == ["192.168.10.3"] and variables["gcore_public_ips"] == []
        assert variables["gcore_volume_ids"] == ["vol-1"]
        assert variables["ansible_host"] == "192.168.10.3"
        assert hostvars(inventory, "vm-0002")["gcore_status"] == "SHUTOFF"

    def test_older_payload_field_names_are_read(self, gcore):
        def legacy(number):
            data = gcore_instance(number, metadata={"env": "legacy"}, keypair_name="old-key", instance_created="2020-01-01T00:00:00")
            for new, old in (("id", "instance_id"), ("name", "instance_name")):
                data[old] = data.pop(new)
            for field in ("tags", "ssh_key_name", "created_at"):
                del data[field]
            return data

        gcore.instances[(1, 76)] = [legacy(1), legacy(2)]
        inventory = gcore.parse()
        assert sorted(inventory.hosts) == ["vm-0001", "vm-0002"]
        variables = hostvars(inventory, "vm-0001")
        assert variables["gcore_id"] == gcore_instance(1)["id"]
        assert variables["gcore_tags"] == {"env": "legacy"}
        assert variables["gcore_ssh_key_name"] == "old-key" and variables["gcore_created_at"] == "2020-01-01T00:00:00"

    def test_extra_fields_and_custom_prefix(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1, instance_isolation={"reason": "abuse"})]
        variables = hostvars(gcore.parse(extra_fields=["instance_isolation"], hostvars_prefix="cloud_"), "vm-0001")
        assert variables["cloud_instance_isolation"] == {"reason": "abuse"} and "gcore_name" not in variables

    def test_hostvars_fields_keeps_only_those_and_extra_fields(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1, instance_isolation=None)]
        inventory = gcore.parse(hostvars_fields=["id", "tags"], extra_fields=["instance_isolation", "region"],
                                compose={"memory": "gcore_ram"}, group_by=["flavor"])
        variables = hostvars(inventory, "vm-0001")
        assert sorted(key for key in variables if not key.startswith("inventory_") and key != "group_names") == [
            "ansible_host", "gcore_id", "gcore_instance_isolation", "gcore_region", "gcore_tags", "memory"]
        assert members(inventory, "gcore_flavor_g1_standard_1_2") == ["vm-0001"]

    def test_facts_are_what_hostvars_fields_chooses_from(self):
        plugin = collection_module("inventory.gcore")
        documented = yaml.safe_load(plugin.DOCUMENTATION)["options"]["hostvars_fields"]["choices"]
        assert sorted(documented) == sorted(plugin.FACTS) == sorted(plugin.instance_facts(gcore_instance(1)))

    def test_a_prefix_that_makes_no_variable_name_is_refused(self, gcore):
        with pytest.raises(AnsibleParserError, match="hostvars_prefix '1-' and field 'id'"):
            gcore.parse(hostvars_prefix="1-")

    def test_the_key_is_no_host_variable(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        assert KEY not in json.dumps(hostvars(gcore.parse(), "vm-0001"))


def addressed(number, **addresses):
    """An instance with a public (external interface), a floating and a fixed address, v4 and v6 mixed."""
    return gcore_instance(number, addresses={
        "ext-net": [{"addr": "2001:db8::5", "type": "fixed"}, {"addr": "198.18.0.5", "type": "fixed"}],
        "demo-net": [{"addr": "192.168.10.5", "type": "fixed"}, {"addr": "203.0.113.5", "type": "floating"}],
        "backup-net": [{"addr": "10.9.0.5", "type": "fixed"}],
    }, fixed_ip_assignments=[{"external": True, "ip_address": "198.18.0.5"}, {"external": True, "ip_address": "2001:db8::5"},
                             {"external": False, "ip_address": "192.168.10.5"}, {"external": False, "ip_address": "10.9.0.5"}],
        **addresses)


class TestAddresses:
    def test_kinds_of_address(self, gcore):
        gcore.instances[(1, 76)] = [addressed(1)]
        variables = hostvars(gcore.parse(), "vm-0001")
        assert variables["gcore_public_ips"] == ["198.18.0.5", "2001:db8::5"]
        assert variables["gcore_floating_ips"] == ["203.0.113.5"]
        assert variables["gcore_fixed_ips"] == ["10.9.0.5", "192.168.10.5"]
        assert variables["gcore_networks"] == ["backup-net", "demo-net", "ext-net"]

    @pytest.mark.parametrize("connect_with, network, expected", [
        ("any_ip", None, "198.18.0.5"), ("public_ip", None, "198.18.0.5"), ("floating_ip", None, "203.0.113.5"),
        ("fixed_ip", None, "10.9.0.5"), ("fixed_ip", "demo-net", "192.168.10.5"), ("any_ip", "demo-net", "203.0.113.5"),
        ("any_ip", "backup-net", "10.9.0.5"), ("name", None, "vm-0001"),
    ])
    def test_connect_with(self, gcore, connect_with, network, expected):
        gcore.instances[(1, 76)] = [addressed(1)]
        inventory = gcore.parse(connect_with=connect_with, connect_network=network)
        assert hostvars(inventory, "vm-0001")["ansible_host"] == expected

    def test_without_the_chosen_address_no_ansible_host(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        assert "ansible_host" not in hostvars(gcore.parse(connect_with="floating_ip"), "vm-0001")
        assert "ansible_host" not in hostvars(gcore.parse(connect_network="no-such-net"), "vm-0001")


class TestHostnames:
    def test_precedence_skips_empty_values(self, gcore):
        gcore.instances[(1, 76)] = [addressed(1), gcore_instance(2)]
        inventory = gcore.parse(hostnames=["floating_ip", "fixed_ip"])
        assert sorted(inventory.hosts) == ["192.168.10.4", "203.0.113.5"]

    def test_template_entry(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        inventory = gcore.parse(hostnames=["{{ gcore_name }}.{{ gcore_region | lower }}.example.com"])
        assert list(inventory.hosts) == ["vm-0001.luxembourg-2.example.com"]

    def test_duplicate_names_across_regions_all_get_an_id_suffix(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1, name="web")]
        gcore.instances[(1, 77)] = [gcore_instance(2, region_id=77, name="web")]
        inventory = gcore.parse(locations=[{"project_id": 1, "region_id": 76}, {"project_id": 1, "region_id": 77}])
        assert sorted(inventory.hosts) == ["web_00000001", "web_00000002"]

    def test_unknown_entry_is_refused(self, gcore):
        with pytest.raises(AnsibleParserError, match="hostnames entry 'uuid'"):
            gcore.parse(hostnames=["uuid"])


class TestGroups:
    def test_default_groups(self, gcore):
        windows = dict(gcore_instance(2)["flavor"], flavor_id="g1w-standard-2-4", os_type="windows")
        gcore.instances[(1, 76)] = [
            gcore_instance(1, tags=[{"key": "env", "value": "prod"}, {"key": "team", "value": "web ops"}]),
            gcore_instance(2, status="SHUTOFF", flavor=windows, tags=[]),
        ]
        inventory = gcore.parse()
        assert members(inventory, "gcore") == ["vm-0001", "vm-0002"]
        assert members(inventory, "gcore_project_1") == ["vm-0001", "vm-0002"]
        assert members(inventory, "gcore_region_Luxembourg_2") == ["vm-0001", "vm-0002"]
        assert members(inventory, "gcore_flavor_g1w_standard_2_4") == ["vm-0002"]
        assert members(inventory, "gcore_status_ACTIVE") == ["vm-0001"]
        assert members(inventory, "gcore_os_type_windows") == ["vm-0002"]
        assert members(inventory, "gcore_tags_env_prod") == ["vm-0001"]
        assert members(inventory, "gcore_tags_team_web_ops") == ["vm-0001"]

    def test_group_by_chooses_the_groups_and_prefixes_apply(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        inventory = gcore.parse(group_by=["status"], group_prefix="gc_", group="")
        assert sorted(set(inventory.groups) - {"all", "ungrouped"}) == ["gc_status_ACTIVE"]

    def test_constructed_options(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1), gcore_instance(2, flavor=dict(gcore_instance(2)["flavor"], ram=8192))]
        inventory = gcore.parse(compose={"ansible_user": "'ubuntu'"}, groups={"big": "gcore_ram >= 8192"},
                                keyed_groups=[{"key": "gcore_tags.env", "prefix": "env"}])
        assert members(inventory, "big") == ["vm-0002"]
        assert members(inventory, "env_prod") == ["vm-0001", "vm-0002"]
        assert hostvars(inventory, "vm-0001")["ansible_user"] == "ubuntu"

    def test_broken_templates_are_warned_about_naming_the_expression(self, gcore, monkeypatch):
        warnings = []
        monkeypatch.setattr(collection_module("plugin_utils.cloud_inventory").display, "warning", warnings.append)
        gcore.instances[(1, 76)] = [gcore_instance(1), gcore_instance(2)]
        inventory = gcore.parse(hostnames=["{{ gcore_nmae }}", "name"], include_filters=["gcore_name is match('vm-'", "true"])
        assert sorted(inventory.hosts) == ["vm-0001", "vm-0002"]
        assert [w.split(" for ", 1)[0] for w in warnings] == [
            "Gcore inventory: Could not evaluate filter 'gcore_name is match('vm-''",
            "Gcore inventory: Could not render hostnames entry '{{ gcore_nmae }}'"]
        assert all(" for 2 instances (" in w for w in warnings)

    def test_include_and_exclude_filters(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(number) for number in range(1, 5)]
        inventory = gcore.parse(include_filters=["gcore_name is match('vm-000[123]')"], exclude_filters=["gcore_name == 'vm-0002'"])
        assert sorted(inventory.hosts) == ["vm-0001", "vm-0003"]


class TestFilters:
    def test_filters_become_the_list_query_in_every_pair(self, gcore):
        gcore.instances[(1, 76)] = []
        gcore.instances[(1, 77)] = []
        gcore.parse(locations=[{"project_id": 1, "region_id": 76}, {"project_id": 1, "region_id": 77}], filters={
            "name": "web.1", "status": "ACTIVE", "tag_key_value": {"env": "prod"}, "tag_value": ["a", "b"],
            "include_baremetal": True, "changes_since": "2030-01-31T12:00:00Z"})
        for path in ("/cloud/v1/instances/1/76", "/cloud/v1/instances/1/77"):
            params = gcore.requests(path)[0]["params"]
            assert ("name", r"^web\.1$") in params and ("status", "ACTIVE") in params
            assert ("tag_key_value", '{"env":"prod"}') in params
            assert [value for key, value in params if key == "tag_value"] == ["a", "b"]
            assert ("include_baremetal", "true") in params and ("changes-since", "2030-01-31T12:00:00+00:00") in params

    @pytest.mark.parametrize("filters, message", [
        ({"state": "OK"}, "Unknown filter.*state.*the filters are: available_floating"),
        ({"status": "RUNNING"}, "Invalid filters.*status.*ACTIVE"),
        ({"changes_since": "yesterday"}, "Invalid filters.*'yesterday' is not an ISO 8601"),
    ])
    def test_bad_filters_are_refused_before_any_request(self, gcore, filters, message):
        with pytest.raises(AnsibleParserError, match=message):
            gcore.parse(filters=filters)
        assert gcore.session.calls == []


class TestLocations:
    def test_projects_times_regions(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        gcore.instances[(1, 77)] = [gcore_instance(2, region_id=77)]
        inventory = gcore.parse(locations=None, project_ids=[1], region_ids=[77, 76])
        assert list(inventory.hosts) == ["vm-0001", "vm-0002"]
        assert members(inventory, "gcore_region_Frankfurt_2") == ["vm-0002"]

    def test_without_regions_every_active_region_is_read(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        gcore.instances[(1, 77)] = [gcore_instance(2, region_id=77)]
        inventory = gcore.parse(locations=None, project_ids=[1])
        assert sorted(inventory.hosts) == ["vm-0001", "vm-0002"]
        assert len(gcore.requests("/cloud/v1/regions")) == 1
        assert gcore.requests("/cloud/v1/instances/1/78") == []  # in maintenance

    def test_without_projects_every_project_is_read(self, gcore):
        gcore.projects.append({"id": 2, "name": "other"})
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        gcore.instances[(2, 76)] = [gcore_instance(2, project_id=2)]
        inventory = gcore.parse(locations=None, region_ids=[76])
        assert members(inventory, "gcore_project_2") == ["vm-0002"]

    def test_the_environment_names_the_project_and_region(self, gcore, monkeypatch):
        monkeypatch.setenv("GCORE_API_KEY", "env-key")
        monkeypatch.setenv("GCORE_BASE_URL", BASE)
        monkeypatch.setenv("GCORE_CLOUD_PROJECT_ID", "1")
        monkeypatch.setenv("GCORE_CLOUD_REGION_ID", "77")
        gcore.instances[(1, 77)] = [gcore_instance(2, region_id=77)]
        inventory = gcore.parse(api_key=None, base_url=None, locations=None)
        assert list(inventory.hosts) == ["vm-0002"]
        assert gcore.connections[0]["api_key"] == "env-key"

    def test_environment_variables_set_to_nothing_count_as_unset(self, gcore, monkeypatch):
        # As AWX injects a credential field left empty.
        monkeypatch.setenv("GCORE_BASE_URL", "")
        monkeypatch.setenv("GCORE_CLOUD_PROJECT_ID", "")
        monkeypatch.setenv("GCORE_CLOUD_REGION_ID", "")
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        gcore.instances[(1, 77)] = []
        inventory = gcore.parse(base_url=None, locations=None)
        assert list(inventory.hosts) == ["vm-0001"]
        assert gcore.connections[0]["base_url"] == "https://api.gcore.com"
        assert len(gcore.requests("/cloud/v1/projects")) == 1
        assert len(gcore.requests("/cloud/v1/regions")) == 1

    def test_the_environment_may_list_several_regions(self, gcore, monkeypatch):
        monkeypatch.setenv("GCORE_CLOUD_PROJECT_ID", "1")
        monkeypatch.setenv("GCORE_CLOUD_REGION_ID", "76,77")
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        gcore.instances[(1, 77)] = [gcore_instance(2, region_id=77)]
        assert list(gcore.parse(locations=None).hosts) == ["vm-0001", "vm-0002"]

    def test_non_integer_ids_are_refused(self, gcore):
        with pytest.raises(AnsibleParserError, match="region_ids must be a list of integer IDs"):
            gcore.parse(locations=None, project_ids=[1], region_ids=["Luxembourg"])


class TestPaging:
    def test_every_page_once_in_api_order(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(number) for number in range(2500)]
        gcore.instances[(1, 77)] = [gcore_instance(number, region_id=77) for number in range(2500, 3200)]
        inventory = gcore.parse(locations=[{"project_id": 1, "region_id": 76}, {"project_id": 1, "region_id": 77}], concurrency=3)
        assert list(inventory.hosts) == ["vm-%04d" % number for number in range(3200)]
        assert gcore.offsets("/cloud/v1/instances/1/76") == [0, 1000, 2000]
        assert gcore.offsets("/cloud/v1/instances/1/77") == [0]

    def test_with_v_each_location_tells_its_pages_instances_and_seconds(self, gcore, monkeypatch, capsys):
        monkeypatch.setattr(Display(), "verbosity", 1)
        gcore.instances[(1, 76)] = [gcore_instance(number) for number in range(1500)]
        gcore.parse()
        assert re.search(r"Gcore inventory: project 1, region 76: 2 page\(s\), 1500 instance\(s\) in \d+\.\d\d s", capsys.readouterr().out)

    def test_offsets_follow_a_server_that_pages_smaller(self, gcore):
        gcore.max_limit = 300
        gcore.instances[(1, 76)] = [gcore_instance(number) for number in range(700)]
        inventory = gcore.parse()
        assert len(inventory.hosts) == 700
        assert gcore.offsets("/cloud/v1/instances/1/76") == [0, 300, 600]

    def test_an_instance_seen_twice_while_pages_shift_is_one_host(self, gcore):
        rows = [gcore_instance(number) for number in range(1500)]
        gcore.instances[(1, 76)] = rows
        original = gcore.page

        def shifting(rows_, query, url):
            if dict(query).get("offset") == "1000" or dict(query).get("offset") == 1000:
                rows_ = [rows[999]] + rows_  # one instance moved to a later page while the pages were read
            return original(rows_, query, url)

        gcore.page = shifting
        inventory = gcore.parse()
        assert len(inventory.hosts) == 1500


class TestErrors:
    def test_api_error_carries_the_api_message_and_a_hint(self, gcore):
        gcore.failures.append(("instances", 401, {"exception_class": "AuthenticationFailed", "message": "Invalid API key"}))
        with pytest.raises(AnsibleParserError) as error:
            gcore.parse()
        message = str(error.value)
        assert "401" in message and "Invalid API key" in message and "check api_key or GCORE_API_KEY" in message
        assert KEY not in message

    def test_unknown_pair_names_the_path(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        with pytest.raises(AnsibleParserError, match="/cloud/v1/instances/9/76.*Project 9 not found"):
            gcore.parse(locations=[{"project_id": 1, "region_id": 76}, {"project_id": 9, "region_id": 76}])

    def test_error_on_a_later_page_fails_the_inventory(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(number) for number in range(2500)]
        gcore.failures.append(("offset=2000", 500, {"exception_class": "Internal", "message": "boom"}))
        with pytest.raises(AnsibleParserError, match="500.*boom"):
            gcore.parse()

    def test_missing_key(self, gcore):
        with pytest.raises(AnsibleParserError, match="api_key is required"):
            gcore.parse(api_key=None)


class TestCache:
    def test_cache_hit_makes_no_request_and_never_holds_the_key(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        cache_dir = gcore.tmp_path / "cache"
        options = dict(cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(cache_dir))
        gcore.parse(**options)
        calls = len(gcore.session.calls)
        inventory = gcore.parse(**options)
        assert len(gcore.session.calls) == calls
        assert list(inventory.hosts) == ["vm-0001"]
        files = [os.path.join(cache_dir, name) for name in os.listdir(cache_dir)]
        contents = "".join(open(name).read() for name in files)
        assert files and KEY not in contents
        assert "hardware_description" not in contents  # only the fields the facts use are kept
        gcore.parse(use_cache=False, **options)
        assert len(gcore.session.calls) > calls

    def test_other_filters_or_pairs_miss_the_cache(self, gcore):
        gcore.instances[(1, 76)] = [gcore_instance(1)]
        gcore.instances[(1, 77)] = []
        options = dict(cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(gcore.tmp_path / "cache"))
        gcore.parse(**options)
        for changed in ({"filters": {"status": "ACTIVE"}}, {"locations": [{"project_id": 1, "region_id": 77}]}):
            calls = len(gcore.session.calls)
            gcore.parse(**dict(options, **changed))
            assert len(gcore.session.calls) > calls
