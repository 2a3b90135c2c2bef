"""Recording every exchange a simulator serves, with bodies, and the state of the object each request acts on.

The simulator's own request log holds method, path and status only; a replay needs the request body too, and the
state the target object was in (the real server never finishes a task, so that state is restored through the ORM
before the same request is replayed there).
"""

import copy
import json
import re

from tests.simulator.server import Response
from tests.simulator.waldur.store import SEGMENT_TO_KIND, normalize_uuid

MARKER_PATH = "/_contract/task/"
OBJECT_PATH = re.compile(r"^/api/(?P<segment>[a-z-]+)/(?P<uuid>[0-9a-fA-F-]{32,36})/")
# The fields of an object that decide whether the real server accepts an action on it.
STATE_FIELDS = ("state", "runtime_state", "instance", "size", "flavor_name", "device")


class Exchange:
    def __init__(self, method, path, query, body, status, answer, target=None, before=None, marker=None):
        self.marker = marker  # the index of the task that starts here, for a marker request
        self.scope = None  # for a marketplace resource: (kind, uuid) of the object it stands for
        self.scope_before = None
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.status = status
        self.answer = answer
        self.target = target  # (kind, uuid) of the object the path names, if any
        self.before = before  # its STATE_FIELDS before the request

    def as_dict(self):
        return dict(vars(self))


def target_of(path):
    match = OBJECT_PATH.match(path)
    if not match:
        return None
    kind = SEGMENT_TO_KIND.get(match.group("segment"))
    uuid = normalize_uuid(match.group("uuid"))
    return (kind, uuid) if kind and uuid else None


def decode(raw):
    if not raw or not raw.strip():
        return None
    try:
        return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except ValueError:
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw


class Recorder:
    """Installed on a started WaldurSimulator; ``exchanges`` grows with every request it answers."""

    def __init__(self, simulator):
        self.simulator = simulator
        self.exchanges = []
        self._respond = simulator.server.respond
        simulator.server.respond = self.respond

    def respond(self, request):
        if request.path.startswith(MARKER_PATH):
            self.exchanges.append(Exchange("GET", request.path, "", None, 200, {}, marker=int(request.path.strip("/").split("/")[-1])))
            return Response({})
        with self.simulator.server.lock:
            target = target_of(request.path)
            before = self.state_of(target)
            scope = self.scope_of(target)
            scope_before = self.state_of(scope)
            response = self._respond(request)
            if not request.path.startswith("/_sim/"):
                exchange = Exchange(request.method, request.path, request.query_string, decode(request.body), response.status,
                                    copy.deepcopy(response.body), target, before)
                exchange.scope, exchange.scope_before = scope, scope_before
                self.exchanges.append(exchange)
            return response

    def state_of(self, target):
        if target is None:
            return None
        row = self.simulator.app.store.get(*target)
        if row is None:
            return None
        return {field: copy.deepcopy(row[field]) for field in STATE_FIELDS if field in row}

    def scope_of(self, target):
        """For a marketplace resource, the object it stands for (a terminate checks that object's state)."""
        if not target or target[0] != "resource":
            return None
        row = self.simulator.app.store.get(*target)
        return (row["scope_kind"], row["scope"]) if row else None

    def mark(self):
        return len(self.exchanges)

    def since(self, mark):
        return self.exchanges[mark:]
