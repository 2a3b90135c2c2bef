"""Running real ansible-playbook / ansible-inventory processes against a simulator, and reading its request log.

The collection under test is the installed one (``make install`` puts it into .build/collections), exactly as a
user would get it from the built artifact; ``CLOUDFLEET_TEST_COLLECTIONS`` names another collections path to test
the collection installed there (``make matrix`` does, for each ansible-core it tests with). Ansible is the one next
to the Python running the tests.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
COLLECTIONS = os.path.abspath(os.environ.get("CLOUDFLEET_TEST_COLLECTIONS") or os.path.join(REPO_ROOT, ".build", "collections"))
# Playbooks that try both providers; each provider's own are in tests/integration/<provider>/playbooks.
PLAYBOOKS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "playbooks")
MUTATING = ("POST", "PUT", "PATCH", "DELETE")
# Object ids in request paths, replaced so a test can state the expected sequence: Gcore's dashed UUIDs, Waldur's hex.
DASHED_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
HEX_UUID = re.compile(r"[0-9a-f]{32}")


def ansible_bin(name):
    local = os.path.join(os.path.dirname(sys.executable), name)
    return local if os.path.exists(local) else shutil.which(name)


def free_port():
    """A localhost port nothing listens on (for an unreachable API)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def extra_vars(**values):
    """``-e key=value`` arguments for ansible-playbook."""
    args = []
    for key, value in values.items():
        args += ["-e", "%s=%s" % (key, value)]
    return args


def collection_installed():
    return os.path.isdir(os.path.join(COLLECTIONS, "ansible_collections", "cloudfleet", "openstack"))


class RequestLog:
    """The simulator's request log: one JSON object per line (method, path, query, status)."""

    def __init__(self, path):
        self.path = path

    def entries(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def mark(self):
        return len(self.entries())

    def since(self, mark):
        return self.entries()[mark:]

    def mutating_since(self, mark):
        return [e for e in self.since(mark) if e["method"] in MUTATING and not e["path"].startswith("/_sim/")]

    def mutating_answers(self, mark):
        """The changing requests since ``mark`` as ``METHOD /path STATUS`` lines, the paths as sent."""
        return ["%s %s %d" % (entry["method"], entry["path"], entry["status"]) for entry in self.mutating_since(mark)]

    def mutating_requests(self, mark):
        """The changing requests since ``mark`` as ``METHOD /path`` lines, ids as ``<id>`` (Gcore) or ``<uuid>``
        (Waldur), and a DELETE's query kept (Gcore deletes say in it what goes with the instance)."""
        lines = []
        for entry in self.mutating_since(mark):
            path = HEX_UUID.sub("<uuid>", DASHED_UUID.sub("<id>", entry["path"]))
            query = entry.get("query") if entry["method"] == "DELETE" else ""
            lines.append("%s %s%s" % (entry["method"], path, "?" + query if query else ""))
        return lines


class Simulated:
    """A started simulator plus the means to run Ansible against it. ``credentials`` maps environment variables
    (``WALDUR_API_URL``...) to values; ``playbooks`` is the directory playbooks are named relative to."""

    def __init__(self, simulator, log, credentials, playbooks=PLAYBOOKS):
        self.simulator = simulator
        self.url = simulator.url
        self.token = simulator.token
        self.log = log
        self.credentials = credentials
        self.playbooks = playbooks

    def env(self, **extra):
        env = dict(os.environ)
        env.update(
            ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_FORCE_COLOR="0",
            ANSIBLE_RETRY_FILES_ENABLED="0",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        )
        env.update(self.credentials)
        env.update(extra)
        return env

    def run(self, command, env=None, check=None):
        """Run an Ansible command; with ``check`` set, fail unless its success matches ``check``."""
        result = subprocess.run(command, env=self.env(**(env or {})), capture_output=True, text=True, timeout=600, check=False)
        if check is not None and (result.returncode == 0) != check:
            raise AssertionError("%s exited %d\nSTDOUT:\n%s\nSTDERR:\n%s"
                                 % (" ".join(command[:3]), result.returncode, result.stdout[-6000:], result.stderr[-3000:]))
        return result

    def playbook(self, name, *args, env=None, check=None):
        return self.run([ansible_bin("ansible-playbook"), os.path.join(self.playbooks, name)] + list(args), env, check)

    def inventory(self, source, *args, env=None, check=None):
        return self.run([ansible_bin("ansible-inventory"), "-i", source] + list(args), env, check)
