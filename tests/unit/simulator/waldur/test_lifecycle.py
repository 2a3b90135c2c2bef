"""State machines: transitions over time, the events they leave, and the 409 preconditions."""

import pytest

from tests.simulator.waldur import WaldurSimulator

from .support import TOKEN, Http, order_instance, order_volume, place_order, ready_instance, ready_volume


def conflict(response):
    assert response.status_code == 409, response.text
    return response.json()["detail"]


def test_order_lifecycle_and_events(http, world):
    response = order_instance(http, world)
    assert response.status_code == 201
    order = response.json()
    assert response.headers["Location"] == order["url"]
    assert order["state"] == "executing" and order["resource_uuid"] is None and order["marketplace_resource_uuid"]
    resource = http.ok("/api/marketplace-resources/%s/" % order["marketplace_resource_uuid"])
    assert (resource["state"], resource["scope"]) == ("Creating", None)
    order = http.wait_state(order["url"], "done")
    assert order["resource_type"] == "OpenStack.Instance"
    instance = http.ok("/api/openstack-instances/%s/" % order["resource_uuid"])
    assert (instance["state"], instance["runtime_state"], instance["marketplace_resource_state"]) == ("OK", "ACTIVE", "OK")
    assert [(volume["name"], volume["device"]) for volume in instance["volumes"]] == [("vm1-system", "/dev/vda")]
    assert instance["internal_ips"] == ["192.168.42.10"]
    events = http.ok("/_sim/events")
    states = [event["to"] for event in events if event["kind"] == "instance" and event["field"] == "state"]
    runtime = [event["to"] for event in events if event["kind"] == "instance" and event["field"] == "runtime_state"]
    assert states == ["CREATING", "OK"] and runtime == ["BUILD", "ACTIVE"]
    created = [event for event in events if event["kind"] == "instance" and event["field"] == "exists"]
    done = [event for event in events if event["kind"] == "order" and event["to"] == "done"]
    assert done[0]["ts"] - created[0]["ts"] == pytest.approx(2 * 0.02)


def test_state_advances_on_the_simulated_timeline():
    """However late the next request comes, the steps happened one delay apart from the order."""
    now = [1000.0]
    with WaldurSimulator(port=0, token=TOKEN, delay=0.5) as simulator:
        simulator.app.scheduler.clock = lambda: now[0]
        http = Http(simulator.url)
        project = http.one("/api/projects/", name_exact="Demo Project")
        offering = http.one("/api/marketplace-public-offerings/", name_exact="Volume in demo-tenant")
        order = place_order(http, project, offering, {"name": "quiet", "size": 1024}).json()
        assert http.ok(order["url"])["state"] == "executing"
        now[0] = 2000.0
        assert http.ok(order["url"])["state"] == "done"
        volume_states = [(event["ts"], event["to"]) for event in http.ok("/_sim/events", since=1000.0)
                         if event["kind"] == "volume" and event["field"] in ("exists", "state")]
        assert volume_states == [(1000.5, True), (1001.0, "CREATING"), (1001.5, "OK")]


def test_delay_zero_means_the_next_request_sees_it():
    with WaldurSimulator(port=0, token=TOKEN, delay=0) as simulator:
        http = Http(simulator.url)
        project = http.one("/api/projects/", name_exact="Demo Project")
        offering = http.one("/api/marketplace-public-offerings/", name_exact="Volume in demo-tenant")
        order = place_order(http, project, offering, {"name": "fast", "size": 1024}).json()
        assert http.ok(order["url"])["state"] == "done"


def test_delay_can_change_at_run_time(http):
    off = {"latency": None, "max_concurrent": None}
    assert http.post("/_sim/config", {"delay": 1.5}).json() == dict(off, delay=1.5)
    assert http.ok("/_sim/config") == dict(off, delay=1.5)
    assert http.post("/_sim/config", {"delay": -1}).status_code == 400


