"""Command line: ``python -m tests.simulator.gcore [options]`` from the repository root."""

import argparse
import signal
import sys
import threading

from .app import GcoreSimulator


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulator.gcore",
        description="Run the stateful Gcore Cloud API simulator (see tests/simulator/gcore/README.md for the demo world).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8081, help="port to listen on, 0 for any free port (default: %(default)s)")
    parser.add_argument("--token", default="demo-api-key",
                        help="API key clients must send as 'Authorization: APIKey <key>' (default: %(default)s)")
    parser.add_argument("--delay", type=float, default=0.5,
                        help="seconds each task state transition takes; 0 means the next request sees it "
                             "(default: %(default)s)")
    parser.add_argument("--instances", type=int, default=0,
                        help="number of extra instances (bench-00001, ...) to seed across both regions for load tests "
                             "(default: %(default)s)")
    parser.add_argument("--tls-cert", help="PEM certificate file: serve HTTPS instead of HTTP (needs --tls-key)")
    parser.add_argument("--tls-key", help="PEM private key file of --tls-cert")
    parser.add_argument("--request-log", help="append one JSON line per request to this file")
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if args.delay < 0:
        parser.error("--delay must not be negative")
    return args


def main(argv=None):
    args = parse_args(argv)
    simulator = GcoreSimulator(host=args.host, port=args.port, token=args.token, delay=args.delay, instances=args.instances,
                               tls_cert=args.tls_cert, tls_key=args.tls_key, request_log=args.request_log)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: stopping.set())
    simulator.start()
    sys.stdout.write("Gcore simulator listening on %s\n" % simulator.url)
    sys.stdout.flush()
    while not stopping.wait(0.5):
        pass
    simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
