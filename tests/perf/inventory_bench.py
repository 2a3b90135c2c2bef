"""What the inventory benchmarks share: a simulator in its own process, measured child processes, the report.

A provider's benchmark (``waldur_inventory``, ``gcore_inventory``) describes its simulator, its configuration files
and its naive client in a ``Provider``; ``main`` measures, for each instance count, in fresh processes and
``--repeat`` times (medians are reported):

- plugin: ``ansible-inventory -i <file> --list`` with the plugin's defaults: wall time and peak memory;
- cached: the same with ``cache: true`` (jsonfile) after a run that filled the cache (the simulator's request log
  proves that a cached run makes no request);
- parse only: the inventory built by ``InventoryManager`` in a fresh Python, without ansible-inventory's rendering
  of the output, to show which share of the plugin run is the plugin's own;
- naive floor: one keep-alive ``requests.Session`` reading every page of full instance objects one after another,
  decoding each (a fresh Python too, so both sides pay their start-up);
- the simulator's CPU seconds during a plugin run and during a naive run (from /proc);
- phases: the plugin run once more with timers around ansible-inventory's three stages (the inventory sources
  parsed by the plugin; the host variables gathered by ansible-core's VariableManager; the --list JSON rendered),
  to show how much of a run is ansible-core's own work, which no plugin can shorten.

Peak memory comes from ``os.wait4``, the kernel's record of each child. It prints a table and writes JSON and a PNG
of time against instance count to the output directory (tests/perf/results/ by default, ignored by git).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".build", "collections")
RESULTS = os.path.join(REPO_ROOT, "tests", "perf", "results")
GOALS = {"plugin_vs_naive_at_10000": 1.0, "plugin_20000_vs_10000": 2.2, "cached_vs_uncached": 0.2}

PARSE_ONLY = r"""
import json, sys, time
from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import init_plugin_loader
init_plugin_loader()
started = time.perf_counter()
inventory = InventoryManager(loader=DataLoader(), sources=[sys.argv[1]])
print(json.dumps({"items": len(inventory.hosts), "seconds": time.perf_counter() - started}))
"""

# ansible-inventory --list, as its console script runs it, with the wall time of each stage measured. Relies on
# InventoryManager.parse_sources, InventoryCLI.json_inventory and the static InventoryCLI.dump, stable since 2.9.
PHASES = r"""
import json, sys, time
from ansible.cli.inventory import InventoryCLI
from ansible.inventory.manager import InventoryManager
seconds = {}
def timed(stage, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - started
    return wrapper
InventoryManager.parse_sources = timed("parse", InventoryManager.parse_sources)
InventoryCLI.json_inventory = timed("host_vars", InventoryCLI.json_inventory)
InventoryCLI.dump = staticmethod(timed("json", InventoryCLI.dump))
try:
    InventoryCLI.cli_executor(["ansible-inventory"] + sys.argv[1:])
except SystemExit as exc:
    if exc.code:
        raise
print(json.dumps(seconds))
"""


class Provider:
    """One inventory plugin's side of the benchmark; the attributes are filled in by each provider's module.

    ``naive_client`` is a Python script run as ``python -c <script> <url> <key>`` that prints
    ``{"items": <instances read>, "seconds": <time inside the process>}``.
    """

    name = None                 # for titles and file names, e.g. "waldur"
    simulator_module = None     # e.g. "tests.simulator.waldur"
    token = None
    source_suffix = None        # e.g. "waldur.yml"
    plugin_options = ""         # YAML lines every configuration file gets
    naive_client = None

    def credentials(self, url):
        """The environment that points the plugin at the simulator."""
        raise NotImplementedError


class Simulator:
    """A provider's simulator with ``instances`` seeded instances, in its own process (no shared GIL)."""

    def __init__(self, provider, instances, workdir):
        self.log_path = os.path.join(workdir, "requests-%d.jsonl" % instances)
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-m", provider.simulator_module, "--port", "0", "--token", provider.token, "--delay", "0",
             "--instances", str(instances), "--request-log", self.log_path], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip().rsplit(" ", 1)[-1]

    def cpu_seconds(self):
        """User plus system CPU time the simulator has used so far (Linux /proc), or None elsewhere."""
        try:
            with open("/proc/%d/stat" % self.process.pid, encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))

    def requests_logged(self):
        with open(self.log_path, encoding="utf-8") as handle:
            return sum(1 for line in handle if line.strip())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


