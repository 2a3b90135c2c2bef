"""A scripted Gcore for unit tests: its client over the scripted session, offset pages and plain answers."""

from urllib.parse import urlsplit

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import RetryPolicy, Transport
from ansible_collections.cloudfleet.openstack.plugins.module_utils.gcore.client import GcoreClient
from tests.unit.fakes import FakeClock, ScriptedApi, make_response

BASE = "https://api.gcore.example"
ID1 = "11111111-1111-4111-8111-111111111111"
ID2 = "22222222-2222-4222-8222-222222222222"
ID3 = "33333333-3333-4333-8333-333333333333"


class Api(ScriptedApi):
    """The scripted API with a Gcore client (handlers get the query as pairs)."""

    def client(self, clock=None):
        transport = Transport(BASE, auth_header="APIKey secret-key", session=self.session, sleep=lambda s: None,
                              retry_policy=RetryPolicy(retries=0))
        clock = clock or FakeClock()
        return GcoreClient(transport, 1, 76, clock=clock, sleep=clock.sleep)

    def paths(self):
        return ["%s %s" % (call["method"], urlsplit(call["url"]).path) for call in self.session.calls]


def offset_pages(items, clamp=1000):
    """A handler that serves ``items`` as Gcore pages (the server clamps ``limit``, as the real one does)."""

    def handler(query, url, **_):
        query = dict(query)
        limit = min(int(query["limit"]), clamp)
        offset = int(query.get("offset", 0))
        return make_response(200, {"count": len(items), "results": items[offset:offset + limit]}, url=url)

    return handler


def answer(body, status=200):
    return lambda url, **_: make_response(status, body, url=url)
