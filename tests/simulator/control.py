"""The ``/_sim/`` control endpoints every simulator offers: events, fault injection, run-time configuration, load."""

from .latency import parse_latency, parse_max_concurrent
from .server import ApiError, Response


def _float_or_400(value, name):
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ApiError(400, {name: ["A valid number is required."]}) from exc
    if number < 0:
        raise ApiError(400, {name: ["Ensure this value is greater than or equal to 0."]})
    return number


def register_control_routes(router, server, scheduler):
    """Add GET /_sim/events, GET|POST|DELETE /_sim/faults (and its ``random`` mode and ``stats``), GET|POST
    /_sim/config and GET|DELETE /_sim/load to ``router``."""

    def events(request):
        since = request.param("since")
        return Response(scheduler.events_since(_float_or_400(since, "since") if since else None))

    def list_faults(_request):
        return Response(server.faults.rules())

    def add_fault(request):
        spec = request.json()
        specs = spec if isinstance(spec, list) else [spec]
        if not all(isinstance(item, dict) for item in specs):
            raise ApiError(400, {"non_field_errors": ["Expected an object or a list of objects."]})
        try:
            added = [server.faults.add(item) for item in specs]
        except (TypeError, ValueError) as exc:
            raise ApiError(400, {"non_field_errors": [str(exc)]}) from exc
        return Response(added if isinstance(spec, list) else added[0], 201)

    def clear_faults(_request):
        server.faults.clear()
        return Response(None, 204)

    def show_random(_request):
        return Response({"mode": server.faults.random_mode(), "stats": server.faults.stats()})

    def start_random(request):
        spec = request.json()
        if not isinstance(spec, dict):
            raise ApiError(400, {"non_field_errors": ["Expected an object."]})
        try:
            return Response(server.faults.start_random(spec), 201)
        except (TypeError, ValueError) as exc:
            raise ApiError(400, {"non_field_errors": [str(exc)]}) from exc

    def stop_random(_request):
        server.faults.stop_random()
        return Response(None, 204)

    def fault_stats(_request):
        return Response(server.faults.stats())

    def config():
        return {"delay": scheduler.delay, "latency": server.latency.describe(), "max_concurrent": server.load.max_concurrent}

    def show_config(_request):
        return Response(config())

    def change_config(request):
        body = request.json()
        if not isinstance(body, dict):
            raise ApiError(400, {"non_field_errors": ["Expected an object."]})
        delay = _float_or_400(body["delay"], "delay") if "delay" in body else None
        errors = {}
        for name, parse in (("latency", parse_latency), ("max_concurrent", parse_max_concurrent)):
            try:
                if name in body:
                    parse(body[name])
            except ValueError as exc:
                errors[name] = [str(exc)]
        if errors:
            raise ApiError(400, errors)
        if delay is not None:
            scheduler.delay = delay
        if "latency" in body:
            server.latency.set(body["latency"])
        if "max_concurrent" in body:
            server.load.set_max_concurrent(body["max_concurrent"])
        return Response(config())

    def show_load(_request):
        return Response(server.load.stats())

    def reset_load(_request):
        server.load.reset()
        return Response(None, 204)

    router.add("GET", r"/_sim/events/?", events)
    router.add("GET", r"/_sim/faults/?", list_faults)
    router.add("POST", r"/_sim/faults/?", add_fault)
    router.add("DELETE", r"/_sim/faults/?", clear_faults)
    router.add("GET", r"/_sim/faults/random/?", show_random)
    router.add("POST", r"/_sim/faults/random/?", start_random)
    router.add("DELETE", r"/_sim/faults/random/?", stop_random)
    router.add("GET", r"/_sim/faults/stats/?", fault_stats)
    router.add("GET", r"/_sim/config/?", show_config)
    router.add("POST", r"/_sim/config/?", change_config)
    router.add("GET", r"/_sim/load/?", show_load)
    router.add("DELETE", r"/_sim/load/?", reset_load)
