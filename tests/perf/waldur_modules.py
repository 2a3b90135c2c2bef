"""Benchmark of the Waldur modules against the simulator: requests per task and wait overhead.

    python -m tests.perf.waldur_modules [--runs 10] [--delays 0.3,0.7,1.1,1.7,2.3] [--output PATH]

A report, not a test. The simulator runs in its own process with a request log; every figure comes from that log
and the simulator's event log, so it measures what the API saw, not what the module believes it did:

- requests to create an instance by names (polls counted apart), and for a no-op re-run by name and project and by UUID;
- wait overhead: from the moment the simulator finished an operation (its event log) to the module's last request of
  the task, for stop/start operations; next to it, what a fixed 20 s poll interval (the usual alternative) gives for
  the very same operations, computed from the same timestamps. The simulator's step time cycles through delays
  that are not multiples of the poll interval, so completions do not fall in step with the polls;
- the poll rate while waiting.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import requests

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".build", "collections")
TOKEN = "benchmark-token"
MUTATING = ("POST", "PUT", "PATCH", "DELETE")
FIXED_INTERVAL = 20.0

CREATE_TASK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - cloudfleet.openstack.waldur_instance:
        name: bench-vm
        project: Demo Project
        offering: Virtual machine in demo-tenant
        flavor: m1.small
        image: cirros
        system_volume_size: 1
        data_volumes: [{size: 1, type: ssd}]
        subnet: demo-subnet
        floating_ips: [{subnet: demo-subnet}]
        security_groups: [default, ssh]
        ssh_key: demo-key
"""

BY_UUID_TASK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - cloudfleet.openstack.waldur_instance:
        uuid: "%s"
"""

POWER_TASK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - cloudfleet.openstack.waldur_instance:
        name: bench-vm
        project: Demo Project
        state: %s
"""