def test_power_actions(http, world):
    instance = ready_instance(http, world)
    url = instance["url"]
    assert conflict(http.post(url + "start/")) == "Instance is already active."
    response = http.post(url + "stop/")
    assert (response.status_code, response.json()) == (202, {"status": "stop was scheduled"})
    assert http.ok(url)["state"] == "UPDATE_SCHEDULED"
    assert conflict(http.post(url + "stop/")) == "Valid states for operation: OK."
    assert conflict(http("PATCH", url, {"name": "bad name"})) == "Valid states for operation: OK."
    instance = http.wait_state(url, "OK")
    assert (instance["runtime_state"], instance["action"], instance["start_time"]) == ("SHUTOFF", "Stop", None)
    assert conflict(http.post(url + "stop/")) == "Instance is already stopped."
    assert conflict(http.post(url + "restart/")) == "Please start instance first."
    assert http.post(url + "start/").json() == {"status": "start was scheduled"}
    assert http.wait_state(url, "OK")["runtime_state"] == "ACTIVE"
    assert http.post(url + "restart/").json() == {"status": "restart was scheduled"}
    assert http.wait_state(url, "OK")["runtime_state"] == "ACTIVE"


def test_change_flavor(http, world):
    instance = ready_instance(http, world)
    url = instance["url"]
    assert conflict(http.post(url + "change_flavor/", {"flavor": world["m1.large"]["url"]})) == \
        "Please stop the instance before changing its flavor."
    http.post(url + "stop/")
    http.wait_state(url, "OK")
    assert http.post(url + "change_flavor/", {"flavor": world["m1.small"]["url"]}).json() == \
        {"flavor": ["New flavor is the same as current."]}
    response = http.post(url + "change_flavor/", {"flavor": world["m1.large"]["url"]})
    assert response.json() == {"status": "change_flavor was scheduled"}
    instance = http.ok(url)
    assert (instance["flavor_name"], instance["cores"], instance["ram"]) == ("m1.large", 4, 8192)
    assert http.wait_state(url, "OK")["runtime_state"] == "SHUTOFF"
    changes = [event["to"] for event in http.ok("/_sim/events") if event["uuid"] == instance["uuid"] and event["field"] == "runtime_state"]
    assert changes[-2:] == ["VERIFY_RESIZE", "SHUTOFF"]


def test_state_is_checked_before_the_body(http, world):
    instance = ready_instance(http, world)
    http.post(instance["url"] + "stop/")
    assert conflict(http.post(instance["url"] + "change_flavor/", {"flavor": "garbage"})) == "Valid states for operation: OK."


def test_volume_rules(http, world):
    instance = ready_instance(http, world)
    volume = ready_volume(http, world)
    system = instance["volumes"][0]["url"]
    assert conflict(http.post(system + "detach/")) == "Volume cannot be bootable."
    assert conflict(http.post(volume["url"] + "detach/")) == "Volume is not attached to an instance."
    assert http.post(volume["url"] + "extend/", {"disk_size": 1500}).json() == \
        {"disk_size": ["Disk size should be greater or equal to 2048"]}
    assert http.post(volume["url"] + "retype/", {"type": world["ssd"]["url"]}).json() == {"status": "retype was scheduled"}
    assert http.ok(volume["url"])["type_name"] == "ssd"
    http.wait_state(volume["url"], "OK")
    assert http.post(volume["url"] + "retype/", {"type": world["ssd"]["url"]}).json() == \
        {"type": ["Volume already has requested type."]}
    response = http.post(volume["url"] + "attach/", {"instance": instance["url"]})
    assert response.json() == {"status": "attach was scheduled"}
    attaching = http.ok(volume["url"])
    assert (attaching["instance"], attaching["device"], attaching["action_details"]) == \
        (instance["url"], "", {"message": "Attach volume to instance vm1"})
    assert volume["uuid"] in [item["uuid"] for item in http.ok(instance["url"])["volumes"]]
    attached = http.wait_state(volume["url"], "OK")
    assert (attached["runtime_state"], attached["device"], attached["extend_enabled"]) == ("in-use", "/dev/vdb", False)
    assert conflict(http.post(volume["url"] + "attach/", {"instance": instance["url"]})) == \
        "Valid runtime states for operation: available."
    assert conflict(http.post(volume["url"] + "retype/", {"type": world["ssd"]["url"]})) == \
        "Valid runtime states for operation: available."
    assert conflict(http.post(volume["url"] + "extend/", {"disk_size": 4096})) == "Volume instance should be in shutoff state."
    http.post(instance["url"] + "stop/")
    http.wait_state(instance["url"], "OK")
    assert http.post(volume["url"] + "extend/", {"disk_size": 4096}).json() == {"status": "extend was scheduled"}
    extended = http.ok(volume["url"])
    assert extended["size"] == 4096 and extended["action_details"]["new_size"] == 4096
    http.wait_state(volume["url"], "OK")
    assert http.post(volume["url"] + "detach/").json() == {"status": "detach was scheduled"}
    detached = http.wait_state(volume["url"], "OK")
    assert (detached["runtime_state"], detached["instance"], detached["device"]) == ("available", None, "")
    assert "instance_name" not in detached


