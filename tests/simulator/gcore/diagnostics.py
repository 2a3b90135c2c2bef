"""Remote console URLs and usage metrics of an instance."""

import datetime
import random

from ..server import Response
from .errors import bad_request, invalid
from .lifecycle import require_status
from .lookups import SERVER_KINDS
from .params import body_object, choice, integer
from .paging import MAX_LIMIT
from .store import new_id

CONSOLE_PROTOCOLS = {"novnc": "vnc", "spice": "spice", "vnc": "vnc", "serial": "serial"}
VM_CONSOLES = ("novnc", "spice")
# seconds between two points, per time unit
STEP = {"hour": 300, "day": 3600}
POINTS_PER_UNIT = {"hour": 12, "day": 24}


def metric_point(instance, ts, active):
    rng = random.Random("%s/%d" % (instance["id"], ts))
    load = rng.uniform(2, 85) if active else 0.0
    point = {
        "time": datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpu_util": round(load, 2), "memory_util": round(load * 0.6 + (20 if active else 0), 2),
        "network_Bps_ingress": round(load * 1200, 1), "network_Bps_egress": round(load * 800, 1),
        "network_pps_ingress": round(load * 9, 1), "network_pps_egress": round(load * 7, 1),
    }
    point["disks"] = [{"disk_name": "vda", "disk_Bps_read": round(load * 4000, 1), "disk_Bps_write": round(load * 2500, 1),
                       "disk_iops_read": round(load * 3, 1), "disk_iops_write": round(load * 2, 1)}]
    return point


def register(app):
    def console(request, instance):
        console_type = choice(request, "console_type", tuple(CONSOLE_PROTOCOLS), "novnc")
        server = instance["kind"] in SERVER_KINDS
        if (console_type in VM_CONSOLES) == server:
            kind = "bare metal servers" if server else "virtual instances"
            raise bad_request("Console type %s is not available for %s" % (console_type, kind))
        require_status(instance, ("ACTIVE",), "open a console of")
        url = "https://console.sim.example/%s/?token=%s&instance=%s" % (console_type, new_id(), instance["id"])
        return Response({"remote_console": {"protocol": CONSOLE_PROTOCOLS[console_type], "type": console_type, "url": url}})

    def metrics(request, instance):
        body = body_object(request)
        unit = body.get("time_unit")
        interval = body.get("time_interval")
        if unit not in STEP:
            raise invalid("time_unit: must be one of hour, day")
        if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
            raise invalid("time_interval: must be a positive integer")
        limit = min(integer(request, "limit", MAX_LIMIT, minimum=1), MAX_LIMIT)
        offset = integer(request, "offset", 0)
        step = STEP[unit]
        total = interval * POINTS_PER_UNIT[unit]
        newest = int(app.scheduler.now()) // step * step
        active = instance["status"] == "ACTIVE"
        times = [newest - step * index for index in range(offset, min(total, offset + limit))]
        return Response({"count": total, "results": [metric_point(instance, ts, active) for ts in times]}, objects=len(times))

    app.on_instance("GET", "v1", "get_console", console)
    app.on_instance("POST", "v1", "metrics", metrics)