class Measurement:
    """One run of a command in a fresh process: wall seconds, peak RSS in MiB, the simulator's CPU seconds, output."""

    def __init__(self, command, env, simulator, workdir):
        output_path, errors_path = os.path.join(workdir, "stdout.txt"), os.path.join(workdir, "stderr.txt")
        cpu_before = simulator.cpu_seconds()
        started = time.perf_counter()
        with open(output_path, "w", encoding="utf-8") as output, open(errors_path, "w", encoding="utf-8") as errors:
            # Output goes to files, not pipes: nobody reads a pipe while os.wait4 waits, and a full one would block.
            process = subprocess.Popen(command, env=env, cwd=workdir, stdout=output, stderr=errors)  # pylint: disable=consider-using-with
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
        self.seconds = time.perf_counter() - started
        cpu_after = simulator.cpu_seconds()
        self.simulator_cpu = None if cpu_before is None else cpu_after - cpu_before
        self.peak_mib = usage.ru_maxrss / 1024.0
        if process.returncode:
            with open(errors_path, encoding="utf-8") as handle:
                raise RuntimeError("%s exited %d:\n%s" % (" ".join(command[:3]), process.returncode, handle.read()[-3000:]))
        with open(output_path, encoding="utf-8") as handle:
            self.output = handle.read()


def inventory_host_count(listing):
    return len(json.loads(listing)["_meta"]["hostvars"])