def test_attach_to_another_project_is_refused(http, world):
    approval = order_instance(http, world, "elsewhere", project=world["approval_project"]).json()
    http.post(approval["url"] + "approve_by_consumer/")
    instance = http.wait_state("/api/openstack-instances/%s/" % http.wait_state(approval["url"], "done")["resource_uuid"], "OK")
    volume = ready_volume(http, world)
    assert http.post(volume["url"] + "attach/", {"instance": instance["url"]}).json() == \
        {"instance": ["Volume and instance should belong to the same service and project."]}


def test_approval_project_orders_wait_for_approval(http, world):
    order = order_volume(http, world, project=world["approval_project"]).json()
    assert order["state"] == "pending-consumer" and order["consumer_reviewed_by"] is None
    assert http.ok(order["url"])["state"] == "pending-consumer"
    response = http.post(order["url"] + "approve_by_consumer/")
    assert (response.status_code, response.json()) == (200, {"detail": "Order has been approved."})
    assert http.wait_state(order["url"], "done")["consumer_reviewed_by"] == "demo-user"
    pending = order_volume(http, world, "vol2", project=world["approval_project"]).json()
    assert http("DELETE", pending["url"]).status_code == 204
    assert http.ok("/api/marketplace-resources/%s/" % pending["marketplace_resource_uuid"])["state"] == "Terminated"
    cancel = http.post(order["url"] + "cancel/")
    assert (cancel.status_code, cancel.json()) == (405, {"detail": "The order's offering with OpenStack.Volume type does not support this action"})


def test_broken_image_errs_the_order(http, world):
    broken = http.one("/api/openstack-images/", name_exact="broken-image", tenant_uuid=world["tenant"]["uuid"])
    order = order_instance(http, world, image=broken["url"]).json()
    order = http.wait_state(order["url"], "erred")
    message = "Image broken-image failed to boot: simulated backend error"
    assert order["error_message"] == message
    instance = http.ok("/api/openstack-instances/%s/" % order["resource_uuid"])
    assert (instance["state"], instance["runtime_state"], instance["error_message"]) == ("ERRED", "ERROR", message)
    assert http.ok("/api/marketplace-resources/%s/" % order["marketplace_resource_uuid"])["state"] == "Erred"


def test_terminate_rules_and_flow(http, world):
    instance = ready_instance(http, world, data_volume_size=1024, floating_ips=[{"subnet": world["demo-subnet"]["url"]}])
    resource = "/api/marketplace-resources/%s/" % instance["marketplace_resource_uuid"]
    assert conflict(http.post(resource + "terminate/", {"attributes": {"action": "destroy"}})) == \
        "Please stop the instance before its removal."
    backup = http.post(instance["url"] + "backup/", {"name": "b1"})
    assert backup.status_code == 201
    backup = http.wait_state(backup.json()["url"], "OK")
    assert conflict(http.post(resource + "terminate/", {"attributes": {"action": "force_destroy"}})) == \
        "Cannot delete instance that has backups."
    assert http("DELETE", backup["url"]).json() == {"detail": "Deletion was scheduled."}
    http.wait(backup["url"], lambda response: response.status_code == 404)
    assert http.ok("/api/openstack-snapshots/") == []
    reply = http.post(resource + "terminate/", {"attributes": {"action": "force_destroy", "delete_volumes": False,
                                                               "release_floating_ips": False}})
    assert reply.status_code == 200
    order = "/api/marketplace-orders/%s/" % reply.json()["order_uuid"]
    assert http.ok(resource)["state"] == "Terminating"
    # The simulator moves on by the clock: on a loaded machine the deletion may already be under way.
    assert http.ok(instance["url"])["state"] in ("DELETION_SCHEDULED", "DELETING")
    http.wait_state(order, "done")
    assert http.get(instance["url"]).status_code == 404
    assert http.ok(resource)["state"] == "Terminated"
    system, data = instance["volumes"]
    assert http.get(system["url"]).status_code == 404
    kept = http.ok(data["url"])
    assert (kept["state"], kept["runtime_state"], kept["instance"]) == ("OK", "available", None)
    fip = instance["floating_ips"][0]
    assert http.ok(fip["url"])["runtime_state"] == "DOWN"


