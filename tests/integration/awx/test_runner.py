"""The collection run the way AWX runs it: ansible-runner on a private data directory, with the environment the
credential types under extensions/awx/credential_types inject.

A job runs the job template's playbook with ``ansible_runner.run``; an inventory update runs
``ansible-inventory -i <source> --list --export --output <file>`` with ``ansible_runner.run_command``, at the
verbosity of AWX's default (1, which AWX turns into ``-vvv``). Neither the Waldur token nor the Gcore API key may
appear in what the runner prints, in any event, or in any file it leaves under ``artifacts/``.
"""

import json
import os

import ansible_runner
import pytest

from tests.integration.awx.conftest import GCORE_INSTANCES, SECRETS, WALDUR_INSTANCES
from tests.integration.awx.private_data import (
    INVENTORY_UPDATE_ENV, execution_environment, files_holding, holds, injected_env, lay_out,
)
from tests.integration.harness import PROJECT_ID, REGION_ID, GcoreApi, WaldurApi
from tests.integration.harness.runs import COLLECTIONS, ansible_bin

JOB_ID = "17"
INVENTORY_UPDATE_ID = "23"
# AWX's default verbosity of an inventory source (1) becomes -vvv on the ansible-inventory command line.
INVENTORY_VERBOSITY = "-vvv"


def waldur_credential(waldur):
    """A Waldur credential with its required fields, all it has."""
    return injected_env("waldur", {"api_url": waldur.url, "access_token": waldur.token})


def gcore_credential(gcore=None):
    """A Gcore credential with its required fields; with ``gcore``, its API URL too, pointing at the simulator."""
    inputs = {"api_key": SECRETS[1], "project_id": str(PROJECT_ID), "region_id": str(REGION_ID)}
    if gcore is not None:
        inputs["base_url"] = gcore.url
    return injected_env("gcore", inputs)


def run_job(tmp_path, envvars, extravars, playbook="job_template.yml"):
    data = lay_out(tmp_path, envvars, extravars)
    runner = ansible_runner.run(private_data_dir=data, playbook=playbook, ident=JOB_ID, verbosity=3,
                                envvars=execution_environment(), quiet=True)
    return data, runner


def run_inventory_update(tmp_path, envvars, source):
    """An inventory update from a project source file: the written inventory (None if none), the runner's output
    and exit code, and the private data directory."""
    data = lay_out(tmp_path, envvars)
    written = os.path.join(data, "artifacts", INVENTORY_UPDATE_ID, "output.json")
    environment = execution_environment()
    environment.update(INVENTORY_UPDATE_ENV, INVENTORY_SOURCE_ID="5", INVENTORY_UPDATE_ID=INVENTORY_UPDATE_ID)
    source_path = os.path.join(data, "project", "inventories", source)
    stdout, stderr, rc = ansible_runner.run_command(
        executable_cmd=ansible_bin("ansible-inventory"),
        cmdline_args=["--list", "--export", "-i", source_path, "--output", written, "--playbook-dir", os.path.dirname(source_path),
                      INVENTORY_VERBOSITY],
        private_data_dir=data, ident=INVENTORY_UPDATE_ID, envvars=environment, host_cwd=data, quiet=True)
    inventory = None
    if os.path.exists(written):
        with open(written, encoding="utf-8") as handle:
            inventory = json.load(handle)
    output = stdout + stderr
    assert "config file = None\n" in output and "ansible collection location = %s\n" % COLLECTIONS in output, output[-6000:]
    return inventory, output, rc, data


def events_of(data, ident):
    directory = os.path.join(data, "artifacts", ident, "job_events")
    events = []
    for name in sorted(os.listdir(directory)):
        with open(os.path.join(directory, name), encoding="utf-8") as handle:
            events.append(json.load(handle))
    return events


def hosts_in(inventory):
    """Every host of an ``--export`` inventory, from the groups that list them."""
    return sorted(set(host for group in inventory.values() if isinstance(group, dict) for host in group.get("hosts", [])))


def assert_no_secret(data, ident, output, envvars):
    """Neither secret in the runner's output, its events or any file under ``artifacts/``.

    ansible-runner records the command and the environment it started it with in ``artifacts/<ident>/command``;
    that environment is where the credentials were injected (``envvars``), so that file must hold the secrets under
    the injected variables and nowhere else. It also shows the search finds a secret in a real artifact.
    """
    injected = sorted(name for name, value in envvars.items() if holds(value, SECRETS))
    assert injected
    artifacts = os.path.join(data, "artifacts")
    assert not holds(output, SECRETS), "a secret in the runner's output"
    events = events_of(data, ident)
    assert events, "the runner wrote no events"
    assert [event["uuid"] for event in events if holds(event, SECRETS)] == []
    assert files_holding(artifacts, SECRETS) == [os.path.join(ident, "command")]
    with open(os.path.join(artifacts, ident, "command"), encoding="utf-8") as handle:
        command = json.load(handle)
    assert sorted(name for name, value in command["env"].items() if holds(value, SECRETS)) == injected
    for name in injected:
        assert command["env"].pop(name) == envvars[name]
    assert not holds(command, SECRETS)


