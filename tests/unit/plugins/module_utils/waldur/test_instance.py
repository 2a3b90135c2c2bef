import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.common.errors import InputError
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.instance import already_satisfied, check_instance_name, names

SG_DEFAULT = {"name": "default", "url": "https://w/api/openstack-security-groups/%s/" % ("a" * 32)}
SG_SSH = {"name": "ssh", "url": "https://w/api/openstack-security-groups/%s/" % ("b" * 32)}
SUBNET_URL = "https://w/api/openstack-subnets/%s/" % ("c" * 32)
INSTANCE = {
    "flavor_name": "m1.small",
    "security_groups": [SG_DEFAULT, SG_SSH],
    "ports": [{"subnet": SUBNET_URL, "subnet_name": "demo-subnet", "fixed_ips": [{"ip_address": "192.168.42.10"}]}],
    "floating_ips": [{"subnet": SUBNET_URL, "subnet_name": "demo-subnet", "address": "203.0.113.10"}],
}


def params(**options):
    base = dict(flavor=None, security_groups=None, ports=None, subnet=None, floating_ips=None)
    base.update(options)
    return base


@pytest.mark.parametrize("options, expected", [
    ({}, set()),
    ({"flavor": "m1.small"}, {"flavor"}),
    ({"flavor": "m1.large"}, set()),
    ({"security_groups": ["ssh", "default"]}, {"security_groups"}),
    ({"security_groups": ["ssh", "a" * 32]}, {"security_groups"}),
    ({"security_groups": ["ssh"]}, set()),
    ({"security_groups": ["ssh", "web"]}, set()),
    ({"subnet": "demo-subnet"}, {"ports", "subnet"}),
    ({"ports": [{"subnet": SUBNET_URL, "fixed_ips": ["192.168.42.10"]}]}, {"ports", "subnet"}),
    ({"ports": [{"subnet": "demo-subnet", "fixed_ips": ["192.168.42.99"]}]}, set()),
    ({"floating_ips": [{"subnet": "demo-subnet"}]}, {"floating_ips"}),
    ({"floating_ips": [{"subnet": "demo-subnet", "address": "203.0.113.11"}]}, set()),
    ({"floating_ips": []}, set()),
])
def test_already_satisfied_only_when_clearly_equal(options, expected):
    assert already_satisfied(params(**options), INSTANCE) == expected


def test_names_matches_by_name_uuid_or_url():
    assert names("default", SG_DEFAULT, "name", "url")
    assert names("A" * 8 + "-" + "a" * 4 + "-" + "a" * 4 + "-" + "a" * 4 + "-" + "a" * 12, SG_DEFAULT, "name", "url")
    assert names("https://other/api/openstack-security-groups/%s/" % ("a" * 32), SG_DEFAULT, "name", "url")
    assert not names("ssh", SG_DEFAULT, "name", "url")
    assert not names("default", None, "name", "url")


@pytest.mark.parametrize("name", ["web-1", "web-1.example.org", "a" * 63, "host.example.org."])
def test_valid_instance_names(name):
    check_instance_name(name)


@pytest.mark.parametrize("name, reason", [
    ("my_vm", "letters, digits or hyphens"),
    ("-web", "not starting or ending with a hyphen"),
    ("a" * 64, "1-63"),
    ("web.123", "last part must not be all digits"),
    ("a." * 76, "longer than 150"),
    ("two..dots", "1-63"),
])
def test_invalid_instance_names(name, reason):
    with pytest.raises(InputError, match=reason):
        check_instance_name(name)
