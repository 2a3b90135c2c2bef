"""The ansible-core matrix of ``make matrix`` (tests/matrix/run.py): its legs, their pinned requirements and the
README's "Tested with" table agree."""

import os
import re

import yaml

from tests.matrix import run

REQUIREMENTS = os.path.join(run.REPO_ROOT, "requirements")


def pins(path):
    """``name==version`` lines of a requirements file, as a dict."""
    with open(path, encoding="utf-8") as handle:
        return dict(line.strip().split("==", 1) for line in handle if "==" in line and not line.startswith("#"))


def includes(path):
    with open(path, encoding="utf-8") as handle:
        return [line.split()[1] for line in handle if line.startswith("-r ")]


def test_every_leg_pins_a_release_of_its_minor_and_the_requirements_of_its_run():
    for minor, _python, suite in run.LEGS:
        path = run.requirements_file(minor)
        assert re.match(r"^%s\.[0-9]+$" % re.escape(minor), pins(path)["ansible-core"]), path
        assert run.pinned_release(minor) == pins(path)["ansible-core"]
        assert includes(path) == ["%s.txt" % suite], path
        assert suite in run.SUITES


def test_no_requirements_file_without_a_leg():
    legs = set("ansible-core-%s.txt" % minor for minor, _python, _suite in run.LEGS)
    found = set(name for name in os.listdir(run.REQUIREMENTS) if name.startswith("ansible-core-"))
    assert found == legs


def test_the_legs_are_in_order_with_the_oldest_and_the_newest_running_everything():
    minors = [tuple(int(part) for part in minor.split(".")) for minor, _python, _suite in run.LEGS]
    assert minors == sorted(set(minors))
    assert run.LEGS[0][2] == "full" and run.LEGS[-1][2] == "full"


def test_the_oldest_leg_is_the_oldest_ansible_core_the_collection_accepts():
    with open(os.path.join(run.REPO_ROOT, "meta", "runtime.yml"), encoding="utf-8") as handle:
        requires = yaml.safe_load(handle)["requires_ansible"]
    assert requires == ">=%s.0" % run.LEGS[0][0]


def test_the_shared_pins_are_those_of_the_main_requirements():
    main = pins(os.path.join(REQUIREMENTS, "runtime.txt"))
    main.update(pins(os.path.join(REQUIREMENTS, "test.txt")))
    for name in ("smoke.txt", "full.txt"):
        for package, version in pins(os.path.join(run.REQUIREMENTS, name)).items():
            assert main.get(package) == version, "%s: %s==%s" % (name, package, version)


def test_the_smoke_tests_exist():
    for path in run.SMOKE_TESTS + run.FULL_TESTS:
        test_file, _sep, test_name = path.partition("::")
        assert os.path.exists(os.path.join(run.REPO_ROOT, test_file)), path
        if test_name:
            with open(os.path.join(run.REPO_ROOT, test_file), encoding="utf-8") as handle:
                assert "\ndef %s(" % test_name.partition("[")[0] in handle.read(), path


def test_every_module_and_inventory_plugin_gets_ansible_doc():
    names = run.plugins()
    assert ("inventory", "cloudfleet.openstack.waldur") in names and ("inventory", "cloudfleet.openstack.gcore") in names
    modules = set(name for kind, name in names if kind == "module")
    files = [name for name in os.listdir(os.path.join(run.REPO_ROOT, "plugins", "modules")) if name.endswith(".py")]
    assert modules == set("cloudfleet.openstack." + name[:-3] for name in files if name != "__init__.py")


def test_the_readme_table_is_the_matrix():
    with open(os.path.join(run.REPO_ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    section = readme.split("\n## Tested with\n", 1)[1].split("\n## ", 1)[0]
    table = "".join(line + "\n" for line in section.splitlines() if line.startswith("|"))
    assert table == run.readme_table(), "README.md's table should be:\n" + run.readme_table()
