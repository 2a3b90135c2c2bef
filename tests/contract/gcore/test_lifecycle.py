"""The SDK's *_and_poll helpers complete against the simulator's tasks, and a failed task surfaces its error."""

import pytest
import requests

from gcore import ConflictError, NotFoundError

from .conftest import API_KEY
from .shapes import exact


def test_create_and_poll_gives_an_active_instance(client, create_body, world):
    created = exact(client.cloud.instances.create_and_poll(**create_body("contract-create", tags={"env": "contract"})))
    assert (created.status, created.vm_state, created.task_id) == ("ACTIVE", "active", None)
    assert created.flavor.flavor_id == "g1-standard-1-2" and created.ssh_key_name == "demo-key"
    assert [entry.type for entry in created.addresses["demo-net"]] == ["fixed", "floating"]
    assert created.security_groups[0].name == "default" and created.volumes[0].delete_on_termination
    task = exact(client.cloud.tasks.get(created.creator_task_id))
    assert task.state == "FINISHED" and task.created_resources.instances == [created.id]
    assert task.created_resources.volumes == [created.volumes[0].id]
    assert world["ubuntu"].id


@pytest.mark.parametrize("action, status", [("stop", "SHUTOFF"), ("start", "ACTIVE"), ("reboot", "ACTIVE"),
                                            ("reboot_hard", "ACTIVE"), ("suspend", "SUSPENDED"), ("resume", "ACTIVE")])
def test_action_and_poll(client, action, status, request):
    instance = request.getfixturevalue("shared_instance")
    after = exact(client.cloud.instances.action_and_poll(instance.id, action=action))
    assert (after.status, after.task_id, after.task_state) == (status, None, None)


@pytest.fixture(scope="module")
def shared_instance(client, world):
    """One instance that the power actions take through stop, start, reboot, suspend and resume in turn."""
    created = client.cloud.instances.create_and_poll(
        name="contract-power", flavor="g1-standard-1-2",
        interfaces=[{"type": "subnet", "network_id": world["demo-net"].id, "subnet_id": world["demo-subnet"].id}],
        volumes=[{"source": "image", "image_id": world["ubuntu"].id, "size": 10}])
    yield created
    client.cloud.instances.delete_and_poll(created.id)


def test_delete_and_poll_removes_the_instance(client, instance):
    client.cloud.instances.delete_and_poll(instance.id, delete_floatings=True)
    with pytest.raises(NotFoundError) as raised:
        client.cloud.instances.get(instance.id)
    assert raised.value.body["exception_class"] == "NotFound"


def test_resize_interfaces_security_and_placement(client, instance, world):
    resized = client.cloud.instances.resize(instance.id, flavor_id="g1-standard-2-4")
    client.cloud.tasks.poll(exact(resized).tasks[0])
    assert client.cloud.instances.get(instance.id).flavor.flavor_id == "g1-standard-2-4"
    attached = exact(client.cloud.instances.interfaces.attach(instance.id, type="external", interface_name="public"))
    task = client.cloud.tasks.poll(attached.tasks[0])
    interfaces = [exact(interface) for interface in client.cloud.instances.interfaces.list(instance.id)]
    added = [interface for interface in interfaces if interface.port_id == task.created_resources.ports[0]][0]
    assert added.interface_name == "public" and added.network_details.external
    detached = client.cloud.instances.interfaces.detach(instance.id, port_id=added.port_id,
                                                        ip_address=added.ip_assignments[0].ip_address)
    client.cloud.tasks.poll(detached.tasks[0])
    assert len(list(client.cloud.instances.interfaces.list(instance.id))) == len(interfaces) - 1
    client.cloud.instances.assign_security_group(instance.id, name=world["web"].name)
    assert [group.name for group in client.cloud.instances.get(instance.id).security_groups] == ["default", "web"]
    client.cloud.instances.unassign_security_group(instance.id, ports_security_group_names=[
        {"port_id": None, "security_group_names": ["web"]}])
    placed = exact(client.cloud.instances.add_to_placement_group_and_poll(instance.id,
                                                                          servergroup_id=world["server-group"].servergroup_id))
    assert placed.id == instance.id
    group = exact(client.cloud.placement_groups.get(world["server-group"].servergroup_id))
    assert instance.id in [member.instance_id for member in group.instances]
    exact(client.cloud.instances.remove_from_placement_group_and_poll(instance.id))
    assert instance.id not in [member.instance_id for member in client.cloud.placement_groups.get(
        world["server-group"].servergroup_id).instances]


def test_a_failed_create_surfaces_the_task_error(client, create_body, world):
    body = create_body("contract-broken", volumes=[{"source": "image", "image_id": world["broken-image"].id, "size": 10}])
    with pytest.raises(ValueError, match="could not be booted"):
        client.cloud.instances.create_and_poll(**body)
    broken = [exact(row) for row in client.cloud.instances.list(name="^contract-broken$")]
    assert [(row.status, row.vm_state) for row in broken] == [("ERROR", "error")]
    client.cloud.instances.delete_and_poll(broken[0].id)


def test_a_failed_action_surfaces_the_task_error(client, instance, simulator):
    rule = {"task_type": "^stop_vm$", "error": "Hypervisor did not answer"}
    response = requests.post(simulator.url + "/_sim/task-failures", json=rule, headers={"Authorization": "APIKey " + API_KEY},
                             timeout=10)
    assert response.status_code == 201
    with pytest.raises(ValueError, match="Hypervisor did not answer"):
        client.cloud.instances.action_and_poll(instance.id, action="stop")
    assert client.cloud.instances.get(instance.id).status == "ACTIVE"


def test_preconditions_are_conflicts(no_retries, instance):
    with pytest.raises(ConflictError) as raised:
        no_retries.cloud.instances.action(instance.id, action="start")
    assert raised.value.body["exception_class"] == "InstanceInvalidState"
