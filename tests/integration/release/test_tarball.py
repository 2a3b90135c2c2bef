"""The collection tarball `make build` writes, as Galaxy would publish it: what users need is in it, what only
developing the collection needs is not."""

import fnmatch
import os
import tarfile

import pytest
import yaml

from tests.integration.harness import REPO_ROOT

# Development only: dotfiles, build and test tooling, pinned requirements, the performance, contract and
# real-server suites.
DEVELOPMENT_ONLY = [".*", "*/.*", "Makefile", "ansible.cfg", "pytest.ini", "requirements/*", "tests/perf/*",
                    "tests/contract/*", "tests/realserver/*", "tests/tools/*", "*.pyc", "*/__pycache__/*"]
FOR_USERS = ["MANIFEST.json", "FILES.json", "README.md", "LICENSE", "requirements.txt", "meta/runtime.yml",
             "meta/execution-environment.yml", "changelogs/changelog.yaml", "docs/awx.md",
             "extensions/awx/credential_types/waldur.yml", "extensions/awx/credential_types/gcore.yml",
             "extensions/ee/execution-environment.yml", "plugins/modules/waldur_instance.py",
             "plugins/inventory/gcore.py", "roles/waldur_server/meta/argument_specs.yml"]


@pytest.fixture(scope="module")
def members():
    with open(os.path.join(REPO_ROOT, "galaxy.yml")) as handle:
        version = yaml.safe_load(handle)["version"]
    path = os.path.join(REPO_ROOT, ".build", "dist", "cloudfleet-openstack-%s.tar.gz" % version)
    with tarfile.open(path) as tarball:
        return [member.name for member in tarball.getmembers() if member.isfile()]


def test_what_users_need_is_in_it(members):
    assert [name for name in FOR_USERS if name not in members] == []


def test_nothing_only_development_needs_is_in_it(members):
    assert [name for name in members if any(fnmatch.fnmatch(name, pattern) for pattern in DEVELOPMENT_ONLY)] == []
