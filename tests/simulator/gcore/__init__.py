"""A stateful in-memory simulator of the Gcore Cloud API (instances and what they need), for tests and demos.

    from tests.simulator.gcore import GcoreSimulator

    with GcoreSimulator(delay=0.2, instances=100) as sim:
        ...  # talk to sim.url with the header "Authorization: APIKey demo-api-key"

See README.md next to this file for the demo world, the endpoints and the ``/_sim/`` control routes.
"""

from .app import GcoreApp, GcoreSimulator

__all__ = ["GcoreApp", "GcoreSimulator"]
