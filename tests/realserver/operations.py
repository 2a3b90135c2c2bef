"""Running operations.yml against the simulator once and telling which recorded exchanges each task sent.

Before every task the generated copy of the playbook calls a marker URL that the recorder answers itself (the
simulator never sees it), so the exchanges between two markers are exactly one task's requests.
"""

import os
import tempfile

import yaml

from tests.realserver.recorder import MARKER_PATH
from tests.realserver.world import PLAYBOOKS

OPERATIONS = os.path.join(PLAYBOOKS, "operations.yml")


def task_names():
    with open(OPERATIONS, encoding="utf-8") as handle:
        return [task["name"] for task in yaml.safe_load(handle)[0]["tasks"]]


def marked_playbook(directory):
    with open(OPERATIONS, encoding="utf-8") as handle:
        plays = yaml.safe_load(handle)
    tasks = []
    for index, task in enumerate(plays[0]["tasks"]):
        tasks.append({"name": "marker %d" % index, "ansible.builtin.uri": {"url": "{{ lookup('env', 'WALDUR_API_URL') }}%s%d/" % (MARKER_PATH, index)}})
        tasks.append(task)
    plays[0]["tasks"] = tasks
    path = os.path.join(directory, "operations-marked.yml")
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(plays, handle, sort_keys=False)
    return path


def run_operations(simulated):
    """{task name: [Exchange]}; the playbook must succeed against the simulator."""
    names = task_names()
    with tempfile.TemporaryDirectory() as directory:
        start = simulated.recorder.mark()
        simulated.playbook(marked_playbook(directory), check=True)
    by_task = {name: [] for name in names}
    current = None
    for exchange in simulated.recorder.since(start):
        if exchange.marker is not None:
            current = names[exchange.marker]
        elif current is not None:
            by_task[current].append(exchange)
    return by_task
