"""The modules and the inventory plugin against the shapes a real Waldur server sends (see the simulator README):
volumes with a default type and "" metadata, timestamps with microseconds, security group rules with -1 ports,
offerings with free (minimal_price 0, per month) and daily priced plans."""

import os
import re

from tests.integration.harness import InventorySources

SOURCES = InventorySources(os.path.join(os.path.dirname(os.path.abspath(__file__)), "inventory"))
MICROSECONDS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$")


def test_modules_take_the_real_shapes(waldur, waldur_api):
    offering = waldur_api.one("/api/marketplace-public-offerings/", name_exact="Volume in demo-tenant")
    assert [(plan["unit"], plan["minimal_price"]) for plan in offering["plans"]] == [("day", "0.1034000000")]
    waldur.playbook("waldur_real_shapes.yml", check=True)


def test_inventory_takes_the_real_shapes(waldur):
    inventory = SOURCES.list(waldur, "real_shapes.waldur.yml")
    hostvars = inventory["_meta"]["hostvars"]
    assert len(hostvars) == 650
    for variables in hostvars.values():
        assert MICROSECONDS.match(variables["waldur_created"]), variables["waldur_created"]
        assert variables["created_day"] == variables["waldur_created"][:10]
        assert -1 in variables["open_to_ports"]
    assert len(inventory["from_port__1"]["hosts"]) == 650
