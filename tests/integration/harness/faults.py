"""Running a playbook while a simulator injects random transient faults, and reading what happened.

The faults (``/_sim/faults/random``, see tests/simulator/README.md) hit every API request of the run, a fixed
seed making the mix reproducible; the figures come from ansible-playbook's output (tasks and their outcomes)
and from the simulator (faults injected by kind and phase, requests sent again after a fault).
"""

import re

import requests

RATE = 0.1
SEED = 13
# Long enough to be a slow answer, short enough to keep the run quick (the read timeout is 60 s).
SLOW_SECONDS = 0.5
RESULT_LINE = re.compile(r"^(ok|changed|fatal|failed): \[localhost\]", re.MULTILINE)
TRACEBACK_MARKERS = ("Traceback (most recent call last)", "MODULE FAILURE")


class Faults:
    """The random fault mode of one simulator."""

    def __init__(self, url, auth_header):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = auth_header

    def start(self, rate=RATE, seed=SEED):
        response = self.session.post(self.url + "/_sim/faults/random", json={
            "rate": rate, "seed": seed, "slow_seconds": SLOW_SECONDS, "retry_after": 1}, timeout=30)
        assert response.status_code == 201, response.text

    def stop(self):
        """Stop injecting; the counters of the run."""
        assert self.session.delete(self.url + "/_sim/faults/random", timeout=30).status_code == 204
        return self.session.get(self.url + "/_sim/faults/stats", timeout=30).json()


def task_outcomes(stdout):
    """{"ok": n, "changed": n, "failed": n} of the module tasks a run reported (a failure ignored counts as failed)."""
    outcomes = {"ok": 0, "changed": 0, "failed": 0}
    for match in RESULT_LINE.finditer(stdout):
        outcomes["failed" if match.group(1) in ("fatal", "failed") else match.group(1)] += 1
    return outcomes


def failures(stdout):
    """The lines that report a failed task, for the assertion message."""
    return [line[:400] for line in stdout.splitlines() if line.startswith(("fatal: [localhost]", "failed: [localhost]"))]


def figures(name, stdout, stats, duplicates, leaks):
    """The run's figures as one line of text, printed by the test (pytest -s shows them)."""
    outcomes = task_outcomes(stdout)
    tasks = sum(outcomes.values())
    return ("%s: %d tasks (%d changed), %d failed; %d requests, %d faults injected (by kind %s; by phase %s; %s; by method %s), "
            "%d requests sent again after a fault; %d duplicates, %d leaks"
            % (name, tasks, outcomes["changed"], outcomes["failed"], stats["requests"], stats["faults"],
               _shown(stats["by_kind"]), _shown(stats["by_phase"]), _shown(stats["by_kind_and_phase"]), _shown(stats["by_method"]),
               stats["retried"], len(duplicates), len(leaks)))


def _shown(counts):
    return ", ".join("%s=%s" % item for item in sorted(counts.items())) or "none"


def assert_recovered(name, result, stats, duplicates, leaks):
    """Every task succeeded, no object was made twice, none was left behind, no traceback; and the faults the run
    needed to prove it were injected (every kind, both phases)."""
    line = figures(name, result.stdout, stats, duplicates, leaks)
    print("\n" + line)
    outcomes = task_outcomes(result.stdout)
    assert outcomes["failed"] == 0 and result.returncode == 0, "%s\n%s" % (line, "\n".join(failures(result.stdout)))
    assert not [marker for marker in TRACEBACK_MARKERS if marker in result.stdout + result.stderr], line
    assert duplicates == [], "%s: made twice: %s" % (line, duplicates)
    assert leaks == [], "%s: left behind: %s" % (line, leaks)
    assert set(stats["by_kind"]) == {"503", "502", "429", "reset", "slow"}, line
    assert set(stats["by_phase"]) == {"before", "after"}, line
