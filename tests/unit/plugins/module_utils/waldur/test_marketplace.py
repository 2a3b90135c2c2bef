from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.marketplace import tenant_of

TENANT = "a" * 32


def test_an_offering_names_its_tenant():
    assert tenant_of({"scope_uuid": TENANT, "scope_name": "demo-tenant"}) == (TENANT, "demo-tenant")


def test_an_existing_object_names_its_tenant_by_uuid():
    assert tenant_of({"tenant_uuid": TENANT, "tenant": "https://w/api/openstack-tenants/%s/" % TENANT}) == (TENANT, TENANT)


def test_an_offering_without_a_scope_name_falls_back_to_the_uuid():
    assert tenant_of({"scope_uuid": TENANT}) == (TENANT, TENANT)
