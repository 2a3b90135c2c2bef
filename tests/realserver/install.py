"""The real Waldur server's installation: its Debian packages and its own virtual environment, cached by content.

The sources (the server tarball, its one dependency fork and the pins of every other dependency) are looked up in
``$WALDUR_SERVER_SOURCES``, else in ``tests/realserver/vendor/waldur-mastermind`` (the copy in this repository, so a
clean clone has them), else in ``shared/vendor/waldur-mastermind`` beside the checkout or one of its parents.
The virtual environment lives under ``$WALDUR_SERVER_CACHE`` (default ``~/.cache/cloudfleet-openstack``), in a
directory named by a hash of those sources and of the Python it is built with, so a change of pins builds a new one.
"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE_SUBDIR = os.path.join("shared", "vendor", "waldur-mastermind")
VENDORED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vendor", "waldur-mastermind")
DEBIAN_PACKAGES = ["gcc", "libldap2-dev", "libsasl2-dev", "xmlsec1", "libpq-dev", "postgresql"]
# The server's dependencies support Python 3.10 and 3.11 only.
PYTHONS = ["python3.11", "python3.10"]
COMPLETE_MARKER = ".complete"


class SetupError(RuntimeError):
    """The server cannot be installed or started here; the message says what failed."""


def find_sources():
    configured = os.environ.get("WALDUR_SERVER_SOURCES")
    candidates = ([configured] if configured else []) + [VENDORED]
    directory = REPO_ROOT
    while True:
        candidates.append(os.path.join(directory, SOURCE_SUBDIR))
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for candidate in candidates:
        if os.path.isfile(os.path.join(candidate, "requirements.txt")):
            return candidate
    raise SetupError("the Waldur server sources were not found; set WALDUR_SERVER_SOURCES to the directory holding "
                     "waldur-mastermind-*.tar.gz, django-upload-validator-*.tar.gz and requirements.txt (looked in %s)"
                     % ", ".join(candidates))


def source_files(sources):
    files = [os.path.join(sources, "requirements.txt")]
    files += sorted(glob.glob(os.path.join(sources, "*.tar.gz")))
    return files


def find_python():
    for name in PYTHONS:
        path = shutil.which(name)
        if path:
            return path
    pyenv_root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    for version in ("3.11", "3.10"):
        found = sorted(glob.glob(os.path.join(pyenv_root, "versions", version + ".*", "bin", "python3")))
        if found:
            return found[-1]
    if sys.version_info[:2] in ((3, 10), (3, 11)):
        return sys.executable
    raise SetupError("the Waldur server needs Python 3.10 or 3.11; none was found on PATH or under pyenv")


def python_version(python):
    return subprocess.run([python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], capture_output=True,
                          text=True, check=True).stdout.strip()


def venv_key(sources, python):
    digest = hashlib.sha256(python_version(python).encode())
    for path in source_files(sources):
        with open(path, "rb") as handle:
            digest.update(os.path.basename(path).encode() + b"\0" + handle.read())
    return digest.hexdigest()[:16]


def cache_root():
    return os.environ.get("WALDUR_SERVER_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "cloudfleet-openstack"))


def missing_debian_packages():
    missing = []
    for package in DEBIAN_PACKAGES:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False)
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def install_debian_packages(log):
    if not shutil.which("dpkg-query"):
        return
    missing = missing_debian_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        raise SetupError("Debian packages %s are missing and only root can install them" % " ".join(missing))
    log("installing Debian packages: %s" % " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing):
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode:
            raise SetupError("%s failed (%d): %s" % (" ".join(command), result.returncode, result.stderr[-2000:]))


def run_pip(venv, *args):
    command = [os.path.join(venv, "bin", "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"] + list(args)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise SetupError("%s failed (%d): %s" % (" ".join(command[:8]), result.returncode, (result.stdout + result.stderr)[-3000:]))


def build_venv(sources, python, target, log):
    """Build in place; the marker file is written last, so an interrupted build is never taken as cached."""
    subprocess.run([python, "-m", "venv", target], check=True, capture_output=True)
    run_pip(target, "--upgrade", "pip")
    run_pip(target, "--no-deps", "-r", os.path.join(sources, "requirements.txt"))
    # The server's package metadata names only waldur_mastermind, while its src/ holds waldur_core and the other
    # apps too: an editable install puts all of src/ on the path. So the sources stay, inside the venv.
    unpacked = os.path.join(target, "src")
    os.makedirs(unpacked, exist_ok=True)
    for tarball in sorted(glob.glob(os.path.join(sources, "*.tar.gz"))):
        with tarfile.open(tarball) as archive:
            archive.extractall(unpacked, filter="data")
    for directory in sorted(glob.glob(os.path.join(unpacked, "*"))):
        editable = ["-e"] if os.path.basename(directory).startswith("waldur-mastermind") else []
        run_pip(target, "--no-deps", *editable, directory)
    with open(os.path.join(target, COMPLETE_MARKER), "w", encoding="utf-8") as handle:
        handle.write(python_version(python) + "\n")
    log("server virtual environment built in %s" % target)


def server_venv(log=print):
    """The path of a virtual environment with the server installed, building it when there is none for these sources."""
    started = time.monotonic()
    install_debian_packages(log)
    sources = find_sources()
    python = find_python()
    root = os.path.join(cache_root(), "waldur-server")
    os.makedirs(root, exist_ok=True)
    target = os.path.join(root, "venv-" + venv_key(sources, python))
    if not os.path.exists(os.path.join(target, COMPLETE_MARKER)):
        shutil.rmtree(target, ignore_errors=True)
        log("building the Waldur server's virtual environment (a few minutes on a cold machine)")
        build_venv(sources, python, target, log)
    log("server installation ready after %.1f s" % (time.monotonic() - started))
    return target
