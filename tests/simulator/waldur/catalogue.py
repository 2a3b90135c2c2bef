"""Read-only look-up endpoints: structure (customers, projects, keys), tenants and what a tenant offers."""

from .filters import (Bool, Contains, Custom, Exact, FilterSet, Ignored, Lookups, Number, Regex, Url, Uuid, UuidList,
                      number_filters)
from .listing import NAME_AND_CREATED


def register(app):
    store = app.store
    lookups = Lookups(store)

    def customer_of(attr):
        return lambda row: store.get("customer", row["customer"])[attr]

    def project_query(value):
        needle = value.lower()
        return lambda row: any(needle in row[key].lower() for key in ("name", "slug", "uuid"))

    app.expose("customer", FilterSet([
        Contains("name"), Exact("name_exact", "name"), Contains("native_name"), Contains("abbreviation"), Uuid("uuid"),
        Exact("backend_id"), Custom("query", lambda value: lambda row: value.lower() in row["name"].lower()),
        Bool("is_service_provider"), Bool("archived", lambda row: False),
    ]), NAME_AND_CREATED)
    app.expose("project", FilterSet([
        Contains("name"), Exact("name_exact", "name"), Uuid("uuid"), UuidList("customer"), Uuid("customer_uuid", "customer"),
        Contains("customer_name", customer_of("name")), Contains("customer_abbreviation", customer_of("abbreviation")),
        Contains("customer_native_name", customer_of("native_name")), Contains("description"), Exact("slug"),
        Exact("backend_id", lambda row: ""), Custom("query", project_query), Bool("is_removed", lambda row: False),
    ]), dict(NAME_AND_CREATED, customer_name=lambda row: store.get("customer", row["customer"])["name"]))
    app.expose("ssh_key", FilterSet([
        Contains("name"), Exact("name_exact", "name"), Uuid("uuid"), Uuid("user_uuid", "user"), Exact("fingerprint_md5"),
        Exact("fingerprint_sha256"), Exact("fingerprint_sha512"), Bool("is_shared", lambda row: False),
    ]), NAME_AND_CREATED)
    app.expose("tenant", FilterSet(lookups.structure()), NAME_AND_CREATED)

    shared = lookups.visible_in_tenant
    app.expose("flavor", FilterSet(shared() + [Regex("name_iregex", "name")] + number_filters("cores") +
                                   number_filters("ram") + number_filters("disk")),
               {"cores": lambda row: row["cores"], "ram": lambda row: row["ram"], "disk": lambda row: row["disk"]})
    app.expose("image", FilterSet(shared()), NAME_AND_CREATED, fields=False)
    app.expose("volume_type", FilterSet(shared()), NAME_AND_CREATED, fields=False)
    app.expose("instance_az", FilterSet(shared()), NAME_AND_CREATED, fields=False)
    app.expose("volume_az", FilterSet(shared()), NAME_AND_CREATED, fields=False)

    per_tenant = lookups.structure() + lookups.in_tenant()
    app.expose("subnet", FilterSet(per_tenant + [
        Url("network", "network"), Uuid("network_uuid", "network"), Number("ip_version", lambda row: 4),
        Bool("enable_dhcp"), Ignored("direct_only"), Ignored("rbac_only"),
    ]), NAME_AND_CREATED)
    app.expose("security_group", FilterSet(per_tenant + [
        Custom("query", lambda value: lambda row: value.lower() in row["name"].lower()),
    ]), NAME_AND_CREATED)
    app.expose("server_group", FilterSet(per_tenant), NAME_AND_CREATED)
    app.expose("floating_ip", FilterSet(per_tenant + [
        Exact("address"), Exact("external_ip", "address"), Exact("runtime_state"),
        Bool("free", lambda row: row["port"] is None),
    ]), dict(NAME_AND_CREATED, address=lambda row: row["address"]))