def test_open_order_blocks_terminate(http, world):
    volume = ready_volume(http, world)
    resource = "/api/marketplace-resources/%s/" % volume["marketplace_resource_uuid"]
    assert http.post(resource + "terminate/", {}).status_code == 200
    response = http.post(resource + "terminate/", {})
    assert conflict(response) == "Valid states for operation: OK, Erred."


def test_pending_order_for_resource_already_exists(http, world, sim):
    volume = ready_volume(http, world)
    resource = sim.app.store.get("resource", volume["marketplace_resource_uuid"])
    order_row = sim.app.store.get("order", resource["orders"][0])
    order_row["state"] = "executing"
    response = http.post("/api/marketplace-resources/%s/terminate/" % resource["uuid"], {})
    assert (response.status_code, response.json()) == (400, ["Pending order for resource already exists."])


def test_volume_with_snapshots_cannot_be_terminated(http, world):
    volume = ready_volume(http, world)
    snapshot = http.post(volume["url"] + "snapshot/", {"name": "s1"}).json()
    assert snapshot["state"] == "CREATION_SCHEDULED" and snapshot["size"] == 1024
    resource = "/api/marketplace-resources/%s/terminate/" % volume["marketplace_resource_uuid"]
    assert conflict(http.post(resource, {})) == "Volume has dependent snapshots."


def test_pull_and_unlink(http, world, sim):
    response = order_volume(http, world).json()
    http.wait(response["url"], lambda reply: reply.json()["resource_uuid"] is not None)
    volume_url = "/api/openstack-volumes/%s/" % http.ok(response["url"])["resource_uuid"]
    assert conflict(http.post(volume_url + "pull/")) == "Valid states for operation: OK, Erred."
    volume = http.wait_state(volume_url, "OK")
    row = sim.app.store.get("volume", volume["uuid"])
    backend_id, row["backend_id"] = row["backend_id"], ""
    assert http.post(volume_url + "pull/").json() == ["Resource does not have backend ID."]
    row["backend_id"] = backend_id
    reply = http.post(volume_url + "pull/")
    assert (reply.status_code, reply.json()) == (202, {"detail": "Pull operation was successfully scheduled."})
    assert http.wait_state(volume_url, "OK")["action"] == "Pull"
    volume = http.ok(volume_url)
    assert http.post(volume_url + "unlink/").status_code == 204
    assert http.get(volume_url).status_code == 404
    assert http.ok("/api/marketplace-resources/%s/" % volume["marketplace_resource_uuid"])["state"] == "Terminated"


def test_snapshot_restore_and_delete(http, world):
    volume = ready_volume(http, world, size=2048)
    snapshot = http.post(volume["url"] + "snapshot/", {"name": "s1"}).json()
    snapshot = http.wait_state(snapshot["url"], "OK")
    restored = http.post(snapshot["url"] + "restore/", {"name": "copy"})
    assert restored.status_code == 201
    restored = restored.json()
    assert (restored["state"], restored["size"], restored["bootable"]) == ("CREATION_SCHEDULED", 2048, False)
    restored = http.wait_state(restored["url"], "OK")
    assert restored["runtime_state"] == "available" and restored["marketplace_resource_uuid"]
    assert [item["volume_name"] for item in http.ok(snapshot["url"] + "restorations/")] == ["copy"]
    assert http.ok("/api/openstack-volumes/", snapshot_uuid=snapshot["uuid"])[0]["uuid"] == restored["uuid"]
    reply = http("DELETE", snapshot["url"])
    assert (reply.status_code, reply.json()) == (202, {"detail": "Deletion was scheduled."})
    assert http.ok(snapshot["url"])["state"] == "DELETION_SCHEDULED"
    http.wait(snapshot["url"], lambda response: response.status_code == 404)


