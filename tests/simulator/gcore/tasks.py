"""Gcore tasks: every long operation answers ``{"tasks": [id]}`` and runs NEW -> RUNNING -> FINISHED (or ERROR).

RUNNING comes one scheduler delay after the request, FINISHED or ERROR one more delay later. What the operation
does to its resources is passed in as callbacks. A task fails when the operation itself knows it must (a broken
image) or when a rule added through ``/_sim/task-failures`` matches its type.
"""

import re

from .store import new_id
from .world import CLIENT_ID, USER_ID

NEW, RUNNING, FINISHED, ERROR = "NEW", "RUNNING", "FINISHED", "ERROR"


class FailureRules:
    """Make the next ``count`` tasks whose type matches ``task_type`` (a regex; empty matches all) end in ERROR."""

    def __init__(self):
        self._rules = []

    def add(self, spec):
        rule = {"task_type": re.compile(spec.get("task_type") or ".*"), "count": int(spec.get("count", 1)),
                "error": str(spec.get("error") or "Simulated task failure")}
        self._rules.append(rule)
        return self.describe(rule)

    def clear(self):
        self._rules = []

    def rules(self):
        return [self.describe(rule) for rule in self._rules]

    @staticmethod
    def describe(rule):
        return {"task_type": rule["task_type"].pattern, "count": rule["count"], "error": rule["error"]}

    def take(self, task_type):
        for rule in self._rules:
            if rule["task_type"].search(task_type):
                rule["count"] -= 1
                if rule["count"] <= 0:
                    self._rules.remove(rule)
                return rule["error"]
        return None


class TaskEngine:
    def __init__(self, store, scheduler):
        self.store = store
        self.scheduler = scheduler
        self.failures = FailureRules()

    def set_state(self, task, ts, state):
        self.scheduler.record(ts, "task", task["id"], "state", task["state"], state)
        task["state"] = state
        task["updated"] = ts

    def start(self, task_type, project_id, region_id, data, running=None, finished=None, failed=None, error=None, task_id=None):
        """Create a task and schedule its steps; ``running(ts)``, ``finished(ts, task)``, ``failed(ts, message)``."""
        now = self.scheduler.now()
        task = {
            "id": task_id or new_id(), "task_type": task_type, "state": NEW, "project_id": project_id, "region_id": region_id,
            "data": data, "created_resources": None, "error": None, "created": now, "updated": now, "finished": None,
            "acknowledged_at": None, "acknowledged_by": None, "request_id": new_id(), "user_id": USER_ID,
            "client_id": CLIENT_ID,
        }
        self.store.add("task", task)
        self.scheduler.record(now, "task", task["id"], "state", None, NEW)
        failure = error or self.failures.take(task_type)

        def run(ts):
            self.set_state(task, ts, RUNNING)
            if running:
                running(ts)
            self.scheduler.later(finish, base=ts)

        def finish(ts):
            task["finished"] = ts
            if failure:
                task["error"] = failure
                if failed:
                    failed(ts, failure)
                self.set_state(task, ts, ERROR)
            else:
                if finished:
                    finished(ts, task)
                self.set_state(task, ts, FINISHED)

        self.scheduler.later(run, base=now)
        return task

    @staticmethod
    def created(task, kind, ids):
        task["created_resources"] = dict(task["created_resources"] or {}, **{kind: list(ids)})
