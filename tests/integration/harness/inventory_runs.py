"""Running an inventory plugin's configuration files through ansible-inventory and reading what comes out."""

import json
import os

FAILED_SOURCE_IS_AN_ERROR = {"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"}


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

    def failure(self, sim, name, **env):
        """The error output, on one line, of a run of one file that must fail."""
        env.update(FAILED_SOURCE_IS_AN_ERROR)
        result = sim.inventory(self.path(name), "--list", env=env, check=False)
        assert result.returncode != 0
        return " ".join(result.stderr.split())
