"""What every simulator shares around its app: a server on a port, the control routes, and a command line."""

import argparse
import itertools
import os
import signal
import sys
import threading

from .control import register_control_routes
from .latency import OPTIONS as LATENCY_OPTIONS
from .server import SimServer


# When set, every simulator started in this process (or its children) also writes its request log into this
# directory, one file per simulator named ``<traffic_label>-<pid>-<n>.jsonl``: the test suite's whole traffic,
# kept for the contract test that checks it against the API schema.
TRAFFIC_DIR_ENV = "SIMULATOR_TRAFFIC_DIR"
_TRAFFIC_FILES = itertools.count(1)


def traffic_log_path(label):
    directory = os.environ.get(TRAFFIC_DIR_ENV)
    if not directory:
        return None
    os.makedirs(directory, exist_ok=True)
    return os.path.join(directory, "%s-%d-%d.jsonl" % (label, os.getpid(), next(_TRAFFIC_FILES)))


class RunningSimulator:
    """An app served in a background thread: ``start()``, ``url``, ``stop()``; also a context manager.
    ``traffic_label(app)`` names the simulator's file in the traffic directory (see ``TRAFFIC_DIR_ENV``).
    ``latency`` and ``max_concurrent``: the latency model and the cap on requests in flight (``latency.py``), off
    when None."""

    def __init__(self, app, token, host="127.0.0.1", port=0, tls_cert=None, tls_key=None, request_log=None, latency=None,
                 max_concurrent=None):
        self.app = app
        self.token = token
        logs = [request_log, traffic_log_path(self.traffic_label(app))]
        self.server = SimServer(app, host=host, port=port, tls_cert=tls_cert, tls_key=tls_key, request_log=logs,
                                latency=latency, max_concurrent=max_concurrent)
        register_control_routes(app.router, self.server, app.scheduler)

    @staticmethod
    def traffic_label(_app):
        return "simulator"

    @property
    def url(self):
        return self.server.url

    @property
    def port(self):
        return self.server.port

    def start(self):
        self.server.start()
        return self

    def stop(self):
        self.server.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


class CommandLine:
    """``python -m tests.simulator.<name>``: the same flags for every simulator, with its own defaults and help."""

    def __init__(self, name, title, simulator_class, port, token, auth_help, delay_help, instances_help, readme, options=()):
        """``options``: (flag, argparse keyword arguments) of this simulator's own flags, passed on to
        ``simulator_class`` under their ``dest`` names."""
        self.name = name
        self.options = options
        self.title = title
        self.simulator_class = simulator_class
        self.defaults = {"port": port, "token": token}
        self.help = {"token": auth_help, "delay": delay_help, "instances": instances_help}
        self.readme = readme

    def parse_args(self, argv=None):
        parser = argparse.ArgumentParser(
            prog="python -m tests.simulator.%s" % self.name,
            description="Run the stateful %s simulator (see %s for the demo world)." % (self.title, self.readme))
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
        parser.add_argument("--port", type=int, default=self.defaults["port"],
                            help="port to listen on, 0 for any free port (default: %(default)s)")
        parser.add_argument("--token", default=self.defaults["token"], help=self.help["token"] + " (default: %(default)s)")
        parser.add_argument("--delay", type=float, default=0.5,
                            help=self.help["delay"] + "; 0 means the next request sees it (default: %(default)s)")
        parser.add_argument("--instances", type=int, default=0, help=self.help["instances"] + " (default: %(default)s)")
        parser.add_argument("--tls-cert", help="PEM certificate file: serve HTTPS instead of HTTP (needs --tls-key)")
        parser.add_argument("--tls-key", help="PEM private key file of --tls-cert")
        parser.add_argument("--request-log", help="append one JSON line per request to this file")
        for flag, kwargs in LATENCY_OPTIONS:
            parser.add_argument(flag, **kwargs)
        self._own_dests = [parser.add_argument(flag, **kwargs).dest for flag, kwargs in self.options]
        args = parser.parse_args(argv)
        if bool(args.tls_cert) != bool(args.tls_key):
            parser.error("--tls-cert and --tls-key go together")
        if args.delay < 0:
            parser.error("--delay must not be negative")
        return args

    def main(self, argv=None):
        args = self.parse_args(argv)
        simulator = self.simulator_class(host=args.host, port=args.port, token=args.token, delay=args.delay,
                                         instances=args.instances, tls_cert=args.tls_cert, tls_key=args.tls_key,
                                         request_log=args.request_log, latency=args.latency,
                                         max_concurrent=args.max_concurrent,
                                         **dict((dest, getattr(args, dest)) for dest in self._own_dests))
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stopping.set())
        simulator.start()
        sys.stdout.write("%s simulator listening on %s\n" % (self.title.split()[0], simulator.url))
        sys.stdout.flush()
        while not stopping.wait(0.5):
            pass
        simulator.stop()
        return 0