def plant(tmp_path, command, events=(), files=None):
    """An artifacts directory as ansible-runner leaves one: ``command``, ``job_events/`` and other ``files``."""
    artifacts = tmp_path / "artifacts" / JOB_ID
    (artifacts / "job_events").mkdir(parents=True)
    (artifacts / "command").write_text(json.dumps(command))
    for number, event in enumerate(events, 1):
        (artifacts / "job_events" / ("%d-%s.json" % (number, event["uuid"]))).write_text(json.dumps(event))
    for name, text in (files or {}).items():
        (artifacts / name).write_text(text)
    return str(tmp_path)


def test_the_leak_check_fails_on_a_planted_secret(tmp_path_factory):
    envvars = {"WALDUR_API_URL": "http://127.0.0.1:1", "WALDUR_ACCESS_TOKEN": SECRETS[0], "GCORE_API_KEY": SECRETS[1]}
    command = {"command": ["ansible-playbook", "job_template.yml"], "cwd": "/", "env": dict(envvars, HOME="/root")}
    event = {"uuid": "a", "event": "runner_on_ok", "stdout": "ok: [localhost]", "event_data": {"res": {"msg": "fine"}}}
    clean = plant(tmp_path_factory.mktemp("clean"), command, [event], {"stdout": "ok: [localhost]"})
    assert_no_secret(clean, JOB_ID, "ok: [localhost]", envvars)
    for secret in SECRETS:
        leaked_event = dict(event, uuid="b", event_data={"res": {"msg": "Authorization: Token %s" % secret}})
        leaked_argv = dict(command, command=command["command"] + ["-e", "token=" + secret])
        leaked_env = dict(command, env=dict(command["env"], OTHER=secret))
        cases = [
            (plant(tmp_path_factory.mktemp("event"), command, [event, leaked_event]), "ok"),
            (plant(tmp_path_factory.mktemp("file"), command, [event], {"stdout": "... %s ..." % secret}), "ok"),
            (plant(tmp_path_factory.mktemp("argv"), leaked_argv, [event]), "ok"),
            (plant(tmp_path_factory.mktemp("env"), leaked_env, [event]), "ok"),
            (clean, "fatal: [localhost]: Token %s" % secret),
        ]
        for data, output in cases:
            with pytest.raises(AssertionError):
                assert_no_secret(data, JOB_ID, output, envvars)


def test_the_credential_types_inject_the_fields_set_and_blanks_for_the_others(waldur):
    assert waldur_credential(waldur) == {"WALDUR_API_URL": waldur.url, "WALDUR_ACCESS_TOKEN": SECRETS[0]}
    # base_url is optional: AWX does not fill in its default, the template renders it empty.
    assert gcore_credential() == {"GCORE_API_KEY": SECRETS[1], "GCORE_BASE_URL": "", "GCORE_CLOUD_PROJECT_ID": "1",
                                  "GCORE_CLOUD_REGION_ID": "76"}


