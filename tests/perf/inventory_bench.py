"""What the inventory benchmarks share: a simulator in its own process, measured child processes, the report.

A provider's benchmark (``waldur_inventory``, ``gcore_inventory``) describes its simulator, its configuration files
and its naive client in a ``Provider``; ``main`` measures, for each instance count (``--counts``, default 10000) and
each latency model of the simulator (``--latencies``, default all of ``LATENCIES``: ``0`` off, ``fast`` 50 ms per
request + 1 ms per object serialised, ``slow`` 300 ms + 10 ms), every command below in a fresh process:

- ``list``: ``ansible-inventory -i <file> --list`` with the plugin's defaults (no cache);
- ``list_cached``: the same with ``cache: true`` (jsonfile), the cache filled before (the simulator's request log
  proves that a cached run makes no request);
- ``export``: ``ansible-inventory --list --export`` (what AWX inventory syncs run), no cache;
- ``graph``: ``ansible-inventory --graph``, no cache;
- ``playbook``, ``playbook_cached``: ``ansible-playbook`` of one play on ``hosts: all[0]`` without facts and with one
  ``debug`` task, without and with the cache: the time until the run ends;
- ``naive``: the naive floor, one keep-alive ``requests.Session`` reading every page of full instance objects one
  after another, decoding each (a fresh Python too, so both sides pay their start-up);
- ``static``: ``ansible-inventory -i <file> --list`` of a static inventory file (YAML inventory structure, written
  as JSON) with the same hosts, groups and variables, written from the plugin's own ``--list`` output; its
  ``--list`` output is checked to hold the same host variables;
- ``list_few_vars``: ``list`` with ``hostvars_fields`` set to five fields (``Provider.few_fields``) (the option
  changes what is kept, not what is requested);
- on request only (``--commands``): ``parse_only`` (the inventory built by ``InventoryManager`` in a fresh Python,
  without ansible-inventory's rendering) and ``phases`` (``list`` with timers around ansible-inventory's three
  stages: sources parsed, host variables gathered, JSON rendered).

What runs where, so that a default run (10000 instances, every latency, both plugins) fits in about 15 minutes on
a 2-core machine: at latency ``0`` every command; at ``fast`` and ``slow`` only ``naive``, ``list`` and
``playbook`` (``LATENCY_COMMANDS``). The commands that read no server (``list_cached``, ``playbook_cached``,
``static``; a cached run is checked to send no request) run at latency ``0`` only, and their row stands for every
latency (so the goal "playbook start cached / uncached at slow" divides by the cached row of latency ``0``).
``export``, ``graph`` and ``list_few_vars`` send the same requests as ``list``. ``--full`` runs every command at
every latency.

``--concurrency 2,4,8,16`` adds a sweep: ``list`` with ``max_concurrency`` set to each value, at latency ``slow``.

One simulator serves each count; the latency model is switched through its ``/_sim/config`` between settings, so
the cache filled once (at latency 0) stays valid. Each command runs ``--repeat`` times (default 1) at latencies
``0`` and ``fast`` and ``--slow-repeat`` times (default 1) at ``slow``; the medians are reported. The first
``list`` at latency 0 is checked to hold every seeded host, and its output becomes the static file (a warm-up run,
not reported, does that when the run has no such ``list``).

Peak memory is the kernel's record of each child (``os.wait4``), started by a small launcher process (see
``LAUNCHER``) so that no child inherits the benchmark's own size in that record. Every measurement is appended as one JSON line to
``<provider>_inventory.jsonl`` and printed as a table row as soon as it is taken (a killed run keeps what it
measured); at the end come a table, ``<provider>_inventory.json`` with the goal ratios of the issue "Inventory at
scale against servers as slow as real ones" (all from this run's figures) and ``<provider>_inventory.png``, time
against instance count with one line per command and latency (tests/perf/results/ by default, ignored by git).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO_ROOT, ".build", "collections")
RESULTS = os.path.join(REPO_ROOT, "tests", "perf", "results")
MIB = 1024.0

# The simulator's latency models: BASE ms per request, PER_OBJECT ms per object serialised (None: off).
LATENCIES = {"0": None, "fast": (50, 1), "slow": (300, 10)}
SWEEP_LATENCY = "slow"

DEFAULT_COMMANDS = ("list", "naive", "list_cached", "export", "graph", "playbook", "playbook_cached", "static",
                    "list_few_vars")
EXTRA_COMMANDS = ("parse_only", "phases")
# Commands that read no server (a cached run is checked to send no request): their time does not depend on the
# latency model, so they run at latency 0 only and that row stands for every latency.
NO_SERVER = ("list_cached", "playbook_cached", "static")
# Without --full, what runs at latencies other than 0 (to keep a default run within 15 minutes on 2 cores): the
# naive floor, list and the playbook's start. export, graph and list_few_vars send the requests list sends (the
# request counts of the rows show it), so what they add to list is measured at latency 0.
LATENCY_COMMANDS = ("naive", "list", "playbook")

PLAYBOOK = """- name: Start of a play on the first host
  hosts: all[0]
  gather_facts: false
  tasks:
    - name: One trivial task
      ansible.builtin.debug:
        msg: "{{ inventory_hostname }}"
