import json
import os

import pytest
import yaml

from ansible.errors import AnsibleError, AnsibleParserError

from ansible_collections.cloudfleet.openstack.plugins.inventory.waldur import InventoryModule, as_list, instance_facts
from tests.unit.fakes import make_response
from tests.unit.plugins.inventory.conftest import PROJECT_UUID, TENANT_UUID, ScriptedApi, collection_module, instance
from tests.unit.waldur_fakes import paged

U1 = "3f2a9c1b" + "1" * 24
U2 = "77aa0000" + "2" * 24
U3 = "0badc0de" + "3" * 24


def hostvars(inventory, host):
    return inventory.get_host(host).vars


def members(inventory, group):
    return sorted(host.name for host in inventory.groups[group].hosts)


class TestVerifyFile:
    @pytest.mark.parametrize("name, accepted", [
        ("prod.waldur.yml", True), ("waldur.yaml", True), ("prod.waldur.json", False), ("waldur.yml.bak", False),
    ])
    def test_file_names(self, tmp_path, name, accepted):
        path = tmp_path / name
        path.write_text("plugin: cloudfleet.openstack.waldur\n")
        assert InventoryModule().verify_file(str(path)) is accepted


class TestShapes:
    def test_lists_accept_a_list_a_string_null_and_null_items(self):
        assert as_list(["203.0.113.1", None, ""]) == ["203.0.113.1"]
        assert as_list("http://vm.example/") == ["http://vm.example/"]
        assert as_list(None) == []

    def test_facts_of_a_real_server_instance(self):
        raw = instance(U1, "web", availability_zone=None, external_ips=["198.18.3.249"], external_address=[None])
        del raw["availability_zone_name"]
        facts = instance_facts(raw, {TENANT_UUID: "demo-tenant"}, ["external_address"])
        assert facts["availability_zone_name"] is None
        assert facts["external_ips"] == ["198.18.3.249"]
        assert facts["tenant_name"] == "demo-tenant"
        assert facts["external_address"] == [None]
        assert json.loads(json.dumps(facts)) == facts

    def test_read_page_past_the_end_is_empty(self):
        api = ScriptedApi()
        api.on("GET", "/api/openstack-instances/", lambda url, **_: make_response(404, {"detail": "Invalid page."}, url=url))
        page = api.client().read_page("instance", [], 3)
        assert (page.items, page.has_next) == ([], False)

    def test_read_page_one_not_found_is_an_error(self):
        api = ScriptedApi()
        api.on("GET", "/api/openstack-instances/", lambda url, **_: make_response(404, {"detail": "Not found."}, url=url))
        with pytest.raises(collection_module("module_utils.common.transport").ApiError, match="404"):
            api.client().read_page("instance", [], 1)


