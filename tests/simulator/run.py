"""Run a command against a fresh Waldur simulator.

``python -m tests.simulator.run [--instances N] [--delay S] [--token T] -- <command...>`` starts the simulator on
a free port, runs the command with WALDUR_API_URL and WALDUR_ACCESS_TOKEN set, stops the simulator and exits
with the command's status.
"""

import argparse
import os
import subprocess
import sys

from .waldur import WaldurSimulator


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.simulator.run", description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=0, help="extra bench instances to seed (default: %(default)s)")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per state transition (default: %(default)s)")
    parser.add_argument("--token", default="demo-token", help="API token (default: %(default)s)")
    parser.add_argument("--request-log", help="append one JSON line per request to this file")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("a command to run is required after --")
    with WaldurSimulator(port=0, token=args.token, delay=args.delay, instances=args.instances,
                         request_log=args.request_log) as simulator:
        env = dict(os.environ, WALDUR_API_URL=simulator.url, WALDUR_ACCESS_TOKEN=args.token)
        return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main())
