import email.utils

import pytest
import requests
from urllib3.exceptions import NewConnectionError, ProtocolError

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import (
    ApiError, RetryPolicy, Transport, flatten_api_message, parse_retry_after, redact_url, tls_hint,
    endpoint_problem,
)
from tests.unit.fakes import FakeClock, FakeSession, make_response

TOKEN = "s3cr3t-token-value"


class Harness:
    """A Transport on a scripted h.session that records its h.sleeps instead of sleeping."""

    def __init__(self, script, retries=4, **kwargs):
        self.sleeps = []
        self.session = FakeSession(script)
        self.transport = Transport(
            "https://waldur.example.com/", auth_header="Token %s" % TOKEN, session=self.session, sleep=self.sleeps.append,
            retry_policy=RetryPolicy(retries=retries, rand=lambda: 0.5), **kwargs
        )


def refused():
    cause = NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(cause)


def dropped():
    return requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(104, "reset")))


class TestSessionSetup:
    def test_auth_header_and_keep_alive_session(self):
        h = Harness([make_response(200, {"ok": True})])
        assert h.session.headers["Authorization"] == "Token " + TOKEN
        assert h.transport.get_json("/api/projects/") == {"ok": True}
        assert h.session.calls[0]["url"] == "https://waldur.example.com/api/projects/"

    @pytest.mark.parametrize("options, verify", [({}, True), ({"validate_certs": False}, False), ({"ca_path": "/etc/ca.pem"}, "/etc/ca.pem")])
    def test_tls_options_are_sent_with_every_request(self, options, verify):
        # Per request, because a session-level verify loses to REQUESTS_CA_BUNDLE in the environment.
        h = Harness([make_response(200, {})], **options)
        h.transport.get_json("/api/x/")
        assert h.session.verify == verify
        assert h.session.calls[0]["verify"] == verify

    def test_timeouts_are_passed_on(self):
        h = Harness([make_response(200, [])], timeout=(3, 7))
        h.transport.request("GET", "/api/x/")
        assert h.session.calls[0]["timeout"] == (3, 7)


