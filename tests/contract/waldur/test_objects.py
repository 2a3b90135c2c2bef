"""Every object the simulator serves, parsed by the official client's models and checked against the schema.

A module fixture builds a world with every kind of object (and the shapes the known departures need), then each
endpoint's list and retrieve answers go through the contract check.
"""

import pytest

from tests.unit.simulator.waldur.support import place_order

OBJECT_ENDPOINTS = [
    ("/api/openstack-instances/", "OpenStackInstance"),
    ("/api/openstack-volumes/", "OpenStackVolume"),
    ("/api/openstack-snapshots/", "OpenStackSnapshot"),
    ("/api/openstack-backups/", "OpenStackBackup"),
    ("/api/marketplace-orders/", "OrderDetails"),
    ("/api/marketplace-resources/", "Resource"),
    ("/api/marketplace-public-offerings/", "PublicOfferingDetails"),
    ("/api/projects/", "Project"),
    ("/api/customers/", "Customer"),
    ("/api/keys/", "SshKey"),
    ("/api/openstack-tenants/", "OpenStackTenant"),
    ("/api/openstack-flavors/", "OpenStackFlavor"),
    ("/api/openstack-images/", "OpenStackImage"),
    ("/api/openstack-volume-types/", "OpenStackVolumeType"),
    ("/api/openstack-subnets/", "OpenStackSubNet"),
    ("/api/openstack-security-groups/", "OpenStackSecurityGroup"),
    ("/api/openstack-server-groups/", "OpenStackServerGroup"),
    ("/api/openstack-floating-ips/", "OpenStackFloatingIP"),
    ("/api/openstack-instance-availability-zones/", "OpenStackInstanceAvailabilityZone"),
    ("/api/openstack-volume-availability-zones/", "OpenStackVolumeAvailabilityZone"),
]


def order(api, project, offering, attributes):
    return place_order(api, project, offering, attributes, accepting_terms_of_service=True).json()


@pytest.fixture(scope="module")
def populated(api, world):
    vm_order = order(api, world["project"], world["vm_offering"], {
        "name": "contract-vm", "description": "every option set", "flavor": world["m1.small"]["url"],
        "image": world["cirros"]["url"], "system_volume_size": 2048, "data_volume_size": 1024,
        "data_volume_type": world["ssd"]["url"],
        "ports": [{"subnet": world["demo-subnet"]["url"],
                   "fixed_ips": [{"ip_address": "192.168.42.50", "subnet_id": world["demo-subnet"]["backend_id"]}]},
                  {"subnet": world["isolated-subnet"]["url"]}],
        "security_groups": [{"url": world["ssh"]["url"]}, {"url": world["web"]["url"]}],
        "server_group": {"url": world["server_group"]["url"]}, "floating_ips": [{"subnet": world["demo-subnet"]["url"]}],
        "ssh_public_key": world["key"]["url"], "availability_zone": world["instance_zone"]["url"],
        "user_data": "#cloud-config\n{}\n",
    })
    bare_order = order(api, world["project"], world["vm_offering"], {
        "name": "contract-bare", "flavor": world["m1.tiny"]["url"], "image": world["cirros"]["url"],
        "system_volume_size": 1024, "ports": [{"subnet": world["isolated-subnet"]["url"]}],
    })
    volume_order = order(api, world["project"], world["volume_offering"], {
        "name": "contract-volume", "size": 2048, "type": world["ssd"]["url"], "availability_zone": world["volume_zone"]["url"],
    })
    plain_order = order(api, world["project"], world["volume_offering"], {"name": "contract-plain-volume", "size": 1024})
    broken_order = order(api, world["project"], world["vm_offering"], {
        "name": "contract-broken", "flavor": world["m1.tiny"]["url"], "image": world["broken-image"]["url"],
        "system_volume_size": 1024, "ports": [{"subnet": world["demo-subnet"]["url"]}],
    })
    orders = [api.wait_state(item["url"], "done") for item in (vm_order, bare_order, volume_order, plain_order)]
    assert api.wait_state(broken_order["url"], "erred")["error_message"].startswith("Image broken-image failed to boot")
    vm, bare, volume, _plain = (api.ok(url) for url in (
        "/api/openstack-instances/%s/" % orders[0]["resource_uuid"], "/api/openstack-instances/%s/" % orders[1]["resource_uuid"],
        "/api/openstack-volumes/%s/" % orders[2]["resource_uuid"], "/api/openstack-volumes/%s/" % orders[3]["resource_uuid"]))
    snapshot = api.send(volume["url"] + "snapshot/", {"name": "contract-snapshot"})
    backup = api.send(vm["url"] + "backup/", {"name": "contract-backup"})
    snapshot = api.wait_state(snapshot["url"], "OK")
    api.wait_state(backup["url"], "OK")
    restored = api.send(snapshot["url"] + "restore/", {"name": "contract-restored"})
    api.wait_state(restored["url"], "OK")
    # Forgetting the marketplace resource of an instance leaves its volumes with instance_marketplace_uuid null.
    api.send("/api/marketplace-resources/%s/unlink/" % bare["marketplace_resource_uuid"])
    # An order waiting for approval gives its resource an order in progress.
    pending = order(api, world["approval_project"], world["volume_offering"], {"name": "contract-pending", "size": 1024})
    assert pending["state"] == "pending-consumer"
    return {"vm": api.ok(vm["url"]), "volume": api.ok(volume["url"]), "snapshot": snapshot, "pending": pending}


