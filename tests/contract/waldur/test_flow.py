"""A whole life cycle driven by the official client ``waldur-api-client`` 8.1.3.

The client builds every request. Where its generated parsing cannot read a real-shaped answer (201/202 where the
schema says 200/204, or objects with the known departures), the answer is read as JSON and goes through the
contract check instead.
"""

import json
import time
from uuid import UUID

from waldur_api_client import errors
from waldur_api_client.api.keys import keys_list
from waldur_api_client.api.marketplace_orders import (marketplace_orders_approve_by_consumer, marketplace_orders_create,
                                                      marketplace_orders_retrieve)
from waldur_api_client.api.marketplace_public_offerings import marketplace_public_offerings_list
from waldur_api_client.api.marketplace_resources import marketplace_resources_retrieve, marketplace_resources_terminate
from waldur_api_client.api.openstack_backups import openstack_backups_destroy, openstack_backups_restore, openstack_backups_retrieve
from waldur_api_client.api.openstack_flavors import openstack_flavors_list
from waldur_api_client.api.openstack_instances import (openstack_instances_backup, openstack_instances_start,
                                                       openstack_instances_stop)
from waldur_api_client.api.openstack_security_groups import openstack_security_groups_list
from waldur_api_client.api.openstack_snapshots import (openstack_snapshots_destroy, openstack_snapshots_restore,
                                                       openstack_snapshots_retrieve)
from waldur_api_client.api.openstack_subnets import openstack_subnets_list
from waldur_api_client.api.openstack_volumes import openstack_volumes_attach, openstack_volumes_extend, openstack_volumes_snapshot
from waldur_api_client.api.projects import projects_list
from waldur_api_client.models import (OpenStackBackupRequest, OpenStackBackupRestorationCreateRequest,
                                      OpenStackCreateFloatingIPRequest, OpenStackCreateInstancePortRequest, OpenStackDataVolumeRequest,
                                      OpenStackInstanceCreateOrderAttributes, OpenStackSecurityGroupHyperlinkRequest,
                                      OpenStackSnapshotRequest, OpenStackSnapshotRestorationRequest,
                                      OpenStackVolumeCreateOrderAttributes, OpenStackVolumeExtendRequest, OrderCreateRequest,
                                      ResourceTerminateRequest, ResourceTerminateRequestTerminationAttributes,
                                      VolumeAttachRequest)

from .conftest import DELAY

TIMEOUT = 15


def detailed(endpoint, **kwargs):
    """``endpoint.sync_detailed``; a status the client does not expect comes back through UnexpectedStatus."""
    try:
        response = endpoint.sync_detailed(**kwargs)
    except errors.UnexpectedStatus as exc:
        return exc.status_code, None, exc.content
    return int(response.status_code), response.parsed, response.content


class Flow:
    """Reads objects over the client's HTTP connection and checks each answer against the contract."""

    def __init__(self, client, contract):
        self.client = client
        self.http = client.get_httpx_client()
        self.contract = contract

    def get(self, path, schema):
        response = self.http.get(path)
        if response.status_code == 404:
            return None
        assert response.status_code == 200, (path, response.status_code, response.text)
        obj = response.json()
        self.contract.check(schema, obj)
        return obj

    def one(self, path, schema, **params):
        response = self.http.get(path, params=params)
        assert response.status_code == 200, (path, response.status_code, response.text)
        found, = response.json()
        self.contract.check(schema, found)
        return found

    def wait(self, path, schema, predicate):
        deadline = time.monotonic() + TIMEOUT
        while True:
            obj = self.get(path, schema)
            if predicate(obj):
                return obj
            assert time.monotonic() < deadline, "timed out waiting on %s: %s" % (path, obj and obj.get("state"))
            time.sleep(DELAY / 2)

    def wait_ok(self, path, schema, runtime_state=None):
        return self.wait(path, schema, lambda obj: obj is not None and obj["state"] == "OK" and (
            runtime_state is None or obj["runtime_state"] == runtime_state))

    def wait_gone(self, path, schema):
        self.wait(path, schema, lambda obj: obj is None)

    def wait_order(self, uuid, state="done"):
        deadline = time.monotonic() + TIMEOUT
        while True:
            order = marketplace_orders_retrieve.sync(uuid=UUID(uuid), client=self.client)
            if order.state == state:
                return order
            assert order.state in ("executing", "pending-consumer"), (order.state, order.error_message)
            assert time.monotonic() < deadline, "timed out waiting on order %s" % uuid
            time.sleep(DELAY / 2)

    def terminate(self, resource_uuid, **attributes):
        body = ResourceTerminateRequest(attributes=ResourceTerminateRequestTerminationAttributes.from_dict(attributes))
        reply = marketplace_resources_terminate.sync(uuid=UUID(resource_uuid), client=self.client, body=body)
        return self.wait_order(str(reply.order_uuid))


def instance_path(uuid):
    return "/api/openstack-instances/%s/" % uuid


def volume_path(uuid):
    return "/api/openstack-volumes/%s/" % uuid


