"""Recovering a mutation from a transient fault: an action whose answer is lost is re-read, and sent again only
when its effect is neither done nor under way; a create is sent again only when the look-up proves nothing was made."""

import pytest
import requests

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.plan import Plan
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError, RetryPolicy, Transport
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import WaldurClient
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.resource import WaldurResourceModule
from tests.unit.fakes import FakeSession, make_response
from tests.unit.fakes import FakeModule

BASE = "https://waldur.example.com"
UUID = "a" * 32
PATH = "/api/openstack-volumes/%s/" % UUID
RETRIES = 2


class Volume(WaldurResourceModule):
    kind = "volume"


class Server:
    """One Waldur volume, and what each POST of an action does to it: ``outcomes`` is a list, one entry per attempt:
    "lost" (the server acts, the answer is a 502), "refused" (a 503 before acting), "ok" (acts and answers 202)."""

    def __init__(self, outcomes, **volume):
        self.volume = dict({"uuid": UUID, "name": "data", "state": "OK", "size": 1024, "runtime_state": "available",
                            "modified": "2030-01-01T00:00:00Z", "action": ""}, **volume)
        self.outcomes = list(outcomes)
        self.posts = []
        self.session = FakeSession(self.dispatch)

    def dispatch(self, method, url, _params, body):
        if method == "GET":
            if self.volume is None:
                return make_response(404, {"detail": "Not found."}, url=url)
            return make_response(200, dict(self.volume), url=url)
        self.posts.append((method, url[len(BASE):], body))
        outcome = self.outcomes.pop(0)
        if outcome == "refused":
            return make_response(503, {"detail": "Unavailable."}, url=url, method=method)
        if outcome == "conflict":
            return make_response(409, {"detail": "Volume is being deleted."}, url=url, method=method)
        self.act(method, url, body)
        if outcome == "lost":
            return make_response(502, {"detail": "Bad gateway."}, url=url, method=method)
        return make_response(202, {"status": "ok"}, url=url, method=method)

    def act(self, method, url, body):
        action = url.rstrip("/").rsplit("/", 1)[-1]
        if method == "DELETE":
            self.volume["state"] = "DELETING"
        elif action == "extend":
            self.volume.update(size=body["disk_size"], state="UPDATE_SCHEDULED", action="extend")
        else:
            self.volume.update(action=action, modified="2030-01-01T00:00:05Z")

    def module(self):
        transport = Transport(BASE, auth_header="Token t0ken-value", session=self.session, sleep=lambda _s: None,
                              retry_policy=RetryPolicy(retries=RETRIES, rand=lambda: 0.5))
        return Volume(FakeModule(dict(state="present", wait=True, wait_timeout=60)), client=WaldurClient(transport))


def act(module, obj, action, body=None, done=None):
    """Carry out a plan of one action, as the skeleton does."""
    plan = Plan(obj)
    plan.add(action, body, done=done)
    return module.carry_out(obj, plan)


def extend(server):
    module = server.module()
    return module, act(module, dict(server.volume), "extend", {"disk_size": 2048}, done=lambda now: now["size"] >= 2048)


def test_an_action_whose_answer_was_lost_is_not_sent_again_when_under_way():
    server = Server(["lost"])
    module, _obj = extend(server)
    assert len(server.posts) == 1
    assert module._busy is True and module.changed is True


def test_an_action_the_server_never_acted_on_is_sent_again():
    server = Server(["refused", "ok"])
    extend(server)
    assert [path for _m, path, _b in server.posts] == [PATH + "extend/", PATH + "extend/"]
    assert server.volume["size"] == 2048


def test_an_action_whose_effect_is_done_is_not_sent_again():
    server = Server(["lost"])
    module = server.module()
    server.act = lambda method, url, body: server.volume.update(runtime_state="in-use")
    act(module, dict(server.volume), "attach", {"instance": "i"}, done=lambda now: now["runtime_state"] == "in-use")
    assert len(server.posts) == 1


@pytest.mark.parametrize("acted, posts", [(True, 1), (False, 2)])
def test_an_action_without_a_visible_effect_is_judged_by_the_objects_record_of_it(acted, posts):
    server = Server(["lost" if acted else "refused", "ok"])
    act(server.module(), dict(server.volume), "pull")
    assert len(server.posts) == posts


def test_the_retry_budget_is_bounded():
    server = Server(["refused"] * (RETRIES + 5))
    with pytest.raises(ApiError) as info:
        extend(server)
    assert info.value.status == 503
    assert len(server.posts) == RETRIES + 1


def test_a_refusal_is_not_retried_and_not_re_read():
    server = Server([])

    def refuse(method, url, _params, body):
        server.posts.append((method, url, body))
        return make_response(400 if method == "POST" else 200, {"detail": "No."} if method == "POST" else server.volume, url=url, method=method)

    server.session.script = refuse
    with pytest.raises(ApiError) as info:
        extend(server)
    assert info.value.status == 400
    assert [method for method, _url, _body in server.posts] == ["POST"]


def test_a_delete_whose_retry_finds_the_deletion_started_is_done():
    # The first DELETE is processed but its answer lost; the transport retries it and the server refuses the second
    # one (the volume is being deleted): that refusal is settled by reading the volume.
    server = Server(["lost", "conflict"])
    server.module().delete_object("volume", dict(server.volume))
    assert [method for method, _path, _body in server.posts] == ["DELETE", "DELETE"]


def test_a_delete_answered_404_on_a_retry_is_done():
    server = Server(["lost"])
    server.act = lambda method, url, body: server.__setattr__("volume", None)

    def gone(method, url, params, body):
        if method == "DELETE" and server.volume is None and server.posts:
            server.posts.append((method, url, body))
            return make_response(404, {"detail": "Not found."}, url=url, method=method)
        return Server.dispatch(server, method, url, params, body)

    server.session.script = gone
    server.module().delete_object("volume", {"uuid": UUID, "name": "data"})
    assert [method for method, _path, _body in server.posts] == ["DELETE", "DELETE"]


def test_a_lost_answer_after_a_read_timeout_is_not_sent_again():
    # The request may still be executing on the server: only a look that finds it done or under way settles it.
    server = Server([])

    def late(method, url, params, body):
        if method == "GET":
            return Server.dispatch(server, method, url, params, body)
        server.posts.append((method, url, body))
        raise requests.exceptions.ReadTimeout("read timed out")

    server.session.script = late
    with pytest.raises(ApiError) as info:
        extend(server)
    assert info.value.read_timeout is True and "no answer within the read timeout" in str(info.value)
    assert len(server.posts) == 1