class Simulator:
    """The Waldur simulator in a separate process, with its request log."""

    def __init__(self, delay, workdir):
        self.log_path = os.path.join(workdir, "requests.jsonl")
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-m", "tests.simulator.waldur", "--port", "0", "--token", TOKEN, "--delay", str(delay),
             "--request-log", self.log_path], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip().rsplit(" ", 1)[-1]
        self.session = requests.Session()
        self.session.headers["Authorization"] = "Token " + TOKEN

    def log(self):
        with open(self.log_path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def events(self):
        return self.session.get(self.url + "/_sim/events", timeout=30).json()

    def set_delay(self, delay):
        self.session.post(self.url + "/_sim/config", json={"delay": delay}, timeout=30).raise_for_status()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class Runner:
    def __init__(self, simulator, workdir):
        self.simulator = simulator
        self.workdir = workdir
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, WALDUR_API_URL=simulator.url,
                        WALDUR_ACCESS_TOKEN=TOKEN, ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0")

    def run(self, playbook_text):
        """Run one playbook; return the requests the simulator logged for it."""
        path = os.path.join(self.workdir, "play.yml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(playbook_text)
        before = len(self.simulator.log())
        ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
        result = subprocess.run([ansible_playbook, path], env=self.env, capture_output=True, text=True, check=False)
        if result.returncode:
            raise RuntimeError("playbook failed:\n" + result.stdout[-3000:])
        return self.simulator.log()[before:]


def split_polls(entries):
    """(requests that are not polls, polls): a poll is a GET of one object's URL after the first change of the task."""
    first_change = next((i for i, e in enumerate(entries) if e["method"] in MUTATING), len(entries))
    polls = [e for e in entries[first_change:] if e["method"] == "GET" and e["path"].count("/") == 4]
    others = [e for e in entries if e not in polls]
    return others, polls


def wait_overheads(simulator, runner, runs, delays):
    """Per stop/start operation: seconds from the simulator finishing it to the module's last request of the task."""
    samples = []
    for index in range(runs):
        state = "stopped" if index % 2 == 0 else "started"
        simulator.set_delay(delays[index % len(delays)])
        entries = runner.run(POWER_TASK % state)
        action = next(e for e in entries if e["method"] == "POST")
        instance_uuid = action["path"].split("/")[3]
        done = min(e["ts"] for e in simulator.events()
                   if e["uuid"] == instance_uuid and e["field"] == "state" and e["to"] == "OK" and e["ts"] > action["ts"])
        last_request = entries[-1]["ts"]
        duration = done - action["ts"]
        fixed_notice = action["ts"] + FIXED_INTERVAL * max(1, -(-duration // FIXED_INTERVAL))
        polls = [e for e in entries if e["ts"] > action["ts"] and e["method"] == "GET"]
        samples.append({
            "operation": "stop" if state == "stopped" else "start",
            "simulator_delay_seconds": delays[index % len(delays)],
            "operation_seconds": round(duration, 3),
            "overhead_seconds": round(last_request - done, 3),
            "fixed_20s_overhead_seconds": round(fixed_notice - done, 3),
            "polls": len(polls),
            "polls_per_second": round(len(polls) / max(last_request - action["ts"], 1e-6), 2),
        })
    return samples


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.perf.waldur_modules", description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--runs", type=int, default=10, help="stop/start operations to time (default 10)")
    parser.add_argument("--delays", default="0.3,0.7,1.1,1.7,2.3",
                        help="simulator seconds per state transition, cycled through the timed operations")
    parser.add_argument("--output", default=os.path.join(REPO_ROOT, "tests", "perf", "results", "waldur_modules.json"))
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",")]

    with tempfile.TemporaryDirectory() as workdir:
        simulator = Simulator(0.2, workdir)
        try:
            runner = Runner(simulator, workdir)
            create_others, create_polls = split_polls(runner.run(CREATE_TASK))
            rerun = runner.run(CREATE_TASK)
            instance = [e for e in rerun if e["path"].startswith("/api/openstack-instances/")][0]
            uuid = simulator.session.get(simulator.url + instance["path"], params=dict(
                [kv.split("=", 1) for kv in instance["query"].split("&")]), timeout=30).json()[0]["uuid"]
            by_uuid = runner.run(BY_UUID_TASK % uuid)
            samples = wait_overheads(simulator, runner, args.runs, delays)
        finally:
            simulator.stop()

    overhead = round(statistics.median(s["overhead_seconds"] for s in samples), 3)
    fixed = statistics.median(s["fixed_20s_overhead_seconds"] for s in samples)
    report = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "simulator_delays_seconds": delays,
        "requests": {
            "create_by_names_besides_polls": len(create_others),
            "create_by_names_polls": len(create_polls),
            "noop_rerun_by_name_and_project": len(rerun),
            "noop_rerun_by_uuid": len(by_uuid),
        },
        "wait": {
            "samples": samples,
            "median_overhead_seconds": overhead,
            "median_fixed_20s_overhead_seconds": fixed,
            "overhead_ratio_to_fixed_20s": round(overhead / fixed, 4) if fixed else None,
            "max_polls_per_second": max(s["polls_per_second"] for s in samples),
        },
        "goals": {
            "noop_by_name_at_most_2": len(rerun) <= 2,
            "noop_by_uuid_at_most_1": len(by_uuid) <= 1,
            "create_at_most_12_besides_polls": len(create_others) <= 12,
            "median_wait_overhead_at_most_1s": overhead <= 1.0,
        },
    }
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2)
    print_report(report, args.output)
    return 0


def print_report(report, output):
    rows = [
        ("create instance by names: requests besides polls", report["requests"]["create_by_names_besides_polls"], "<= 12"),
        ("create instance by names: polls", report["requests"]["create_by_names_polls"], ""),
        ("no-op re-run by name + project: requests", report["requests"]["noop_rerun_by_name_and_project"], "<= 2"),
        ("no-op re-run by UUID: requests", report["requests"]["noop_rerun_by_uuid"], "<= 1"),
        ("wait overhead, median (s)", report["wait"]["median_overhead_seconds"], "<= 1.0"),
        ("same operations with a fixed 20 s poll, median (s)", report["wait"]["median_fixed_20s_overhead_seconds"], "baseline"),
        ("overhead / fixed 20 s poll", report["wait"]["overhead_ratio_to_fixed_20s"], ""),
        ("max polls per second while waiting", report["wait"]["max_polls_per_second"], "about 2"),
    ]
    width = max(len(r[0]) for r in rows)
    print("%-*s  %10s  %s" % (width, "measure", "value", "goal"))
    for name, value, goal in rows:
        print("%-*s  %10s  %s" % (width, name, value, goal))
    print("goals met: %s" % ", ".join("%s=%s" % item for item in report["goals"].items()))
    print("JSON: %s" % output)


if __name__ == "__main__":
    sys.exit(main())
