"""Running an inventory plugin's configuration files through ansible-inventory and reading what comes out."""

import json
import os

from ansible.release import __version__ as ANSIBLE_VERSION

FAILED_SOURCE_IS_AN_ERROR = {"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"}
# ansible-core 2.19 keeps a template's type; before, every templated value (a compose expression's) is a string, and
# ansible-inventory has no --flush-cache (ansible-playbook has).
TYPED_TEMPLATES = tuple(int(part) for part in ANSIBLE_VERSION.split(".")[:2]) >= (2, 19)
EMPTY_PLAY = "- hosts: localhost\n  gather_facts: false\n  tasks: []\n"


def composed(value):
    """What a compose expression that evaluates to ``value`` gives the host: ``value`` itself, or before ansible-core
    2.19 its text."""
    return value if TYPED_TEMPLATES else str(value)


def plain(value):
    """``--list`` output with untrusted strings unwrapped: ansible-core 2.19 marks them ``{"__ansible_unsafe": s}``."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def hosts_of(inventory, group):
    return sorted(inventory.get(group, {}).get("hosts", []))


def requests_to(entries, path):
    return [entry for entry in entries if entry["path"] == path]


def cache_texts(directory):
    """The text of every file in an inventory cache directory."""
    texts = []
    for name in sorted(os.listdir(str(directory))):
        with open(os.path.join(str(directory), name), encoding="utf-8") as handle:
            texts.append(handle.read())
    return texts


class InventorySources:
    """The configuration files in ``directory``, run against a simulator (a harness.Simulated)."""

    def __init__(self, directory):
        self.directory = directory

    def path(self, name):
        return os.path.join(self.directory, name)

    def list(self, sim, name, *args, env=None):
        """``ansible-inventory --list`` of one file, parsed; it must succeed and never show the credential."""
        result = sim.inventory(self.path(name), "--list", *args, env=env, check=True)
        assert sim.token not in result.stdout + result.stderr
        return plain(json.loads(result.stdout))

    def refresh(self, sim, name, scratch, env=None):
        """Read one file with the inventory cache flushed (``--flush-cache``): by ``ansible-inventory --list``, or
        before ansible-core 2.19 by an empty play of ``ansible-playbook`` (``scratch`` is a directory for it)."""
        if TYPED_TEMPLATES:
            return self.list(sim, name, "--flush-cache", env=env)
        play = os.path.join(str(scratch), "empty-play.yml")
        with open(play, "w", encoding="utf-8") as handle:
            handle.write(EMPTY_PLAY)
        result = sim.playbook(play, "-i", self.path(name), "--flush-cache", env=env, check=True)
        assert sim.token not in result.stdout + result.stderr
        return None

    def failure(self, sim, name, **env):
        """The error output, on one line, of a run of one file that must fail."""
        env.update(FAILED_SOURCE_IS_AN_ERROR)
        result = sim.inventory(self.path(name), "--list", env=env, check=False)
        assert result.returncode != 0
        return " ".join(result.stderr.split())