def test_full_life_cycle_with_the_official_client(client, contract):  # pylint: disable=too-many-locals,too-many-statements
    flow = Flow(client, contract)

    # Look-ups, as a module would make them: offering by name, then everything scoped to its tenant.
    project = projects_list.sync(client=client, name_exact="Demo Project")[0]
    vm_offering, = marketplace_public_offerings_list.sync(client=client, name_exact="Virtual machine in demo-tenant")
    volume_offering, = marketplace_public_offerings_list.sync(client=client, name_exact="Volume in demo-tenant")
    tenant_uuid = UUID(vm_offering.scope_uuid) if isinstance(vm_offering.scope_uuid, str) else vm_offering.scope_uuid
    flavor, = openstack_flavors_list.sync(client=client, tenant_uuid=tenant_uuid, name_exact="m1.small")
    # The client's image model needs a field 8.0.5 servers do not send: read the list as JSON.
    image = flow.one("/api/openstack-images/", "OpenStackImage", tenant_uuid=str(tenant_uuid), name_exact="cirros")
    subnet, = openstack_subnets_list.sync(client=client, tenant_uuid=tenant_uuid, name_exact="demo-subnet")
    groups = [openstack_security_groups_list.sync(client=client, tenant_uuid=tenant_uuid, name_exact=name)[0]
              for name in ("ssh", "web")]
    key, = keys_list.sync(client=client, name_exact="demo-key")

    # Order an instance (with a data volume) and a volume.
    vm_order = marketplace_orders_create.sync(client=client, body=OrderCreateRequest(
        offering=vm_offering.url, project=project.url, accepting_terms_of_service=True,
        attributes=OpenStackInstanceCreateOrderAttributes(
            name="flow-vm", flavor=flavor.url, image=image["url"], system_volume_size=2048,
            ports=[OpenStackCreateInstancePortRequest(subnet=subnet.url)],
            floating_ips=[OpenStackCreateFloatingIPRequest(subnet=subnet.url)],
            security_groups=[OpenStackSecurityGroupHyperlinkRequest(url=group.url) for group in groups],
            ssh_public_key=key.url, data_volumes=[OpenStackDataVolumeRequest(size=1024)])))
    volume_order = marketplace_orders_create.sync(client=client, body=OrderCreateRequest(
        offering=volume_offering.url, project=project.url,
        attributes=OpenStackVolumeCreateOrderAttributes(name="flow-volume", size=1024)))
    assert vm_order.state == "executing" and vm_order.marketplace_resource_uuid
    vm_uuid = str(flow.wait_order(str(vm_order.uuid)).resource_uuid.hex)
    volume_uuid = str(flow.wait_order(str(volume_order.uuid)).resource_uuid.hex)
    vm = flow.wait_ok(instance_path(vm_uuid), "OpenStackInstance", "ACTIVE")
    assert [volume["name"] for volume in vm["volumes"]] == ["flow-vm-system", "flow-vm-data-1"]
    assert vm["key_name"] == "demo-key" and sorted(group["name"] for group in vm["security_groups"]) == ["ssh", "web"]
    floating_ip, = vm["floating_ips"]
    assert vm["external_ips"] == [floating_ip["address"]]

    # Stop and start.
    status, parsed, _content = detailed(openstack_instances_stop, uuid=UUID(vm_uuid), client=client)
    assert (status, parsed.status) == (202, "stop was scheduled")
    flow.wait_ok(instance_path(vm_uuid), "OpenStackInstance", "SHUTOFF")
    assert openstack_instances_start.sync(uuid=UUID(vm_uuid), client=client).status == "start was scheduled"
    flow.wait_ok(instance_path(vm_uuid), "OpenStackInstance", "ACTIVE")

    # Attach the volume, then extend it with the instance stopped.
    assert openstack_volumes_attach.sync(uuid=UUID(volume_uuid), client=client,
                                         body=VolumeAttachRequest(instance=vm["url"])).status == "attach was scheduled"
    volume = flow.wait_ok(volume_path(volume_uuid), "OpenStackVolume", "in-use")
    assert volume["device"] == "/dev/vdc" and volume["instance"] == vm["url"]
    openstack_instances_stop.sync(uuid=UUID(vm_uuid), client=client)
    flow.wait_ok(instance_path(vm_uuid), "OpenStackInstance", "SHUTOFF")
    openstack_volumes_extend.sync(uuid=UUID(volume_uuid), client=client, body=OpenStackVolumeExtendRequest(disk_size=2048))
    volume = flow.wait_ok(volume_path(volume_uuid), "OpenStackVolume", "in-use")
    assert volume["size"] == 2048 and volume["action"] == "Extend"

    # Snapshot the volume, back up the instance.
    snapshot = openstack_volumes_snapshot.sync(uuid=UUID(volume_uuid), client=client,
                                               body=OpenStackSnapshotRequest(name="flow-snapshot"))
    assert snapshot.size == 2048
    status, _parsed, content = detailed(openstack_instances_backup, uuid=UUID(vm_uuid), client=client,
                                        body=OpenStackBackupRequest(name="flow-backup"))
    assert status == 201
    backup_uuid = contract.check("OpenStackBackup", _json(content)).uuid.hex
    flow.wait_ok("/api/openstack-snapshots/%s/" % snapshot.uuid.hex, "OpenStackSnapshot")
    backup = flow.wait_ok("/api/openstack-backups/%s/" % backup_uuid, "OpenStackBackup")
    assert openstack_snapshots_retrieve.sync(uuid=snapshot.uuid, client=client).state == "OK"
    assert openstack_backups_retrieve.sync(uuid=UUID(backup_uuid), client=client).state == "OK"
    parts = flow.http.get("/api/openstack-snapshots/", params={"backup_uuid": backup_uuid})
    part_names = sorted(item["name"] for item in _json(parts.content))
    assert part_names == ["Part of backup: flow-backup (volume: %s)" % name for name in
                          ("flow-vm-data-1", "flow-vm-system", "flow-volume")]
    assert backup["metadata"]["flavor_name"] == "m1.small"

    # Restore the snapshot (a new volume) and the backup (a new instance).
    status, _parsed, content = detailed(openstack_snapshots_restore, uuid=snapshot.uuid, client=client,
                                        body=OpenStackSnapshotRestorationRequest(name="flow-restored-volume"))
    assert status == 201
    restored_volume = flow.wait_ok(volume_path(contract.check("OpenStackVolume", _json(content)).uuid.hex),
                                   "OpenStackVolume", "available")
    assert restored_volume["source_snapshot"].endswith("/%s/" % snapshot.uuid.hex) and restored_volume["size"] == 2048
    status, _parsed, content = detailed(openstack_backups_restore, uuid=UUID(backup_uuid), client=client,
                                        body=OpenStackBackupRestorationCreateRequest(flavor=flavor.url))
    assert status == 201
    restored_vm = _json(content)
    assert contract.check("OpenStackInstance", restored_vm).state == "CREATION_SCHEDULED"
    restored_vm = flow.wait_ok(instance_path(restored_vm["uuid"]), "OpenStackInstance", "ACTIVE")
    assert restored_vm["marketplace_resource_uuid"] and len(restored_vm["volumes"]) == 3

    # Tear down: backups and snapshots first, then stopped instances and the volumes, through the marketplace.
    assert detailed(openstack_backups_destroy, uuid=UUID(backup_uuid), client=client)[0] == 202
    assert detailed(openstack_snapshots_destroy, uuid=snapshot.uuid, client=client)[0] == 202
    flow.wait_gone("/api/openstack-backups/%s/" % backup_uuid, "OpenStackBackup")
    flow.wait_gone("/api/openstack-snapshots/%s/" % snapshot.uuid.hex, "OpenStackSnapshot")
    openstack_instances_stop.sync(uuid=UUID(restored_vm["uuid"]), client=client)
    flow.wait_ok(instance_path(restored_vm["uuid"]), "OpenStackInstance", "SHUTOFF")
    for obj in (vm, restored_vm, restored_volume):
        flow.terminate(obj["marketplace_resource_uuid"], action="destroy", delete_volumes=True, release_floating_ips=True)
        resource = marketplace_resources_retrieve.sync_detailed(uuid=UUID(obj["marketplace_resource_uuid"]), client=client)
        assert _json(resource.content)["state"] == "Terminated"
    gone = [instance_path(vm_uuid), instance_path(restored_vm["uuid"])] + [volume_path(item["uuid"]) for item in
                                                                           vm["volumes"] + restored_vm["volumes"]]
    for path in gone + [volume_path(volume_uuid), volume_path(restored_volume["uuid"]), floating_ip["url"]]:
        assert flow.http.get(path).status_code == 404, path
    contract.assert_departures_seen("OpenStackInstance")


def _json(content):
    return json.loads(content)


def test_order_approval_with_the_official_client(client, contract):
    flow = Flow(client, contract)
    project, = projects_list.sync(client=client, name_exact="Approval Project")
    offering, = marketplace_public_offerings_list.sync(client=client, name_exact="Volume in demo-tenant")
    order = marketplace_orders_create.sync(client=client, body=OrderCreateRequest(
        offering=offering.url, project=project.url,
        attributes=OpenStackVolumeCreateOrderAttributes(name="flow-approved", size=1024)))
    assert order.state == "pending-consumer" and order.consumer_reviewed_by is None
    reply = marketplace_orders_approve_by_consumer.sync(uuid=order.uuid, client=client)
    assert reply.detail == "Order has been approved."
    done = flow.wait_order(str(order.uuid))
    assert done.consumer_reviewed_by == "demo-user" and done.resource_type == "OpenStack.Volume"
    volume = flow.wait_ok(volume_path(done.resource_uuid.hex), "OpenStackVolume", "available")
    flow.terminate(volume["marketplace_resource_uuid"])
    assert flow.http.get(volume_path(volume["uuid"])).status_code == 404
