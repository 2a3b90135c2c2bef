"""gcore_instance run by ansible-playbook against the Gcore simulator: lifecycle, bad inputs, failed tasks and a
lost create answer, each checked against the simulator's request log."""

import os

import pytest

from tests.integration.harness import INSTANCES, V2_INSTANCES, extra_vars, free_port
from tests.simulator.gcore import GcoreSimulator
from tests.tools.certificates import write_self_signed


def test_lifecycle(gcore):
    mark = gcore.log.mark()
    gcore.playbook("gcore_instance.yml", check=True)
    action = "POST %s/<id>/action" % V2_INSTANCES
    # Check-mode runs and idempotent re-runs sent nothing; the quota check is a read sent as POST.
    assert gcore.log.mutating_requests(mark) == [
        "POST %s/check_limits" % V2_INSTANCES,                      # create in check mode
        "POST %s/check_limits" % V2_INSTANCES, "POST %s" % V2_INSTANCES,
        "PATCH %s/<id>" % INSTANCES,                                # tags
        "POST %s/<id>/addsecuritygroup" % INSTANCES,
        "POST %s/<id>/put_into_servergroup" % INSTANCES,
        "POST %s/<id>/attach_interface" % INSTANCES,
        "PATCH %s/<id>" % INSTANCES,                                # rename and replace the tags
        "POST %s/<id>/metadata" % INSTANCES,
        "PUT %s/<id>/metadata" % INSTANCES,
        "DELETE %s/<id>/metadata/role" % INSTANCES,
        "DELETE %s/<id>/metadata_item?key=tier%%2Flevel" % V2_INSTANCES,
        "POST %s/<id>/remove_from_servergroup" % INSTANCES,
        "POST %s/<id>/detach_interface" % INSTANCES,
        action, "POST %s/<id>/changeflavor" % INSTANCES, action,    # stop, resize, start
        action, action, action, action, action, action,             # stop, start, reboot, suspend, resume, reboot_hard
        "POST %s/<id>/stop" % INSTANCES, "POST %s/<id>/start" % INSTANCES,
        "DELETE %s/<id>?delete_floatings=true" % INSTANCES,
    ]


@pytest.fixture(scope="module")
def tls_gcore(tmp_path_factory, gcore):
    cert, key = write_self_signed(tmp_path_factory.mktemp("tls"))
    simulator = GcoreSimulator(token=gcore.token, delay=0.05, tls_cert=cert, tls_key=key)
    simulator.start()
    try:
        yield simulator.url, cert
    finally:
        simulator.stop()


def test_bad_inputs_fail_clearly_and_change_nothing(gcore, gcore_api, tls_gcore):
    for _twin in range(2):
        gcore_api.create_instance("it-twin")
    gcore_api.create_instance("it-running")
    tls_url, ca = tls_gcore
    mark = gcore.log.mark()
    gcore.playbook("gcore_instance_errors.yml", *extra_vars(
        twin_name="it-twin", running_name="it-running", wrong_api_key="wrong-key-%d" % os.getpid(),
        unreachable_url="http://127.0.0.1:%d" % free_port(), tls_url=tls_url, tls_ca=ca), check=True)
    # Only the two quota checks (reads sent as POST) reached the API as POST; nothing changed.
    assert gcore.log.mutating_requests(mark) == ["POST %s/check_limits" % V2_INSTANCES] * 2
    assert [r["status"] for r in gcore.log.since(mark) if r["status"] == 401] == [401, 401]


def test_failed_tasks_name_the_task_and_quote_its_error(gcore, gcore_api):
    stop_error = "Hypervisor refused to stop the instance"
    gcore_api.call("POST", "/_sim/task-failures", {"task_type": "^stop_vm$", "count": 1, "error": stop_error})
    mark = gcore.log.mark()
    gcore.playbook("gcore_instance_failures.yml", *extra_vars(stop_error=stop_error), check=True)
    assert gcore.log.mutating_requests(mark) == [
        "POST %s/check_limits" % V2_INSTANCES, "POST %s" % V2_INSTANCES,
        "POST %s/<id>/action" % V2_INSTANCES, "POST %s/<id>/action" % V2_INSTANCES,
        "DELETE %s/<id>" % INSTANCES,
    ]


def test_a_lost_create_answer_does_not_create_a_second_instance(gcore, gcore_api):
    lost_id = gcore_api.create_instance("it-lost")
    # The first look-up does not see the instance yet; the create reaches the API but its answer is lost (503).
    gcore_api.add_fault(method="GET", path_regex="^%s$" % INSTANCES, status=200, body={"count": 0, "results": []})
    gcore_api.add_fault(method="POST", path_regex="^%s$" % V2_INSTANCES, status=503,
                        body={"exception_class": "ServiceUnavailable", "message": "upstream timed out"})
    mark = gcore.log.mark()
    try:
        gcore.playbook("gcore_instance_lost_create.yml", *extra_vars(lost_name="it-lost", lost_id=lost_id), check=True)
    finally:
        gcore_api.clear_faults()
    creates = [r for r in gcore.log.since(mark) if r["method"] == "POST" and r["path"] == V2_INSTANCES]
    assert [r["status"] for r in creates] == [503]
    assert [i["id"] for i in gcore_api.instances(name="^it-lost$")] == [lost_id]


@pytest.fixture
def slow_gcore(gcore, gcore_api):
    """The simulator with tasks slow enough (2 s each) that the next task of a play finds the instance locked."""
    previous = gcore_api.call("GET", "/_sim/config")["delay"]
    gcore_api.call("POST", "/_sim/config", {"delay": 1.0})
    yield gcore
    gcore_api.call("POST", "/_sim/config", {"delay": previous})


def test_a_task_without_waiting_waits_for_the_task_before(gcore_api, slow_gcore):
    gcore = slow_gcore
    gcore_api.create_instance("it-chain")
    mark = gcore.log.mark()
    gcore.playbook("gcore_instance_wait_chain.yml", *extra_vars(instance_name="it-chain"), check=True)
    # The API refuses to change a locked instance (409), so each task waits for the task the one before started,
    # then sends its own: every change is accepted, in order, and the delete is not sent twice.
    action = "POST %s/<id>/action" % V2_INSTANCES
    assert gcore.log.mutating_requests(mark) == [action, action, "DELETE %s/<id>" % INSTANCES]
    assert [entry for entry in gcore.log.since(mark) if entry["status"] == 409] == []


def test_an_inventory_without_certificate_checks_warns_once_in_its_own_words(gcore, tls_gcore):
    tls_url, _ca = tls_gcore
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inventory", "unverified.gcore.yml")
    result = gcore.inventory(source, "--list", env={"GCORE_BASE_URL": tls_url}, check=True)
    output = " ".join(result.stderr.split())
    assert output.count("Gcore inventory: validate_certs=false: the server's TLS certificate is not checked") == 1, output
    assert "InsecureRequestWarning" not in output and "Unverified HTTPS request" not in output, output
