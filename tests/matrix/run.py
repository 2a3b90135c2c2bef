"""The collection on every supported ansible-core: ``python -m tests.matrix.run [--leg 2.16 ...]`` (``make matrix``).

Each leg is one ansible-core minor release on one Python it supports as a controller, in its own virtual
environment under ``.matrix/<minor>/``. The leg installs the ansible-core release pinned in
``requirements/matrix/ansible-core-<minor>.txt`` (with what its tests need), builds the collection with that
release's ``ansible-galaxy`` and installs it into ``.matrix/<minor>/collections``, runs ``ansible-doc`` on every
module and inventory plugin (a non-zero exit or any warning fails), runs the demo against the simulators, then its
tests: the integration smoke subset, or on the oldest and the newest release the whole unit and integration suites.

Only the standard library is used here, so any Python 3 can run it; the Pythons the legs need are looked up on
``PATH`` (``python3.12``...) and among pyenv's versions. One line per leg tells its result and time; each leg writes
``summary.json`` and the log of every step into its directory, and ``.matrix/summary.json`` sums them up. The exit
status is non-zero if any leg failed.
"""

import argparse
import concurrent.futures
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MATRIX_DIR = os.path.join(REPO_ROOT, ".matrix")
REQUIREMENTS = os.path.join(REPO_ROOT, "requirements", "matrix")
COLLECTION = "cloudfleet.openstack"

# The legs: ansible-core minor release, the controller Python it runs on, and what runs. The release itself (its
# latest patch) is pinned in requirements/matrix/ansible-core-<minor>.txt; README.md's "Tested with" table is this
# one (tests/unit/matrix checks both).
LEGS = (
    ("2.16", "3.11", "full"),
    ("2.17", "3.12", "smoke"),
    ("2.18", "3.13", "smoke"),
    ("2.19", "3.11", "smoke"),
    ("2.20", "3.12", "smoke"),
    ("2.21", "3.13", "full"),
)
SUITES = {
    "smoke": "`ansible-doc` of every plugin, the demo, the integration smoke subset",
    "full": "`ansible-doc` of every plugin, the demo, `tests/unit` and `tests/integration`",
}
# A few tests that still cover a lifecycle of each kind of plugin: the Waldur instance (on the current API
# generation) and volume modules, the Gcore instance module, both inventory plugins, and the jobs and inventory
# updates run as AWX runs them.
SMOKE_TESTS = (
    "tests/integration/waldur/test_instance.py::test_instance_lifecycle[waldur8]",
    "tests/integration/waldur/test_volume.py::test_volume_lifecycle",
    "tests/integration/waldur/test_inventory.py::test_default_inventory_reads_every_page_once_with_only_the_fields_it_uses",
    "tests/integration/waldur/test_inventory.py::test_default_groups_and_host_variables",
    "tests/integration/waldur/test_inventory.py::test_graph_and_host",
    "tests/integration/gcore/test_instance.py::test_lifecycle",
    "tests/integration/gcore/test_inventory.py::test_default_inventory_reads_every_page_once",
    "tests/integration/gcore/test_inventory.py::test_default_groups_and_host_variables",
    "tests/integration/awx/test_runner.py",
)
FULL_TESTS = ("tests/unit", "tests/integration")
# The demo, as `make demo` runs it.
DEMO_PLAYBOOKS = ("demo/waldur.yml", "demo/gcore.yml", "demo/roles.yml")
DEMO_INVENTORIES = ("demo/demo.waldur.yml", "demo/demo.gcore.yml")
# Legs run side by side (their tests mostly wait for the simulators); the full ones start first, being the longest.
DEFAULT_JOBS = 3
WARNING = re.compile(r"\[(DEPRECATION )?WARNING\]")
STEP_TIMEOUT = 3600


def requirements_file(minor):
    return os.path.join(REQUIREMENTS, "ansible-core-%s.txt" % minor)


def pinned_release(minor):
    """The ansible-core release the leg's requirements file pins."""
    with open(requirements_file(minor), encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"ansible-core==(\S+)", line.strip())
            if match:
                return match.group(1)
    raise ValueError("%s pins no ansible-core" % requirements_file(minor))


def readme_table():
    """README.md's "Tested with" table, made from LEGS and the pinned releases."""
    lines = ["| ansible-core | Python | What runs |", "|---|---|---|"]
    for minor, python, suite in LEGS:
        lines.append("| %s | %s | %s |" % (pinned_release(minor), python, SUITES[suite]))
    return "\n".join(lines) + "\n"


def plugins():
    """Every module and inventory plugin of the collection, as (type, fully qualified name)."""
    found = []
    for kind, directory in (("module", "modules"), ("inventory", "inventory")):
        for path in sorted(glob.glob(os.path.join(REPO_ROOT, "plugins", directory, "*.py"))):
            name = os.path.splitext(os.path.basename(path))[0]
            if not name.startswith("_"):
                found.append((kind, "%s.%s" % (COLLECTION, name)))
    return found


