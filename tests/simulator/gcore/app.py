"""The Gcore Cloud simulator: the app (auth, routing, helpers for the endpoint modules) and its server wrapper."""

import re
import traceback

from ..engine import Scheduler
from ..running import RunningSimulator
from ..server import ApiError, App, Response, Router
from . import (catalogue, changes, diagnostics, instances, interfaces, metadata, naming, networking, power, provisioning,
               security, task_endpoints)
from .bench import seed_bench_instances
from .errors import as_gcore_error, gcore_error, not_found
from .lookups import path_row
from .paging import page
from .store import Store
from .tasks import TaskEngine
from .world import seed_demo_world

# naming goes first: its GET .../instances/{p}/{r}/available_names must win over GET .../instances/{p}/{r}/{id}
ENDPOINT_MODULES = (naming, catalogue, networking, instances, provisioning, power, changes, security, interfaces, metadata,
                    diagnostics, task_endpoints)
PLACEHOLDER = re.compile(r"\{(\w+)\}")
NUMERIC = ("project_id", "region_id", "client_id", "reseller_id")


def path_regex(template):
    """``/cloud/v1/x/{project_id}/{region_id}/{id}`` -> a regex with named groups (numbers for the numeric ids)."""
    def group(match):
        name = match.group(1)
        return r"(?P<%s>%s)" % (name, r"\d+" if name in NUMERIC else r"[^/]+")
    return PLACEHOLDER.sub(group, template)


class GcoreApp(App):
    """State, routes and the helpers endpoint modules share."""

    def __init__(self, token="demo-api-key", delay=0.2, instances_count=0):
        self.token = token
        self.store = Store()
        seed_demo_world(self.store)
        seed_bench_instances(self.store, instances_count)
        self.scheduler = Scheduler(delay)
        self.tasks = TaskEngine(self.store, self.scheduler)
        self.router = Router()
        for module in ENDPOINT_MODULES:
            module.register(self)

    # -- App hooks ------------------------------------------------------------------------------------------------

    def authenticate(self, request):
        keyword, _sep, key = (request.headers.get("Authorization") or "").strip().partition(" ")
        if not keyword:
            raise gcore_error(401, "Authentication credentials were not provided.", "NotAuthenticated")
        if keyword.lower() != "apikey" or key.strip() != self.token:
            raise gcore_error(401, "Invalid API key.", "AuthenticationFailed")

    def before_request(self, request):
        self.scheduler.advance()

    def handle(self, request):
        try:
            handler, kwargs = self.router.resolve(request.method, request.path)
            return handler(request, **kwargs)
        except ApiError as exc:
            if request.path.startswith("/_sim/"):
                raise
            raise as_gcore_error(exc) from None
        except Exception as exc:  # pylint: disable=broad-except
            traceback.print_exc()
            raise gcore_error(500, "Internal simulator error: %s" % exc, "InternalServerError") from exc

    def throttled(self, retry_after):
        """Gcore's error shape (a model: what its gateway answers beyond a rate is not recorded)."""
        error = gcore_error(429, "Too many requests. Expected available in %d second%s." % (retry_after, "" if retry_after == 1 else "s"),
                            "TooManyRequests", {"Retry-After": str(retry_after)})
        return Response(error.body, error.status, error.headers)

    # -- helpers for endpoint modules --------------------------------------------------------------------------

    def route(self, methods, template, handler):
        """Route ``template`` (with ``{placeholders}``) to ``handler(request, **values)``; a project or region in the
        path must exist, and both arrive as integers."""
        def view(request, **values):
            for name in NUMERIC:
                if name in values:
                    values[name] = int(values[name])
            if "project_id" in values and self.store.get("project", values["project_id"]) is None:
                raise not_found("Project", values["project_id"])
            if "region_id" in values and self.store.get("region", values["region_id"]) is None:
                raise not_found("Region", values["region_id"])
            return handler(request, **values)
        self.router.add(methods, path_regex(template), view)

    def expose(self, kind, collection, view, filters=(), list_view=None):
        """GET ``<collection>/{p}/{r}`` (a page of the rows each ``filter(request, rows)`` keeps) and
        ``<collection>/{p}/{r}/{id}``; ``view(store, row)`` renders a row (``list_view`` in lists, when it differs)."""
        store = self.store
        list_view = list_view or view

        def listing(request, project_id, region_id):
            rows = store.in_region(kind, project_id, region_id)
            for keep in filters:
                rows = keep(request, rows)
            return page(request, rows, lambda row: list_view(store, row))

        def detail(_request, project_id, region_id, row_id):
            return Response(view(store, path_row(store, kind, project_id, region_id, row_id)), objects=1)

        self.route("GET", collection + "/{project_id}/{region_id}", listing)
        self.route("GET", collection + "/{project_id}/{region_id}/{row_id}", detail)

    def on_instance(self, methods, version, suffix, handler):
        """Route ``methods`` on ``/cloud/<version>/instances/{p}/{r}/{id}[/suffix]`` to ``handler(request, instance)``
        (plus the values of any placeholders in ``suffix``)."""
        def view(request, project_id, region_id, instance_id, **values):
            return handler(request, path_row(self.store, "instance", project_id, region_id, instance_id), **values)
        template = "/cloud/%s/instances/{project_id}/{region_id}/{instance_id}%s" % (version, "/" + suffix if suffix else "")
        self.route(methods, template, view)


class GcoreSimulator(RunningSimulator):
    """A running Gcore simulator: ``start()`` serves in a background thread, ``url`` is where."""

    @staticmethod
    def traffic_label(_app):
        return "gcore"

    def __init__(self, host="127.0.0.1", port=0, token="demo-api-key", delay=0.2, instances=0, tls_cert=None, tls_key=None,
                 request_log=None, latency=None, max_concurrent=None):
        super().__init__(GcoreApp(token=token, delay=delay, instances_count=instances), token, host=host, port=port,
                         tls_cert=tls_cert, tls_key=tls_key, request_log=request_log, latency=latency,
                         max_concurrent=max_concurrent)