"""

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


# Starts every measured command and waits for it with os.wait4. It runs as a small process of its own, started before
# the benchmark holds any inventory: the kernel's peak RSS of a child (ru_maxrss) survives execve, so a child forked
# from the benchmark's large process would start from that process's size. One JSON line in, one out, per command.
LAUNCHER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["stdout"], "w") as output, open(job["stderr"], "w") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(job["command"], env=job["env"], cwd=job["cwd"], stdout=output, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    sys.stdout.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status), "seconds": seconds,
                                 "maxrss_kib": usage.ru_maxrss}) + "\n")
    sys.stdout.flush()
"""


class Launcher:
    """The LAUNCHER process."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE,  # pylint: disable=consider-using-with
                                        stdout=subprocess.PIPE, text=True)

    def run(self, command, env, cwd, stdout, stderr):
        job = {"command": command, "env": env, "cwd": cwd, "stdout": stdout, "stderr": stderr}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


LAUNCHERS = []


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
    auth_scheme = None          # the keyword of the Authorization header, e.g. "Token"
    few_fields = ()             # hostvars_fields of list_few_vars
    # The goals: name -> (numerator command, denominator command, latency, limit).
    ratio_goals = {}

    def credentials(self, url):
        """The environment that points the plugin at the simulator."""
        raise NotImplementedError


def bin_path(name):
    return os.path.join(os.path.dirname(sys.executable), name)


class Simulator:
    """A provider's simulator with ``instances`` seeded instances, in its own process (no shared GIL)."""

    def __init__(self, provider, instances, workdir, max_concurrent=None):
        self.log_path = os.path.join(workdir, "requests-%d.jsonl" % instances)
        self.authorization = "%s %s" % (provider.auth_scheme, provider.token)
        command = [sys.executable, "-m", provider.simulator_module, "--port", "0", "--token", provider.token, "--delay", "0",
                   "--instances", str(instances), "--request-log", self.log_path]
        if max_concurrent:
            command += ["--max-concurrent", str(max_concurrent)]
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)  # pylint: disable=consider-using-with
        self.url = self.process.stdout.readline().strip().rsplit(" ", 1)[-1]

    def control(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json", "Authorization": self.authorization}
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:  # nosec: the local simulator
            text = response.read()
        return json.loads(text) if text else None

    def set_latency(self, latency):
        self.control("POST", "/_sim/config", {"latency": list(latency) if latency else None})

    def load(self):
        return self.control("GET", "/_sim/load")

    def reset_load(self):
        self.control("DELETE", "/_sim/load")

    def cpu_seconds(self):
        """User plus system CPU time the simulator has used so far (Linux /proc), or None elsewhere."""
        try:
            with open("/proc/%d/stat" % self.process.pid, encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))

    def requests_logged(self):
        """API requests logged so far (the simulator's own /_sim/ requests left out)."""
        with open(self.log_path, encoding="utf-8") as handle:
            return sum(1 for line in handle if line.strip() and '"/_sim/' not in line)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)


