"""Paging, Link and X-Result-Count headers, HEAD, field selection, ordering and filters."""

import pytest

from tests.simulator.waldur import WaldurSimulator

from .support import TOKEN, Http


@pytest.fixture(scope="module")
def bench():
    """350 bench instances: more than one maximal page."""
    with WaldurSimulator(port=0, token=TOKEN, delay=0, instances=350) as simulator:
        yield Http(simulator.url)


def test_first_page_headers(bench):
    response = bench.get("/api/openstack-instances/", name="bench", page_size=100)
    base = bench.base_url + "/api/openstack-instances/"
    assert response.headers["X-Result-Count"] == "350"
    assert response.headers["Link"] == (
        '<%s?name=bench&page_size=100>; rel="first", <%s?name=bench&page=2&page_size=100>; rel="next", '
        '<%s?name=bench&page=4&page_size=100>; rel="last"' % (base, base, base))
    assert len(response.json()) == 100


def test_middle_page_has_prev_and_next_and_page_two_links_back_to_a_bare_first_page(bench):
    base = bench.base_url + "/api/openstack-instances/"
    response = bench.get("/api/openstack-instances/", page=2, page_size=100)
    assert response.headers["Link"] == (
        '<%s?page_size=100>; rel="first", <%s?page_size=100>; rel="prev", <%s?page=3&page_size=100>; rel="next", '
        '<%s?page=4&page_size=100>; rel="last"' % (base, base, base, base))
    assert response.json()[0]["name"] == "bench-00101"


def test_parameters_are_sorted_and_repeated_values_keep_their_order(bench):
    response = bench.get("/api/openstack-instances/", state=["OK", "ERRED"], name_exact="bench-00001")
    base = bench.base_url + "/api/openstack-instances/"
    link = "<%s?name_exact=bench-00001&state=OK&state=ERRED>" % base
    assert response.headers["Link"] == '%s; rel="first", %s; rel="last"' % (link, link)


def test_empty_list_still_has_first_and_last(http):
    response = http.get("/api/openstack-instances/")
    link = "<%s/api/openstack-instances/>" % http.base_url
    assert response.json() == []
    assert response.headers["X-Result-Count"] == "0"
    assert response.headers["Link"] == '%s; rel="first", %s; rel="last"' % (link, link)


@pytest.mark.parametrize("page", ["5", "0", "-1", "abc"])
def test_invalid_page_is_404(bench, page):
    response = bench.get("/api/openstack-instances/", page=page, page_size=100)
    assert (response.status_code, response.json()) == (404, {"detail": "Invalid page."})


def test_last_page_by_name(bench):
    response = bench.get("/api/openstack-instances/", page="last", page_size=100)
    assert [item["name"] for item in response.json()][-1] == "bench-00350"


@pytest.mark.parametrize("size, expected", [("1000", 300), ("abc", 10), ("0", 10), ("-5", 10), ("7", 7)])
def test_page_size_is_clamped_or_falls_back(bench, size, expected):
    assert len(bench.ok("/api/openstack-instances/", page_size=size)) == expected


def test_head_gives_headers_without_body(bench):
    response = bench("HEAD", "/api/openstack-instances/")
    assert response.status_code == 200
    assert response.headers["X-Result-Count"] == "350"
    assert response.content == b""


def test_field_selection_on_list_and_retrieve(bench):
    listed = bench.ok("/api/openstack-instances/", field=["uuid", "name", "bogus"], page_size=2)
    assert [sorted(item) for item in listed] == [["name", "uuid"], ["name", "uuid"]]
    assert bench.ok("/api/openstack-instances/%s/" % listed[0]["uuid"], field="state") == {"state": "OK"}
    assert "runtime_state" in bench.ok("/api/openstack-instances/", field="bogus", page_size=1)[0]


def test_field_selection_is_ignored_where_waldur_does_not_support_it(http):
    image = http.ok("/api/openstack-images/", field="name")[0]
    assert {"uuid", "min_disk", "settings"} <= set(image)


def test_ordering(bench):
    started = [item["start_time"] for item in bench.ok("/api/openstack-instances/", o="-start_time", page_size=300)]
    assert started == sorted(started, key=lambda value: value or "", reverse=True)
    flavors = [item["name"] for item in bench.ok("/api/openstack-flavors/", o="-ram", tenant_uuid=_demo(bench))]
    assert flavors == ["m1.large", "m1.medium", "m1.small", "m1.tiny"]


def _demo(http):
    return http.one("/api/openstack-tenants/", name_exact="demo-tenant")["uuid"]


