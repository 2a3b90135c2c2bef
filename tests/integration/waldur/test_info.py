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


def tls_simulator(directory, token, **certificate):
    cert, key = write_self_signed(directory, **certificate)
    simulator = WaldurSimulator(token=token, delay=0.05, instances=650, tls_cert=cert, tls_key=key)
    simulator.start()
    return simulator, cert


@pytest.fixture(scope="module")
def tls_waldurs(tmp_path_factory, waldur):
    """Three HTTPS simulators, each with its own CA file: a good certificate, an expired one, one for another name."""
    kinds = {"tls": {}, "expired": {"expired": True}, "mismatch": {"host": None, "dns_names": ("waldur.other.example",)}}
    started = {}
    try:
        for kind, certificate in kinds.items():
            started[kind] = tls_simulator(tmp_path_factory.mktemp(kind), waldur.token, **certificate)
        yield dict((kind, (simulator.url, cert)) for kind, (simulator, cert) in started.items())
    finally:
        for simulator, _cert in started.values():
            simulator.stop()


def test_connection_errors(waldur, tls_waldurs):
    tls_url, ca = tls_waldurs["tls"]
    assert tls_url.startswith("https://")
    extra = {
        "wrong_token": "definitely-not-the-token-%s" % os.getpid(),
        "unreachable_url": "http://127.0.0.1:%d/" % free_port(),
        "tls_url": tls_url,
        "tls_ca": ca,
        "expired_url": tls_waldurs["expired"][0],
        "expired_ca": tls_waldurs["expired"][1],
        "mismatch_url": tls_waldurs["mismatch"][0],
        "mismatch_ca": tls_waldurs["mismatch"][1],
    }
    args = []
    for key, value in extra.items():
        args += ["-e", "%s=%s" % (key, value)]
    mark = waldur.log.mark()
    waldur.playbook("waldur_connection_errors.yml", *args, check=True)
    assert waldur.log.mutating_since(mark) == []


def test_an_inventory_without_certificate_checks_warns_once_in_its_own_words(waldur, tls_waldurs):
    tls_url, _ca = tls_waldurs["tls"]
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "inventory", "unverified.waldur.yml")
    result = waldur.inventory(source, "--list", env={"WALDUR_API_URL": tls_url + "/api/"}, check=True)
    output = " ".join(result.stderr.split())
    assert output.count("Waldur inventory: validate_certs=false: the server's TLS certificate is not checked") == 1, output
    assert "InsecureRequestWarning" not in output and "Unverified HTTPS request" not in output, output
