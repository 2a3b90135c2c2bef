"""Replaying a recorded simulator exchange against the real server, and which exchanges can be replayed.

References in bodies are URLs of the simulator (``http://127.0.0.1:<port>/api/...``); the world has the same UUIDs on
both servers, so only the base URL changes. Before a request that acts on an object, the object is put back, through
the ORM, into the state it had in the simulator (the real server never finishes a task on its own).
"""

import json
import re
import urllib.error
import urllib.request

UUID_IN_PATH = re.compile(r"/[0-9a-f]{32}/|/[0-9a-f-]{36}/")


def path_template(path):
    return UUID_IN_PATH.sub("/{uuid}/", path)


def request_kind(exchange):
    return "%s %s" % (exchange.method, path_template(exchange.path))


class RealClient:
    def __init__(self, url, token):
        self.url = url
        self.token = token

    def send(self, method, path, query="", body=None):
        url = self.url + path + ("?" + query if query else "")
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": "Token " + self.token, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, decode(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, decode(error.read())


def decode(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")[:500]


def rebase(value, old, new):
    """``value`` (a JSON body) with every URL under ``old`` moved to ``new``."""
    if value is None:
        return None
    return json.loads(json.dumps(value).replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1]))


def replayable(exchange, world_uuids):
    """Mutations always; reads of collections, or of objects that exist on both servers (not those made only in the
    simulator during the run, such as an order the module polls, nor those its worker has deleted meanwhile: the
    real server has no worker, so they stay in deletion there)."""
    if not exchange.path.startswith("/api/"):
        return False
    if exchange.method != "GET":
        return True
    if exchange.target is None:
        return True
    return exchange.target[1] in world_uuids and exchange.status != 404


def replay(exchange, simulator_url, server, client):
    if exchange.method != "GET":
        for target, before in ((exchange.target, exchange.before), (exchange.scope, exchange.scope_before)):
            if target and before is not None:
                server.control.call("sync", kind=target[0], uuid=target[1], before=before)
    return client.send(exchange.method, exchange.path, exchange.query, rebase(exchange.body, simulator_url, server.url))


class Replayed:
    def __init__(self, exchange, status, answer):
        self.exchange = exchange
        self.kind = request_kind(exchange)
        self.simulator_status = exchange.status
        self.status = status
        self.answer = answer


def world_uuids(world):
    return {row["uuid"] for rows in world.values() for row in rows}


def replay_operations(operations, simulator_url, server, client):
    known = world_uuids(server.world)
    replayed = {}
    for task, exchanges in operations.items():
        replayed[task] = []
        for exchange in exchanges:
            if replayable(exchange, known):
                status, answer = replay(exchange, simulator_url, server, client)
                replayed[task].append(Replayed(exchange, status, answer))
        server.control.call("reset_all_scheduled")
    return replayed
