"""Benchmark of the Waldur inventory plugin against the naive floor and a static file, at latency models of a server.

    python -m tests.perf.waldur_inventory [--counts 10000[,20000,50000]] [--latencies 0,fast,slow] [--commands ...]
        [--repeat 1] [--slow-repeat 1] [--concurrency 2,4,8,16] [--max-concurrent N] [--output-dir DIR]

A report, not a test (run `make install` first: it measures the installed collection, as users get it). What is
measured is described in tests/perf/inventory_bench.py. The plugin runs with its defaults; the naive floor reads
every page of full instance objects at `page_size=300` (the API's largest page), one after another.
"""

import sys

from tests.perf.inventory_bench import Provider, main

NAIVE_CLIENT = r"""
import json, sys, time
import requests
url, token = sys.argv[1], sys.argv[2]
started = time.perf_counter()
session = requests.Session()
session.headers["Authorization"] = "Token " + token
count, next_url, params = 0, url + "/api/openstack-instances/", {"page_size": 300}
while next_url:
    response = session.get(next_url, params=params, timeout=600)
    response.raise_for_status()
    count += len(response.json())
    next_url, params = response.links.get("next", {}).get("url"), None
print(json.dumps({"items": count, "seconds": time.perf_counter() - started}))
"""


class Waldur(Provider):
    name = "waldur"
    simulator_module = "tests.simulator.waldur"
    token = "benchmark-token"
    source_suffix = "waldur.yml"
    naive_client = NAIVE_CLIENT
    auth_scheme = "Token"
    few_fields = ("uuid", "name", "state", "project_name", "external_ips")
    ratio_goals = {"plugin_vs_naive_at_slow": ("list", "naive", "slow", 0.35),
                   "playbook_cached_vs_uncached_at_slow": ("playbook_cached", "playbook", "slow", 0.25)}

    def credentials(self, url):
        return {"WALDUR_API_URL": url, "WALDUR_ACCESS_TOKEN": self.token}


if __name__ == "__main__":
    sys.exit(main(Waldur()))
