"""Reading instances: paging with the SDK's auto-pagination, filters, get, update, and the endpoints the SDK has no
method for (validated against models built from the API reference and the SDK's own types)."""

import datetime

from gcore.types.cloud import Instance, InstanceList, Tag
from gcore.types.cloud.instances import InstanceFlavorList

from .conftest import BENCH
from .shapes import (AppTemplate, AppTemplateList, InstanceLocationList, InstancePortList, MetadataList, NameTemplateConfig,
                     NameTemplateConfigList, NamingRestrictions, ProjectNamingRestrictions, SecurityGroupRefList,
                     check_limits_problems, exact)

BASE = "/cloud/v1/instances/1/76"


def test_auto_pagination_walks_every_page(client):
    first = client.cloud.instances.list(limit=4, name="^bench-")
    assert first.count > 4 and len(first.results) == 4 and first.has_next_page()
    walked = [exact(instance) for instance in first]
    assert len(walked) == first.count == len({instance.id for instance in walked})
    # Region 77 lists with the older payload (instance_id, instance_created, ...), which SDK 0.59 cannot parse:
    # its rows are walked as plain JSON.
    current = sum(1 for item in client.cloud.instances.list(region_id=76, limit=7, name="^bench-", include_baremetal=True, include_ai=True))
    legacy = client.get("/cloud/v1/instances/1/77", cast_to=object,
                        options={"params": {"limit": 1000, "name": "^bench-", "include_baremetal": "true", "include_ai": "true"}})
    assert all("instance_id" in row and "id" not in row for row in legacy["results"])
    assert current + legacy["count"] == BENCH


def test_list_filters_through_the_sdk(client):
    everything = list(client.cloud.instances.list(limit=1000, name="^bench-"))
    shutoff = list(client.cloud.instances.list(status="SHUTOFF", limit=1000))
    assert [row.id for row in shutoff] == [row.id for row in everything if row.status == "SHUTOFF"]
    staging = list(client.cloud.instances.list(tag_value=["staging"], limit=1000, name="^bench-"))
    assert staging and all(any(tag.value == "staging" for tag in row.tags) for row in staging)
    since = datetime.datetime(2025, 1, 2, 3, 0, tzinfo=datetime.timezone.utc)
    assert len(list(client.cloud.instances.list(changes_since=since, name="^bench-", limit=1000))) < len(everything)
    by_name = [row.name for row in client.cloud.instances.list(order_by="name.desc", name="^bench-", limit=1000)]
    assert by_name == sorted(by_name, reverse=True)
    with_ddos = list(client.cloud.instances.list(include_baremetal=True, with_ddos=True, with_interfaces_name=True, limit=1000))
    assert [exact(row) for row in with_ddos]


def test_get_and_update(client, instance):
    assert exact(client.cloud.instances.get(instance.id)) == instance
    renamed = exact(client.cloud.instances.update(instance.id, name="renamed", tags={"env": "test", "drop": None}))
    assert renamed.name == "renamed" and [(tag.key, tag.value) for tag in renamed.tags] == [("env", "test")]


def test_endpoints_without_sdk_methods(client, instance, create_body):
    path = "%s/%s" % (BASE, instance.id)
    assert exact(client.get(path + "/securitygroups", cast_to=SecurityGroupRefList)).results[0].name == "default"
    assert exact(client.get(path + "/ports", cast_to=InstancePortList)).count == 1
    assert exact(client.get(path + "/available_flavors", cast_to=InstanceFlavorList)).count >= 1
    assert exact(client.post(BASE + "/available_flavors", body={}, cast_to=InstanceFlavorList)).count >= 1
    client.post(path + "/metadata", body={"role": "web"}, cast_to=type(None))
    assert exact(client.get(path + "/metadata", cast_to=MetadataList)).results[-1].key == "role"
    assert exact(client.get(path + "/metadata/role", cast_to=Tag)).value == "web"
    client.delete("/cloud/v2/instances/1/76/%s/metadata_item" % instance.id, options={"params": {"key": "role"}}, cast_to=type(None))
    assert exact(client.get(BASE + "/available_names", cast_to=NamingRestrictions)).custom_name_allowed
    assert exact(client.get("/cloud/v1/reseller_name_templates/1/76/available_names", cast_to=ProjectNamingRestrictions))
    configs = exact(client.get("/cloud/v1/reseller_name_templates", cast_to=NameTemplateConfigList))
    body = {"reseller_id": configs.results[0].reseller_id, "region_id": 77}
    assert exact(client.put("/cloud/v1/reseller_name_templates", body=body, cast_to=NameTemplateConfig))
    templates = exact(client.get("/cloud/v1/apptemplates/1/76", cast_to=AppTemplateList))
    assert exact(client.get("/cloud/v1/apptemplates/1/76/" + templates.results[0].id, cast_to=AppTemplate))
    found = exact(client.get("/cloud/v1/instances/search", options={"params": {"id": instance.id}}, cast_to=InstanceLocationList))
    assert found.results[0].name == instance.name
    limits = client.post("/cloud/v2/instances/1/76/check_limits", body=create_body("planned"), cast_to=object)
    assert limits["vm_count_requested"] == 1 and not check_limits_problems(limits)
    assert exact(client.get(BASE, options={"params": {"limit": 2}}, cast_to=InstanceList)).count > 2


def test_deprecated_v1_actions_answer_the_instance(client, instance):
    path = "%s/%s" % (BASE, instance.id)
    stopping = exact(client.post(path + "/stop", cast_to=Instance))
    assert stopping.id == instance.id and stopping.task_id
    client.cloud.tasks.poll(stopping.task_id)
    assert exact(client.cloud.instances.get(instance.id)).status == "SHUTOFF"


def test_console_and_metrics(client, instance):
    console = exact(client.cloud.instances.get_console(instance.id, console_type="spice"))
    assert console.remote_console.type == "spice"
    metrics = exact(client.cloud.instances.metrics.list(instance.id, time_interval=1, time_unit="day", limit=6))
    assert metrics.count == 24 and len(metrics.results) == 6 and metrics.results[0].network_bps_ingress is not None


def test_tasks_list(client, instance):
    tasks = [exact(task) for task in client.cloud.tasks.list(project_id=[1], region_id=[76], state=["FINISHED"], limit=3)]
    assert tasks and all(task.state == "FINISHED" for task in tasks)
    assert any(task.created_resources and instance.id in (task.created_resources.instances or [])
               for task in client.cloud.tasks.list(task_type="create_vm", limit=100))
