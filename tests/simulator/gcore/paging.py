"""Offset paging: ``limit`` and ``offset`` in the query, ``{"count": total, "results": [...]}`` in the body."""

from ..server import Response
from .params import integer

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def window(request, default_limit=DEFAULT_LIMIT):
    """(limit, offset) of a list request; a limit above the maximum is clamped to it."""
    limit = integer(request, "limit", default_limit, minimum=1)
    offset = integer(request, "offset", 0)
    return min(limit, MAX_LIMIT), offset


def page(request, rows, serialize, default_limit=DEFAULT_LIMIT):
    """Serialise only the rows of the requested page."""
    limit, offset = window(request, default_limit)
    selected = rows[offset:offset + limit]
    return Response({"count": len(rows), "results": [serialize(row) for row in selected]}, objects=len(selected))


def whole(results):
    """A list the API does not page."""
    return Response({"count": len(results), "results": results}, objects=len(results))
