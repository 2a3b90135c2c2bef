"""List answers as Waldur gives them: page/page_size paging, Link and X-Result-Count headers, ``field`` selection
and ``o`` ordering."""

from operator import itemgetter
from urllib.parse import urlencode

from ..latency import object_weight
from ..server import ApiError, Response

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 300
NAME_AND_CREATED = {"name": itemgetter("name"), "created": itemgetter("created")}


def page_size(request):
    """DRF's rule: a positive integer, clamped to the maximum; anything else falls back to the default."""
    try:
        size = int(request.param("page_size", ""))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    if size <= 0:
        return DEFAULT_PAGE_SIZE
    return min(size, MAX_PAGE_SIZE)


def page_url(request, number):
    """The list URL for page ``number``: page 1 has no ``page``; parameters re-encoded sorted by name."""
    pairs = [(key, value) for key, value in request.query if key != "page"]
    if number != 1:
        pairs.append(("page", str(number)))
    pairs.sort(key=lambda pair: pair[0])
    query = urlencode(pairs)
    return request.base_url + request.path + ("?" + query if query else "")


def paginate(request, rows):
    """Return (rows of the requested page, headers); a page outside the list is a 404."""
    size = page_size(request)
    count = len(rows)
    last = max(1, -(-count // size))
    raw = request.param("page", "1")
    try:
        number = last if raw == "last" else int(raw)
    except ValueError as exc:
        raise ApiError(404, {"detail": "Invalid page."}) from exc
    if number < 1 or number > last:
        raise ApiError(404, {"detail": "Invalid page."})
    links = ['<%s>; rel="first"' % page_url(request, 1)]
    if number > 1:
        links.append('<%s>; rel="prev"' % page_url(request, number - 1))
    if number < last:
        links.append('<%s>; rel="next"' % page_url(request, number + 1))
    links.append('<%s>; rel="last"' % page_url(request, last))
    headers = {"X-Result-Count": str(count), "Link": ", ".join(links)}
    start = (number - 1) * size
    return rows[start:start + size], headers


def select_fields(request, obj):
    """Keep only the ``field`` keys that exist; with none valid (or none asked) the whole object."""
    wanted = set(request.params("field"))
    if not wanted:
        return obj
    kept = {key: value for key, value in obj.items() if key in wanted}
    return kept or obj


def ordering_specs(request):
    """The ``o`` specs of a request: comma-separated or repeated, ``-`` for descending."""
    return [spec for raw in request.params("o") for spec in raw.split(",") if spec]


def order_rows(request, rows, orderings, specs=None):
    """Sort by ``specs`` (by default the request's ``o``); names without a key in ``orderings`` are ignored."""
    specs = ordering_specs(request) if specs is None else specs
    rows = list(rows)
    for spec in reversed(specs):
        key = orderings.get(spec.lstrip("-"))
        if key is not None:
            rows.sort(key=key, reverse=spec.startswith("-"))
    return rows


def list_response(request, rows, serialize, fields=True):
    """Page ``rows`` and serialise the page; HEAD gets the headers only. The answer's ``objects`` (for the latency
    model) weighs each object by the share of its fields sent; a HEAD weighs what a GET would send, since the real
    server serialises the page for it too."""
    page, headers = paginate(request, rows)
    body, objects = [], 0.0
    for row in page:
        whole = serialize(row)
        sent = select_fields(request, whole) if fields else whole
        body.append(sent)
        objects += object_weight(len(sent), len(whole))
    if request.method == "HEAD":
        return Response(None, 200, headers, objects=objects)
    return Response(body, 200, headers, objects=objects)


def plain_list_response(body):
    """A sub-resource list (ports, floating IPs, restorations): a bare array, never paged."""
    return Response(body, 200, {"X-Result-Count": str(len(body))}, objects=len(body))
