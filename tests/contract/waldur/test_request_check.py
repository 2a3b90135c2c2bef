"""The request check the traffic contract test applies (tests/contract/traffic): what it refuses and accepts."""

import pytest

from .request_check import RequestChecker

SG_URL = "https://waldur.example/api/openstack-security-groups/%s/" % ("a" * 32)


@pytest.fixture(scope="module")
def checker():
    return RequestChecker()


@pytest.mark.parametrize("method, path, query, body, expected", [
    ("GET", "/api/openstack-instances/", "o=name", None, "query o: 'name' is not one of ['start_time', '-start_time']"),
    ("GET", "/api/openstack-volumes/", "o=-created", None, "query parameter 'o' is not declared"),
    ("GET", "/api/openstack-volumes/", "page_size=abc", None, "query page_size='abc' is not of type integer"),
    ("GET", "/api/openstack-instances/", "uuid=nope", None, "query uuid: 'nope' is not a valid uuid"),
    ("POST", "/api/openstack-instances/%s/update_security_groups/" % ("b" * 32), "", {"security_groups": [{"url": SG_URL}]},
     "body.security_groups[0]: {'url': '%s'} is not of type string" % SG_URL),
    ("POST", "/api/openstack-volumes/%s/extend/" % ("b" * 32), "", {"disk_size": 2048, "size": 1}, "body.size: not a field of the schema"),
    ("POST", "/api/openstack-volumes/%s/extend/" % ("b" * 32), "", {}, "body.disk_size: missing"),
    ("POST", "/api/openstack-instances/%s/start/" % ("b" * 32), "", {"force": True}, "takes no request body"),
    ("DELETE", "/api/openstack-instances/%s/" % ("b" * 32), "", None, "has no DELETE operation"),
    ("GET", "/api/openstack-networks/", "", None, "the path is not in the schema"),
    ("GET", "/api/version/", "verbose=1", None, "query parameter 'verbose' is not declared"),
])
def test_refuses(checker, method, path, query, body, expected):
    problems = checker.problems(method, path, query, body)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("method, path, query, body", [
    ("GET", "/api/openstack-instances/", "o=-start_time&page_size=300&field=uuid&field=name&state=OK&state=ERRED", None),
    ("HEAD", "/api/openstack-volumes/", "name_exact=data-1&page=2", None),
    ("POST", "/api/openstack-instances/%s/update_security_groups/" % ("b" * 32), "", {"security_groups": [SG_URL]}),
    ("POST", "/api/openstack-instances/%s/start/" % ("b" * 32), "", None),
    ("GET", "/api/version/", "", None),
    ("POST", "/api/marketplace-orders/", "", {"project": "https://w/api/projects/%s/" % ("c" * 32),
                                              "offering": "https://w/api/marketplace-public-offerings/%s/" % ("d" * 32),
                                              "attributes": {"name": "vm", "size": 1024}, "accepting_terms_of_service": True}),
])
def test_accepts(checker, method, path, query, body):
    assert checker.problems(method, path, query, body) == []