class Bench:
    """The measurements against one simulator."""

    def __init__(self, provider, simulator, workdir):
        self.provider = provider
        self.simulator = simulator
        self.workdir = workdir
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_INVENTORY_UNPARSED_FAILED="true",
                        ANSIBLE_NOCOLOR="1", ANSIBLE_INVENTORY_CACHE_CONNECTION=os.path.join(workdir, "cache"))
        self.env.update(provider.credentials(simulator.url))
        header = "plugin: cloudfleet.openstack.%s\n%s" % (provider.name, provider.plugin_options)
        self.plain_source = self.write_source("bench." + provider.source_suffix, header)
        self.cached_source = self.write_source("cached." + provider.source_suffix, header + "cache: true\n"
                                               "cache_plugin: ansible.builtin.jsonfile\ncache_timeout: 0\n")

    def write_source(self, name, text):
        path = os.path.join(self.workdir, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def run(self, command):
        return Measurement(command, self.env, self.simulator, self.workdir)

    def plugin(self, source, *args):
        return self.run([os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", source, "--list"] + list(args))

    def uncached(self):
        return self.plugin(self.plain_source)

    def cached(self):
        before = self.simulator.requests_logged()
        measurement = self.plugin(self.cached_source)
        if self.simulator.requests_logged() != before:
            raise RuntimeError("a cached run sent requests")
        return measurement

    def fill_cache(self):
        return self.plugin(self.cached_source, "--flush-cache")

    def parse_only(self):
        return self.run([sys.executable, "-c", PARSE_ONLY, self.plain_source])

    def phases(self):
        listing = os.path.join(self.workdir, "phases-list.json")
        return self.run([sys.executable, "-c", PHASES, "-i", self.plain_source, "--list", "--output", listing])

    def naive(self):
        return self.run([sys.executable, "-c", self.provider.naive_client, self.simulator.url, self.provider.token])


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


def measure_count(provider, count, repeat, workdir):
    simulator = Simulator(provider, count, workdir)
    try:
        bench = Bench(provider, simulator, workdir)
        check = bench.uncached()  # also the warm-up run
        if inventory_host_count(check.output) != count:
            raise RuntimeError("the inventory has %d hosts, expected %d" % (inventory_host_count(check.output), count))
        bench.fill_cache()
        runs = dict((name, []) for name in ("naive", "plugin", "parse_only", "cached", "phases"))
        for _round in range(repeat):
            runs["naive"].append(bench.naive())
            runs["plugin"].append(bench.uncached())
            runs["parse_only"].append(bench.parse_only())
            runs["cached"].append(bench.cached())
            runs["phases"].append(bench.phases())
        for measurement in runs["naive"] + runs["parse_only"]:
            if json.loads(measurement.output)["items"] != count:
                raise RuntimeError("a naive or parse-only run saw the wrong number of instances")
    finally:
        simulator.stop()
    return summarize(count, runs)


def summarize(count, runs):
    row = {"instances": count}
    for name, measurements in runs.items():
        row[name] = {
            "seconds": median(m.seconds for m in measurements),
            "seconds_all": [round(m.seconds, 3) for m in measurements],
            "peak_mib": median(m.peak_mib for m in measurements),
            "simulator_cpu_seconds": median(m.simulator_cpu for m in measurements),
        }
        if name in ("naive", "parse_only"):
            row[name]["in_process_seconds"] = median(json.loads(m.output)["seconds"] for m in measurements)
        if name == "phases":
            for stage in ("parse", "host_vars", "json"):
                row[name][stage + "_seconds"] = median(json.loads(m.output).get(stage) for m in measurements)
    return row


def ratio(numerator, denominator):
    return round(numerator / denominator, 3) if numerator is not None and denominator else None


def goals(rows):
    by_count = dict((row["instances"], row) for row in rows)
    result = {}
    if 10000 in by_count:
        at_10k = by_count[10000]
        value = ratio(at_10k["plugin"]["seconds"], at_10k["naive"]["seconds"])
        result["plugin_vs_naive_at_10000"] = {"value": value, "goal": GOALS["plugin_vs_naive_at_10000"],
                                              "met": value is not None and value <= GOALS["plugin_vs_naive_at_10000"]}
    if 10000 in by_count and 20000 in by_count:
        value = ratio(by_count[20000]["plugin"]["seconds"], by_count[10000]["plugin"]["seconds"])
        result["plugin_20000_vs_10000"] = {"value": value, "goal": GOALS["plugin_20000_vs_10000"],
                                           "met": value is not None and value <= GOALS["plugin_20000_vs_10000"]}
    cached = dict((row["instances"], ratio(row["cached"]["seconds"], row["plugin"]["seconds"])) for row in rows)
    worst = max(v for v in cached.values() if v is not None)
    result["cached_vs_uncached"] = {"value_by_instances": cached, "goal": GOALS["cached_vs_uncached"],
                                    "met": worst <= GOALS["cached_vs_uncached"]}
    return result


def table(rows):
    header = ("instances", "plugin s", "plugin MiB", "cached s", "cached/plugin", "parse-only s", "naive s", "naive MiB",
              "plugin/naive", "sim CPU s (plugin)", "sim CPU s (naive)", "phases: parse s", "host vars s", "JSON s")
    lines = [" | ".join(header), " | ".join("---" for _h in header)]
    for row in rows:
        cells = (row["instances"], row["plugin"]["seconds"], row["plugin"]["peak_mib"], row["cached"]["seconds"],
                 ratio(row["cached"]["seconds"], row["plugin"]["seconds"]), row["parse_only"]["seconds"], row["naive"]["seconds"],
                 row["naive"]["peak_mib"], ratio(row["plugin"]["seconds"], row["naive"]["seconds"]),
                 row["plugin"]["simulator_cpu_seconds"], row["naive"]["simulator_cpu_seconds"],
                 row["phases"]["parse_seconds"], row["phases"]["host_vars_seconds"], row["phases"]["json_seconds"])
        lines.append(" | ".join("%.2f" % c if isinstance(c, float) else str(c) for c in cells))
    return "\n".join(lines)


def plot(provider, rows, path):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use("Agg")
    from matplotlib import pyplot  # pylint: disable=import-outside-toplevel

    counts = [row["instances"] for row in rows]
    figure, axes = pyplot.subplots(figsize=(8, 5))
    for key, label in (("plugin", "ansible-inventory --list (plugin)"), ("cached", "ansible-inventory --list, cached"),
                       ("parse_only", "plugin parse only (no --list rendering)"), ("naive", "naive floor (full objects, sequential)")):
        axes.plot(counts, [row[key]["seconds"] for row in rows], marker="o", label=label)
    axes.set_xlabel("instances")
    axes.set_ylabel("wall time, seconds (median)")
    axes.set_title("%s inventory plugin against the naive floor" % provider.name.capitalize())
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main(provider, argv=None):
    module = "tests.perf.%s_inventory" % provider.name
    parser = argparse.ArgumentParser(prog="python -m " + module, description="Benchmark of the %s inventory plugin." % provider.name)
    parser.add_argument("--counts", default="1000,5000,10000,20000", help="instance counts to seed (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="measured runs of each kind per count (default: %(default)s)")
    parser.add_argument("--output-dir", default=RESULTS, help="where the JSON and PNG go (default: tests/perf/results)")
    args = parser.parse_args(argv)
    rows = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as workdir:
        for count in [int(c) for c in args.counts.split(",")]:
            rows.append(measure_count(provider, count, args.repeat, workdir))
            sys.stdout.write("measured %d instances\n" % count)
            sys.stdout.flush()
    # Other work on the machine slows every measurement; the load averages say how busy it was.
    report = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cpus": os.cpu_count(),
              "load_average_before": load_before, "load_average_after": os.getloadavg(), "repeat": args.repeat,
              "rows": rows, "goals": goals(rows)}
    os.makedirs(args.output_dir, exist_ok=True)
    with open(os.path.join(args.output_dir, "%s_inventory.json" % provider.name), "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2)
    plot(provider, rows, os.path.join(args.output_dir, "%s_inventory.png" % provider.name))
    print(table(rows))
    print(json.dumps(report["goals"], indent=2))
    return 0
