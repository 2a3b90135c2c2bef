"""State changes of rows: every change is an event, long operations are chains of steps one ``delay`` apart.

The common Waldur lifecycle (``OK -> UPDATE_SCHEDULED -> UPDATING -> OK``, creation and deletion) is built here;
what an operation does to the object on the way is passed in as callbacks.
"""

import copy

from .store import iso

CREATION_SCHEDULED = "CREATION_SCHEDULED"
CREATING = "CREATING"
UPDATE_SCHEDULED = "UPDATE_SCHEDULED"
UPDATING = "UPDATING"
DELETION_SCHEDULED = "DELETION_SCHEDULED"
DELETING = "DELETING"
OK = "OK"
ERRED = "ERRED"


class Lifecycle:
    def __init__(self, store, scheduler):
        self.store = store
        self.scheduler = scheduler

    def now(self):
        return self.scheduler.now()

    def set(self, kind, row, ts, **changes):
        """Apply ``changes`` to ``row`` at ``ts``, recording one event per changed field."""
        changed = False
        for field, value in changes.items():
            old = row.get(field)
            if old != value:
                self.scheduler.record(ts, kind, row["uuid"], field, _plain(old), _plain(value))
                row[field] = value
                changed = True
        if changed and "modified" in row:
            row["modified"] = iso(ts)

    def create(self, kind, row, ts):
        self.store.add(kind, row)
        self.scheduler.record(ts, kind, row["uuid"], "exists", False, True)
        return row

    def delete(self, kind, row, ts):
        if self.store.remove(kind, row["uuid"]) is not None:
            self.scheduler.record(ts, kind, row["uuid"], "exists", True, False)

    def alive(self, kind, row):
        return self.store.get(kind, row["uuid"]) is row

    def chain(self, steps, base=None):
        """Run ``steps[i](ts)`` one delay after ``steps[i - 1]`` (the first one delay after ``base``/now)."""
        def run(index, ts):
            steps[index](ts)
            if index + 1 < len(steps):
                self.scheduler.later(lambda due: run(index + 1, due), base=ts)
        self.scheduler.later(lambda due: run(0, due), base=base)

    def run_action(self, kind, row, action, details=None, on_updating=None, on_done=None):
        """The action lifecycle: UPDATE_SCHEDULED now, UPDATING after one delay, OK after two."""
        self.set(kind, row, self.now(), state=UPDATE_SCHEDULED, action=action, action_details=details or {})

        def updating(ts):
            if self.alive(kind, row):
                self.set(kind, row, ts, state=UPDATING)
                if on_updating:
                    on_updating(ts)

        def done(ts):
            if self.alive(kind, row):
                if on_done:
                    on_done(ts)
                self.set(kind, row, ts, state=OK, error_message="")

        self.chain([updating, done])

    def run_deletion(self, kind, row, on_deleting=None, on_deleted=None):
        """DELETION_SCHEDULED now, DELETING after one delay, row removed after two."""
        self.set(kind, row, self.now(), state=DELETION_SCHEDULED)

        def deleting(ts):
            if self.alive(kind, row):
                self.set(kind, row, ts, state=DELETING)
                if on_deleting:
                    on_deleting(ts)

        def deleted(ts):
            if self.alive(kind, row):
                if on_deleted:
                    on_deleted(ts)
                self.delete(kind, row, ts)

        self.chain([deleting, deleted])


def _plain(value):
    """Event values stay JSON-friendly."""
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value)
    if isinstance(value, (list, dict)):
        return copy.deepcopy(value)
    return value