def test_backup_restore(http, world):
    instance = ready_instance(http, world, data_volume_size=1024)
    backup = http.post(instance["url"] + "backup/", {"name": "nightly"}).json()
    parts = http.ok("/api/openstack-snapshots/", backup_uuid=backup["uuid"])
    assert sorted(part["name"] for part in parts) == ["Part of backup: nightly (volume: vm1-data)",
                                                      "Part of backup: nightly (volume: vm1-system)"]
    backup = http.wait_state(backup["url"], "OK")
    assert http.post(backup["url"] + "restore/", {}).json() == {"flavor": ["This field is required."]}
    reply = http.post(backup["url"] + "restore/", {"flavor": world["m1.large"]["url"], "name": "phoenix"})
    assert reply.status_code == 201
    restored = http.wait_state(reply.json()["url"], "OK")
    assert (restored["name"], restored["flavor_name"], restored["runtime_state"]) == ("phoenix", "m1.large", "ACTIVE")
    assert [volume["name"] for volume in restored["volumes"]] == ["phoenix-volume", "phoenix-volume"]
    assert http.ok("/api/marketplace-resources/%s/" % restored["marketplace_resource_uuid"])["state"] == "OK"
    assert http.ok(backup["url"])["restorations"][0]["name"] == "phoenix"


def test_console_and_sub_resources(http, world):
    instance = ready_instance(http, world, floating_ips=[{"subnet": world["demo-subnet"]["url"]}])
    assert http.ok(instance["url"] + "console/")["url"].startswith("https://")
    assert len(http.ok(instance["url"] + "console_log/", length=2).splitlines()) == 2
    assert http.get(instance["url"] + "console_log/", length="x").json() == {"length": ["A valid integer is required."]}
    ports = http.get(instance["url"] + "ports/")
    assert ports.headers["X-Result-Count"] == "1" and "Link" not in ports.headers
    assert [fip["address"] for fip in http.ok(instance["url"] + "floating_ips/")] == ["203.0.113.10"]
    assert instance["external_address"] == [None] and instance["access_url"] == ["203.0.113.10", "192.168.42.10"]


def test_network_updates(http, world):
    instance = ready_instance(http, world, floating_ips=[{"subnet": world["demo-subnet"]["url"]}])
    ssh = http.one("/api/openstack-security-groups/", name_exact="ssh", tenant_uuid=world["tenant"]["uuid"])
    reply = http.post(instance["url"] + "update_security_groups/", {"security_groups": [ssh["url"]]})
    assert reply.json() == {"status": "security groups update was scheduled"}
    assert [group["name"] for group in http.wait_state(instance["url"], "OK")["security_groups"]] == ["ssh"]
    subnet = world["demo-subnet"]
    reply = http.post(instance["url"] + "update_ports/", {"ports": [{"subnet": subnet["url"], "fixed_ips": [
        {"ip_address": "192.168.42.99", "subnet_id": subnet["backend_id"]}]}]})
    assert reply.json() == {"status": "internal ips update was scheduled"}
    assert http.wait_state(instance["url"], "OK")["internal_ips"] == ["192.168.42.99"]
    reply = http.post(instance["url"] + "update_floating_ips/", {"floating_ips": [{"subnet": subnet["url"]}]})
    assert reply.json() == {"status": "Floating IPs update was scheduled."}
    assert len(http.wait_state(instance["url"], "OK")["external_ips"]) == 1
    reply = http.post(instance["url"] + "update_allowed_address_pairs/",
                      {"subnet": subnet["url"], "allowed_address_pairs": [{"ip_address": "10.0.0.5"}]})
    assert reply.json() == {"status": "allowed address pairs update was scheduled"}
    pairs = http.wait_state(instance["url"], "OK")["ports"][0]["allowed_address_pairs"]
    assert [pair["ip_address"] for pair in pairs] == ["10.0.0.5"]


def test_resource_unlink_forgets_only_the_marketplace_side(http, world):
    instance = ready_instance(http, world)
    assert http.post("/api/marketplace-resources/%s/unlink/" % instance["marketplace_resource_uuid"]).status_code == 204
    volume = http.ok(instance["volumes"][0]["url"])
    assert volume["instance_marketplace_uuid"] is None
    assert http.ok(instance["url"])["marketplace_resource_uuid"] is None
