"""Absolute URLs of rows, and the reverse: references in request bodies resolved to rows.

A reference may be an absolute URL with any host (only the path is matched) or ``{"url": ...}``. Errors use
DRF's hyperlink messages and its nested error layout (``{"ports": [{}, {"subnet": [msg]}]}``).
"""

import re
from urllib.parse import urlsplit

from ..server import ApiError
from .store import KINDS, SEGMENT_TO_KIND, normalize_uuid

API_PATH = re.compile(r"^/api/(?P<segment>[a-z0-9-]+)/(?P<uuid>[^/]+)/?$")

NO_MATCH = "Invalid hyperlink - No URL match."
INCORRECT_MATCH = "Invalid hyperlink - Incorrect URL match."
DOES_NOT_EXIST = "Invalid hyperlink - Object does not exist."
REQUIRED = "This field is required."


class Invalid(Exception):
    """A validation message for one field; ``error_at`` turns it into a DRF-shaped 400."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def url(base, kind, uuid):
    return "%s/api/%s/%s/" % (base, KINDS[kind][0], uuid)


def nested_error(path, messages):
    """DRF's error body for a message at ``path`` (field names and list indexes)."""
    body = messages if isinstance(messages, (list, dict)) else [messages]
    for key in reversed(path):
        if isinstance(key, int):
            body = [{} for _index in range(key)] + [body]
        else:
            body = {key: body}
    return body


def error_at(path, message, status=400):
    return ApiError(status, nested_error(path, [message]))


def parse_reference(value):
    """Return (kind, uuid) for a reference or raise Invalid. The uuid may be None when malformed."""
    if isinstance(value, dict):
        value = value.get("url")
    if not isinstance(value, str):
        raise Invalid("Incorrect type. Expected URL string, received %s." % type(value).__name__)
    match = API_PATH.match(urlsplit(value).path)
    if not match:
        raise Invalid(NO_MATCH)
    kind = SEGMENT_TO_KIND.get(match.group("segment"))
    if kind is None:
        raise Invalid(NO_MATCH)
    return kind, normalize_uuid(match.group("uuid"))


def resolve(store, value, kind):
    """The row a reference points to, which must be of ``kind``; raise Invalid otherwise."""
    found_kind, uuid = parse_reference(value)
    if found_kind != kind:
        raise Invalid(INCORRECT_MATCH)
    row = store.get(kind, uuid)
    if row is None:
        raise Invalid(DOES_NOT_EXIST)
    return row


def resolve_field(store, body, path, kind, required=True):
    """Resolve ``body[path[-1]]``; missing gives None unless required. Errors are raised as 400s at ``path``."""
    present = isinstance(body, dict) and path[-1] in body
    value = body[path[-1]] if present else None
    if value is None:
        if required:
            raise error_at(path, "This field may not be null." if present else REQUIRED)
        return None
    try:
        return resolve(store, value, kind)
    except Invalid as exc:
        raise error_at(path, exc.message) from exc