def python_version(executable):
    try:
        result = subprocess.run([executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def find_python(version):
    """An interpreter of Python ``version`` ("3.12"): on PATH, among pyenv's versions, or the one running this."""
    candidates = [shutil.which("python%s" % version)]
    roots = [os.environ.get("PYENV_ROOT"), os.path.expanduser("~/.pyenv")]
    for root in roots:
        if root:
            pattern = os.path.join(root, "versions", "%s.*" % version, "bin", "python%s" % version)
            candidates += sorted(glob.glob(pattern), key=lambda path: [int(part) for part in re.findall(r"\d+", path)], reverse=True)
    if "%d.%d" % sys.version_info[:2] == version:
        candidates.append(sys.executable)
    for candidate in candidates:
        if candidate and python_version(candidate) == version:
            return candidate
    return None


class StepFailed(Exception):
    pass


class Leg:
    def __init__(self, minor, python, suite):
        self.minor = minor
        self.python = python
        self.suite = suite
        self.release = pinned_release(minor)
        self.dir = os.path.join(MATRIX_DIR, minor)
        self.venv = os.path.join(self.dir, "venv")
        self.bin = os.path.join(self.venv, "bin")
        self.collections = os.path.join(self.dir, "collections")
        self.logs = os.path.join(self.dir, "logs")
        self.steps = []

    def env(self):
        env = dict(os.environ)
        for name in ("ANSIBLE_CONFIG", "VIRTUAL_ENV", "PYTHONPATH", "SIMULATOR_TRAFFIC_DIR"):
            env.pop(name, None)
        env.update(PATH=self.bin + os.pathsep + os.environ.get("PATH", ""), ANSIBLE_COLLECTIONS_PATH=self.collections,
                   CLOUDFLEET_TEST_COLLECTIONS=self.collections, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
                   NO_COLOR="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
        return env

    def run(self, name, command, no_warnings=False):
        """Run one step with its output in logs/<name>.log; fail on a non-zero exit (or, with ``no_warnings``, on
        a warning in the output)."""
        log = os.path.join(self.logs, "%s.log" % name)
        started = time.monotonic()
        with open(log, "w", encoding="utf-8") as handle:
            handle.write("$ %s\n" % " ".join(command))
            handle.flush()
            try:
                result = subprocess.run(command, cwd=REPO_ROOT, env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, timeout=STEP_TIMEOUT, check=False)
                output, returncode = result.stdout, result.returncode
            except subprocess.TimeoutExpired as error:
                output, returncode = (error.stdout or b"").decode("utf-8", "replace") + "\ntimed out\n", -1
            handle.write(output)
        step = {"name": name, "command": command, "returncode": returncode, "seconds": round(time.monotonic() - started, 1),
                "log": os.path.relpath(log, REPO_ROOT)}
        self.steps.append(step)
        if returncode != 0:
            step["problem"] = "exited %d" % returncode
            step["tail"] = output.splitlines()[-25:]
        elif no_warnings:
            warnings = [line for line in output.splitlines() if WARNING.search(line)]
            if warnings:
                step["problem"] = "warned"
                step["tail"] = warnings[:25]
        if "problem" in step:
            raise StepFailed(step)
        return output

    def prepare_venv(self, interpreter):
        """The leg's virtual environment with its requirements, made anew when they (or the Python) changed."""
        wanted = hashlib.sha256()
        for path in [requirements_file(self.minor)] + sorted(glob.glob(os.path.join(REQUIREMENTS, "*.txt"))):
            with open(path, "rb") as handle:
                wanted.update(handle.read())
        wanted.update(os.path.realpath(interpreter).encode())
        stamp = os.path.join(self.venv, ".requirements")
        if os.path.exists(stamp):
            with open(stamp, encoding="utf-8") as handle:
                if handle.read() == wanted.hexdigest():
                    return
        shutil.rmtree(self.venv, ignore_errors=True)
        self.run("venv", [interpreter, "-m", "venv", self.venv])
        self.run("pip", [os.path.join(self.bin, "python"), "-m", "pip", "install", "--quiet", "-r", requirements_file(self.minor)])
        with open(stamp, "w", encoding="utf-8") as handle:
            handle.write(wanted.hexdigest())

    def check_release(self):
        output = self.run("ansible-version", [os.path.join(self.bin, "ansible"), "--version"])
        match = re.search(r"core ([0-9][^\]\s]*)", output)
        if not match or match.group(1) != self.release:
            raise StepFailed({"name": "ansible-version", "problem": "ansible-core %s instead of %s"
                              % (match.group(1) if match else "unknown", self.release)})

    def build_and_install(self):
        dist = os.path.join(self.dir, "dist")
        shutil.rmtree(dist, ignore_errors=True)
        shutil.rmtree(self.collections, ignore_errors=True)
        self.run("build", [os.path.join(self.bin, "ansible-galaxy"), "collection", "build", "--force", "--output-path", dist, "."])
        tarballs = glob.glob(os.path.join(dist, "cloudfleet-openstack-*.tar.gz"))
        if len(tarballs) != 1:
            raise StepFailed({"name": "build", "problem": "%d tarballs in %s" % (len(tarballs), dist)})
        self.run("install", [os.path.join(self.bin, "ansible-galaxy"), "collection", "install", "--force", "-p", self.collections, tarballs[0]])

    def ansible_doc(self):
        for kind, name in plugins():
            self.run("ansible-doc-%s" % name.rsplit(".", 1)[1] + ("-inventory" if kind == "inventory" else ""),
                     [os.path.join(self.bin, "ansible-doc"), "-t", kind, name], no_warnings=True)

    def demo(self):
        simulators = [os.path.join(self.bin, "python"), "-m", "tests.simulator.run"]
        self.run("demo-playbooks", simulators + ["--delay", "0.2", "--", os.path.join(self.bin, "ansible-playbook")] + list(DEMO_PLAYBOOKS))
        inventories = []
        for inventory in DEMO_INVENTORIES:
            inventories += ["-i", inventory]
        self.run("demo-inventory", simulators + ["--instances", "12", "--", os.path.join(self.bin, "ansible-inventory")] + inventories + ["--graph"])

    def tests(self):
        paths = FULL_TESTS if self.suite == "full" else SMOKE_TESTS
        self.run("pytest", [os.path.join(self.bin, "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"] + list(paths))

    def execute(self):
        started = time.monotonic()
        shutil.rmtree(self.logs, ignore_errors=True)
        os.makedirs(self.logs)
        failure = None
        interpreter = find_python(self.python)
        try:
            if interpreter is None:
                raise StepFailed({"name": "python", "problem": "no Python %s found (python%s on PATH or a pyenv version)"
                                  % (self.python, self.python)})
            for action in (lambda: self.prepare_venv(interpreter), self.check_release, self.build_and_install,
                           self.ansible_doc, self.demo, self.tests):
                action()
        except StepFailed as error:
            failure = error.args[0]
        summary = {"ansible_core": self.release, "python": self.python, "interpreter": interpreter, "suite": self.suite,
                   "result": "failed" if failure else "passed", "seconds": round(time.monotonic() - started, 1),
                   "steps": self.steps}
        if failure:
            summary["failure"] = failure
        with open(os.path.join(self.dir, "summary.json"), "w", encoding="utf-8") as handle:
            json.dump(summary, handle, indent=2)
            handle.write("\n")
        return summary


def describe(summary):
    line = "ansible-core %-8s Python %-5s %-6s %-7s %6.1fs" % (
        summary["ansible_core"], summary["python"], summary["suite"], summary["result"], summary["seconds"])
    failure = summary.get("failure")
    if failure:
        line += "  %s: %s%s" % (failure["name"], failure["problem"], "  (%s)" % failure["log"] if "log" in failure else "")
        for tail in failure.get("tail", [])[-10:]:
            line += "\n    " + tail
    return line


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.matrix.run", description=__doc__.splitlines()[0])
    parser.add_argument("--leg", action="append", choices=[leg[0] for leg in LEGS],
                        help="run only this ansible-core minor release (repeatable; default: every leg)")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MATRIX_JOBS", DEFAULT_JOBS)),
                        help="legs run at once (default: MATRIX_JOBS or %d)" % DEFAULT_JOBS)
    parser.add_argument("--readme-table", action="store_true", help="print README.md's \"Tested with\" table and exit")
    args = parser.parse_args(argv)
    if args.readme_table:
        sys.stdout.write(readme_table())
        return 0
    legs = [Leg(*leg) for leg in LEGS if not args.leg or leg[0] in args.leg]
    os.makedirs(MATRIX_DIR, exist_ok=True)
    started = time.monotonic()
    printing = threading.Lock()

    def execute(leg):
        summary = leg.execute()
        with printing:
            print(describe(summary), flush=True)
        return summary

    order = sorted(legs, key=lambda leg: leg.suite != "full")
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        done = dict(zip([leg.minor for leg in order], pool.map(execute, order)))
    summaries = [done[leg.minor] for leg in legs]
    failed = [summary for summary in summaries if summary["result"] != "passed"]
    total = round(time.monotonic() - started, 1)
    print("%d of %d legs passed in %.1fs" % (len(summaries) - len(failed), len(summaries), total), flush=True)
    with open(os.path.join(MATRIX_DIR, "summary.json"), "w", encoding="utf-8") as handle:
        json.dump({"result": "failed" if failed else "passed", "seconds": total,
                   "legs": [dict((key, summary[key]) for key in ("ansible_core", "python", "suite", "result", "seconds"))
                            for summary in summaries]}, handle, indent=2)
        handle.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
