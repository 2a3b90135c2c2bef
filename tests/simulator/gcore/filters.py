"""Small list filters for the look-up endpoints: each is ``keep(request, rows) -> rows``."""

from .params import flag, integer, json_param


def exact(param, field=None):
    def keep(request, rows):
        value = request.param(param)
        if value is None or value == "":
            return rows
        return [row for row in rows if str(row.get(field or param)) == value]
    return keep


def number(param, field=None):
    """An integer compared exactly; a value that is not one is a 422."""
    def keep(request, rows):
        value = integer(request, param)
        if value is None:
            return rows
        return [row for row in rows if row.get(field or param) == value]
    return keep


def contains(param, field=None):
    """Case-insensitive substring match."""
    def keep(request, rows):
        value = request.param(param)
        if not value:
            return rows
        needle = value.lower()
        return [row for row in rows if needle in str(row.get(field or param) or "").lower()]
    return keep


def boolean(param, predicate):
    def keep(request, rows):
        wanted = flag(request, param, None)
        if wanted is None:
            return rows
        return [row for row in rows if bool(predicate(row)) == wanted]
    return keep


def tags(request, rows):
    """``tag_key`` (repeated: every key present) and ``tag_key_value`` (a JSON object: every pair present)."""
    keys = request.params("tag_key")
    pairs = json_param(request, "tag_key_value", dict) or {}
    return [row for row in rows if all(key in row["tags"] for key in keys)
            and all(row["tags"].get(key) == value for key, value in pairs.items())]
