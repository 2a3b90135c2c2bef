"""Tasks run NEW -> RUNNING -> FINISHED (or ERROR) one delay apart, and the instance follows."""

PATH_TASK = "/cloud/v1/tasks/"


def task(gcore, task_id):
    return gcore.ok("GET", PATH_TASK + task_id)


def test_create_task_transitions_with_the_delay(gcore):
    instance_id, task_id = gcore.start_create(name="t-1")
    assert task(gcore, task_id)["state"] == "NEW"
    instance = gcore.ok("GET", gcore.instance_path(instance_id))
    assert (instance["status"], instance["vm_state"], instance["task_id"]) == ("BUILD", "building", task_id)
    assert instance["creator_task_id"] == task_id
    gcore.clock.advance(0.99)
    assert task(gcore, task_id)["state"] == "NEW"
    gcore.clock.advance(0.01)
    assert task(gcore, task_id)["state"] == "RUNNING"
    assert gcore.ok("GET", gcore.instance_path(instance_id))["task_state"] == "spawning"
    gcore.clock.advance(1.0)
    done = task(gcore, task_id)
    assert done["state"] == "FINISHED" and done["error"] is None and done["finished_on"]
    assert done["created_resources"]["instances"] == [instance_id]
    assert len(done["created_resources"]["volumes"]) == 1
    assert done["task_type"] == "create_vm" and done["data"]["name"] == "t-1"
    instance = gcore.ok("GET", gcore.instance_path(instance_id))
    assert (instance["status"], instance["vm_state"], instance["task_state"], instance["task_id"]) == ("ACTIVE", "active", None, None)


def test_steps_are_timed_from_their_schedule_not_from_the_next_request(gcore):
    instance_id, task_id = gcore.start_create(name="late")
    gcore.clock.advance(10)
    assert task(gcore, task_id)["state"] == "FINISHED"
    events = [event for event in gcore.ok("GET", "/_sim/events") if event["uuid"] in (task_id, instance_id)]
    states = [(event["to"], event["ts"]) for event in events if event["kind"] == "task"]
    start = states[0][1]
    assert states == [("NEW", start), ("RUNNING", start + 1.0), ("FINISHED", start + 2.0)]


def test_each_action_passes_through_its_transitional_state(gcore):
    instance = gcore.create(name="actions")
    path = "/cloud/v2/instances/1/76/%s/action" % instance["id"]
    for action, during, final in [("reboot", "REBOOT", "ACTIVE"), ("stop", "ACTIVE", "SHUTOFF"), ("start", "SHUTOFF", "ACTIVE"),
                                  ("suspend", "ACTIVE", "SUSPENDED"), ("resume", "SUSPENDED", "ACTIVE"),
                                  ("reboot_hard", "HARD_REBOOT", "ACTIVE"), ("powercycle", "HARD_REBOOT", "ACTIVE")]:
        task_id = gcore.ok("POST", path, {"action": action})["tasks"][0]
        gcore.clock.advance(1.0)
        running = gcore.ok("GET", gcore.instance_path(instance["id"]))
        assert (running["status"], running["task_id"]) == (during, task_id), action
        assert running["task_state"]
        gcore.clock.advance(1.0)
        after = gcore.ok("GET", gcore.instance_path(instance["id"]))
        assert (after["status"], after["task_state"], task(gcore, task_id)["state"]) == (final, None, "FINISHED"), action


def test_broken_image_ends_in_error(gcore):
    instance_id, task_id = gcore.start_create(name="broken", image="broken-image")
    gcore.finish()
    failed = task(gcore, task_id)
    assert failed["state"] == "ERROR" and "broken-image" in failed["error"]
    instance = gcore.ok("GET", gcore.instance_path(instance_id))
    assert (instance["status"], instance["vm_state"], instance["task_id"]) == ("ERROR", "error", None)


def test_task_list_filters_and_acknowledgement(gcore):
    gcore.create(name="one")
    first = gcore.ok("GET", "/cloud/v1/tasks", limit=100)
    assert first["count"] == 1 and first["results"][0]["task_type"] == "create_vm"
    assert gcore.ok("GET", "/cloud/v1/tasks", state="NEW")["count"] == 0
    assert gcore.ok("GET", "/cloud/v1/tasks", state="FINISHED", project_id=1, region_id=76)["count"] == 1
    assert gcore.ok("GET", "/cloud/v1/tasks", region_id=77)["count"] == 0
    task_id = first["results"][0]["id"]
    assert gcore.ok("GET", "/cloud/v1/tasks", is_acknowledged="true")["count"] == 0
    assert gcore.ok("POST", PATH_TASK + task_id + "/acknowledge")["acknowledged_at"]
    assert gcore.ok("GET", "/cloud/v1/tasks", is_acknowledged="true")["count"] == 1
    assert gcore("GET", PATH_TASK + "no-such-task").status_code == 404


def test_delay_changes_at_run_time(gcore):
    gcore.ok("POST", "/_sim/config", {"delay": 5})
    instance_id, task_id = gcore.start_create(name="slow")
    gcore.clock.advance(2)
    assert task(gcore, task_id)["state"] == "NEW"
    gcore.clock.advance(8)
    assert task(gcore, task_id)["state"] == "FINISHED"
    assert gcore.ok("GET", gcore.instance_path(instance_id))["status"] == "ACTIVE"
