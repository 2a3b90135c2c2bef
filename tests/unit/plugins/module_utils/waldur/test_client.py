import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.waiting import WaitTimeout
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.client import (
    WaldurError, api_root, build_query, gib, mib, normalize_uuid, uuid_from_url,
)
from tests.unit.fakes import HTML_PAGE, html, make_response
from tests.unit.waldur_fakes import BASE, U1, U2, Api, paged


def obj(uuid, name, **extra):
    data = {"uuid": uuid, "name": name, "url": "%s/api/x/%s/" % (BASE, uuid)}
    data.update(extra)
    return data


class TestHelpers:
    def test_uuid_forms(self):
        assert normalize_uuid("6B1A-" [:0] + "6b1a2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d") == "6b1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d"
        assert normalize_uuid("6B1A2C3D4E5F6A7B8C9D0E1F2A3B4C5D") == "6b1a2c3d4e5f6a7b8c9d0e1f2a3b4c5d"
        assert normalize_uuid("not-a-uuid") is None
        assert normalize_uuid("abc123") is None
        assert uuid_from_url("https://h/api/openstack-flavors/%s/" % U1) == U1

    def test_units(self):
        assert mib(20) == 20480
        assert gib(20480) == 20
        assert gib(20479) == 19
        assert mib(None) is None

    def test_api_root(self):
        assert api_root("https://h/api/") == "https://h"
        assert api_root("https://h") == "https://h"

    def test_build_query_expands_lists_booleans_and_drops_none(self):
        query = build_query({"state": ["OK", "ERRED"], "name": None, "free": True}, page_size=1000, fields=["uuid", "name"])
        assert query == [("state", "OK"), ("state", "ERRED"), ("free", "true"), ("page_size", 300), ("field", "uuid"), ("field", "name")]


class TestPaging:
    def test_follows_next_links_across_pages(self):
        api = Api()
        items = [obj("%032x" % i, "vm-%d" % i) for i in range(7)]
        api.on("GET", "/api/openstack-instances/", paged(items))
        result = api.client().list("instance", {"project_uuid": U1}, fields=["uuid", "name"], page_size=3)
        assert [i["name"] for i in result] == ["vm-%d" % i for i in range(7)]
        assert len(api.session.calls) == 3
        first = api.session.calls[0]["params"]
        assert ("field", "uuid") in first and ("page_size", 3) in first and ("project_uuid", U1) in first
        assert "project_uuid=%s" % U1 in api.session.calls[2]["url"]

    def test_iter_pages_reports_total(self):
        api = Api()
        api.on("GET", "/api/openstack-volumes/", paged([obj(U1, "v")]))
        pages = list(api.client().iter_pages("/api/openstack-volumes/"))
        assert pages == [([obj(U1, "v")], 1)]

    def test_limit_stops_early(self):
        api = Api()
        api.on("GET", "/api/openstack-instances/", paged([obj("%032x" % i, "vm") for i in range(50)]))
        assert len(api.client().list("instance", page_size=10, limit=15)) == 15
        assert len(api.session.calls) == 2


class TestResolve:
    def setup_method(self):
        self.api = Api()
        self.flavors = [obj(U1, "m1.small"), obj(U2, "m1.small"), obj("c" * 32, "m1.large")]

        def list_flavors(query, url, **_):
            q = dict(query)
            hits = [f for f in self.flavors if f["name"] == q.get("name_exact")]
            return paged(hits)(query=query, url=url)

        self.api.on("GET", "/api/openstack-flavors/", list_flavors)
        self.api.on("GET", "/api/openstack-flavors/(c{32})/", lambda url, **_: make_response(200, self.flavors[2], url=url))

    def test_by_name_scoped_to_tenant(self):
        found = self.api.client().resolve("flavor", "m1.large", tenant_uuid=U1)
        assert found["uuid"] == "c" * 32
        assert ("tenant_uuid", U1) in self.api.session.calls[0]["params"]
        assert ("name_exact", "m1.large") in self.api.session.calls[0]["params"]

    def test_by_uuid_and_url(self):
        client = self.api.client()
        assert client.resolve("flavor", "C" * 32)["name"] == "m1.large"
        assert client.resolve("flavor", "https://other-host/api/openstack-flavors/%s/" % ("c" * 32))["name"] == "m1.large"
        assert self.api.session.calls[-1]["url"] == BASE + "/api/openstack-flavors/%s/" % ("c" * 32)

    def test_not_found(self):
        with pytest.raises(WaldurError, match=r"^Flavor 'm9.huge' in tenant 'demo' not found$"):
            self.api.client().resolve("flavor", "m9.huge", within="in tenant 'demo'", tenant_uuid=U1)

    def test_unknown_uuid_is_not_found(self):
        with pytest.raises(WaldurError, match="Flavor %s not found" % ("d" * 32)):
            self.api.client().resolve("flavor", "d" * 32)

    def test_ambiguous_lists_candidates(self):
        with pytest.raises(WaldurError) as info:
            self.api.client().resolve("flavor", "m1.small", tenant_uuid=U1)
        message = str(info.value)
        assert "Flavor 'm1.small' where tenant_uuid=%s is ambiguous: 2 matches (" % U1 in message
        assert "'m1.small' (%s)" % U1 in message and "'m1.small' (%s)" % U2 in message
        assert info.value.facts["candidates"] == [U1, U2]


