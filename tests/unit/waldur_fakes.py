"""A scripted Waldur for unit tests: its client over the scripted session, and list pages with Waldur's paging headers."""

from urllib.parse import urlencode, urlsplit

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import RetryPolicy, Transport
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import WaldurClient
from tests.unit.fakes import FakeClock, ScriptedApi, make_response

BASE = "https://waldur.example.com"
U1 = "a" * 32
U2 = "b" * 32


class Api(ScriptedApi):
    """The scripted API with a Waldur client."""

    def client(self, clock=None):
        transport = Transport(BASE, auth_header="Token t", session=self.session, sleep=lambda s: None, retry_policy=RetryPolicy(retries=0))
        clock = clock or FakeClock()
        return WaldurClient(transport, clock=clock, sleep=clock.sleep)


def paged(items, page_size_default=10):
    """A handler serving ``items`` with Waldur's paging headers."""

    def handler(query, url, **_):
        q = dict(query)
        size = min(int(q.get("page_size", page_size_default)), 300)
        page = int(q.get("page", 1))
        chunk = items[(page - 1) * size: page * size]
        links = ['<%s>; rel="first"' % url]
        if page * size < len(items):
            nxt = [(k, v) for k, v in query if k != "page"] + [("page", page + 1)]
            links.append('<%s%s?%s>; rel="next"' % (BASE, urlsplit(url).path, urlencode(nxt)))
        return make_response(200, chunk, headers={"X-Result-Count": str(len(items)), "Link": ", ".join(links)}, url=url)

    return handler
