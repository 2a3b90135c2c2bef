"""Which form of update_security_groups the client sends: asked of /api/version/ once, or learned from the refusal."""

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.transport import ApiError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.generation import (
    generation_from_refusal, generation_of_version, security_groups_body,
)
from tests.unit.fakes import make_response
from tests.unit.waldur_fakes import Api, U1

ACTION = "/api/openstack-instances/%s/update_security_groups/" % U1
URLS = ["https://waldur.example.com/api/openstack-security-groups/%s/" % ("c" * 32),
        "https://waldur.example.com/api/openstack-security-groups/%s/" % ("d" * 32)]
URL_REQUIRED = "URL has to be defined for related object."
EXPECTED_URL = "Incorrect type. Expected URL string, received dict."


class Server:
    """A scripted server of one generation; ``version`` is its /api/version/ answer (an int status to refuse)."""

    def __init__(self, generation, version):
        self.generation = generation
        self.version = version
        self.sent = []
        self.version_asks = 0
        self.api = Api()
        self.api.on("GET", "/api/version/", self.version_view)
        self.api.on("POST", ACTION, self.action_view)

    def version_view(self, url, method, **_kwargs):
        self.version_asks += 1
        if isinstance(self.version, int):
            return make_response(self.version, {"detail": "You do not have permission to perform this action."}, url=url, method=method)
        return make_response(200, {"version": self.version}, url=url, method=method)

    def action_view(self, body, url, method, **_kwargs):
        self.sent.append(body)
        items = body["security_groups"]
        if self.generation == 7 and any(not isinstance(item, dict) for item in items):
            return make_response(400, {"security_groups": [[URL_REQUIRED] if not isinstance(item, dict) else {} for item in items]},
                                 url=url, method=method)
        if self.generation == 8 and any(isinstance(item, dict) for item in items):
            return make_response(400, {"security_groups": [EXPECTED_URL]}, url=url, method=method)
        return make_response(202, {"status": "security groups update was scheduled"}, url=url, method=method)


OBJECTS = {"security_groups": [{"url": url} for url in URLS]}
STRINGS = {"security_groups": URLS}


@pytest.mark.parametrize("generation, version, sent", [
    (7, "7.0.7", [OBJECTS]),
    (7, "7.0.7-2-g1ea6cb8", [OBJECTS]),
    (8, "8.0.5", [STRINGS]),
    (8, "8.1.3", [STRINGS]),
    # /api/version/ needs a staff or support user: the refusal of the first (8.x) form tells a 7.x server
    (7, 403, [STRINGS, OBJECTS]),
    (8, 403, [STRINGS]),
    # a development checkout answers 0.0.0; a 7.x one that does is learned the same way
    (7, "0.0.0", [STRINGS, OBJECTS]),
    # a wrong version answer is corrected by the server's refusal
    (8, "7.0.7", [OBJECTS, STRINGS]),
])
def test_the_server_gets_the_form_of_its_generation(generation, version, sent):
    server = Server(generation, version)
    client = server.api.client()
    assert client.update_security_groups(U1, URLS) == {"status": "security groups update was scheduled"}
    assert server.sent == sent


def test_the_generation_is_asked_once_and_remembered_for_the_task():
    server = Server(7, 403)
    client = server.api.client()
    client.update_security_groups(U1, URLS)
    client.update_security_groups(U1, URLS[:1])
    assert server.version_asks == 1
    assert server.sent == [STRINGS, OBJECTS, {"security_groups": [{"url": URLS[0]}]}]


def test_other_refusals_are_not_retried():
    api = Api()
    api.on("GET", "/api/version/", lambda url, method, **kw: make_response(200, {"version": "8.0.5"}, url=url, method=method))
    sent = []

    def refuse(body, url, method, **_kwargs):
        sent.append(body)
        return make_response(400, {"security_groups": ["Security group x is not within the same tenant"]}, url=url, method=method)

    api.on("POST", ACTION, refuse)
    # (by name: the inventory unit tests drop the collection from sys.modules, which makes a second ApiError class)
    with pytest.raises(Exception) as caught:
        api.client().update_security_groups(U1, URLS)
    assert type(caught.value).__name__ == "ApiError" and caught.value.status == 400 and len(sent) == 1


@pytest.mark.parametrize("version, generation", [
    ("7.0.7", 7), ("7.1.0", 7), ("6.9.0", 7), ("8.0.5", 8), ("v8.1", 8), ("9.0.0", 8),
    ("0.0.0", None), ("", None), (None, None), ("unknown", None), (8, None),
])
def test_generation_of_version(version, generation):
    assert generation_of_version(version) == generation


def test_generation_from_refusal_reads_only_400_answers_naming_the_form():
    assert generation_from_refusal(ApiError("x", status=400, body={"security_groups": [[URL_REQUIRED], {}]})) == 7
    assert generation_from_refusal(ApiError("x", status=400, body={"security_groups": [EXPECTED_URL]})) == 8
    assert generation_from_refusal(ApiError("x", status=409, body={"detail": URL_REQUIRED})) is None
    assert generation_from_refusal(ApiError("x", status=400, body={"detail": "something else"})) is None
    assert generation_from_refusal(ApiError("x", status=400, body=None)) is None


def test_security_groups_body():
    assert security_groups_body(7, URLS) == OBJECTS
    assert security_groups_body(8, URLS) == STRINGS


@pytest.mark.parametrize("version, refused", [("7.0.7", True), ("8.0.5", False), (403, False), ("0.0.0", False)])
def test_options_only_8x_honours_are_refused_when_the_server_is_known_to_be_7(version, refused):
    server = Server(7 if refused else 8, version)
    generation = server.api.client().generation
    if refused:
        # (by name, as above)
        with pytest.raises(Exception, match=r"Instance 'vm': only Waldur 8.x servers honour ports\[\].fixed_ips, "
                                            r"config_drive; this server \(version 7.0.7\) would ignore them") as caught:
            generation.refuse_ignored_options(["ports[].fixed_ips", "config_drive"], "Instance 'vm'")
        assert type(caught.value).__name__ == "InputError"
    else:
        generation.refuse_ignored_options(["ports[].fixed_ips"], "Instance 'vm'")
    generation.refuse_ignored_options([], "Instance 'vm'")
    assert server.sent == [] and server.version_asks == 1


def test_nothing_is_asked_when_no_such_option_is_set():
    server = Server(7, "7.0.7")
    server.api.client().generation.refuse_ignored_options([], "Instance 'vm'")
    assert server.version_asks == 0