class TestOrders:
    def order_api(self, states, error_message=None):
        api = Api()
        sequence = list(states)

        def get_order(url, **_):
            state = sequence.pop(0) if len(sequence) > 1 else sequence[0]
            return make_response(200, {"uuid": U1, "state": state, "error_message": error_message}, url=url)

        api.on("GET", "/api/marketplace-orders/%s/" % U1, get_order)
        api.on("POST", "/api/marketplace-orders/", lambda body, url, **_: make_response(201, dict(body, uuid=U1, state="executing"), url=url))
        return api

    def test_create_sends_project_offering_attributes(self):
        api = self.order_api(["done"])
        order = api.client().create_order("P", "O", {"name": "vm"})
        assert api.session.calls[0]["json"] == {"project": "P", "offering": "O", "attributes": {"name": "vm"}, "accepting_terms_of_service": True}
        assert order["uuid"] == U1

    def test_wait_until_done(self):
        api = self.order_api(["executing", "executing", "done"])
        assert api.client().wait_for_order(U1, timeout=60)["state"] == "done"

    @pytest.mark.parametrize("state", ["erred", "rejected", "canceled"])
    def test_failed_orders_carry_their_message(self, state):
        api = self.order_api(["executing", state], error_message="Quota exceeded: ram")
        with pytest.raises(WaldurError, match="Order for instance 'vm' is %s: Quota exceeded: ram" % state):
            api.client().wait_for_order(U1, timeout=60, label="instance 'vm'")

    def test_pending_approval_times_out_with_a_clear_message(self):
        api = self.order_api(["pending-consumer"])
        with pytest.raises(WaldurError, match="is waiting for approval \\(state pending-consumer\\)"):
            api.client().wait_for_order(U1, timeout=3)

    def test_executing_times_out_as_a_timeout(self):
        api = self.order_api(["executing"])
        with pytest.raises(WaitTimeout, match="Timed out after 3 s waiting for order for "):
            api.client().wait_for_order(U1, timeout=3)


class TestWaitForObjects:
    def sequence_api(self, path, answers):
        api = Api()
        answers = list(answers)

        def handler(url, **_):
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
            return make_response(404, {"detail": "Not found."}, url=url) if answer is None else make_response(200, answer, url=url)

        api.on("GET", path, handler)
        return api

    def test_wait_for_ok(self):
        api = self.sequence_api("/api/openstack-volumes/%s/" % U1, [{"state": "CREATING"}, {"state": "OK", "uuid": U1}])
        assert api.client().wait_for_state("volume", U1, timeout=10)["uuid"] == U1

    def test_erred_fails_with_error_message(self):
        api = self.sequence_api("/api/openstack-instances/%s/" % U1, [{"state": "CREATING"}, {"state": "ERRED", "error_message": "No valid host"}])
        with pytest.raises(WaldurError, match="Instance 'web' is ERRED: No valid host"):
            api.client().wait_for_state("instance", U1, timeout=10, label="'web'")

    def test_wait_until_gone(self):
        api = self.sequence_api("/api/openstack-instances/%s/" % U1, [{"state": "DELETING"}, {"state": "DELETING"}, None])
        assert api.client().wait_until_gone("instance", U1, timeout=10) is None

    def test_terminate_accepts_200_and_202(self):
        for status, body, expected in [(200, {"order_uuid": U2}, U2), (202, {}, None)]:
            api = Api()
            api.on("POST", "/api/marketplace-resources/%s/terminate/" % U1, lambda url, s=status, b=body, **_: make_response(s, b, url=url))
            assert api.client().terminate(U1, {"action": "destroy"}) == expected
            assert api.session.calls[0]["json"] == {"attributes": {"action": "destroy"}}

    def test_http_errors_propagate_with_message(self):
        api = Api()
        api.on("POST", "/api/marketplace-resources/%s/terminate/" % U1,
               lambda url, **_: make_response(409, {"detail": "Please stop the instance before its removal."}, url=url, method="POST"))
        with pytest.raises(ApiError, match="409 Conflict: Please stop the instance before its removal."):
            api.client().terminate(U1)


class TestAnswersThatAreNotJson:
    def test_a_list_answered_with_html_fails_instead_of_reading_as_empty(self):
        api = Api()
        api.on("GET", "/api/openstack-volumes/", html)
        with pytest.raises(ApiError, match=r"not a JSON answer: got text/html from"):
            api.client().find_by_name("volume", "data")

    def test_an_html_404_is_not_not_found(self):
        api = Api()
        api.on("GET", "/api/openstack-volumes/%s/" % U1,
               lambda **r: make_response(404, text=HTML_PAGE, headers={"Content-Type": "text/html"}, url=r["url"]))
        with pytest.raises(ApiError, match="not a JSON answer"):
            api.client().retrieve_or_none("volume", U1)

    def test_a_json_404_is_not_found(self):
        assert Api().client().retrieve_or_none("volume", U1) is None
