"""A create never orders twice: an order still open for the same name (a run that timed out, or whose answer was
lost) is awaited instead."""


def test_an_open_order_is_awaited_not_repeated(waldur, waldur_api):
    world = waldur_api.demo()
    project = waldur_api.one("/api/projects/", name_exact="Approval Project")
    order = waldur_api.post("/api/marketplace-orders/", {
        "project": project["url"], "offering": world["volume_offering"]["url"],
        "attributes": {"name": "pending-volume", "size": 1024}, "accepting_terms_of_service": True,
    })
    assert order["state"] == "pending-consumer"

    mark = waldur.log.mark()
    result = waldur.playbook("waldur_open_order.yml", "-e", "wait_seconds=2", "-e", "expect_failure=true", check=True)
    assert waldur.log.mutating_since(mark) == []
    # Before ansible-core 2.19 a warning is wrapped at the terminal's width.
    assert "placed earlier is still pending-consumer; waiting for it instead of ordering again" in " ".join((result.stdout + result.stderr).split())

    waldur_api.post("/api/marketplace-orders/%s/approve_by_consumer/" % order["uuid"], {})
    mark = waldur.log.mark()
    waldur.playbook("waldur_open_order.yml", "-e", "wait_seconds=60", "-e", "expect_failure=false", check=True)
    assert waldur.log.mutating_since(mark) == []
    volumes = waldur_api.get("/api/openstack-volumes/", name_exact="pending-volume")
    assert len(volumes) == 1
