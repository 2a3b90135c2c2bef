"""Reading query parameters and JSON bodies the way the Gcore API validates them (422 on a malformed value)."""

import json

from .errors import invalid
from .store import parse_iso

TRUE_WORDS = ("true", "1", "yes", "on")
FALSE_WORDS = ("false", "0", "no", "off")


def flag(request, name, default=False):
    raw = request.param(name)
    if raw is None or raw == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise invalid("%s: value is not a valid boolean" % name)


def integer(request, name, default=None, minimum=0):
    raw = request.param(name)
    if raw is None or raw == "":
        return default
    try:
        number = int(raw)
    except ValueError as exc:
        raise invalid("%s: value is not a valid integer" % name) from exc
    if number < minimum:
        raise invalid("%s: ensure this value is greater than or equal to %d" % (name, minimum))
    return number


def json_param(request, name, kind):
    """A query parameter holding JSON of type ``kind`` (dict or list), or None when absent."""
    raw = request.param(name)
    if raw is None or raw == "":
        return None
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise invalid("%s: must be a valid JSON string" % name) from exc
    if not isinstance(value, kind):
        raise invalid("%s: must be a JSON %s" % (name, "object" if kind is dict else "array"))
    return value


def timestamp(request, name):
    raw = request.param(name)
    if raw is None or raw == "":
        return None
    try:
        return parse_iso(raw)
    except ValueError as exc:
        raise invalid("%s: invalid ISO 8601 date and time: %r" % (name, raw)) from exc


def choice(request, name, allowed, default=None):
    raw = request.param(name)
    if raw is None or raw == "":
        return default
    if raw not in allowed:
        raise invalid("%s: value must be one of %s" % (name, ", ".join(allowed)))
    return raw


def body_object(request):
    body = request.json()
    if not isinstance(body, dict):
        raise invalid("Request body must be a JSON object")
    return body


def body_string(body, name, required=False, allow_none=False):
    value = body.get(name)
    if value is None:
        if required and not allow_none:
            raise invalid("%s: field required" % name)
        return None
    if not isinstance(value, str):
        raise invalid("%s: value is not a valid string" % name)
    return value


def body_list(body, name, required=False):
    value = body.get(name)
    if value is None:
        if required:
            raise invalid("%s: field required" % name)
        return []
    if not isinstance(value, list):
        raise invalid("%s: value is not a valid list" % name)
    return value


def string_map(value, name):
    """A ``{str: str}`` object such as tags or metadata."""
    if not isinstance(value, dict):
        raise invalid("%s: value is not a valid dict" % name)
    for key, item in value.items():
        if not isinstance(item, str):
            raise invalid("%s.%s: value is not a valid string" % (name, key))
        if not key or len(key) > 255 or len(item) > 255:
            raise invalid("%s.%s: keys and values must be 1 to 255 characters long" % (name, key))
    return value


def csv_ids(request, name):
    raw = request.param(name)
    if not raw:
        return []
    return [part.strip() for part in raw.split(",") if part.strip()]
