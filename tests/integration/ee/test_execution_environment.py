"""The example execution environment definition, turned into a build context by ``ansible-builder create`` (no
container engine needed), and the build's own dependency step run on the installed collection: the image it builds
installs ``requests``."""

import os
import re
import subprocess
import sys

import yaml

from tests.integration.harness import REPO_ROOT
from tests.integration.harness.runs import COLLECTIONS

DEFINITION = os.path.join(REPO_ROOT, "extensions", "ee", "execution-environment.yml")
BUILDER = os.path.join(os.path.dirname(sys.executable), "ansible-builder")


def runtime_requirements():
    """The requirement lines of the collection's requirements.txt."""
    with open(os.path.join(REPO_ROOT, "requirements.txt")) as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def create_context(tmp_path):
    context = tmp_path / "context"
    subprocess.run([BUILDER, "create", "-f", DEFINITION, "-c", str(context)], check=True, capture_output=True, text=True)
    return context


def test_the_context_installs_the_collection_then_what_it_declares(tmp_path):
    context = create_context(tmp_path)
    assert yaml.safe_load((context / "_build" / "requirements.yml").read_text()) == {"collections": [{"name": "cloudfleet.openstack"}]}
    steps = (context / "Dockerfile").read_text().splitlines()
    install = next(index for index, step in enumerate(steps) if re.match(r"RUN .*ansible-galaxy collection install .*-r requirements.yml", step))
    introspect = next(index for index, step in enumerate(steps) if "introspect.py introspect" in step and "--write-pip=/tmp/src/requirements.txt" in step)
    assemble = next(index for index, step in enumerate(steps) if step.strip() == "RUN /output/scripts/assemble")
    assert install < introspect < assemble
    assert "/tmp/src/requirements.txt" in (context / "_build" / "scripts" / "assemble").read_text()


def test_the_builds_dependency_step_finds_requests_in_the_collection(tmp_path):
    # What the build's introspect step writes for pip, run with the context's own script on the collection as the
    # build's galaxy step installs it.
    context = create_context(tmp_path)
    written = tmp_path / "requirements.txt"
    subprocess.run([sys.executable, str(context / "_build" / "scripts" / "introspect.py"), "introspect",
                    "--write-pip", str(written), COLLECTIONS], check=True, capture_output=True, text=True)
    lines = [line.split("#")[0].strip() for line in written.read_text().splitlines() if line.strip()]
    assert runtime_requirements() == ["requests>=2.32.5"]
    assert lines == runtime_requirements()