class Measurement:
    """One run of a command in a fresh process: wall seconds, peak RSS in MiB, the simulator's CPU seconds and API
    requests, the output."""

    def __init__(self, command, env, simulator, workdir):
        output_path, errors_path = os.path.join(workdir, "stdout.txt"), os.path.join(workdir, "stderr.txt")
        cpu_before, requests_before = simulator.cpu_seconds(), simulator.requests_logged()
        simulator.reset_load()
        # Output goes to files, not pipes: nobody reads a pipe while os.wait4 waits, and a full one would block.
        result = LAUNCHERS[0].run(command, env, workdir, output_path, errors_path)
        self.seconds = result["seconds"]
        cpu_after = simulator.cpu_seconds()
        self.simulator_cpu = None if cpu_before is None else cpu_after - cpu_before
        self.requests = simulator.requests_logged() - requests_before
        load = simulator.load()
        self.max_in_flight, self.throttled = load["max_in_flight"], load["throttled"]
        self.peak_mib = result["maxrss_kib"] / MIB
        if result["returncode"]:
            with open(errors_path, encoding="utf-8") as handle:
                raise RuntimeError("%s exited %d:\n%s" % (" ".join(command[:3]), result["returncode"], handle.read()[-3000:]))
        with open(output_path, encoding="utf-8") as handle:
            self.output = handle.read()


def listing_hostvars(listing):
    return json.loads(listing)["_meta"]["hostvars"]


def static_inventory(listing):
    """A YAML inventory structure (as JSON, which the yaml inventory plugin reads) of ``--list`` output: every host
    with its variables under ``all``, every group under ``all.children`` with its hosts, children and variables."""
    data = json.loads(listing)
    hostvars = data.pop("_meta", {}).get("hostvars", {})
    groups = {}
    for name, group in data.items():
        if name == "all":
            continue
        entry = {}
        if group.get("hosts"):
            entry["hosts"] = dict((host, None) for host in group["hosts"])
        if group.get("children"):
            entry["children"] = dict((child, None) for child in group["children"])
        if group.get("vars"):
            entry["vars"] = group["vars"]
        groups[name] = entry or None
    everything = {"hosts": dict((host, variables or None) for host, variables in hostvars.items()), "children": groups}
    if data.get("all", {}).get("vars"):
        everything["vars"] = data["all"]["vars"]
    return {"all": everything}


