"""Benchmark of the Gcore inventory plugin against the naive floor and a static file, at latency models of a server.

    python -m tests.perf.gcore_inventory [--counts 10000[,20000,50000]] [--latencies 0,fast,slow] [--commands ...]
        [--repeat 1] [--slow-repeat 1] [--concurrency 2,4,8,16] [--max-concurrent N] [--output-dir DIR]

A report, not a test (run `make install` first: it measures the installed collection, as users get it). What is
measured is described in tests/perf/inventory_bench.py. The simulator spreads its instances over two regions of
one project; the plugin reads both regions with every kind of server included (bare metal and AI ones too, so the
inventory has exactly the seeded count), and the naive floor reads the same lists: every page of full instance
objects at `limit=1000` (the API's largest page), one region after the other, one page after another.
"""

import sys

from tests.perf.inventory_bench import Provider, main

NAIVE_CLIENT = r"""
import json, sys, time
import requests
url, key = sys.argv[1], sys.argv[2]
started = time.perf_counter()
session = requests.Session()
session.headers["Authorization"] = "APIKey " + key
count = 0
for region in (76, 77):
    offset, total = 0, None
    while total is None or offset < total:
        params = {"limit": 1000, "offset": offset, "include_baremetal": "true", "include_ai": "true"}
        response = session.get("%s/cloud/v1/instances/1/%d" % (url, region), params=params, timeout=600)
        response.raise_for_status()
        page = response.json()
        total, results = page["count"], page["results"]
        if not results:
            break
        count += len(results)
        offset += len(results)
print(json.dumps({"items": count, "seconds": time.perf_counter() - started}))
"""


class Gcore(Provider):
    name = "gcore"
    simulator_module = "tests.simulator.gcore"
    token = "benchmark-key"
    source_suffix = "gcore.yml"
    plugin_options = "project_ids: [1]\nregion_ids: [76, 77]\nfilters: {include_baremetal: true, include_ai: true}\n"
    naive_client = NAIVE_CLIENT
    auth_scheme = "APIKey"
    few_fields = ("id", "name", "status", "region", "public_ips")
    ratio_goals = {"plugin_vs_naive_at_slow": ("list", "naive", "slow", 0.5)}

    def credentials(self, url):
        return {"GCORE_API_KEY": self.token, "GCORE_BASE_URL": url}


if __name__ == "__main__":
    sys.exit(main(Gcore()))
