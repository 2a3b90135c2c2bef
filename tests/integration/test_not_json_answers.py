"""A URL that answers HTML (a wrong api_url/base_url, a proxy's error page), tried with real Ansible processes
on modules and inventories of both providers: a clear failure, and no request that changes anything."""

import os

import pytest

from tests.integration.harness import HtmlServer, RequestLog, Simulated

INVENTORIES = os.path.join(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(params=[200, 502], ids=["html-200", "html-502"])
def html_server(request, tmp_path):
    server = HtmlServer(status=request.param).start()
    credentials = {
        "WALDUR_API_URL": server.url + "/api/", "WALDUR_ACCESS_TOKEN": server.token,
        "GCORE_API_KEY": server.token, "GCORE_BASE_URL": server.url, "GCORE_CLOUD_PROJECT_ID": "1",
        "GCORE_CLOUD_REGION_ID": "76",
    }
    try:
        yield server, Simulated(server, RequestLog(str(tmp_path / "unused.jsonl")), credentials)
    finally:
        server.stop()


def test_modules_fail_before_any_mutating_request(html_server):
    server, sim = html_server
    result = sim.playbook("not_json_answers.yml", "-e", "html_url=" + server.url, check=True)
    assert "Traceback" not in result.stdout + result.stderr
    assert server.mutating() == []


@pytest.mark.parametrize("source", ["waldur/inventory/no_retries.waldur.yml", "gcore/inventory/no_retries.gcore.yml"])
def test_inventories_fail_instead_of_coming_back_empty(html_server, source):
    server, sim = html_server
    result = sim.inventory(os.path.join(INVENTORIES, source), "--list",
                           env={"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"}, check=False)
    output = " ".join(result.stderr.split())
    assert result.returncode != 0, result.stdout
    assert "not a JSON answer: got text/html from %s" % server.url in output, output
    assert server.token not in result.stdout + result.stderr
    assert server.mutating() == []
