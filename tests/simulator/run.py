"""Run a command against fresh Waldur and Gcore simulators.

``python -m tests.simulator.run [--instances N] [--delay S] [--token T] [--api-generation 7|8] [--latency BASE,PER_OBJECT]
[--max-concurrent N] -- <command...>`` starts both simulators
on free ports, runs the command with ``WALDUR_API_URL`` / ``WALDUR_ACCESS_TOKEN`` and ``GCORE_API_KEY`` /
``GCORE_BASE_URL`` / ``GCORE_CLOUD_PROJECT_ID`` / ``GCORE_CLOUD_REGION_ID`` set, stops them and exits with the
command's status.
"""

import argparse
import os
import subprocess
import sys

from .gcore import GcoreSimulator
from .latency import OPTIONS as LATENCY_OPTIONS
from .waldur import WaldurSimulator
from .waldur.generations import API_GENERATION_OPTION

GCORE_API_KEY = "demo-api-key"
GCORE_DEMO_PROJECT = 1
GCORE_DEMO_REGION = 76


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.simulator.run", description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=0, help="extra bench instances to seed in each (default: %(default)s)")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per state transition (default: %(default)s)")
    parser.add_argument("--token", default="demo-token", help="Waldur API token (default: %(default)s)")
    parser.add_argument("--request-log", help="append one JSON line per Waldur request to this file")
    parser.add_argument(API_GENERATION_OPTION[0], **API_GENERATION_OPTION[1])
    for flag, kwargs in LATENCY_OPTIONS:
        options = dict(kwargs)
        options["help"] += " (both simulators)"
        parser.add_argument(flag, **options)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("a command to run is required after --")
    load = dict(latency=args.latency, max_concurrent=args.max_concurrent)
    with WaldurSimulator(port=0, token=args.token, delay=args.delay, instances=args.instances,
                         request_log=args.request_log, api_generation=args.api_generation, **load) as waldur, \
            GcoreSimulator(port=0, token=GCORE_API_KEY, delay=args.delay, instances=args.instances, **load) as gcore:
        env = dict(os.environ, WALDUR_API_URL=waldur.url, WALDUR_ACCESS_TOKEN=args.token, GCORE_API_KEY=GCORE_API_KEY,
                   GCORE_BASE_URL=gcore.url, GCORE_CLOUD_PROJECT_ID=str(GCORE_DEMO_PROJECT),
                   GCORE_CLOUD_REGION_ID=str(GCORE_DEMO_REGION))
        return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main())