def test_a_job_runs_the_job_template_with_both_credentials(tmp_path, waldur, gcore):
    waldur_api, gcore_api = WaldurApi(waldur.url, waldur.token), GcoreApi(gcore.url, gcore.token)
    stopped = waldur_api.get("/api/openstack-instances/", runtime_state="SHUTOFF", page_size=300)
    gcore_instances = gcore_api.instances()
    assert stopped and gcore_instances
    envvars = dict(waldur_credential(waldur), **gcore_credential(gcore))
    mark = waldur.log.mark()
    data, runner = run_job(tmp_path, envvars, {
        "volume_name": "awx-job-volume", "expected_shutoff_waldur": len(stopped), "expected_gcore": len(gcore_instances),
        "awx_job_id": int(JOB_ID), "awx_job_template_name": "Cloud round trip", "awx_inventory_name": "Demo Inventory"})
    output = runner.stdout.read()
    assert (runner.status, runner.rc) == ("successful", 0), output[-6000:]
    # No ansible.cfg: the collection came from ANSIBLE_COLLECTIONS_PATH, the host from the inventory script.
    assert "config file = None\n" in output and "ansible collection location = %s\n" % COLLECTIONS in output
    assert "Parsed %s inventory source with script plugin" % os.path.join(data, "inventory", "hosts") in output
    assert runner.stats["ok"] == {"localhost": 5} and runner.stats["changed"] == {"localhost": 2}
    assert not runner.stats["failures"] and not runner.stats["dark"]
    ok_tasks = [event["event_data"]["task"] for event in runner.events if event["event"] == "runner_on_ok"]
    assert ok_tasks == ["The stopped Waldur instances of the project", "Create a volume", "Delete it",
                        "The Gcore instances of the project and region",
                        "Every module saw the simulated clouds through the injected credentials"]
    # The modules took the secrets from the environment, and their results show them masked.
    masked = dict((event["event_data"]["task"], event["event_data"]["res"]["invocation"]["module_args"])
                  for event in runner.events if event["event"] == "runner_on_ok" and "invocation" in event["event_data"]["res"])
    assert [args.get("access_token") or args.get("api_key") for args in masked.values()] == ["VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"] * 4
    assert masked["Delete it"]["api_url"] == waldur.url
    assert masked["The Gcore instances of the project and region"]["base_url"] == gcore.url
    orders = [entry for entry in waldur.log.since(mark) if entry["method"] == "POST" and entry["path"] == "/api/marketplace-orders/"]
    assert len(orders) == 1
    assert waldur_api.get("/api/openstack-volumes/", name_exact="awx-job-volume") == []
    assert_no_secret(data, JOB_ID, output, envvars)


def test_an_inventory_update_from_the_waldur_source(tmp_path, waldur):
    envvars = waldur_credential(waldur)
    inventory, output, rc, data = run_inventory_update(tmp_path, envvars, "cloud.waldur.yml")
    assert rc == 0, output[-6000:]
    hosts = hosts_in(inventory)
    assert len(hosts) == WALDUR_INSTANCES == len(inventory["_meta"]["hostvars"])
    assert hosts == sorted("bench-%05d" % index for index in range(1, WALDUR_INSTANCES + 1))
    assert sorted(inventory["waldur"]["hosts"]) == hosts
    assert_no_secret(data, INVENTORY_UPDATE_ID, output, envvars)


def test_an_inventory_update_from_the_gcore_source(tmp_path, gcore):
    expected = sorted(row["name"] for row in GcoreApi(gcore.url, gcore.token).instances())
    # The bench instances alternate between the two regions; the credential names one of them.
    assert len(expected) == GCORE_INSTANCES // 2
    envvars = gcore_credential(gcore)
    inventory, output, rc, data = run_inventory_update(tmp_path, envvars, "cloud.gcore.yml")
    assert rc == 0, output[-6000:]
    assert hosts_in(inventory) == expected
    assert len(inventory["_meta"]["hostvars"]) == len(expected)
    assert_no_secret(data, INVENTORY_UPDATE_ID, output, envvars)


def test_a_gcore_credential_without_an_api_url_means_the_public_api(tmp_path, gcore):
    """The blank GCORE_BASE_URL AWX injects is taken as unset: the update goes to api.gcore.com (unreachable here),
    not to an empty URL, and its error shows no API key."""
    mark = gcore.log.mark()
    envvars = gcore_credential()
    inventory, output, rc, data = run_inventory_update(tmp_path, envvars, "no_retries.gcore.yml")
    assert rc != 0 and inventory is None
    assert "GET https://api.gcore.com/cloud/v1/instances/1/76: cannot connect to the API" in output, output[-6000:]
    assert gcore.log.since(mark) == []
    assert_no_secret(data, INVENTORY_UPDATE_ID, output, envvars)


def test_a_job_with_a_gcore_credential_without_an_api_url_calls_the_public_api(tmp_path, gcore):
    """The modules too take the blank GCORE_BASE_URL as unset, and the failure shows no API key."""
    mark = gcore.log.mark()
    envvars = gcore_credential()
    data, runner = run_job(tmp_path, envvars, {}, playbook="gcore_instances.yml")
    output = runner.stdout.read()
    assert (runner.status, runner.rc) == ("failed", 2), output[-6000:]
    failures = [event["event_data"]["res"] for event in runner.events if event["event"] == "runner_on_failed"]
    assert len(failures) == 1
    assert failures[0]["invocation"]["module_args"]["base_url"] == "https://api.gcore.com"
    assert "https://api.gcore.com/cloud/v1/instances/1/76" in failures[0]["msg"], failures[0]["msg"]
    assert gcore.log.since(mark) == []
    assert_no_secret(data, JOB_ID, output, envvars)
