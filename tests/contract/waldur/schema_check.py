"""A strict check of API objects against the Waldur OpenAPI 8.0.5 schemas (types, formats, enums, nullability,
patterns, and that every documented field is there), stricter than the official client's ``from_dict``.

``waldur-openapi-schemas.json`` holds the component schemas of the published 8.0.5 OpenAPI document that the
simulated endpoints answer with (descriptions dropped).
"""

import datetime
import ipaddress
import json
import os
import re
import uuid

SCHEMA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "waldur-openapi-schemas.json")

# Fields the server leaves out of an object, with the condition under which it does: DRF skips a field read
# through a null reference, and never shows write-only secrets.
OMITTED_WHEN = {
    ("OpenStackInstance", "availability_zone_name"): lambda obj: obj.get("availability_zone") is None,
    ("OpenStackVolume", "availability_zone_name"): lambda obj: obj.get("availability_zone") is None,
    ("OpenStackVolume", "type_name"): lambda obj: obj.get("type") is None,
    ("OpenStackNestedVolume", "type_name"): lambda obj: obj.get("type") is None,
    ("OpenStackVolume", "instance_name"): lambda obj: obj.get("instance") is None,
    ("OpenStackVolume", "instance_marketplace_uuid"): lambda obj: obj.get("instance") is None,
    ("OpenStackSnapshot", "source_volume_name"): lambda obj: obj.get("source_volume") is None,
    ("OpenStackSnapshot", "source_volume_marketplace_uuid"): lambda obj: obj.get("source_volume") is None,
    ("OpenStackBackup", "instance_name"): lambda obj: obj.get("instance") is None,
    ("OpenStackBackup", "instance_marketplace_uuid"): lambda obj: obj.get("instance") is None,
    ("NestedSecurityGroupRule", "remote_group_name"): lambda obj: True,
    ("NestedSecurityGroupRule", "remote_group_uuid"): lambda obj: True,
    ("OpenStackSecurityGroupRuleCreate", "remote_group_name"): lambda obj: obj.get("remote_group") is None,
    ("OpenStackSecurityGroupRuleCreate", "remote_group_uuid"): lambda obj: obj.get("remote_group") is None,
    ("OpenStackTenant", "user_username"): lambda obj: True,
    ("OpenStackTenant", "user_password"): lambda obj: True,
    ("OpenStackTenant", "skip_creation_of_default_router"): lambda obj: True,
}
DECIMAL = re.compile(r"^-?\d{0,12}(?:\.\d{0,10})?$")


def load_schemas():
    with open(SCHEMA_FILE, encoding="utf-8") as handle:
        return json.load(handle)["components"]["schemas"]


def _is_uuid(value):
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


def _is_datetime(value):
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return False
    return parsed.tzinfo is not None


def _is_date(value):
    try:
        datetime.date.fromisoformat(value)
    except (ValueError, TypeError):
        return False
    return True


def _is_ip(value, version):
    try:
        return ipaddress.ip_address(value).version == version
    except ValueError:
        return False


FORMATS = {
    "uuid": _is_uuid,
    "date-time": _is_datetime,
    "date": _is_date,
    # DRF renders blank URL and e-mail fields as "".
    "uri": lambda value: value == "" or value.startswith(("http://", "https://")),
    "email": lambda value: value == "" or "@" in value,
    "ipv4": lambda value: _is_ip(value, 4),
    "ipv6": lambda value: _is_ip(value, 6),
    "decimal": lambda value: bool(DECIMAL.match(value)),
}


