"""The shape of a JSON answer compared between two servers: keys and value types, not values such as UUIDs and
timestamps. A null on either side matches any type (both servers send null for unset optional fields)."""

MAX_DEPTH = 3


def type_name(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "null"


def shape_differences(simulator, real, path="$", depth=0):
    """["<path>: only on the real server", "<path>: only in the simulator", "<path>: simulator str, real number"]."""
    if simulator is None or real is None:
        return []
    if type_name(simulator) != type_name(real):
        return ["%s: simulator %s, real %s" % (path, type_name(simulator), type_name(real))]
    if depth >= MAX_DEPTH:
        return []
    found = []
    if isinstance(real, dict):
        for key in sorted(set(real) - set(simulator)):
            found.append("%s.%s: only on the real server" % (path, key))
        for key in sorted(set(simulator) - set(real)):
            found.append("%s.%s: only in the simulator" % (path, key))
        for key in sorted(set(real) & set(simulator)):
            found += shape_differences(simulator[key], real[key], "%s.%s" % (path, key), depth + 1)
    elif isinstance(real, list) and real and simulator:
        found += shape_differences(simulator[0], real[0], path + "[]", depth + 1)
    return found


def object_kind(answer):
    """The collection an answer's object belongs to, from its own ``url`` ("openstack-volumes"), or None."""
    obj = answer[0] if isinstance(answer, list) and answer else answer
    url = obj.get("url") if isinstance(obj, dict) else None
    if not isinstance(url, str) or "/api/" not in url:
        return None
    return url.split("/api/", 1)[1].split("/", 1)[0]


def field_of(difference):
    """"$[].metadata: simulator object, real str" -> "metadata: simulator object, real str"."""
    for prefix in ("$[].", "$.", "$[]", "$"):
        if difference.startswith(prefix):
            return difference[len(prefix):].lstrip(":").strip() if prefix in ("$[]", "$") else difference[len(prefix):]
    return difference