def test_filters_on_instances(bench):
    assert bench.get("/api/openstack-instances/", name="BENCH-0001").headers["X-Result-Count"] == "10"
    assert [item["name"] for item in bench.ok("/api/openstack-instances/", name_exact="bench-00007")] == ["bench-00007"]
    shutoff = bench.ok("/api/openstack-instances/", runtime_state="SHUTOFF", page_size=300)
    assert len(shutoff) == 35 and all(item["runtime_state"] == "SHUTOFF" for item in shutoff)
    erred = bench.ok("/api/openstack-instances/", state="ERRED")
    assert [item["name"] for item in erred] == ["bench-00097", "bench-00194", "bench-00291"]
    assert bench.get("/api/openstack-instances/", state=["OK", "Erred"]).headers["X-Result-Count"] == "350"
    with_ip = bench.ok("/api/openstack-instances/", external_ip="100.64.0.8")
    assert [item["name"] for item in with_ip] == ["bench-00008"]
    zone = bench.get("/api/openstack-instances/", availability_zone_name="nova")
    assert zone.headers["X-Result-Count"] == "116"
    project = bench.one("/api/projects/", name_exact="Demo Project")
    assert bench.get("/api/openstack-instances/", project_uuid=project["uuid"]).headers["X-Result-Count"] == "350"
    dashed = "%s-%s-%s-%s-%s" % tuple(project["uuid"][i:j] for i, j in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32)))
    assert bench.get("/api/openstack-instances/", project_uuid=dashed).headers["X-Result-Count"] == "350"
    tenant = bench.one("/api/openstack-tenants/", name_exact="demo-tenant")
    assert bench.get("/api/openstack-instances/", tenant=tenant["url"]).headers["X-Result-Count"] == "350"
    other = bench.one("/api/openstack-tenants/", name_exact="other-tenant")
    assert bench.ok("/api/openstack-instances/", tenant_uuid=other["uuid"]) == []


@pytest.mark.parametrize("path, param", [
    ("/api/openstack-instances/", "project_uuid"), ("/api/openstack-volumes/", "tenant_uuid"),
    ("/api/marketplace-resources/", "offering_uuid"), ("/api/openstack-flavors/", "tenant_uuid"),
    ("/api/projects/", "customer"), ("/api/openstack-snapshots/", "source_volume_uuid"),
])
def test_bad_uuid_in_a_filter_is_400(http, path, param):
    response = http.get(path, **{param: "not-a-uuid"})
    assert (response.status_code, response.json()) == (400, {param: ["Enter a valid UUID."]})


def test_bad_choice_is_400(http):
    response = http.get("/api/openstack-instances/", state="BROKEN")
    assert response.status_code == 400
    assert response.json() == {"state": ["Select a valid choice. BROKEN is not one of the available choices."]}


def test_shared_catalogue_is_filtered_by_tenant(http):
    demo = _demo(http)
    other = http.one("/api/openstack-tenants/", name_exact="other-tenant")["uuid"]
    assert len(http.ok("/api/openstack-flavors/", name_exact="m1.small")) == 2
    assert [item["ram"] for item in http.ok("/api/openstack-flavors/", tenant_uuid=other)] == [2048]
    assert [item["name"] for item in http.ok("/api/openstack-flavors/", tenant_uuid=demo, cores__gte=2)] == ["m1.medium", "m1.large"]
    offering = http.one("/api/marketplace-public-offerings/", name_exact="Volume in other-tenant")
    assert len(http.ok("/api/openstack-flavors/", offering_uuid=offering["uuid"])) == 1
    assert http.ok("/api/openstack-images/", tenant_uuid="00000000000000000000000000000001") == []


def test_look_up_filters(http):
    demo = _demo(http)
    assert len(http.ok("/api/openstack-security-groups/", tenant_uuid=demo, name_exact="duplicate-sg")) == 2
    assert [item["name"] for item in http.ok("/api/openstack-subnets/", tenant_uuid=demo, name="subnet")] == \
        ["demo-subnet", "isolated-subnet"]
    assert len(http.ok("/api/openstack-floating-ips/", free="true", page_size=50)) == 10
    assert http.one("/api/marketplace-public-offerings/", type="OpenStack.Volume", scope_uuid=demo)["name"] == "Volume in demo-tenant"
    organization = http.one("/api/customers/", name_exact="Demo Organization")
    assert [item["name"] for item in http.ok("/api/projects/", customer_uuid=organization["uuid"])] == \
        ["Demo Project", "Approval Project"]
    key = http.one("/api/keys/", name_exact="demo-key")
    assert http.one("/api/keys/", fingerprint_md5=key["fingerprint_md5"])["uuid"] == key["uuid"]


def test_seeded_uuids_are_stable():
    names = [("/api/projects/", "Demo Project"), ("/api/openstack-flavors/", "m1.tiny"), ("/api/keys/", "demo-key"),
             ("/api/openstack-instances/", "bench-00001")]
    seen = []
    for _run in range(2):
        with WaldurSimulator(port=0, instances=1) as simulator:
            http = Http(simulator.url)
            seen.append([http.one(path, name_exact=name)["uuid"] for path, name in names])
    assert seen[0] == seen[1]