class SchemaChecker:
    """``problems(name, obj, skip, complete)`` lists every way ``obj`` departs from schema ``name``: paths in ``skip``
    are not checked; with ``complete`` every documented field of the top-level object must be there (nested objects
    must have their ``required`` fields). With ``closed`` a field the schema does not document is a problem too
    (for request bodies: a server ignores it, so the sender believes in an effect that never happens)."""

    def __init__(self, schemas=None, closed=False):
        self.schemas = schemas or load_schemas()
        self.closed = closed

    def problems(self, name, obj, skip=frozenset(), complete=True):
        found = []
        self._check_ref(name, obj, name, skip, found)
        if complete and isinstance(obj, dict):
            for key in self.schemas[name].get("properties", {}):
                if key not in obj and not OMITTED_WHEN.get((name, key), lambda value: False)(obj):
                    found.append("%s.%s: missing" % (name, key))
        return found

    def value_problems(self, schema, value, path):
        """Every way ``value`` departs from an inline ``schema`` (which may hold ``$ref``s)."""
        return self._problems_of(schema, value, path)

    def _check_ref(self, name, value, path, skip, found):
        self._check(self.schemas[name], value, path, skip, found)

    def _check(self, schema, value, path, skip, found):
        if path in skip:
            return
        if "$ref" in schema:
            self._check_ref(schema["$ref"].split("/")[-1], value, path, skip, found)
            return
        if value is None:
            if not schema.get("nullable") and not self._allows_null(schema):
                found.append("%s: null is not allowed" % path)
            return
        if "allOf" in schema:
            for part in schema["allOf"]:
                self._check(part, value, path, skip, found)
            return
        if "oneOf" in schema or "anyOf" in schema:
            options = schema.get("oneOf") or schema.get("anyOf")
            if not any(not self._problems_of(option, value, path) for option in options):
                found.append("%s: %r matches none of %s" % (path, value, [self._describe(option) for option in options]))
            return
        if "enum" in schema and value not in schema["enum"]:
            found.append("%s: %r is not one of %s" % (path, value, schema["enum"]))
            return
        self._check_type(schema, value, path, skip, found)

    def _check_type(self, schema, value, path, skip, found):
        expected = schema.get("type")
        checks = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict}
        if expected in checks:
            if not isinstance(value, checks[expected]) or (expected in ("integer", "number") and isinstance(value, bool)):
                found.append("%s: %r is not of type %s" % (path, value, expected))
                return
        if expected == "string":
            fmt = schema.get("format")
            if fmt in FORMATS and not FORMATS[fmt](value):
                found.append("%s: %r is not a valid %s" % (path, value, fmt))
            if "pattern" in schema and not re.search(schema["pattern"], value):
                found.append("%s: %r does not match %s" % (path, value, schema["pattern"]))
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                found.append("%s: longer than %d" % (path, schema["maxLength"]))
        elif expected in ("integer", "number"):
            if "minimum" in schema and value < schema["minimum"]:
                found.append("%s: %r is below %s" % (path, value, schema["minimum"]))
            if "maximum" in schema and value > schema["maximum"]:
                found.append("%s: %r is above %s" % (path, value, schema["maximum"]))
        elif expected == "array":
            for index, item in enumerate(value):
                self._check(schema.get("items", {}), item, "%s[%d]" % (path, index), skip, found)
        elif isinstance(value, dict) and ("properties" in schema or "additionalProperties" in schema):
            self._check_object(schema, value, path, skip, found)

    def _check_object(self, schema, value, path, skip, found):
        for key, prop in schema.get("properties", {}).items():
            if key in value:
                self._check(prop, value[key], "%s.%s" % (path, key), skip, found)
            elif key in schema.get("required", []):
                found.append("%s.%s: missing" % (path, key))
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and "properties" not in schema:
            for key, item in value.items():
                self._check(extra, item, "%s.%s" % (path, key), skip, found)
        elif self.closed and "properties" in schema and not extra:
            for key in value:
                if key not in schema["properties"]:
                    found.append("%s.%s: not a field of the schema" % (path, key))
                elif schema["properties"][key].get("readOnly"):
                    found.append("%s.%s: read-only" % (path, key))

    def _problems_of(self, schema, value, path):
        found = []
        self._check(schema, value, path, frozenset(), found)
        return found

    def _allows_null(self, schema):
        for option in schema.get("oneOf", []) + schema.get("anyOf", []) + schema.get("allOf", []):
            target = self.schemas[option["$ref"].split("/")[-1]] if "$ref" in option else option
            if target.get("nullable") or target.get("enum") == [None]:
                return True
        return False

    @staticmethod
    def _describe(schema):
        return schema.get("$ref", "").split("/")[-1] or schema.get("type") or "?"
