"""``python -m tests.simulator.gcore``: one line with the URL, then serving until SIGTERM."""

import os
import signal
import subprocess
import sys

import requests

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def test_cli_serves_and_stops_on_sigterm():
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "tests.simulator.gcore", "--port", "0", "--token", "cli-key", "--instances", "10", "--delay", "0"],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("Gcore simulator listening on http://127.0.0.1:")
        url = line.split()[-1]
        response = requests.get(url + "/cloud/v1/instances/1/77", headers={"Authorization": "APIKey cli-key"}, timeout=10)
        assert response.status_code == 200 and response.json()["count"] > 0
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stdout.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def test_cli_rejects_a_key_without_a_certificate():
    result = subprocess.run([sys.executable, "-m", "tests.simulator.gcore", "--tls-key", "key.pem"], cwd=REPO_ROOT,
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 2 and "go together" in result.stderr