class Bench:
    """The commands against one simulator."""

    def __init__(self, provider, simulator, workdir, count):
        self.provider = provider
        self.count = count
        self.static_hostvars = None
        self.simulator = simulator
        self.workdir = workdir
        self.env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_INVENTORY_UNPARSED_FAILED="true",
                        ANSIBLE_NOCOLOR="1", ANSIBLE_INVENTORY_CACHE_CONNECTION=os.path.join(workdir, "cache"),
                        ANSIBLE_HOST_KEY_CHECKING="false", ANSIBLE_RETRY_FILES_ENABLED="false")
        self.env.update(provider.credentials(simulator.url))
        self.header = "plugin: cloudfleet.openstack.%s\n%s" % (provider.name, provider.plugin_options)
        self.plain_source = self.write("bench." + provider.source_suffix, self.header)
        self.cached_source = self.write("cached." + provider.source_suffix, self.header + "cache: true\n"
                                        "cache_plugin: ansible.builtin.jsonfile\ncache_timeout: 0\n")
        self.few_vars_source = self.write("few." + provider.source_suffix, self.header + "hostvars_fields: [%s]\n"
                                          % ", ".join(provider.few_fields))
        self.playbook = self.write("start.yml", PLAYBOOK)
        self.static_source = os.path.join(workdir, "static.json")

    def write(self, name, text):
        path = os.path.join(self.workdir, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def run(self, command):
        return Measurement(command, self.env, self.simulator, self.workdir)

    def inventory(self, source, *args):
        return self.run([bin_path("ansible-inventory"), "-i", source] + list(args))

    def no_requests(self, measure):
        measurement = measure()
        if measurement.requests:
            raise RuntimeError("a cached run sent %d requests" % measurement.requests)
        return measurement

    def write_static(self, listing):
        if len(listing_hostvars(listing)) != self.count:
            raise RuntimeError("the inventory has %d hosts, expected %d" % (len(listing_hostvars(listing)), self.count))
        with open(self.static_source, "w", encoding="utf-8") as handle:
            json.dump(static_inventory(listing), handle)
        self.static_hostvars = listing_hostvars(listing)

    def fill_cache(self):
        return self.inventory(self.cached_source, "--list", "--flush-cache")

    def concurrency_source(self, value):
        return self.write("concurrency-%d.%s" % (value, self.provider.source_suffix),
                          self.header + "max_concurrency: %d\n" % value)

    def measure(self, command):
        """One run of ``command`` (a name of DEFAULT_COMMANDS or EXTRA_COMMANDS), checked."""
        playbook = [bin_path("ansible-playbook"), "-i"]
        runs = {
            "list": lambda: self.inventory(self.plain_source, "--list"),
            "list_cached": lambda: self.no_requests(lambda: self.inventory(self.cached_source, "--list")),
            "export": lambda: self.inventory(self.plain_source, "--list", "--export"),
            "graph": lambda: self.inventory(self.plain_source, "--graph"),
            "playbook": lambda: self.run(playbook + [self.plain_source, self.playbook]),
            "playbook_cached": lambda: self.no_requests(lambda: self.run(playbook + [self.cached_source, self.playbook])),
            "naive": lambda: self.run([sys.executable, "-c", self.provider.naive_client, self.simulator.url, self.provider.token]),
            "static": lambda: self.inventory(self.static_source, "--list"),
            "list_few_vars": lambda: self.inventory(self.few_vars_source, "--list"),
            "parse_only": lambda: self.run([sys.executable, "-c", PARSE_ONLY, self.plain_source]),
            "phases": lambda: self.run([sys.executable, "-c", PHASES, "-i", self.plain_source, "--list",
                                        "--output", os.path.join(self.workdir, "phases-list.json")]),
        }
        measurement = runs[command]()
        self.check(command, measurement)
        return measurement

    def check(self, command, measurement):
        count = self.count
        if command in ("list", "list_cached", "export", "list_few_vars"):
            found = len(listing_hostvars(measurement.output))
        elif command == "static":
            if listing_hostvars(measurement.output) != self.static_hostvars:
                raise RuntimeError("the static inventory's host variables differ from the plugin's")
            found = count
        elif command in ("naive", "parse_only"):
            found = json.loads(measurement.output)["items"]
        elif command == "graph":
            names = set(line.split("|--", 1)[1] for line in measurement.output.splitlines() if "|--" in line)
            found = len([name for name in names if not name.startswith("@")])
        elif command.startswith("playbook"):
            found = count if "ok=1 " in measurement.output else -1
        else:
            found = count
        if found != count:
            raise RuntimeError("%s saw %d instances, expected %d" % (command, found, count))


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


def summarize(count, latency, command, measurements, extra=None):
    row = {"instances": count, "latency": latency, "command": command,
           "seconds": median(m.seconds for m in measurements),
           "seconds_all": [round(m.seconds, 3) for m in measurements],
           "peak_mib": median(m.peak_mib for m in measurements),
           "simulator_cpu_seconds": median(m.simulator_cpu for m in measurements),
           "requests": median(m.requests for m in measurements),
           "max_in_flight": max(m.max_in_flight for m in measurements),
           "throttled": max(m.throttled for m in measurements)}
    if command in ("naive", "parse_only"):
        row["in_process_seconds"] = median(json.loads(m.output)["seconds"] for m in measurements)
    if command == "phases":
        for stage in ("parse", "host_vars", "json"):
            row[stage + "_seconds"] = median(json.loads(m.output).get(stage) for m in measurements)
    row.update(extra or {})
    return row


ROW_HEADER = ("instances", "latency", "command", "s (median)", "peak MiB", "requests", "max in flight", "429s",
              "sim CPU s", "runs s")


def row_cells(row):
    cells = (row["instances"], row["latency"], row["command"], row["seconds"], row["peak_mib"], row["requests"],
             row["max_in_flight"], row["throttled"], row["simulator_cpu_seconds"],
             " ".join("%.2f" % s for s in row["seconds_all"]))
    return " | ".join("%.2f" % c if isinstance(c, float) else str(c) for c in cells)


def ratio(numerator, denominator):
    return round(numerator / denominator, 3) if numerator is not None and denominator else None


def find(rows, count, latency, command, key="seconds"):
    """A row's figure; for a command that reads no server, the latency 0 row when its own latency has none."""
    for wanted in (latency, "0") if command in NO_SERVER else (latency,):
        for row in rows:
            if (row["instances"], row["latency"], row["command"]) == (count, wanted, command):
                return row[key]
    return None


def goal(value, limit, **details):
    details.update({"value": value, "goal": "<= %s" % limit, "met": value is not None and value <= limit})
    return details


def goals(provider, rows):
    """The issue's goal ratios, each from this run's rows (None where the run did not measure both sides)."""
    result = {}
    for name, (numerator, denominator, latency, limit) in provider.ratio_goals.items():
        value = ratio(find(rows, 10000, latency, numerator), find(rows, 10000, latency, denominator))
        result[name] = goal(value, limit, instances=10000, latency=latency, ratio="%s / %s" % (numerator, denominator))
    for name, (numerator, denominator, limit) in {
            "cached_vs_uncached_at_0": ("list_cached", "list", 1.0),
            "plugin_vs_static_at_0": ("list", "static", 0.5)}.items():
        value = ratio(find(rows, 10000, "0", numerator), find(rows, 10000, "0", denominator))
        result[name] = goal(value, limit, instances=10000, latency="0", ratio="%s / %s" % (numerator, denominator))
    latencies = [lat for lat in LATENCIES if find(rows, 10000, lat, "list") is not None]
    growth_latency = latencies[0] if latencies else "0"
    for count, limit in ((20000, 2.1), (50000, 5.3)):
        for key, what in (("seconds", "time"), ("peak_mib", "memory")):
            value = ratio(find(rows, count, growth_latency, "list", key), find(rows, 10000, growth_latency, "list", key))
            result["list_%d_vs_10000_%s" % (count, what)] = goal(value, limit, latency=growth_latency, command="list")
    result["list_peak_mib_at_10000"] = goal(find(rows, 10000, growth_latency, "list", "peak_mib"), 300, latency=growth_latency)
    return result


def goals_text(result):
    lines = []
    for name, entry in result.items():
        if entry["value"] is None:
            lines.append("%s: not measured in this run (goal %s)" % (name, entry["goal"]))
        else:
            lines.append("%s: %s (goal %s): %s" % (name, entry["value"], entry["goal"], "met" if entry["met"] else "NOT met"))
    return "\n".join(lines)


def table(rows):
    header = ("instances", "latency", "command", "s", "MiB", "÷ naive", "÷ list", "requests")
    lines = [" | ".join(header), " | ".join("---" for _h in header)]
    for row in rows:
        count, latency = row["instances"], row["latency"]
        cells = (count, latency, row["command"], row["seconds"], row["peak_mib"],
                 ratio(row["seconds"], find(rows, count, latency, "naive")),
                 ratio(row["seconds"], find(rows, count, latency, "list")), row["requests"])
        lines.append(" | ".join("%.2f" % c if isinstance(c, float) else "" if c is None else str(c) for c in cells))
    return "\n".join(lines)


def plot(provider, rows, path):
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use("Agg")
    from matplotlib import pyplot  # pylint: disable=import-outside-toplevel

    figure, axes = pyplot.subplots(figsize=(10, 6.5))
    series = []
    for row in rows:
        if (row["command"], row["latency"]) not in series:
            series.append((row["command"], row["latency"]))
    styles, markers = {"0": "-", "fast": "--", "slow": ":"}, {"0": "o", "fast": "s", "slow": "^"}
    for command, latency in series:
        points = sorted((row["instances"], row["seconds"]) for row in rows
                        if (row["command"], row["latency"]) == (command, latency))
        axes.plot([p[0] for p in points], [p[1] for p in points], marker=markers.get(latency, "o"), linestyle=styles.get(latency, "-"),
                  label="%s, latency %s" % (command, latency))
    axes.set_xlabel("instances")
    axes.set_ylabel("wall time, seconds (median)")
    axes.set_yscale("log")
    axes.set_title("%s inventory: commands against the simulator's latency models" % provider.name.capitalize())
    axes.grid(True, alpha=0.3, which="both")
    axes.legend(fontsize=7, ncol=2)
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def split(text):
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_args(provider, argv):
    module = "tests.perf.%s_inventory" % provider.name
    parser = argparse.ArgumentParser(prog="python -m " + module, description="Benchmark of the %s inventory plugin." % provider.name)
    parser.add_argument("--counts", default="10000", help="instance counts to seed, e.g. 10000,20000,50000 (default: %(default)s)")
    parser.add_argument("--latencies", default=",".join(LATENCIES),
                        help="latency models of the simulator, of %s (default: %%(default)s)" % ", ".join(
                            "%s=%s" % (k, "off" if v is None else "%d,%d ms" % v) for k, v in LATENCIES.items()))
    parser.add_argument("--commands", default=",".join(DEFAULT_COMMANDS),
                        help="commands to measure, of %s (default: %%(default)s; '' for none)" % ", ".join(DEFAULT_COMMANDS + EXTRA_COMMANDS))
    parser.add_argument("--full", action="store_true",
                        help="every command at every latency (default: at fast and slow only %s)" % ", ".join(LATENCY_COMMANDS))
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command at latencies 0 and fast (default: %(default)s)")
    parser.add_argument("--slow-repeat", type=int, default=1, help="runs of each command at latency slow (default: %(default)s)")
    parser.add_argument("--concurrency", default="", help="max_concurrency values of a sweep of list at latency slow, e.g. 2,4,8,16")
    parser.add_argument("--max-concurrent", type=int, default=None,
                        help="the simulator answers 429 beyond this many requests in flight (default: no cap)")
    parser.add_argument("--output-dir", default=RESULTS, help="where the JSON lines, JSON and PNG go (default: tests/perf/results)")
    args = parser.parse_args(argv)
    args.counts = [int(c) for c in split(args.counts)]
    args.latencies = split(args.latencies)
    args.commands = split(args.commands)
    args.concurrency = [int(c) for c in split(args.concurrency)]
    for latency in args.latencies:
        if latency not in LATENCIES:
            parser.error("unknown latency %r" % latency)
    for command in args.commands:
        if command not in DEFAULT_COMMANDS + EXTRA_COMMANDS:
            parser.error("unknown command %r" % command)
    return args


class Recorder:
    """Appends each row to the JSON lines file and prints it at once."""

    def __init__(self, path):
        self.path = path
        self.rows = []
        sys.stdout.write(" | ".join(ROW_HEADER) + "\n")
        sys.stdout.flush()

    def add(self, row):
        self.rows.append(row)
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
        sys.stdout.write(row_cells(row) + "\n")
        sys.stdout.flush()


def measure_count(provider, args, count, workdir, recorder):
    simulator = Simulator(provider, count, workdir, args.max_concurrent)
    try:
        bench = Bench(provider, simulator, workdir, count)
        simulator.set_latency(None)
        if "static" in args.commands and not ("0" in args.latencies and "list" in args.commands):
            bench.write_static(bench.inventory(bench.plain_source, "--list").output)  # the warm-up run
        if set(args.commands) & {"list_cached", "playbook_cached"}:
            bench.fill_cache()
        for latency in args.latencies:
            simulator.set_latency(LATENCIES[latency])
            repeat = args.slow_repeat if latency == "slow" else args.repeat
            for command in args.commands:
                if latency != "0" and not args.full and (command in NO_SERVER or command not in LATENCY_COMMANDS):
                    continue
                measurements = [bench.measure(command) for _round in range(repeat)]
                if command == "list" and latency == "0" and bench.static_hostvars is None:
                    bench.write_static(measurements[0].output)
                recorder.add(summarize(count, latency, command, measurements))
        if args.concurrency:
            simulator.set_latency(LATENCIES[SWEEP_LATENCY])
            for value in args.concurrency:
                source = bench.concurrency_source(value)
                measurement = bench.inventory(source, "--list")
                bench.check("list", measurement)
                recorder.add(summarize(count, SWEEP_LATENCY, "list max_concurrency=%d" % value, [measurement],
                                       {"max_concurrency": value}))
    finally:
        simulator.stop()


def main(provider, argv=None):
    args = parse_args(provider, argv)
    LAUNCHERS.append(Launcher())
    os.makedirs(args.output_dir, exist_ok=True)
    lines_path = os.path.join(args.output_dir, "%s_inventory.jsonl" % provider.name)
    if os.path.exists(lines_path):
        os.remove(lines_path)
    recorder = Recorder(lines_path)
    load_before, started = os.getloadavg(), time.perf_counter()
    with tempfile.TemporaryDirectory() as workdir:
        for count in args.counts:
            measure_count(provider, args, count, workdir, recorder)
    LAUNCHERS.pop().stop()
    rows = recorder.rows
    result = goals(provider, rows)
    # Other work on the machine slows every measurement; the load averages say how busy it was.
    report = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "cpus": os.cpu_count(),
              "load_average_before": load_before, "load_average_after": os.getloadavg(),
              "total_seconds": round(time.perf_counter() - started, 1), "repeat": args.repeat,
              "slow_repeat": args.slow_repeat, "full": args.full, "latencies": dict((k, LATENCIES[k]) for k in args.latencies),
              "max_concurrent": args.max_concurrent, "rows": rows, "goals": result}
    with open(os.path.join(args.output_dir, "%s_inventory.json" % provider.name), "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2)
    if rows:
        plot(provider, rows, os.path.join(args.output_dir, "%s_inventory.png" % provider.name))
    print()
    print(table(rows))
    print()
    print(goals_text(result))
    print("total: %.1f s, load average before %s, after %s" % (report["total_seconds"], load_before, report["load_average_after"]))
    return 0
