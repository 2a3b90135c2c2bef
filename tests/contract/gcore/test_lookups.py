"""The look-ups an instance create refers to, through the SDK's typed methods."""

import pytest

from .shapes import exact

REGION = 76


def test_regions_and_projects(client):
    regions = [exact(region) for region in client.cloud.regions.list()]
    assert [(region.id, region.display_name) for region in regions] == [(76, "Luxembourg-2"), (77, "Frankfurt-2")]
    assert exact(client.cloud.regions.get(region_id=77)).display_name == "Frankfurt-2"
    assert [exact(project).name for project in client.cloud.projects.list()] == ["demo-project"]
    assert exact(client.cloud.projects.get(project_id=1)).is_default


def test_flavors_with_and_without_prices(client):
    plain = [exact(flavor) for flavor in client.cloud.instances.flavors.list()]
    priced = [exact(flavor) for flavor in client.cloud.instances.flavors.list(include_prices=True)]
    assert [flavor.flavor_id for flavor in plain] == [flavor.flavor_id for flavor in priced]
    assert {"g1-standard-1-2", "g1-standard-2-4", "g1-standard-4-8", "g1w-standard-2-4"} <= {flavor.flavor_id for flavor in plain}
    assert all(flavor.price_per_hour and flavor.currency_code == "EUR" for flavor in priced)
    assert all(flavor.os_type == "linux" for flavor in client.cloud.instances.flavors.list(exclude_windows=True))
    assert not any(flavor.disabled for flavor in client.cloud.instances.flavors.list(disabled=False))


@pytest.mark.parametrize("resource, get_name", [
    ("networks", "network_id"), ("networks.subnets", "subnet_id"), ("security_groups", "group_id"),
    ("placement_groups", "group_id"), ("floating_ips", "floating_ip_id"), ("reserved_fixed_ips", "port_id"),
    ("volumes", "volume_id"), ("volume_snapshots", "snapshot_id"), ("instances.images", "image_id")])
def test_regional_lists_and_gets(client, resource, get_name):
    api = client.cloud
    for part in resource.split("."):
        api = getattr(api, part)
    items = [exact(item) for item in api.list(limit=5)]
    assert items
    for item in items[:2]:
        key = {"placement_groups": "servergroup_id", "reserved_fixed_ips": "port_id"}.get(resource, "id")
        fetched = exact(api.get(**{get_name: getattr(item, key)}))
        assert getattr(fetched, key) == getattr(item, key)


def test_snapshot_list_filters(client):
    demo = exact(next(iter(client.cloud.volume_snapshots.list())))
    assert demo.name == "demo-snapshot" and demo.status == "available"
    assert [snapshot.id for snapshot in client.cloud.volume_snapshots.list(volume_id=demo.volume_id)] == [demo.id]
    for empty in ({"instance_id": demo.id}, {"schedule_id": demo.id}, {"lifecycle_policy_id": 1}):
        assert list(client.cloud.volume_snapshots.list(**empty)) == []


def test_ssh_keys_and_quotas(client):
    keys = [exact(key) for key in client.cloud.ssh_keys.list()]
    assert [key.name for key in keys] == ["demo-key"]
    assert exact(client.cloud.ssh_keys.get(keys[0].id)).public_key.startswith("ssh-ed25519 ")
    quota = exact(client.cloud.quotas.get_by_region(client_id=10001, region_id=REGION))
    assert quota.vm_count_limit > 0 and quota.vm_count_usage >= 0


def test_floating_ips_list_their_instance(client):
    assigned = [exact(floating) for floating in client.cloud.floating_ips.list(limit=1000) if floating.port_id]
    assert assigned and all(floating.instance and floating.instance.id for floating in assigned)
    assert all(floating.instance is None for floating in client.cloud.floating_ips.list(status="DOWN"))


def test_network_filters(client):
    assert [network.name for network in client.cloud.networks.list()] == ["demo-net", "bench-net"]
    assert [network.name for network in client.cloud.networks.list(external=True)] == ["ext-net"]
    assert [network.name for network in client.cloud.networks.list(owned_by="any")] == ["demo-net", "ext-net", "bench-net"]
