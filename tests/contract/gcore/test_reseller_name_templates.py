"""The reseller's naming configuration, driven through the SDK's own request methods.

gcore 0.59.0 has no resource for ``/cloud/v1/reseller_name_templates``: the answers are validated against
``shapes.NameTemplateConfig``, the API's ``ResellerNameTemplates`` type.
"""

import pytest

from gcore import NotFoundError, UnprocessableEntityError

from .shapes import NameTemplateConfig, NameTemplateConfigList, ProjectNamingRestrictions, exact

CONFIGS = "/cloud/v1/reseller_name_templates"
REGION = 77


def configs_of_region(client):
    return [config for config in exact(client.get(CONFIGS, cast_to=NameTemplateConfigList)).results if config.region_id == REGION]


@pytest.fixture
def reseller_id(client):
    """The seeded reseller, whose configuration of the region is restored afterwards."""
    reseller = configs_of_region(client)[0].reseller_id
    yield reseller
    body = {"reseller_id": reseller, "region_id": REGION, "allow_custom_name": True, "allowed_name_templates": [],
            "allowed_name_win_templates": [], "allowed_bm_name_templates": [], "allowed_bm_name_win_templates": [],
            "allowed_lb_name_templates": [], "allowed_lb_name_restriction": ""}
    client.put(CONFIGS, body=body, cast_to=NameTemplateConfig)


def test_put_answers_the_configuration(client, reseller_id):
    body = {"reseller_id": reseller_id, "region_id": REGION, "allow_custom_name": False,
            "allowed_name_templates": ["vm-{ip_octets}"], "allowed_lb_name_templates": ["lb-{two_ip_octets}"]}
    config = exact(client.put(CONFIGS, body=body, cast_to=NameTemplateConfig))
    assert (config.reseller_id, config.region_id, config.allow_custom_name) == (reseller_id, REGION, False)
    assert config.allowed_name_templates == ["vm-{ip_octets}"] and config.allowed_lb_name_templates == ["lb-{two_ip_octets}"]
    assert configs_of_region(client) == [config]
    names = exact(client.get("%s/1/%d/available_names" % (CONFIGS, REGION), cast_to=ProjectNamingRestrictions))
    assert names.name_templates_limited and not names.custom_name_allowed


def test_delete_drops_the_configuration_and_every_restriction(client, reseller_id):
    client.put(CONFIGS, body={"reseller_id": reseller_id, "region_id": REGION, "allow_custom_name": False}, cast_to=NameTemplateConfig)
    client.delete("%s/%d/%d" % (CONFIGS, reseller_id, REGION), cast_to=type(None))
    assert configs_of_region(client) == []
    names = exact(client.get("%s/1/%d/available_names" % (CONFIGS, REGION), cast_to=ProjectNamingRestrictions))
    assert names.custom_name_allowed and not names.name_templates_limited
    with pytest.raises(NotFoundError):
        client.delete("%s/%d/%d" % (CONFIGS, reseller_id, REGION), cast_to=type(None))


def test_bad_bodies(client, reseller_id):
    with pytest.raises(NotFoundError, match="Reseller %d not found" % (reseller_id + 1)):
        client.put(CONFIGS, body={"reseller_id": reseller_id + 1, "region_id": REGION}, cast_to=NameTemplateConfig)
    with pytest.raises(UnprocessableEntityError):
        client.put(CONFIGS, body={"reseller_id": reseller_id, "region_id": REGION, "allowed_name_templates": "x"},
                   cast_to=NameTemplateConfig)