class TestRetries:
    @pytest.mark.parametrize("status", [429, 502, 503, 504])
    def test_get_is_retried_on_transient_statuses(self, status):
        h = Harness([make_response(status), make_response(200, [1])])
        assert h.transport.get_json("/api/x/") == [1]
        assert len(h.session.calls) == 2
        assert len(h.sleeps) == 1

    def test_get_is_not_retried_on_client_errors(self):
        h = Harness([make_response(400, {"name": ["bad"]})])
        with pytest.raises(ApiError) as info:
            h.transport.get_json("/api/x/")
        assert info.value.status == 400
        assert len(h.session.calls) == 1

    def test_retry_after_seconds_is_honoured(self):
        h = Harness([make_response(429, headers={"Retry-After": "7"}), make_response(200, {})])
        h.transport.get_json("/api/x/")
        assert h.sleeps == [7.0]

    def test_retry_after_http_date_is_honoured(self):
        when = email.utils.formatdate(timeval=None, usegmt=True)
        h = Harness([make_response(503, headers={"Retry-After": when}), make_response(200, {})])
        h.transport.get_json("/api/x/")
        assert 0 <= h.sleeps[0] <= 1.0

    def test_exponential_backoff_with_jitter_and_cap(self):
        steps = [make_response(503) for _attempt in range(6)] + [make_response(200, {})]
        h = Harness(steps, retries=6)
        h.transport.get_json("/api/x/")
        # base 0.5 s doubling, capped at 16 s; rand=0.5 puts each wait at 3/4 of its ceiling
        assert h.sleeps == [0.375, 0.75, 1.5, 3.0, 6.0, 12.0]

    def test_jitter_spreads_waits_between_half_and_full_step(self):
        low = RetryPolicy(rand=lambda: 0.0)
        high = RetryPolicy(rand=lambda: 1.0)
        assert low.backoff(3) == 1.0
        assert high.backoff(3) == 2.0
        assert high.backoff(20) == 16.0

    def test_gives_up_after_the_retry_budget(self):
        h = Harness([make_response(503) for _attempt in range(3)], retries=2)
        with pytest.raises(ApiError) as info:
            h.transport.get_json("/api/x/")
        assert info.value.status == 503
        assert len(h.session.calls) == 3

    def test_get_is_retried_on_connection_errors(self):
        h = Harness([dropped(), refused(), make_response(200, {})])
        assert h.transport.get_json("/api/x/") == {}
        assert len(h.session.calls) == 3

    @pytest.mark.parametrize("status", [500, 502, 503, 504])
    def test_post_is_not_retried_when_the_server_may_have_acted(self, status):
        h = Harness([make_response(status, method="POST"), make_response(201, {})])
        with pytest.raises(ApiError):
            h.transport.request("POST", "/api/marketplace-orders/", json_body={})
        assert len(h.session.calls) == 1

    def test_post_is_retried_on_429(self):
        h = Harness([make_response(429, headers={"Retry-After": "2"}), make_response(201, {"uuid": "u"})])
        assert h.transport.request("POST", "/api/marketplace-orders/", json_body={}).json() == {"uuid": "u"}
        assert len(h.session.calls) == 2
        assert h.sleeps == [2.0]

    def test_post_is_retried_when_the_connection_was_refused(self):
        h = Harness([refused(), make_response(201, {})])
        h.transport.request("POST", "/api/marketplace-orders/", json_body={})
        assert len(h.session.calls) == 2

    def test_post_is_retried_after_a_connect_timeout(self):
        h = Harness([requests.exceptions.ConnectTimeout("timed out"), make_response(201, {})])
        h.transport.request("POST", "/api/marketplace-orders/", json_body={})
        assert len(h.session.calls) == 2

    @pytest.mark.parametrize("error", [dropped(), requests.exceptions.ReadTimeout("read timed out")])
    def test_post_is_not_retried_after_the_request_may_have_arrived(self, error):
        h = Harness([error, make_response(201, {})])
        with pytest.raises(ApiError) as info:
            h.transport.request("POST", "/api/marketplace-orders/", json_body={})
        assert info.value.status is None
        assert len(h.session.calls) == 1

    def test_unreachable_api_message(self):
        h = Harness([refused()] * 5)
        with pytest.raises(ApiError) as info:
            h.transport.get_json("/api/x/")
        assert "cannot connect to the API" in str(info.value)
        assert "Connection refused" in str(info.value)

    def test_tls_failure_explains_ca_path(self):
        h = Harness([requests.exceptions.SSLError("certificate verify failed: self-signed certificate")] * 5)
        with pytest.raises(ApiError) as info:
            h.transport.get_json("/api/x/")
        assert "ca_path" in str(info.value)
        assert "self-signed" in str(info.value)


@pytest.mark.parametrize("cause, verify, hint", [
    ("certificate verify failed: self-signed certificate", True, "set ca_path to the CA bundle"),
    ("certificate verify failed: unable to get local issuer certificate", "/etc/ca.pem",
     "ca_path /etc/ca.pem does not hold the CA that signed"),
    ("certificate verify failed: certificate has expired", "/etc/ca.pem", "out of its validity period"),
    ("certificate verify failed: certificate has expired", True, "out of its validity period"),
    ("certificate verify failed: Hostname mismatch, certificate is not valid for 'api.example'.", "/etc/ca.pem",
     "issued for another host name"),
    ("certificate verify failed: IP address mismatch, certificate is not valid for '127.0.0.1'.", True,
     "issued for another host name"),
])
def test_tls_hint_fits_the_cause(cause, verify, hint):
    assert tls_hint(cause, verify).startswith(hint) or hint in tls_hint(cause, verify)
    if "expired" in cause or "mismatch" in cause:
        assert "ca_path" not in tls_hint(cause, verify)


