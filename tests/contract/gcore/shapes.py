"""Strictness on top of the SDK's validation, and models for the answers the SDK has no type for.

Those models follow the API reference of the endpoint and reuse the SDK's types (``Tag``, ``Instance``, ...)
wherever the answer embeds one.
"""

from typing import List, Optional

from gcore import BaseModel
from gcore.types.cloud import Tag
from gcore.types.cloud.quota_get_by_region_response import QuotaGetByRegionResponse


def extra_fields(value, where="answer"):
    """Paths of every field the SDK type does not declare, anywhere in a parsed answer."""
    found = []
    if isinstance(value, BaseModel):
        found.extend("%s.%s" % (where, name) for name in (value.model_extra or {}))
        for name in type(value).model_fields:
            found.extend(extra_fields(getattr(value, name), "%s.%s" % (where, name)))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found.extend(extra_fields(item, "%s[%d]" % (where, index)))
    elif isinstance(value, dict):
        for key, item in value.items():
            found.extend(extra_fields(item, "%s[%r]" % (where, key)))
    return found


def exact(value):
    """``value`` unchanged, after checking it holds only declared fields."""
    unknown = extra_fields(value, type(value).__name__)
    assert not unknown, "fields the SDK does not know: %s" % unknown
    return value


class IdName(BaseModel):
    id: str
    name: str


class Listing(BaseModel):
    count: int


class MetadataList(Listing):
    results: List[Tag]


class SecurityGroupRefList(Listing):
    results: List[IdName]


class InstancePort(BaseModel):
    id: str
    name: str
    security_groups: List[IdName]


class InstancePortList(Listing):
    results: List[InstancePort]


class NamingRestrictions(BaseModel):
    custom_name_allowed: bool
    name_templates_limited: bool
    allowed_name_templates: Optional[List[str]] = None
    allowed_name_win_templates: Optional[List[str]] = None
    allowed_bm_name_templates: Optional[List[str]] = None
    allowed_bm_name_win_templates: Optional[List[str]] = None


class ProjectNamingRestrictions(NamingRestrictions):
    allowed_lb_name_templates: Optional[List[str]] = None
    allowed_lb_name_restriction: Optional[str] = None


class NameTemplateConfig(BaseModel):
    """The API's ``ResellerNameTemplates``: the reseller's naming configuration of one region."""

    reseller_id: int
    reseller_name: Optional[str] = None
    region_id: int
    allow_custom_name: bool
    allowed_name_templates: List[str]
    allowed_name_win_templates: List[str]
    allowed_bm_name_templates: List[str]
    allowed_bm_name_win_templates: List[str]
    allowed_lb_name_templates: List[str]
    allowed_lb_name_restriction: str


class NameTemplateConfigList(Listing):
    results: List[NameTemplateConfig]


class AppConfigField(BaseModel):
    name: str
    label: str
    type: str
    required: bool
    description: Optional[str] = None


class AppTemplate(BaseModel):
    id: str
    app_config: Optional[List[AppConfigField]]
    category: str
    description: str
    developer: str
    display_name: str
    image_name: str
    min_disk: int
    min_ram: int
    min_vcpus: int
    os_name: str
    os_version: str
    region_id: int
    short_description: str
    usage: str
    version: str
    website: str


class AppTemplateList(Listing):
    results: List[AppTemplate]


class InstanceLocation(BaseModel):
    id: str
    name: str
    project_id: int
    project_name: str
    region_id: int
    region_name: str
    client_id: int


class InstanceLocationList(Listing):
    results: List[InstanceLocation]


QUOTA_NAMES = tuple(name[:-len("_limit")] for name in QuotaGetByRegionResponse.model_fields if name.endswith("_limit"))


def check_limits_problems(answer):
    """check_limits has no SDK type: every key must be ``<quota>_limit|_requested|_usage`` of a regional quota the
    SDK knows, the three always together, all integers."""
    problems = []
    quotas = {}
    for key, value in answer.items():
        name, _sep, suffix = key.rpartition("_")
        if name not in QUOTA_NAMES or suffix not in ("limit", "requested", "usage") or not isinstance(value, int):
            problems.append(key)
        quotas.setdefault(name, set()).add(suffix)
    problems.extend(name for name, suffixes in quotas.items() if suffixes != {"limit", "requested", "usage"})
    return problems
