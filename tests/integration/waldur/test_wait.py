"""wait=false: a task returns once Waldur has accepted its request, showing the instance as it was left, and reads
it no more than that needs; a following task with wait=true waits for it and converges without asking again."""

import json
import re

import pytest

from tests.integration.harness import control

# Seconds each simulated state change takes here: long enough that a task which does not wait sees the instance in
# its transitional state, and that the task after it still finds the change under way.
DELAY = 1.0
ORDER = "GET /api/marketplace-orders/<uuid>/"
INSTANCE = "GET /api/openstack-instances/<uuid>/"


@pytest.fixture
def slow_waldur(waldur):
    previous = control(waldur, "GET", "/_sim/config")["delay"]
    control(waldur, "POST", "/_sim/config", {"delay": DELAY})
    yield waldur
    control(waldur, "POST", "/_sim/config", {"delay": previous})
    control(waldur, "DELETE", "/_sim/faults")


def shown(entry):
    return "%s %s" % (entry["method"], re.sub(r"[0-9a-f]{32}", "<uuid>", entry["path"]))


def first_task(entries):
    """The requests of the play's first task: the second one starts by looking its project up again."""
    lookups = [i for i, e in enumerate(entries) if (e["method"], e["path"]) == ("GET", "/api/projects/")]
    return entries[:lookups[1]]


def read_after_last_change(entries):
    changes = [i for i, e in enumerate(entries) if e["method"] != "GET"]
    return [shown(e) for e in entries[changes[-1] + 1:]]


def run(waldur, name, instance_state, transitional_states, **extra):
    """Run waldur_instance_wait.yml; return the mutating requests of both tasks and the reads of the first one
    after its last change."""
    variables = dict(instance_name=name, instance_state=instance_state, transitional_states=transitional_states, **extra)
    mark = waldur.log.mark()
    waldur.playbook("waldur_instance_wait.yml", "-e", json.dumps(variables), check=True)
    return waldur.log.mutating_requests(mark), read_after_last_change(first_task(waldur.log.since(mark)))


def test_stop_and_start_without_waiting(slow_waldur, waldur_api):
    waldur_api.create_instance("vm-power")
    for instance_state, action, runtime_state in (("stopped", "stop", "SHUTOFF"), ("started", "start", "ACTIVE")):
        sent, read = run(slow_waldur, "vm-power", instance_state, ["UPDATE_SCHEDULED", "UPDATING"], runtime_state=runtime_state)
        # The action, then one read to show the instance as it is: no polling. The task with wait=true waits for
        # the action to finish and sends nothing.
        assert sent == ["POST /api/openstack-instances/<uuid>/%s/" % action]
        assert read == [INSTANCE]


@pytest.mark.parametrize("name, made_before_looked_at", [("vm-order-pending", False), ("vm-order-executed", True)])
def test_create_without_waiting(slow_waldur, name, made_before_looked_at):
    if made_before_looked_at:
        # Waldur often executes an order at once. Here the module's first look at the order fails (503) and its retry
        # comes after the instance has appeared (one DELAY after the order), while it is still being built.
        control(slow_waldur, "POST", "/_sim/faults", {"method": "GET", "path_regex": "^/api/marketplace-orders/[0-9a-f]{32}/$",
                                                      "status": 503, "count": 1, "retry_after": 1.5 * DELAY})
    sent, read = run(slow_waldur, name, "present", ["CREATION_SCHEDULED", "CREATING"], runtime_state="ACTIVE",
                     system_volume_size=1, awaited_order=True)
    # The order, then what it has made so far: the order and, once the instance exists, the instance (read once more
    # to report it), with no polling. The task with wait=true waits for that order or instance and orders nothing.
    assert sent == ["POST /api/marketplace-orders/"]
    assert read == ([ORDER, ORDER, INSTANCE, INSTANCE] if made_before_looked_at else [ORDER])


def test_delete_without_waiting(slow_waldur, waldur_api):
    waldur_api.create_instance("vm-deleted")
    sent, read = run(slow_waldur, "vm-deleted", "absent", ["absent"])
    # The instance is stopped first, and that is awaited (Waldur refuses to terminate a busy instance); after the
    # termination nothing is read. The task with wait=true waits until it is gone and does not terminate it again.
    assert sent == ["POST /api/openstack-instances/<uuid>/stop/", "POST /api/marketplace-resources/<uuid>/terminate/"]
    assert read == []


def test_a_task_without_waiting_waits_for_the_one_before(slow_waldur, waldur_api):
    waldur_api.create_instance("vm-chain")
    mark = slow_waldur.log.mark()
    slow_waldur.playbook("waldur_instance_wait_chain.yml", "-e", "instance_name=vm-chain", check=True)
    # Waldur refuses to change a busy instance (409), so the second task waits until the first one's stop is done,
    # then starts it: both actions are accepted, in order, and no request was refused.
    assert slow_waldur.log.mutating_requests(mark) == [
        "POST /api/openstack-instances/<uuid>/stop/", "POST /api/openstack-instances/<uuid>/start/"]
    assert [entry for entry in slow_waldur.log.since(mark) if entry["status"] == 409] == []
