"""The generic server core: keep-alive, request log, fault injection, TLS, the scheduler; and the command line."""

import json
import os
import signal
import subprocess
import sys
from http.client import HTTPConnection

import pytest
import requests

from tests.simulator.engine import Scheduler
from tests.simulator.waldur import WaldurSimulator
from tests.tools.certificates import write_self_signed

from .support import TOKEN, Http

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def test_keep_alive_serves_several_requests_on_one_connection(sim):
    connection = HTTPConnection(sim.server.host, sim.port, timeout=5)
    for _attempt in range(3):
        connection.request("GET", "/api/projects/", headers={"Authorization": "Token " + TOKEN})
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200 and int(response.getheader("Content-Length")) == len(body)
    connection.request("POST", "/api/openstack-instances/", body=b"{}", headers={"Authorization": "Token " + TOKEN})
    response = connection.getresponse()
    assert (response.status, json.loads(response.read())) == (405, {"detail": 'Method "POST" not allowed.'})
    connection.close()


def test_port_zero_reports_the_bound_port(sim):
    assert sim.port > 0 and sim.url == "http://127.0.0.1:%d" % sim.port


def test_request_log(tmp_path):
    log = tmp_path / "requests.jsonl"
    with WaldurSimulator(port=0, request_log=str(log)) as simulator:
        http = Http(simulator.url)
        http.get("/api/projects/", name="Demo")
        Http(simulator.url, token="bad").get("/api/customers/")
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(line["method"], line["path"], line["query"], line["status"]) for line in lines] == [
        ("GET", "/api/projects/", "name=Demo", 200), ("GET", "/api/customers/", "", 401)]
    assert all(isinstance(line["ts"], float) for line in lines)


def test_request_log_holds_bodies_and_the_user_agent(tmp_path):
    log = tmp_path / "requests.jsonl"
    with WaldurSimulator(port=0, request_log=str(log)) as simulator:
        http = Http(simulator.url)
        http.session.headers["User-Agent"] = "probe/1"
        http.post("/api/marketplace-orders/", {"project": "x"})
        http("POST", "/api/openstack-volumes/0/detach/")
    first, second = [json.loads(line) for line in log.read_text().splitlines()]
    assert (first["body"], first["agent"]) == ({"project": "x"}, "probe/1")
    assert "body" not in second


def test_traffic_dir_gets_a_copy_of_every_request_log(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMULATOR_TRAFFIC_DIR", str(tmp_path / "traffic"))
    with WaldurSimulator(port=0) as simulator:
        Http(simulator.url).get("/api/projects/")
    (copy,) = (tmp_path / "traffic").glob("waldur-8-*.jsonl")
    assert [json.loads(line)["path"] for line in copy.read_text().splitlines()] == ["/api/projects/"]


def test_faults_fail_the_next_matching_requests(http):
    rule = {"method": "GET", "path_regex": "^/api/projects/", "status": 503, "count": 2, "retry_after": 1,
            "body": {"detail": "Try later."}}
    assert http.post("/_sim/faults", rule).status_code == 201
    for _attempt in range(2):
        response = http.get("/api/projects/")
        assert (response.status_code, response.headers["Retry-After"], response.json()) == (503, "1", {"detail": "Try later."})
    assert http.get("/api/projects/").status_code == 200
    assert http.ok("/_sim/faults") == []


def test_faults_only_hit_their_method_and_path_and_can_be_cleared(http):
    http.post("/_sim/faults", {"method": "POST", "path_regex": "/terminate/", "status": 500, "count": 5})
    assert http.get("/api/projects/").status_code == 200
    assert len(http.ok("/_sim/faults")) == 1
    assert http("DELETE", "/_sim/faults").status_code == 204
    assert http.ok("/_sim/faults") == []


def test_dropped_connection(http):
    http.post("/_sim/faults", {"path_regex": "^/api/customers/", "drop_connection": True, "count": 1})
    with pytest.raises(requests.ConnectionError):
        http.session.get(http.base_url + "/api/customers/", timeout=5, headers={"Connection": "close"})
    assert http.get("/api/customers/").status_code == 200


def test_tls(tmp_path):
    cert, key = write_self_signed(tmp_path)
    with WaldurSimulator(port=0, tls_cert=cert, tls_key=key) as simulator:
        assert simulator.url.startswith("https://127.0.0.1:")
        response = requests.get(simulator.url + "/api/projects/", headers={"Authorization": "Token " + TOKEN},
                                verify=cert, timeout=5)
        assert response.status_code == 200
        assert response.json()[0]["url"].startswith(simulator.url + "/api/projects/")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(simulator.url + "/api/projects/", timeout=5)


def test_scheduler_chains_from_scheduled_times():
    now = [100.0]
    scheduler = Scheduler(delay=2, clock=lambda: now[0])
    ran = []

    def first(ts):
        ran.append(("first", ts))
        scheduler.later(lambda due: ran.append(("second", due)), base=ts)

    scheduler.later(first)
    scheduler.advance()
    assert not ran
    now[0] = 150.0
    scheduler.advance()
    assert ran == [("first", 102.0), ("second", 104.0)]
    assert scheduler.pending() == 0


def test_command_line_prints_its_url_and_stops_on_sigterm(tmp_path):
    log = tmp_path / "requests.jsonl"
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, "-m", "tests.simulator.waldur", "--port", "0", "--delay", "0", "--token", "cli-token",
         "--request-log", str(log)], cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline().strip()
        assert line.startswith("Waldur simulator listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        response = requests.get(url + "/api/projects/", headers={"Authorization": "Token cli-token"}, timeout=5)
        assert response.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    assert process.stdout.read() == ""
    assert process.stderr.read() == ""
    assert json.loads(log.read_text().splitlines()[0])["status"] == 200


def test_command_line_help_documents_every_flag():
    result = subprocess.run([sys.executable, "-m", "tests.simulator.waldur", "--help"], cwd=REPO_ROOT,
                            capture_output=True, text=True, check=True)
    for flag in ("--host", "--port", "--token", "--delay", "--instances", "--tls-cert", "--tls-key", "--request-log", "--latency",
                 "--max-concurrent"):
        assert flag in result.stdout
