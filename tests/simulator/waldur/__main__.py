"""Command line: ``python -m tests.simulator.waldur [options]`` from the repository root."""

import sys

from ..running import CommandLine
from .app import WaldurSimulator
from .generations import API_GENERATION_OPTION

COMMAND_LINE = CommandLine(
    name="waldur", title="Waldur API", simulator_class=WaldurSimulator, port=8080, token="demo-token",
    auth_help="API token clients must send as 'Authorization: Token <token>'",
    delay_help="seconds each simulated state transition takes",
    instances_help="number of extra OK instances (bench-00001, ...) to seed for load tests",
    readme="tests/simulator/README.md",
    options=[API_GENERATION_OPTION],
)
parse_args = COMMAND_LINE.parse_args
main = COMMAND_LINE.main

if __name__ == "__main__":
    sys.exit(main())