class TestErrors:
    def test_error_carries_status_method_url_and_api_message(self):
        body = {"flavor": ["New flavor is the same as current."]}
        h = Harness([make_response(400, body, url="https://waldur.example.com/api/openstack-instances/abc/change_flavor/", method="POST")])
        with pytest.raises(ApiError) as info:
            h.transport.request("POST", "/api/openstack-instances/abc/change_flavor/", json_body={})
        error = info.value
        assert (error.status, error.method) == (400, "POST")
        assert error.url == "https://waldur.example.com/api/openstack-instances/abc/change_flavor/"
        assert error.api_message == "flavor: New flavor is the same as current."
        assert str(error) == ("POST https://waldur.example.com/api/openstack-instances/abc/change_flavor/: 400 Bad Request: "
                              "flavor: New flavor is the same as current.")

    def test_token_never_appears_in_messages(self):
        body = {"detail": "Invalid token %s." % TOKEN}
        url = "https://user:pw@waldur.example.com/api/x/?x-auth-token=%s&name=a" % TOKEN
        h = Harness([make_response(401, body, url=url)])
        with pytest.raises(ApiError) as info:
            h.transport.get_json("/api/x/")
        rendered = repr(info.value.to_result()) + str(info.value)
        assert TOKEN not in rendered
        assert "pw@" not in rendered
        assert "name=a" in rendered

    def test_non_json_error_body(self):
        h = Harness([make_response(502, text="<html>\n<h1>Bad   gateway</h1></html>")], retries=0)
        with pytest.raises(ApiError) as info:
            h.transport.get_json("/api/x/")
        assert info.value.api_message == "<html> <h1>Bad gateway</h1></html>"

    def test_unexpected_status_is_an_error(self):
        h = Harness([make_response(200, {})])
        with pytest.raises(ApiError):
            h.transport.request("POST", "/api/x/", expected=(201,))


class TestFlattenApiMessage:
    @pytest.mark.parametrize("body, expected", [
        ({"detail": "Valid states for operation: OK."}, "Valid states for operation: OK."),
        ({"non_field_errors": ["Flavor is not visible in tenant."]}, "Flavor is not visible in tenant."),
        (["Pending order for resource already exists."], "Pending order for resource already exists."),
        ({"disk_size": ["Disk size should be greater or equal to 3072"]}, "disk_size: Disk size should be greater or equal to 3072"),
        ({"name": {"name": "'my_vm' not a valid PQDN or FQDN."}}, "name.name: 'my_vm' not a valid PQDN or FQDN."),
        ({"ports": [{}, {"subnet": ["Object does not exist."]}]}, "ports[1].subnet: Object does not exist."),
        ({"flavor": ["a", "b"], "image": ["c"]}, "flavor: a; flavor: b; image: c"),
        ("plain text", "plain text"),
        ({}, None),
        (None, None),
    ])
    def test_shapes(self, body, expected):
        assert flatten_api_message(body) == expected

    def test_diagnostic_keys_are_left_out(self):
        body = {"exception_class": "NotFound", "message": "Instance abc not found", "traceback": "..."}
        assert flatten_api_message(body, frozenset(("exception_class", "traceback"))) == "Instance abc not found"
        assert flatten_api_message(body) == "exception_class: NotFound; Instance abc not found; traceback: ..."


def test_parse_retry_after():
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("-5") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0


def test_redact_url():
    assert redact_url("https://a:b@h/api/x/?x-auth-token=t&page=2") == "https://h/api/x/?page=2"


class TestIdempotentWrites:
    @pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
    @pytest.mark.parametrize("fault", [make_response(503), make_response(502), dropped(), requests.exceptions.ReadTimeout("late")])
    def test_absolute_writes_are_retried_like_reads(self, method, fault):
        h = Harness([fault, make_response(200, {})])
        h.transport.request(method, "/api/openstack-volumes/u/", json_body={"description": "x"})
        assert len(h.session.calls) == 2
        assert h.transport.retry_count == 1

    def test_a_delete_answered_404_on_a_retry_has_done_its_job(self):
        h = Harness([dropped(), make_response(404, {"detail": "Not found."}, method="DELETE")])
        assert h.transport.request("DELETE", "/api/openstack-snapshots/u/", expected=(202, 204)).status_code == 404

    def test_a_delete_answered_404_at_once_is_not_found(self):
        h = Harness([make_response(404, {"detail": "Not found."}, method="DELETE")])
        with pytest.raises(ApiError) as info:
            h.transport.request("DELETE", "/api/openstack-snapshots/u/", expected=(202, 204))
        assert info.value.status == 404 and info.value.attempts == 1

    def test_a_post_that_only_reads_is_retried_like_a_get(self):
        h = Harness([make_response(503, method="POST"), dropped(), make_response(200, {"vm_count_limit": 1})])
        assert h.transport.request("POST", "/cloud/v2/instances/1/76/check_limits", json_body={}, idempotent=True).json() == {
            "vm_count_limit": 1}
        assert len(h.session.calls) == 3

    def test_an_error_says_how_often_the_request_was_sent(self):
        h = Harness([make_response(503), make_response(503), make_response(409, {"detail": "Busy."})])
        with pytest.raises(ApiError) as info:
            h.transport.request("PATCH", "/api/openstack-volumes/u/", json_body={})
        assert (info.value.status, info.value.attempts) == (409, 3)


