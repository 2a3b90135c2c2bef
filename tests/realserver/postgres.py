"""A throwaway PostgreSQL cluster under a temporary directory, on a free port, stopped by the PID it records.

PostgreSQL refuses to run as root, so as root the cluster is owned by and run as the ``postgres`` system user (the
Debian package creates it); otherwise it runs as the current user.
"""

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile

from .ports import free_port
from .processes import stop_pid


def postgres_bindir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin")
    return os.path.dirname(found[-1])


class PostgresCluster:
    """``start()`` creates the cluster in a new directory under the system temporary directory (a pytest
    temporary directory is private to root, so the ``postgres`` user could not enter it); ``stop()`` removes it."""

    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="waldur-postgres-")
        self.data = os.path.join(self.directory, "data")
        self.socket_dir = self.directory
        self.log_path = os.path.join(self.directory, "postgres.log")
        self.bindir = postgres_bindir()
        self.port = None
        self.pid = None
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *args):
        kwargs = {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}
        result = subprocess.run([os.path.join(self.bindir, args[0])] + list(args[1:]), capture_output=True, text=True,
                                check=False, cwd=self.directory, **kwargs)
        if result.returncode:
            raise RuntimeError("%s failed (%d): %s%s" % (args[0], result.returncode, result.stdout[-1500:], result.stderr[-1500:]))
        return result

    def start(self):
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
        self._run("initdb", "-D", self.data, "-U", self.user, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        self.port = free_port()
        options = "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" % (
            self.port, self.socket_dir)
        self._run("pg_ctl", "-D", self.data, "-l", self.log_path, "-o", options, "-w", "-t", "60", "start")
        self.pid = self._read_pid()
        return self

    def _read_pid(self):
        with open(os.path.join(self.data, "postmaster.pid"), encoding="utf-8") as handle:
            return int(handle.readline())

    def createdb(self, name):
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name)

    def stop(self):
        """Stop the postmaster by the PID it wrote: fast shutdown, then SIGKILL if it lingers."""
        if self.pid is not None:
            pid, self.pid = self.pid, None
            stop_pid(pid, signal.SIGINT)
        shutil.rmtree(self.directory, ignore_errors=True)

    def database_settings(self, name):
        return {"ENGINE": "django.db.backends.postgresql", "NAME": name, "USER": self.user, "HOST": "127.0.0.1",
                "PORT": str(self.port)}
