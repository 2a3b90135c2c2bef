"""The Waldur simulator: the app (auth, routing, shared helpers for the endpoint modules) and its server wrapper."""

from ..engine import Scheduler
from ..latency import object_weight
from ..running import RunningSimulator
from ..server import ApiError, App, Response, Router
from . import backups, catalogue, marketplace, snapshots, volumes
from . import instances as instance_endpoints
from .lifecycle import Lifecycle
from .generations import DEFAULT_GENERATION, generation
from .listing import list_response, order_rows, ordering_specs, select_fields
from .provisioning import Provisioner
from .request_types import RequestTypes
from .serializers import Serializer
from .store import KINDS, Store, normalize_uuid
from .world import seed_bench_instances, seed_demo_world

UUID_SEGMENT = r"(?P<uuid>[^/]+)"


class WaldurApp(App):
    """State, routes and the helpers endpoint modules share."""

    def __init__(self, token="demo-token", delay=0.5, instances_count=0, api_generation=DEFAULT_GENERATION, version_visible=True):
        self.token = token
        self.version_visible = version_visible
        self.generation = generation(api_generation)
        self.request_types = RequestTypes(self.generation.major)
        self.store = Store()
        seed_demo_world(self.store)
        seed_bench_instances(self.store, instances_count)
        self.scheduler = Scheduler(delay)
        self.lifecycle = Lifecycle(self.store, self.scheduler)
        self.router = Router()
        self.user = self.store.first("user", username="demo-user")
        self.provisioner = Provisioner(self.store, self.lifecycle)
        for module in (catalogue, instance_endpoints, volumes, snapshots, backups, marketplace):
            module.register(self)
        self.router.add("GET", r"/api/version/", self.version)

    # -- App hooks ------------------------------------------------------------------------------------------------

    def authenticate(self, request):
        header = request.headers.get("Authorization")
        if header:
            keyword, _sep, key = header.strip().partition(" ")
            if keyword.lower() not in ("token", "bearer"):
                raise self._unauthorized("Authentication credentials were not provided.")
            if key.strip() != self.token:
                raise self._unauthorized("Invalid token.")
            return
        key = request.param("x-auth-token")
        if key is None:
            raise self._unauthorized("Authentication credentials were not provided.")
        if key != self.token:
            raise self._unauthorized("Invalid token.")

    @staticmethod
    def _unauthorized(message):
        return ApiError(401, {"detail": message}, {"WWW-Authenticate": "Token"})

    def before_request(self, request):
        self.scheduler.advance()

    def handle(self, request):
        handler, kwargs = self.router.resolve(request.method, request.path)
        request.api_generation = self.generation.major
        self._check_body_when_read(request)
        return handler(request, **kwargs)

    def _check_body_when_read(self, request):
        """Check the body's form against the generation's request type when the endpoint first reads it, so state
        checks still come first (the real server validates the body after them)."""
        read = request.json

        def checked_json():
            body = read()
            self.request_types.check(request.method, request.path, body)
            request.json = read
            return body

        request.json = checked_json

    def version(self, _request):
        """Real servers answer only staff and support users; ``version_visible=False`` plays any other user."""
        if not self.version_visible:
            raise ApiError(403, {"detail": "You do not have permission to perform this action."})
        return Response({"version": self.generation.version})

    # -- helpers for endpoint modules --------------------------------------------------------------------------

    def serializer(self, request):
        return Serializer(self.store, request.base_url)

    def get_or_404(self, kind, raw_uuid):
        row = self.store.get(kind, normalize_uuid(raw_uuid))
        if row is None:
            raise ApiError(404, {"detail": "No %s matches the given query." % KINDS[kind][1]})
        return row

    @staticmethod
    def collection_path(kind):
        return r"/api/%s/" % KINDS[kind][0]

    def detail_path(self, kind, suffix=""):
        return self.collection_path(kind) + UUID_SEGMENT + "/" + (suffix + "/" if suffix else "")

    def expose(self, kind, filterset, orderings=None, fields=True):
        """GET (and HEAD) on the collection and on one object; ``fields`` enables ``?field=`` selection."""
        orderings = orderings or {}

        def list_view(request):
            specs = self.generation.check_ordering(kind, ordering_specs(request))
            rows = order_rows(request, filterset.apply(request, self.store.tables[kind].values()), orderings, specs)
            serializer = self.serializer(request)
            return list_response(request, rows, lambda row: serializer.serialize(kind, row), fields=fields)

        def retrieve_view(request, uuid):
            obj = self.serializer(request).serialize(kind, self.get_or_404(kind, uuid))
            sent = select_fields(request, obj) if fields else obj
            return Response(sent, objects=object_weight(len(sent), len(obj)))

        self.router.add("GET", self.collection_path(kind), list_view)
        self.router.add("GET", self.detail_path(kind), retrieve_view)

    def on_object(self, methods, kind, suffix, handler):
        """Route ``methods`` on an object (or one of its sub-paths) to ``handler(request, row)``."""
        def view(request, uuid):
            return handler(request, self.get_or_404(kind, uuid))
        self.router.add(methods, self.detail_path(kind, suffix), view)


class WaldurSimulator(RunningSimulator):
    """A running Waldur simulator: ``start()`` serves in a background thread, ``url`` is where."""

    @staticmethod
    def traffic_label(app):
        """``waldur-8``: the generation too, since each generation's traffic follows its own schema."""
        return "waldur-%d" % app.generation.major

    def __init__(self, host="127.0.0.1", port=0, token="demo-token", delay=0.2, instances=0, tls_cert=None, tls_key=None,
                 request_log=None, api_generation=DEFAULT_GENERATION, version_visible=True, latency=None, max_concurrent=None):
        app = WaldurApp(token=token, delay=delay, instances_count=instances, api_generation=api_generation,
                        version_visible=version_visible)
        super().__init__(app, token, host=host, port=port, tls_cert=tls_cert, tls_key=tls_key, request_log=request_log,
                         latency=latency, max_concurrent=max_concurrent)

    @property
    def api_generation(self):
        return self.app.generation.major
