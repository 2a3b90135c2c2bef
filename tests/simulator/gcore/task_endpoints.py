"""Tasks: get, list, acknowledge; and ``/_sim/task-failures``, which makes chosen tasks end in ERROR."""

import re

from ..server import ApiError, Response
from .errors import not_found
from .paging import page
from .params import choice, flag, timestamp
from .views import task_view
from .world import USER_ID

TASK_STATES = ("NEW", "RUNNING", "FINISHED", "ERROR")


def integers(request, name):
    values = []
    for raw in request.params(name):
        values.extend(int(part) for part in raw.split(",") if part.strip().isdigit())
    return values


def task_filters(request, rows):
    projects, regions = integers(request, "project_id"), integers(request, "region_id")
    states = [state for raw in request.params("state") for state in raw.split(",") if state]
    task_type = request.param("task_type")
    since, until = timestamp(request, "from_timestamp"), timestamp(request, "to_timestamp")
    acknowledged = flag(request, "is_acknowledged", None)
    return [row for row in rows if (not projects or row["project_id"] in projects) and (not regions or row["region_id"] in regions)
            and (not states or row["state"] in states) and (not task_type or row["task_type"] == task_type)
            and (since is None or row["created"] >= since) and (until is None or row["created"] <= until)
            and (acknowledged is None or (row["acknowledged_at"] is not None) == acknowledged)]


def register(app):
    store, failures = app.store, app.tasks.failures

    def get_task(task_id):
        task = store.get("task", task_id)
        if task is None:
            raise not_found("Task", task_id)
        return task

    def acknowledge(task):
        if task["acknowledged_at"] is None:
            task.update({"acknowledged_at": app.scheduler.now(), "acknowledged_by": USER_ID})

    def detail(_request, task_id):
        return Response(task_view(get_task(task_id)))

    def listing(request):
        direction = choice(request, "order_by", ("asc", "desc"), None) or choice(request, "sorting", ("asc", "desc"), "asc")
        rows = sorted(task_filters(request, list(store.rows("task"))), key=lambda row: row["created"], reverse=direction == "desc")
        return page(request, rows, task_view, default_limit=10)

    def acknowledge_one(_request, task_id):
        task = get_task(task_id)
        acknowledge(task)
        return Response(task_view(task))

    def acknowledge_all(request):
        project_id, region_id = request.param("project_id"), request.param("region_id")
        for task in store.rows("task"):
            if (project_id is None or str(task["project_id"]) == project_id) and (region_id is None or str(task["region_id"]) == region_id):
                acknowledge(task)
        return Response(None, 204)

    def add_failure(request):
        spec = request.json()
        if not isinstance(spec, dict):
            raise ApiError(400, {"non_field_errors": ["Expected an object."]})
        try:
            return Response(failures.add(spec), 201)
        except (TypeError, ValueError, re.error) as exc:
            raise ApiError(400, {"non_field_errors": [str(exc)]}) from exc

    def clear_failures(_request):
        failures.clear()
        return Response(None, 204)

    app.route("GET", "/cloud/v1/tasks", listing)
    app.route("POST", "/cloud/v1/tasks/acknowledge_all", acknowledge_all)
    app.route("GET", "/cloud/v1/tasks/{task_id}", detail)
    app.route("POST", "/cloud/v1/tasks/{task_id}/acknowledge", acknowledge_one)
    app.route("GET", "/_sim/task-failures/?", lambda request: Response(failures.rules()))
    app.route("POST", "/_sim/task-failures/?", add_failure)
    app.route("DELETE", "/_sim/task-failures/?", clear_failures)