@pytest.mark.parametrize("path, schema", OBJECT_ENDPOINTS, ids=[schema for _path, schema in OBJECT_ENDPOINTS])
def test_list_and_retrieve_parse_with_the_official_models(populated, api, contract, path, schema):
    assert populated
    listed = api.ok(path, page_size=300)
    assert listed, "nothing listed at %s" % path
    contract.check_all(schema, listed)
    for obj in listed:
        contract.check(schema, api.ok(obj["url"]))
    contract.assert_departures_seen(schema)


def test_field_selection_keeps_only_the_asked_fields(populated, api, contract):
    vm = populated["vm"]
    listed = api.ok("/api/openstack-instances/", field=["uuid", "state", "no_such_field"], name_exact="contract-vm")
    assert listed == [{"uuid": vm["uuid"], "state": "OK"}]
    parsed = contract.check("OpenStackInstance", api.ok(vm["url"], field=["uuid", "runtime_state"]), complete=False)
    assert parsed.runtime_state == "ACTIVE"


def test_instance_sub_resources(populated, api, contract):
    vm = populated["vm"]
    contract.check("ConsoleUrl", api.ok(vm["url"] + "console/"))
    log = api.ok(vm["url"] + "console_log/", length=3)
    assert isinstance(log, str) and len(log.splitlines()) == 3
    fips = contract.check_all("OpenStackNestedFloatingIP", api.ok(vm["url"] + "floating_ips/"))
    assert [fip.address for fip in fips] == vm["external_ips"]
    ports = contract.check_all("OpenStackNestedPort", api.ok(vm["url"] + "ports/"))
    assert sorted(ip.ip_address for port in ports for ip in port.fixed_ips) == sorted(vm["internal_ips"])
    assert "192.168.42.50" in vm["internal_ips"]


def test_snapshot_restorations(populated, api, contract):
    restorations = contract.check_all("OpenStackSnapshotRestoration",
                                      api.ok(populated["snapshot"]["url"] + "restorations/"))
    assert [item.volume_name for item in restorations] == ["contract-restored"]


def test_pull_reply_and_lifecycle(populated, api, contract):
    volume = populated["volume"]
    reply = contract.check("PullResponse", api.send(volume["url"] + "pull/"))
    assert reply.detail == "Pull operation was successfully scheduled."
    assert api.ok(volume["url"])["state"] == "UPDATE_SCHEDULED"
    assert api.wait_state(volume["url"], "OK")["action"] == "Pull"


def test_update_answers_with_the_object(populated, api, contract):
    volume = populated["volume"]
    response = api("PATCH", volume["url"], {"description": "patched"})
    assert response.status_code == 200
    parsed = contract.check("OpenStackVolume", response.json())
    assert parsed.description == "patched"
    assert parsed.state == "UPDATE_SCHEDULED"
    api.wait_state(volume["url"], "OK")


def test_pending_order_is_in_progress_on_its_resource(populated, api, contract):
    resource = contract.check("Resource", api.ok("/api/marketplace-resources/%s/" % populated["pending"]["marketplace_resource_uuid"]))
    assert resource.order_in_progress.state == "pending-consumer"
    assert resource.state == "Creating"
