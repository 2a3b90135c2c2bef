"""Command line: ``python -m tests.simulator.gcore [options]`` from the repository root."""

import sys

from ..running import CommandLine
from .app import GcoreSimulator

COMMAND_LINE = CommandLine(
    name="gcore", title="Gcore Cloud API", simulator_class=GcoreSimulator, port=8081, token="demo-api-key",
    auth_help="API key clients must send as 'Authorization: APIKey <key>'",
    delay_help="seconds each task state transition takes",
    instances_help="number of extra instances (bench-00001, ...) to seed across both regions for load tests",
    readme="tests/simulator/gcore/README.md",
)
parse_args = COMMAND_LINE.parse_args
main = COMMAND_LINE.main

if __name__ == "__main__":
    sys.exit(main())
