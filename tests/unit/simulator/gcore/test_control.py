"""The /_sim/ control routes of the shared core, and the Gcore simulator's own /_sim/task-failures."""

import requests


def test_injected_fault_answers_the_next_matching_requests(gcore):
    rule = {"method": "GET", "path_regex": "^/cloud/v1/instances/", "status": 503, "count": 2, "retry_after": 3,
            "body": {"exception_class": "ServiceUnavailable", "message": "maintenance"}}
    assert gcore.ok("POST", "/_sim/faults", rule, expect=201)["count"] == 2
    for remaining in (1, 0):
        response = gcore("GET", gcore.instances_path())
        assert response.status_code == 503 and response.headers["Retry-After"] == "3"
        assert response.json() == {"exception_class": "ServiceUnavailable", "message": "maintenance"}
        assert len(gcore.ok("GET", "/_sim/faults")) == remaining
    assert gcore("GET", "/cloud/v1/regions").status_code == 200
    assert gcore("GET", gcore.instances_path()).status_code == 200


def test_dropped_connection_and_clearing_rules(gcore):
    rules = [{"path_regex": "regions", "drop_connection": True}, {"path_regex": "flavors", "count": 5}]
    gcore.ok("POST", "/_sim/faults", rules, expect=201)
    try:
        gcore("GET", "/cloud/v1/regions")
        dropped = False
    except requests.ConnectionError:
        dropped = True
    assert dropped
    assert gcore("GET", "/cloud/v1/flavors/1/76").status_code == 503
    gcore.ok("DELETE", "/_sim/faults", expect=204)
    assert gcore("GET", "/cloud/v1/flavors/1/76").status_code == 200


def test_task_failure_rules_end_matching_tasks_in_error(gcore):
    instance = gcore.create()
    gcore.ok("POST", "/_sim/task-failures", {"task_type": "^stop_vm$", "error": "Hypervisor unreachable"}, expect=201)
    assert gcore.ok("GET", "/_sim/task-failures") == [{"task_type": "^stop_vm$", "count": 1, "error": "Hypervisor unreachable"}]
    task = gcore.act(instance["id"], "stop")
    assert (task["state"], task["error"]) == ("ERROR", "Hypervisor unreachable")
    after = gcore.ok("GET", gcore.instance_path(instance["id"]))
    assert (after["status"], after["task_id"], after["task_state"]) == ("ACTIVE", None, None)
    assert gcore.ok("GET", "/_sim/task-failures") == []
    assert gcore.act(instance["id"], "stop")["state"] == "FINISHED"
    gcore.ok("POST", "/_sim/task-failures", {"count": 3}, expect=201)
    gcore.ok("DELETE", "/_sim/task-failures", expect=204)
    assert gcore.ok("GET", "/_sim/task-failures") == []
    assert gcore("POST", "/_sim/task-failures", {"task_type": "("}).status_code == 400


def test_events_record_field_changes(gcore):
    instance = gcore.create(name="watched")
    since = gcore.clock.now
    gcore.act(instance["id"], "stop")
    changes = [(event["field"], event["to"]) for event in gcore.ok("GET", "/_sim/events", since=since)
               if event["kind"] == "instance" and event["uuid"] == instance["id"]]
    assert ("status", "SHUTOFF") in changes and ("vm_state", "stopped") in changes and ("task_state", "powering-off") in changes
    created = [event for event in gcore.ok("GET", "/_sim/events") if event["field"] == "exists" and event["to"] is True]
    assert [event["uuid"] for event in created] == [instance["id"]]


def test_config_reads_and_rejects_bad_delays(gcore):
    assert gcore.ok("GET", "/_sim/config") == {"delay": 1.0, "latency": None, "max_concurrent": None}
    assert gcore("POST", "/_sim/config", {"delay": -1}).status_code == 400


def test_request_log(tmp_path, launch):
    log = tmp_path / "requests.jsonl"
    launch(request_log=str(log)).ok("GET", "/cloud/v1/regions", limit=1)
    assert '"path": "/cloud/v1/regions", "query": "limit=1", "status": 200' in log.read_text()
