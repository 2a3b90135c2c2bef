"""The real Waldur server, started for the contract suite: database, schema, staff user, ORM control process, API.

``RealWaldur().start()`` brings it all up (timing each step in ``timings``); ``stop()`` ends every process it
started, by PID, and removes its directories; it is safe to call after a failed ``start()``.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

from .install import SetupError, server_venv
from .ports import free_port, wait_for_http
from .postgres import PostgresCluster
from .processes import stop_pid

SERVER_SIDE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "server_side")
STAFF_USER = "demo-user"
STAFF_PASSWORD = "contract-suite-password"  # nosec - a throwaway server on 127.0.0.1


class OrmControl:
    """The long-lived Django process of server_side/control.py: one JSON command per line, one answer per line."""

    def __init__(self, python, env, log_path):
        self.log = open(log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen([python, os.path.join(SERVER_SIDE, "control.py")], env=env, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.log, text=True, start_new_session=True)
        ready = self.process.stdout.readline()
        if not ready:
            raise SetupError("the ORM control process exited at start (%s)" % log_path)

    def call(self, op, **arguments):
        self.process.stdin.write(json.dumps(dict(arguments, op=op)) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the ORM control process died")
        answer = json.loads(line)
        if not answer["ok"]:
            raise RuntimeError("%s failed on the server: %s\n%s" % (op, answer["error"], answer["traceback"]))
        return answer["result"]

    def stop(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            stop_pid(self.process.pid)
        self.log.close()


class RealWaldur:
    def __init__(self, log=print):
        self.log = log
        self.timings = {}
        self.workdir = None
        self.postgres = None
        self.api = None
        self.api_log = None
        self.control = None
        self.url = None
        self.token = None
        self.venv = None

    def _step(self, name, function, *args):
        started = time.monotonic()
        result = function(*args)
        self.timings[name] = round(time.monotonic() - started, 1)
        self.log("real Waldur: %s took %.1f s" % (name, self.timings[name]))
        return result

    def env(self, **extra):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV", "DJANGO"))}
        env.update(PATH=os.path.join(self.venv, "bin") + os.pathsep + env.get("PATH", ""), PYTHONPATH=SERVER_SIDE,
                   DJANGO_SETTINGS_MODULE="waldur_contract_settings", LC_ALL="C.UTF-8", WALDUR_CONTRACT_DIR=self.workdir,
                   WALDUR_CONTRACT_DB_PORT=str(self.postgres.port), WALDUR_CONTRACT_DB_USER=self.postgres.user)
        env.update(extra)
        return env

    def waldur(self, *args, **extra_env):
        command = [os.path.join(self.venv, "bin", "waldur")] + list(args)
        result = subprocess.run(command, env=self.env(**extra_env), capture_output=True, text=True, check=False, cwd=self.workdir)
        if result.returncode:
            raise SetupError("waldur %s failed (%d): %s" % (" ".join(args), result.returncode, (result.stdout + result.stderr)[-4000:]))
        return result

    def start(self):
        started = time.monotonic()
        self.venv = self._step("install", server_venv, self.log)
        self.workdir = tempfile.mkdtemp(prefix="waldur-contract-")
        self.postgres = self._step("postgres", PostgresCluster().start)
        self.postgres.createdb("waldur")
        self._step("schema", lambda: self.waldur("migrate", "--run-syncdb", "--noinput", WALDUR_CONTRACT_NO_MIGRATIONS="1"))
        # The API and the ORM process each take seconds to import Django and the apps: start both, then wait.
        self._start_api()
        self.control = self._step("orm-control", OrmControl, os.path.join(self.venv, "bin", "python"), self.env(),
                                  os.path.join(self.workdir, "control.log"))
        self.control.call("create_staff_user", username=STAFF_USER, password=STAFF_PASSWORD, email=STAFF_USER + "@demo.example")
        self._step("api", self._wait_for_api)
        self.token = self._obtain_token()
        self.timings["total"] = round(time.monotonic() - started, 1)
        return self

    def _start_api(self):
        port = free_port()
        self.api_log = open(os.path.join(self.workdir, "runserver.log"), "w", encoding="utf-8")
        self.api = subprocess.Popen([os.path.join(self.venv, "bin", "waldur"), "runserver", "--noreload", "127.0.0.1:%d" % port],
                                    env=self.env(), stdout=self.api_log, stderr=subprocess.STDOUT, cwd=self.workdir,
                                    start_new_session=True)
        self.url = "http://127.0.0.1:%d" % port

    def _wait_for_api(self):
        if not wait_for_http(self.url + "/api/version/", 120, alive=lambda: self.api.poll() is None):
            raise SetupError("the Waldur API did not answer on %s; its log:\n%s" % (self.url, self.tail_log()))

    def tail_log(self):
        with open(os.path.join(self.workdir, "runserver.log"), encoding="utf-8", errors="replace") as handle:
            return handle.read()[-4000:]

    def _obtain_token(self):
        body = urllib.parse.urlencode({"username": STAFF_USER, "password": STAFF_PASSWORD}).encode()
        with urllib.request.urlopen(urllib.request.Request(self.url + "/api-auth/password/", data=body), timeout=30) as answer:
            return json.loads(answer.read())["token"]

    def seed(self, world):
        return self._step("seed", lambda: self.control.call("seed", world=world))

    def stop(self):
        if self.api is not None:
            stop_pid(self.api.pid)
            self.api_log.close()
            self.api = None
        if self.control is not None:
            self.control.stop()
            self.control = None
        if self.postgres is not None:
            self.postgres.stop()
            self.postgres = None
        if self.workdir and not os.environ.get("WALDUR_CONTRACT_KEEP"):
            shutil.rmtree(self.workdir, ignore_errors=True)
