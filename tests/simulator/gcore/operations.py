"""Long operations on an instance: a task that locks the instance from the request until it ends."""

from ..server import Response
from .lifecycle import change


def tasks_response(*tasks):
    return Response({"tasks": [task["id"] for task in tasks]})


def run_on_instance(app, instance, task_type, data, running=None, finished=None, failed=None, error=None, task_id=None):
    """Start ``task_type`` on ``instance``: it is locked (``task_id``) at once; ``running`` holds the fields it takes
    while the task runs; ``finished(ts, task)`` / ``failed(ts, message)`` apply the outcome, then the lock is lifted."""
    store, scheduler = app.store, app.scheduler

    def alive():
        return store.get("instance", instance["id"]) is instance

    def on_running(ts):
        if alive() and running:
            change(scheduler, instance, ts, **running)

    def on_finished(ts, task):
        if alive() and finished:
            finished(ts, task)
        if alive():
            change(scheduler, instance, ts, task_id=None, task_state=None)

    def on_failed(ts, message):
        if alive() and failed:
            failed(ts, message)
        if alive():
            change(scheduler, instance, ts, task_id=None, task_state=None)

    task = app.tasks.start(task_type, instance["project_id"], instance["region_id"], data, on_running, on_finished, on_failed,
                           error, task_id)
    change(scheduler, instance, scheduler.now(), task_id=task["id"])
    return task
