"""The one harness the integration tests share: real Ansible processes against a simulator and its request log
(``runs``), inventory runs, random faults, an HTML-answering server, and test-side access to each simulator."""

from tests.integration.harness.faults import Faults, assert_recovered
from tests.integration.harness.gcore_api import (
    API_KEY, BENCH_INSTANCES, INSTANCES, PROJECT_ID, REGION_ID, V2_INSTANCES, GcoreApi, credentials as gcore_credentials, started_gcore,
)
from tests.integration.harness.html_server import HtmlServer
from tests.integration.harness.inventory_runs import InventorySources, cache_texts, composed, hosts_of, plain, requests_to
from tests.integration.harness.runs import (
    REPO_ROOT, RequestLog, Simulated, collection_installed, extra_vars, free_port,
)
from tests.integration.harness.waldur_api import TOKEN, WaldurApi, control, started_waldur

__all__ = [
    "Faults",
    "assert_recovered",
    "API_KEY",
    "BENCH_INSTANCES",
    "INSTANCES",
    "PROJECT_ID",
    "REGION_ID",
    "V2_INSTANCES",
    "GcoreApi",
    "gcore_credentials",
    "started_gcore",
    "HtmlServer",
    "InventorySources",
    "cache_texts",
    "hosts_of",
    "plain",
    "composed",
    "requests_to",
    "REPO_ROOT",
    "RequestLog",
    "Simulated",
    "collection_installed",
    "extra_vars",
    "free_port",
    "TOKEN",
    "WaldurApi",
    "control",
    "started_waldur",
]