class TestHostsAndVariables:
    def test_every_instance_becomes_a_host_with_prefixed_variables(self, waldur):
        waldur.instances = [instance(U1, "web-1", external_ips=["203.0.113.10", None]), instance(U2, "db-1")]
        inventory = waldur.parse()
        assert sorted(inventory.hosts) == ["db-1", "web-1"]
        variables = hostvars(inventory, "web-1")
        assert variables["waldur_uuid"] == U1
        assert variables["waldur_tenant_name"] == "demo-tenant"
        assert variables["waldur_external_ips"] == ["203.0.113.10"]
        assert variables["ansible_host"] == "203.0.113.10"
        assert hostvars(inventory, "db-1")["ansible_host"] == "192.168.42.10"

    def test_the_fields_requested_are_the_variables_exposed(self, waldur):
        waldur.instances = [instance(U1, "web-1", security_groups=[{"name": "default"}])]
        inventory = waldur.parse(extra_fields=["security_groups"])
        params = waldur.requests("/api/openstack-instances/")[0]["params"]
        fields = [value for key, value in params if key == "field"]
        exposed = set(key[len("waldur_"):] for key in hostvars(inventory, "web-1") if key.startswith("waldur_"))
        assert len(fields) == len(set(fields))
        assert set(fields) == exposed - {"tenant_name"}  # the tenant's name comes from the tenant list
        assert hostvars(inventory, "web-1")["waldur_security_groups"] == [{"name": "default"}]
        assert ("page_size", 300) in params

    def test_hostvars_fields_keeps_only_those_and_extra_fields(self, waldur):
        waldur.instances = [instance(U1, "web-1", ram=8192, security_groups=[{"name": "default"}])]
        inventory = waldur.parse(hostvars_fields=["uuid", "tenant_name"], extra_fields=["security_groups", "key_name"],
                                 hostnames=["{{ waldur_name }}.example"], group_by=["flavor"],
                                 compose={"memory": "waldur_ram"}, keyed_groups=[{"key": "waldur_image_name", "prefix": "image"}],
                                 exclude_filters=["waldur_ram < 4096"])
        variables = hostvars(inventory, "web-1.example")
        assert sorted(key for key in variables if not key.startswith("inventory_")) == [
            "ansible_host", "memory", "waldur_key_name", "waldur_security_groups", "waldur_tenant_name", "waldur_uuid"]
        assert (variables["memory"], variables["ansible_host"]) == (8192, "192.168.42.10")
        assert members(inventory, "waldur_flavor_m1_small") == members(inventory, "image_cirros") == ["web-1.example"]

    def test_hostvars_fields_empty_keeps_no_fact(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        variables = hostvars(waldur.parse(hostvars_fields=[]), "web-1")
        assert dict((key, value) for key, value in variables.items() if not key.startswith("inventory_")) == {
            "ansible_host": "192.168.42.10"}

    def test_hostvars_fields_choices_are_the_facts(self):
        documented = yaml.safe_load(collection_module("inventory.waldur").DOCUMENTATION)["options"]["hostvars_fields"]["choices"]
        assert sorted(documented) == sorted(collection_module("inventory.waldur").FACTS)

    def test_custom_prefix(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        variables = hostvars(waldur.parse(hostvars_prefix="cloud_"), "web-1")
        assert variables["cloud_name"] == "web-1" and "waldur_name" not in variables

    def test_token_is_no_host_variable(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        inventory = waldur.parse()
        assert "unit-secret-token" not in json.dumps(hostvars(inventory, "web-1"))

    @pytest.mark.parametrize("connect_with, expected", [
        ("external_or_internal_ip", "203.0.113.10"), ("external_ip", "203.0.113.10"), ("internal_ip", "192.168.42.10"),
        ("name", "web-1"),
    ])
    def test_connect_with(self, waldur, connect_with, expected):
        waldur.instances = [instance(U1, "web-1", external_ips=["203.0.113.10"])]
        assert hostvars(waldur.parse(connect_with=connect_with), "web-1")["ansible_host"] == expected

    def test_without_the_chosen_address_no_ansible_host(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        assert "ansible_host" not in hostvars(waldur.parse(connect_with="external_ip"), "web-1")

    def test_schema_shape_access_url_string_is_the_last_resort_address(self, waldur):
        legacy = instance(U1, "legacy", access_url="10.1.2.3")
        del legacy["external_ips"], legacy["internal_ips"]
        waldur.instances = [legacy]
        inventory = waldur.parse()
        assert hostvars(inventory, "legacy")["ansible_host"] == "10.1.2.3"
        assert hostvars(inventory, "legacy")["waldur_access_url"] == ["10.1.2.3"]


class TestHostnames:
    def test_precedence_skips_empty_values(self, waldur):
        waldur.instances = [instance(U1, "web-1", backend_id=""), instance(U2, "web-2", backend_id="os-web-2")]
        inventory = waldur.parse(hostnames=["backend_id", "name"])
        assert sorted(inventory.hosts) == ["os-web-2", "web-1"]

    def test_template_entry(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        inventory = waldur.parse(hostnames=["{{ waldur_name }}.{{ waldur_tenant_name }}.example.com"])
        assert list(inventory.hosts) == ["web-1.demo-tenant.example.com"]

    def test_duplicate_names_all_get_the_short_uuid(self, waldur):
        waldur.instances = [instance(U1, "web"), instance(U2, "web"), instance(U3, "db")]
        inventory = waldur.parse()
        assert sorted(inventory.hosts) == ["db", "web_3f2a9c1b", "web_77aa0000"]
        assert hostvars(inventory, "web_77aa0000")["waldur_uuid"] == U2

    def test_duplicates_are_resolved_the_same_in_any_api_order(self, waldur):
        waldur.instances = [instance(U2, "web"), instance(U3, "db"), instance(U1, "web")]
        inventory = waldur.parse()
        assert hostvars(inventory, "web_3f2a9c1b")["waldur_uuid"] == U1

    def test_bad_entry_is_a_configuration_error(self, waldur):
        with pytest.raises(AnsibleParserError, match="hostnames entry 'nmae' is neither one of backend_id, external_ip"):
            waldur.parse(hostnames=["nmae"])

    def test_failing_template_falls_through_with_one_warning_unless_strict(self, waldur, monkeypatch):
        warnings = []
        monkeypatch.setattr(collection_module("plugin_utils.cloud_inventory").display, "warning", warnings.append)
        waldur.instances = [instance(U1, "web-1"), instance(U2, "web-2")]
        assert sorted(waldur.parse(hostnames=["{{ undefined_var }}", "uuid"]).hosts) == sorted([U1, U2])
        assert len(warnings) == 1, warnings
        assert warnings[0].startswith("Waldur inventory: Could not render hostnames entry '{{ undefined_var }}' for 2 instances (")
        assert "'undefined_var' is undefined" in warnings[0]
        assert warnings[0].endswith("the next hostnames entry (or the uuid) named those hosts. Set strict: true to make this an error.")
        with pytest.raises(AnsibleParserError, match="Could not render hostnames entry"):
            waldur.parse(hostnames=["{{ undefined_var }}", "uuid"], strict=True)


class TestGroups:
    def test_default_groups(self, waldur):
        erred = instance(U2, "db-1", state="ERRED", runtime_state="ERROR", availability_zone_name=None,
                         flavor_name="m1.large", image_name="ubuntu-24.04", customer_name="Other Org.",
                         project_name="Other Project", tenant_uuid="f" * 32)
        waldur.instances = [instance(U1, "web-1"), erred]
        inventory = waldur.parse()
        assert members(inventory, "waldur") == ["db-1", "web-1"]
        assert members(inventory, "waldur_project_Demo_Project") == ["web-1"]
        assert members(inventory, "waldur_organization_Other_Org_") == ["db-1"]
        assert members(inventory, "waldur_tenant_demo_tenant") == ["web-1"]
        assert members(inventory, "waldur_availability_zone_nova") == ["web-1"]
        assert members(inventory, "waldur_flavor_m1_large") == ["db-1"]
        assert members(inventory, "waldur_image_ubuntu_24_04") == ["db-1"]
        assert members(inventory, "waldur_state_ERRED") == ["db-1"]
        assert members(inventory, "waldur_runtime_state_ACTIVE") == ["web-1"]
        assert not [group for group in inventory.groups if group.startswith("waldur_tenant_") and group != "waldur_tenant_demo_tenant"]

    def test_groups_can_be_switched_off(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        inventory = waldur.parse(group_by=["flavor"], group="", group_prefix="os_")
        assert sorted(inventory.groups) == ["all", "os_flavor_m1_small", "ungrouped"]

    def test_constructed_compose_groups_and_keyed_groups(self, waldur):
        waldur.instances = [instance(U1, "web-1", ram=8192), instance(U2, "db-1", key_name="ops key")]
        inventory = waldur.parse(
            compose={"ansible_user": "'cirros' if waldur_image_name == 'cirros' else 'ubuntu'", "ansible_host": "waldur_name"},
            groups={"big": "waldur_ram >= 8192"},
            keyed_groups=[{"key": "waldur_key_name", "prefix": "key"}],
        )
        assert hostvars(inventory, "web-1")["ansible_user"] == "cirros"
        assert hostvars(inventory, "web-1")["ansible_host"] == "web-1"
        assert members(inventory, "big") == ["web-1"]
        assert members(inventory, "key_ops_key") == ["db-1"]
        assert members(inventory, "key_demo_key") == ["web-1"]

    def test_strict_compose_error(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        with pytest.raises(AnsibleError, match="Could not set broken for host web-1"):
            waldur.parse(compose={"broken": "no_such_variable + 1"}, strict=True)


class TestFilters:
    def test_options_and_filters_become_the_query(self, waldur):
        waldur.parse(project="Demo Project", state=["OK", "ERRED"], runtime_state="ACTIVE", name_contains="web",
                     filters={"service_settings_name": "Demo Cloud", "runtime_state": "SHUTOFF"})
        params = waldur.requests("/api/openstack-instances/")[0]["params"]
        assert ("project_uuid", PROJECT_UUID) in params
        assert ("state", "OK") in params and ("state", "ERRED") in params
        assert ("runtime_state", "ACTIVE") in params and ("runtime_state", "SHUTOFF") not in params
        assert ("name", "web") in params and ("service_settings_name", "Demo Cloud") in params

    def test_unknown_filter_name(self, waldur):
        with pytest.raises(AnsibleParserError, match="Unknown filter.*service_setings_name.*documented filters are: attach_volume_uuid"):
            waldur.parse(filters={"service_setings_name": "x"})

    def test_unknown_project(self, waldur):
        with pytest.raises(AnsibleParserError, match="Project 'Nope' not found"):
            waldur.parse(project="Nope")

    def test_include_and_exclude_filters(self, waldur):
        waldur.instances = [instance(U1, "web-1"), instance(U2, "web-2", runtime_state="SHUTOFF"), instance(U3, "db-1")]
        inventory = waldur.parse(include_filters=["waldur_name is match('web-')", "waldur_ram > 4096"],
                                 exclude_filters=["waldur_runtime_state == 'SHUTOFF'"])
        assert list(inventory.hosts) == ["web-1"]

    def test_a_failing_filter_is_false_with_one_warning_unless_strict(self, waldur, monkeypatch):
        warnings = []
        monkeypatch.setattr(collection_module("plugin_utils.cloud_inventory").display, "warning", warnings.append)
        waldur.instances = [instance(U1, "web-1")]
        assert list(waldur.parse(include_filters=["missing_var == 1"]).hosts) == []
        assert len(warnings) == 1 and warnings[0].startswith("Waldur inventory: Could not evaluate filter 'missing_var == 1' for 1 instance (")
        assert "the filter counted as false for them" in warnings[0]
        with pytest.raises(AnsibleParserError, match="Could not evaluate filter 'missing_var == 1' for instance " + U1):
            waldur.parse(include_filters=["missing_var == 1"], strict=True)


class TestConfiguration:
    def test_unknown_option_suggests_the_close_one(self, waldur):
        with pytest.raises(AnsibleParserError, match="Unknown option 'hostname' in the Waldur inventory configuration; did you mean 'hostnames'"):
            waldur.parse(hostname=["name"])

    def test_invalid_variable_prefix(self, waldur):
        with pytest.raises(AnsibleParserError, match="hostvars_prefix 'my-' and field 'uuid' do not make a valid variable name"):
            waldur.parse(hostvars_prefix="my-")

    def test_credentials_may_be_templates(self, waldur):
        waldur.parse(access_token="{{ 'templated-' ~ 'token' }}", api_url="{{ 'https://waldur.example.com/api/' }}")
        assert waldur.connections[0]["access_token"] == "templated-token"
        assert waldur.connections[0]["api_url"] == "https://waldur.example.com/api/"

    def test_environment_fallback(self, waldur, monkeypatch):
        monkeypatch.setenv("WALDUR_API_URL", "https://env.example.com/")
        monkeypatch.setenv("WALDUR_ACCESS_TOKEN", "env-token")
        waldur.parse(api_url=None, access_token=None)
        assert (waldur.connections[0]["api_url"], waldur.connections[0]["access_token"]) == ("https://env.example.com/", "env-token")


class TestErrors:
    def test_api_error_carries_the_api_message(self, waldur):
        waldur.fail_with(401, {"detail": "Invalid token."})
        with pytest.raises(AnsibleParserError) as error:
            waldur.parse()
        message = str(error.value)
        assert "401" in message and "Invalid token." in message and "check access_token or WALDUR_ACCESS_TOKEN" in message
        assert "unit-secret-token" not in message

    def test_error_on_a_later_page_fails_the_inventory(self, waldur):
        waldur.instances = [instance("%032x" % i, "vm-%d" % i) for i in range(650)]
        original = paged(waldur.instances)

        def third_page_fails(query, url):
            if ("page", 3) in query:
                return make_response(500, {"detail": "boom"}, url=url)
            return original(query=query, url=url)

        waldur.api.on("GET", "/api/openstack-instances/", third_page_fails, first=True)
        with pytest.raises(AnsibleParserError, match="500.*boom"):
            waldur.parse()


class TestPagingAndCache:
    def test_all_pages_in_api_order(self, waldur):
        waldur.instances = [instance("%032x" % i, "vm-%04d" % i) for i in range(650)]
        inventory = waldur.parse(concurrency=3)
        assert list(inventory.hosts) == ["vm-%04d" % i for i in range(650)]
        pages = sorted(dict(call["params"]).get("page", 1) for call in waldur.requests("/api/openstack-instances/"))
        assert pages == [1, 2, 3]

    def test_cache_hit_makes_no_request_and_never_holds_the_token(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        cache_dir = waldur.tmp_path / "cache"
        options = dict(cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(cache_dir))
        waldur.parse(**options)
        calls = len(waldur.api.session.calls)
        assert calls >= 2
        inventory = waldur.parse(**options)
        assert len(waldur.api.session.calls) == calls
        assert list(inventory.hosts) == ["web-1"]
        files = [os.path.join(cache_dir, name) for name in os.listdir(cache_dir)]
        assert files and all("unit-secret-token" not in open(name).read() for name in files)
        waldur.parse(use_cache=False, **options)
        assert len(waldur.api.session.calls) > calls

    def test_other_filters_miss_the_cache(self, waldur):
        waldur.instances = [instance(U1, "web-1")]
        options = dict(cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(waldur.tmp_path / "cache"))
        waldur.parse(**options)
        calls = len(waldur.api.session.calls)
        waldur.parse(runtime_state="ACTIVE", **options)
        assert len(waldur.api.session.calls) > calls
