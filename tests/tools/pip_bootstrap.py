"""Install pip into an empty virtual environment from the interpreter's own bundled copy.

ansible-test bootstraps pip in the virtual environments of its sanity tests by running a ``get-pip`` script it
normally downloads from its own file server, passing ``pip install`` arguments. Machines that can reach a package
index but not that server get this stand-in instead: ``ensurepip`` provides a pip, which then installs the
requested versions from the package index.

``python pip_bootstrap.py --install-into-ansible-test-cache`` (run with the Python that has ansible-test) puts this
file where ansible-test looks for its cached copy, unless a copy is already there.
"""

import os
import re
import shutil
import subprocess
import sys

# Options that only the get-pip script understands; pip install would reject them.
BOOTSTRAP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel")
INSTALL_FLAG = "--install-into-ansible-test-cache"


def install_into_cache():
    import ansible_test  # pylint: disable=import-outside-toplevel

    source = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    with open(source, encoding="utf-8") as handle:
        pip_version = re.search(r"pip='([0-9.]+)'", handle.read()).group(1)
    target = os.path.expanduser("~/.ansible/test/cache/get_pip_%s.py" % pip_version.replace(".", "_"))
    if not os.path.exists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.abspath(__file__), target)
    return 0


def bootstrap(arguments):
    # In a process of its own: ensurepip points PIP_CONFIG_FILE at /dev/null in the process that calls it, which
    # would hide the machine's pip configuration (index, certificates) from the install below.
    status = subprocess.call([sys.executable, "-m", "ensurepip", "--upgrade"])
    if status:
        return status
    arguments = [a for a in arguments if a not in BOOTSTRAP_ONLY_OPTIONS]
    return subprocess.call([sys.executable, "-m", "pip", "install"] + arguments)


if __name__ == "__main__":
    sys.exit(install_into_cache() if sys.argv[1:] == [INSTALL_FLAG] else bootstrap(sys.argv[1:]))