class TestDeadline:
    def test_no_retry_waits_past_the_tasks_deadline(self):
        clock = FakeClock()
        h = Harness([make_response(503), make_response(503), make_response(200, {})])
        h.transport._sleep = clock.sleep
        h.transport.set_deadline(clock() + 0.6, clock)
        with pytest.raises(ApiError) as info:
            h.transport.get_json("/api/x/")
        # The first backoff (0.375 s) fits; the second (0.75 s) would end after the deadline.
        assert info.value.status == 503 and clock.sleeps == [0.375]
        assert len(h.session.calls) == 2

    def test_a_retry_after_beyond_the_deadline_is_not_awaited(self):
        clock = FakeClock()
        h = Harness([make_response(429, headers={"Retry-After": "30"}), make_response(201, {})])
        h.transport._sleep = clock.sleep
        h.transport.set_deadline(clock() + 10, clock)
        with pytest.raises(ApiError) as info:
            h.transport.request("POST", "/api/marketplace-orders/", json_body={})
        assert info.value.status == 429 and clock.sleeps == []


HTML = "<html><head><title>Welcome to nginx!</title></head><body>It works</body></html>"


class TestAnswersThatAreNotJson:
    def test_a_successful_html_answer_is_an_error_naming_its_type_and_url(self):
        h = Harness([make_response(200, text=HTML, headers={"Content-Type": "text/html; charset=utf-8"},
                                   url="https://waldur.example.com/login/")])
        with pytest.raises(ApiError) as caught:
            h.transport.get_json("/api/projects/")
        message = str(caught.value)
        assert "status 200, not a JSON answer: got text/html from https://waldur.example.com/login/" in message
        assert "titled 'Welcome to nginx!'" in message
        assert caught.value.status == 200

    def test_invalid_json_is_an_error_too(self):
        h = Harness([make_response(200, text="{not json", headers={"Content-Type": "application/json"})])
        with pytest.raises(ApiError, match=r"not a JSON answer: got application/json from"):
            h.transport.get_json("/api/projects/")

    def test_an_empty_answer_is_none(self):
        h = Harness([make_response(204)])
        assert h.transport.get_json("/api/x/") is None

    def test_an_html_error_page_is_not_the_apis_word(self):
        h = Harness([make_response(404, text=HTML, headers={"Content-Type": "text/html"})])
        with pytest.raises(ApiError) as caught:
            h.transport.get_json("/api/x/")
        assert caught.value.from_api is False
        assert "not a JSON answer: got text/html from " in str(caught.value)
        assert "titled 'Welcome to nginx!'" in str(caught.value)

    def test_a_json_error_is_the_apis_word(self):
        h = Harness([make_response(404, {"detail": "Not found."})])
        with pytest.raises(ApiError) as caught:
            h.transport.get_json("/api/x/")
        assert caught.value.from_api is True
        assert str(caught.value).endswith("404 Not Found: Not found.")


@pytest.mark.parametrize("url, ca_path, problem", [
    ("waldur.example.com/api/", None, "api_url 'waldur.example.com/api/' is not an http:// or https:// URL"),
    ("ftp://waldur.example.com/", None, "api_url 'ftp://waldur.example.com/' is not an http:// or https:// URL"),
    ("https://", None, "api_url 'https://' is not an http:// or https:// URL"),
    ("https://waldur.example.com/", "/nonexistent/ca.pem", "ca_path '/nonexistent/ca.pem' does not exist"),
    ("https://waldur.example.com/", None, None),
])
def test_endpoint_problems_are_found_before_any_request(url, ca_path, problem):
    assert endpoint_problem(url, "api_url", ca_path) == problem


def test_every_429_is_reported_before_the_retry():
    h = Harness([make_response(429, {"detail": "Request was throttled."}, headers={"Retry-After": "1"}),
                 make_response(429, {"detail": "Request was throttled."}), make_response(200, {"ok": True})])
    reported = []
    h.transport.on_throttled = lambda: reported.append((len(h.session.calls), len(h.sleeps)))
    assert h.transport.get_json("api/x/") == {"ok": True}
    assert reported == [(1, 0), (2, 1)]
    assert h.sleeps[0] == 1.0
