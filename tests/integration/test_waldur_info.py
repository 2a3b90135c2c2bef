"""The waldur_*_info modules, run by ansible-playbook against the Waldur simulator over HTTP(S)."""

import os
import socket

import pytest

from tests.simulator.waldur import WaldurSimulator
from tests.tools.certificates import write_self_signed


def test_info_modules(waldur):
    mark = waldur.log.mark()
    waldur.playbook("waldur_info.yml", check=True)
    assert waldur.log.mutating_since(mark) == []


def test_info_modules_in_check_mode(waldur):
    mark = waldur.log.mark()
    waldur.playbook("waldur_info.yml", "--check", check=True)
    assert waldur.log.mutating_since(mark) == []


def test_order_by_sorts_the_same_on_both_generations_and_sends_no_o(waldur_generations):
    waldur = waldur_generations
    mark = waldur.log.mark()
    waldur.playbook("waldur_info_order.yml", check=True)
    requests = waldur.log.since(mark)
    listed = [r for r in requests if r["path"] in ("/api/openstack-instances/", "/api/openstack-volumes/")]
    assert listed and all(r["status"] == 200 for r in requests), requests
    assert not [r for r in requests if "&o=" in "&" + r["query"]], requests


def test_listing_reads_every_page_once(waldur):
    mark = waldur.log.mark()
    waldur.playbook("waldur_info_paging.yml", check=True)
    requests = waldur.log.since(mark)
    pages = [r for r in requests if r["path"] == "/api/openstack-instances/"]
    assert len(pages) == 3, pages
    assert all(r["status"] == 200 for r in requests)
    assert "page_size=300" in pages[0]["query"]


def test_order_by_sorts_the_results(waldur):
    mark = waldur.log.mark()
    waldur.playbook("waldur_info_order_by.yml", check=True)
    assert waldur.log.mutating_since(mark) == []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def tls_waldur(tmp_path_factory, waldur):
    cert, key = write_self_signed(tmp_path_factory.mktemp("tls"))
    simulator = WaldurSimulator(token=waldur.token, delay=0.05, instances=650, tls_cert=cert, tls_key=key)
    simulator.start()
    try:
        yield simulator.url, cert
    finally:
        simulator.stop()


def test_connection_errors(waldur, tls_waldur):
    tls_url, ca = tls_waldur
    assert tls_url.startswith("https://")
    extra = {
        "wrong_token": "definitely-not-the-token-%s" % os.getpid(),
        "unreachable_url": "http://127.0.0.1:%d/" % free_port(),
        "tls_url": tls_url,
        "tls_ca": ca,
    }
    args = []
    for key, value in extra.items():
        args += ["-e", "%s=%s" % (key, value)]
    mark = waldur.log.mark()
    waldur.playbook("waldur_connection_errors.yml", *args, check=True)
    assert waldur.log.mutating_since(mark) == []
