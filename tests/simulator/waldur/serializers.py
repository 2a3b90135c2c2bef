"""Rows to API objects, field for field as the real server sends them.

Where the real server departs from its OpenAPI schema (null server_group, access_url as an array, allocation
pools as an object, decimal strings for prices, ...) these functions follow the real server. Fields read through
a null reference (``type_name`` of a volume without type, ``instance_name`` of a detached volume,
``availability_zone_name`` without zone) are left out, as DRF does.
"""

import decimal

from .quotas import quota_list
from .refs import url as build_url
from .store import RESOURCE_TYPES

NULL_MARKETPLACE = {
    "marketplace_offering_uuid": None, "marketplace_offering_name": None, "marketplace_offering_plugin_options": None,
    "marketplace_category_uuid": None, "marketplace_category_name": None, "marketplace_resource_uuid": None,
    "marketplace_plan_uuid": None, "marketplace_resource_state": None, "is_usage_based": None, "is_limit_based": None,
}
ZERO_PRICE = "0E-10"


class Serializer:
    """Serialises rows for one request; nested objects shared by many rows are built once."""

    def __init__(self, store, base):
        self.store = store
        self.base = base
        self._memo = {}

    def serialize(self, kind, row):
        return getattr(self, kind)(row)

    def url(self, kind, uuid):
        return build_url(self.base, kind, uuid)

    def ref(self, kind, uuid):
        return None if uuid is None else self.url(kind, uuid)

    def _memoized(self, key, build):
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    # -- shared parts ------------------------------------------------------------------------------------------

    def _owner(self, row):
        def build():
            project = self.store.get("project", row["project"])
            customer = self.store.get("customer", project["customer"])
            settings = self.store.get("service_settings", row["service_settings"])
            return {
                "service_name": settings["name"],
                "service_settings": self.url("service_settings", settings["uuid"]),
                "service_settings_uuid": settings["uuid"],
                "service_settings_state": "OK",
                "service_settings_error_message": "",
                "project": self.url("project", project["uuid"]),
                "project_name": project["name"],
                "project_uuid": project["uuid"],
                "customer": self.url("customer", customer["uuid"]),
                "customer_uuid": customer["uuid"],
                "customer_name": customer["name"],
                "customer_native_name": customer["native_name"],
                "customer_abbreviation": customer["abbreviation"],
            }
        return self._memoized(("owner", row["project"], row["service_settings"]), build)

    def _structure(self, kind, row):
        """The fields every OpenStack object starts with."""
        obj = {"url": self.url(kind, row["uuid"]), "uuid": row["uuid"], "name": row["name"], "description": row["description"]}
        obj.update(self._owner(row))
        obj.update({
            "error_message": row["error_message"],
            "error_traceback": row["error_traceback"],
            "resource_type": RESOURCE_TYPES[kind],
            "state": row["state"],
            "created": row["created"],
            "modified": row["modified"],
            "backend_id": row["backend_id"],
            "access_url": None,
        })
        return obj

    def _tenant_ref(self, row, with_uuid=True):
        tenant = self.store.get("tenant", row["tenant"])
        obj = {"tenant": self.url("tenant", tenant["uuid"]), "tenant_name": tenant["name"]}
        if with_uuid:
            obj["tenant_uuid"] = tenant["uuid"]
        return obj

    def _marketplace(self, row):
        resource = self.store.get("resource", row.get("resource"))
        if resource is None:
            return dict(NULL_MARKETPLACE)
        offering = self.store.get("offering", resource["offering"])
        category = self.store.get("category", offering["category"])
        return {
            "marketplace_offering_uuid": offering["uuid"],
            "marketplace_offering_name": offering["name"],
            "marketplace_offering_plugin_options": dict(offering["plugin_options"]),
            "marketplace_category_uuid": category["uuid"],
            "marketplace_category_name": category["title"],
            "marketplace_resource_uuid": resource["uuid"],
            "marketplace_plan_uuid": None,
            "marketplace_resource_state": resource["state"],
            "is_usage_based": False,
            "is_limit_based": False,
        }

    def _quotas(self, tenant):
        return self._memoized(("quotas", tenant["uuid"]), lambda: quota_list(self.store, tenant))

    # -- security groups, ports, floating IPs ----------------------------------------------------------------

    def _rule(self, rule, full):
        obj = {key: rule[key] for key in ("ethertype", "direction", "protocol", "from_port", "to_port", "cidr", "description")}
        remote = self.store.get("security_group", rule["remote_group"])
        if remote:
            obj["remote_group_name"] = remote["name"]
            obj["remote_group_uuid"] = remote["uuid"]
        obj["id"] = rule["id"]
        if full:
            obj["remote_group"] = self.ref("security_group", rule["remote_group"])
        return obj

    def security_group(self, row):
        def build():
            obj = self._structure("security_group", row)
            obj.update(self._tenant_ref(row))
            obj["rules"] = [self._rule(rule, True) for rule in row["rules"]]
            obj.update(NULL_MARKETPLACE)
            return obj
        return self._memoized(("security_group", row["uuid"]), build)

    def nested_security_group(self, row):
        def build():
            return {
                "url": self.url("security_group", row["uuid"]),
                "name": row["name"],
                "rules": [self._rule(rule, False) for rule in row["rules"]],
                "description": row["description"],
                "state": row["state"],
            }
        return self._memoized(("nested_security_group", row["uuid"]), build)

    def _subnet_fields(self, subnet_uuid):
        subnet = self.store.get("subnet", subnet_uuid)
        if subnet is None:
            return {"subnet": None, "subnet_uuid": None, "subnet_name": None, "subnet_description": None, "subnet_cidr": None}
        return {
            "subnet": self.url("subnet", subnet["uuid"]),
            "subnet_uuid": subnet["uuid"],
            "subnet_name": subnet["name"],
            "subnet_description": subnet["description"],
            "subnet_cidr": subnet["cidr"],
        }

    def nested_port(self, port):
        """A port row, or the copy of one a backup keeps."""
        instance = self.store.get("instance", port.get("instance"))
        obj = {"url": self.url("port", port["uuid"]), "fixed_ips": [dict(ip) for ip in port["fixed_ips"]],
               "mac_address": port["mac_address"]}
        obj.update(self._subnet_fields(port["subnet"]))
        obj["allowed_address_pairs"] = [dict(pair) for pair in port["allowed_address_pairs"]]
        obj["device_id"] = instance["backend_id"] if instance else None
        obj["device_owner"] = "compute:nova" if instance else None
        groups = (self.store.get("security_group", uuid) for uuid in port["security_groups"])
        obj["security_groups"] = [self.security_group(group) for group in groups if group]
        return obj

    def nested_floating_ip(self, fip):
        """A floating IP row, or the copy of one a backup keeps."""
        port = self.store.get("port", fip.get("port")) or fip.get("port_copy")
        obj = {
            "url": self.url("floating_ip", fip["uuid"]),
            "uuid": fip["uuid"],
            "address": fip["address"],
            "port_fixed_ips": [dict(ip) for ip in port["fixed_ips"]] if port else [],
            "port_mac_address": port["mac_address"] if port else None,
        }
        obj.update(self._subnet_fields(port["subnet"] if port else None))
        return obj

    # -- OpenStack objects ----------------------------------------------------------------------------------------

    def nested_volume(self, volume):
        obj = {
            "url": self.url("volume", volume["uuid"]),
            "uuid": volume["uuid"],
            "name": volume["name"],
            "image_name": volume["image_name"],
            "state": volume["state"],
            "bootable": volume["bootable"],
            "size": volume["size"],
            "device": volume["device"],
            "resource_type": "OpenStack.Volume",
            "type": self.ref("volume_type", volume["type"]),
        }
        volume_type = self.store.get("volume_type", volume["type"])
        if volume_type:
            obj["type_name"] = volume_type["name"]
        obj["marketplace_resource_uuid"] = volume["resource"]
        return obj

    def instance(self, row):
        store = self.store
        volumes = [store.get("volume", uuid) for uuid in row["volumes"]]
        volumes = [volume for volume in volumes if volume]
        ports = [port for port in (store.get("port", uuid) for uuid in row["ports"]) if port]
        fips = [fip for fip in (store.get("floating_ip", uuid) for uuid in row["floating_ips"]) if fip]
        internal_ips = [ip["ip_address"] for port in ports for ip in port["fixed_ips"]]
        external_ips = [fip["address"] for fip in fips if fip["address"]]
        obj = self._structure("instance", row)
        obj.update({
            "access_url": external_ips + internal_ips,
            "start_time": row["start_time"],
            "cores": row["cores"],
            "ram": row["ram"],
            "disk": sum(volume["size"] for volume in volumes) if volumes else row["flavor_disk"],
            "min_ram": row["min_ram"],
            "min_disk": row["min_disk"],
            "user_data": row["user_data"],
            "external_ips": external_ips,
            "internal_ips": internal_ips,
            "latitude": None,
            "longitude": None,
            "key_name": row["key_name"],
            "key_fingerprint": row["key_fingerprint"],
            "image_name": row["image_name"],
            "flavor_disk": row["flavor_disk"],
            "flavor_name": row["flavor_name"],
            "volumes": [self.nested_volume(volume) for volume in volumes],
            "security_groups": [self.nested_security_group(group) for group in
                                (store.get("security_group", uuid) for uuid in row["security_groups"]) if group],
            "server_group": self._nested_server_group(row["server_group"]),
            "floating_ips": [self.nested_floating_ip(fip) for fip in fips],
            "ports": [self.nested_port(port) for port in ports],
            "availability_zone": self.ref("instance_az", row["availability_zone"]),
        })
        zone = store.get("instance_az", row["availability_zone"])
        if zone:
            obj["availability_zone_name"] = zone["name"]
        obj.update({
            "connect_directly_to_external_network": row["connect_directly_to_external_network"],
            "runtime_state": row["runtime_state"],
            "action": row["action"],
            "action_details": dict(row["action_details"]),
            "tenant_uuid": row["tenant"],
            "hypervisor_hostname": row["hypervisor_hostname"],
            "tenant": self.url("tenant", row["tenant"]),
            "external_address": [fip["external_address"] for fip in fips],
            "rancher_cluster": None,
        })
        obj.update(self._marketplace(row))
        return obj

    def _nested_server_group(self, uuid):
        group = self.store.get("server_group", uuid)
        if group is None:
            return None
        return {"url": self.url("server_group", group["uuid"]), "name": group["name"], "policy": group["policy"],
                "state": group["state"]}

    def volume(self, row):
        store = self.store
        obj = self._structure("volume", row)
        obj.update({
            "source_snapshot": self.ref("snapshot", row["source_snapshot"]),
            "size": row["size"],
            "bootable": row["bootable"],
            # A real server sends "" for a volume without metadata (recorded; when exactly is a guess).
            "metadata": dict(row["metadata"]) if row["metadata"] else "",
            "image": self.ref("image", row["image"]),
            "image_metadata": "",
            "image_name": row["image_name"],
            "type": self.ref("volume_type", row["type"]),
        })
        volume_type = store.get("volume_type", row["type"])
        if volume_type:
            obj["type_name"] = volume_type["name"]
        obj.update({"runtime_state": row["runtime_state"], "availability_zone": self.ref("volume_az", row["availability_zone"])})
        zone = store.get("volume_az", row["availability_zone"])
        if zone:
            obj["availability_zone_name"] = zone["name"]
        instance = store.get("instance", row["instance"])
        obj.update({
            "device": row["device"],
            "action": row["action"],
            "action_details": dict(row["action_details"]),
            "instance": self.ref("instance", row["instance"]) if instance else None,
        })
        if instance:
            obj["instance_name"] = instance["name"]
            obj["instance_marketplace_uuid"] = instance["resource"]
        obj.update({
            "tenant": self.url("tenant", row["tenant"]),
            "tenant_uuid": row["tenant"],
            "extend_enabled": instance is None or (not row["bootable"] and instance["runtime_state"] == "SHUTOFF"),
        })
        obj.update(self._marketplace(row))
        return obj

    def _snapshot_restoration(self, restoration):
        volume = self.store.get("volume", restoration["volume"])
        return {
            "uuid": restoration["uuid"],
            "created": restoration["created"],
            "description": restoration["description"],
            "volume": self.url("volume", volume["uuid"]),
            "volume_name": volume["name"],
            "volume_state": volume["state"],
            "volume_runtime_state": volume["runtime_state"],
            "volume_size": volume["size"],
            "volume_device": volume["device"],
        }

    def snapshot_restorations(self, row):
        """Restorations whose volume still exists (Waldur deletes them with the volume)."""
        return [self._snapshot_restoration(item) for item in row["restorations"] if self.store.get("volume", item["volume"])]

    def snapshot(self, row):
        volume = self.store.get("volume", row["source_volume"])
        obj = self._structure("snapshot", row)
        obj["source_volume"] = self.url("volume", volume["uuid"]) if volume else None
        obj.update({"size": row["size"], "metadata": dict(row["metadata"]), "runtime_state": row["runtime_state"]})
        if volume:
            obj["source_volume_name"] = volume["name"]
            obj["source_volume_marketplace_uuid"] = volume["resource"]
        obj.update({
            "action": row["action"],
            "action_details": dict(row["action_details"]),
            "restorations": self.snapshot_restorations(row),
            "kept_until": row["kept_until"],
        })
        obj.update(self._marketplace(row))
        return obj

    def _backup_restoration(self, restoration):
        groups = (self.store.get("security_group", uuid) for uuid in restoration["security_groups"])
        return {
            "uuid": restoration["uuid"],
            "instance": self.url("instance", restoration["instance"]),
            "created": restoration["created"],
            "flavor": self.url("flavor", restoration["flavor"]),
            "name": restoration["name"],
            "floating_ips": [self.nested_floating_ip(fip) for fip in restoration["floating_ips"]],
            "security_groups": [self.nested_security_group(group) for group in groups if group],
            "ports": [self.nested_port(port) for port in restoration["ports"]],
        }

    def backup(self, row):
        instance = self.store.get("instance", row["instance"])
        groups = (self.store.get("security_group", uuid) for uuid in row["instance_security_groups"])
        obj = self._structure("backup", row)
        obj.update({"kept_until": row["kept_until"], "metadata": dict(row["metadata"]),
                    "instance": self.url("instance", instance["uuid"]) if instance else None})
        if instance:
            obj["instance_name"] = instance["name"]
            obj["instance_marketplace_uuid"] = instance["resource"]
        obj.update({
            "restorations": [self._backup_restoration(item) for item in row["restorations"]
                             if self.store.get("instance", item["instance"])],
            "instance_security_groups": [self.nested_security_group(group) for group in groups if group],
            "instance_ports": [self.nested_port(port) for port in row["instance_ports"]],
            "instance_floating_ips": [self.nested_floating_ip(fip) for fip in row["instance_floating_ips"]],
            "tenant_uuid": row["tenant"],
        })
        obj.update(self._marketplace(row))
        return obj

    def tenant(self, row):
        network = self.store.get("network", row["external_network"])
        obj = self._structure("tenant", row)
        obj.update({
            "availability_zone": row["availability_zone"],
            "internal_network_id": row["internal_network_id"],
            "external_network_id": network["backend_id"],
            "external_network_ref_uuid": network["uuid"],
            "external_network_ref_name": network["name"],
            "quotas": self._quotas(row),
            "default_volume_type_name": row["default_volume_type_name"],
        })
        offering = self.store.get("offering", row["offering"])
        category = self.store.get("category", offering["category"])
        obj.update({
            "marketplace_offering_uuid": offering["uuid"], "marketplace_offering_name": offering["name"],
            "marketplace_offering_plugin_options": dict(offering["plugin_options"]),
            "marketplace_category_uuid": category["uuid"], "marketplace_category_name": category["title"],
            "marketplace_resource_uuid": row["marketplace_resource_uuid"], "marketplace_plan_uuid": offering["plan"],
            "marketplace_resource_state": "OK", "is_usage_based": False, "is_limit_based": True,
        })
        return obj

    def subnet(self, row):
        network = self.store.get("network", row["network"])
        obj = self._structure("subnet", row)
        obj.update(self._tenant_ref(row, with_uuid=False))
        obj.update({
            "network": self.url("network", network["uuid"]),
            "network_name": network["name"],
            "cidr": row["cidr"],
            "gateway_ip": row["gateway_ip"],
            "disable_gateway": row["disable_gateway"],
            "allocation_pools": row["allocation_pools"],
            "ip_version": 4,
            "enable_dhcp": row["enable_dhcp"],
            "dns_nameservers": list(row["dns_nameservers"]),
            "host_routes": [],
            "is_connected": True,
        })
        obj.update(NULL_MARKETPLACE)
        return obj

    def server_group(self, row):
        members = [instance for instance in self.store.tables["instance"].values() if instance["server_group"] == row["uuid"]]
        obj = self._structure("server_group", row)
        obj.update(self._tenant_ref(row))
        obj.update({
            "policy": row["policy"],
            "display_name": "%s (%s)" % (row["name"], row["policy"]),
            "instances": [{"backend_id": item["backend_id"], "name": item["name"], "uuid": item["uuid"]} for item in members],
        })
        obj.update(NULL_MARKETPLACE)
        return obj

    def floating_ip(self, row):
        port = self.store.get("port", row["port"])
        instance = self.store.get("instance", row["instance"])
        obj = self._structure("floating_ip", row)
        obj["name"] = row["address"]
        obj.update({"runtime_state": row["runtime_state"], "address": row["address"],
                    "backend_network_id": row["backend_network_id"]})
        obj.update(self._tenant_ref(row))
        obj.update({
            "port": self.url("port", port["uuid"]) if port else None,
            "external_address": row["external_address"],
            "port_fixed_ips": [dict(ip) for ip in port["fixed_ips"]] if port else [],
            "instance_uuid": instance["uuid"] if instance else None,
            "instance_name": instance["name"] if instance else None,
            "instance_url": self.url("instance", instance["uuid"]) if instance else None,
        })
        obj.update(NULL_MARKETPLACE)
        return obj

    # -- catalogue -----------------------------------------------------------------------------------------------

    def flavor(self, row):
        return {
            "url": self.url("flavor", row["uuid"]), "uuid": row["uuid"], "name": row["name"],
            "settings": self.url("service_settings", row["service_settings"]),
            "cores": row["cores"], "ram": row["ram"], "disk": row["disk"], "backend_id": row["backend_id"],
            "display_name": "%s (%d CPU, %d MB RAM, %d MB HDD)" % (row["name"], row["cores"], row["ram"], row["disk"]),
        }

    def image(self, row):
        return {
            "url": self.url("image", row["uuid"]), "uuid": row["uuid"], "name": row["name"],
            "min_disk": row["min_disk"], "min_ram": row["min_ram"],
            "settings": self.url("service_settings", row["service_settings"]), "backend_id": row["backend_id"],
            "backend_created_at": row["backend_created_at"],
        }

    def volume_type(self, row):
        return {"url": self.url("volume_type", row["uuid"]), "uuid": row["uuid"], "name": row["name"],
                "description": row["description"], "settings": self.url("service_settings", row["service_settings"])}

    def _zone(self, kind, row):
        return {"url": self.url(kind, row["uuid"]), "uuid": row["uuid"], "name": row["name"],
                "settings": self.url("service_settings", row["service_settings"]), "available": row["available"]}

    def instance_az(self, row):
        return self._zone("instance_az", row)

    def volume_az(self, row):
        return self._zone("volume_az", row)

    def ssh_key(self, row):
        return {
            "url": self.url("ssh_key", row["uuid"]), "uuid": row["uuid"], "name": row["name"], "public_key": row["public_key"],
            "fingerprint_md5": row["fingerprint_md5"], "fingerprint_sha256": row["fingerprint_sha256"],
            "fingerprint_sha512": row["fingerprint_sha512"], "user_uuid": row["user"], "is_shared": False, "type": row["type"],
        }

    # -- structure ---------------------------------------------------------------------------------------------------

    def _price_estimate(self, total):
        return {"total": total, "current": "0.00", "tax": "0.00", "tax_current": "0.00"}

    def customer(self, row):
        projects = self.store.find("project", customer=row["uuid"])
        return {
            "url": self.url("customer", row["uuid"]), "uuid": row["uuid"], "created": row["created"],
            "organization_groups": [], "display_name": row["name"], "backend_id": "", "image": None, "blocked": False,
            "archived": False, "display_billing_info_in_projects": False, "default_tax_percent": "0.00",
            "accounting_start_date": row["created"], "projects_count": len(projects), "users_count": 1,
            "sponsor_number": None, "country_name": "", "max_service_accounts": None, "project_metadata_checklist": None,
            "grace_period_days": None, "user_email_patterns": [], "user_affiliations": [], "user_identity_sources": [],
            "name": row["name"], "slug": row["slug"], "native_name": row["native_name"], "abbreviation": row["abbreviation"],
            "description": "", "contact_details": "", "agreement_number": "", "email": "", "phone_number": "",
            "access_subnets": "", "registration_code": "", "homepage": "", "domain": "", "vat_code": "", "postal": "",
            "address": "", "bank_name": "", "latitude": None, "longitude": None, "bank_account": "", "country": "",
            "notification_emails": "", "payment_profiles": [], "customer_credit": None, "customer_unallocated_credit": None,
            "is_service_provider": row["is_service_provider"], "service_provider": None, "service_provider_uuid": None,
            "call_managing_organization_uuid": None, "billing_price_estimate": self._price_estimate("0.00"),
        }

    def project(self, row):
        customer = self.store.get("customer", row["customer"])
        counts = {}
        for resource in self.store.tables["resource"].values():
            if resource["project"] == row["uuid"] and resource["state"] != "Terminated":
                category = self.store.get("offering", resource["offering"])["category"]
                counts[category] = counts.get(category, 0) + 1
        return {
            "url": self.url("project", row["uuid"]), "uuid": row["uuid"], "name": row["name"], "slug": row["slug"],
            "customer": self.url("customer", customer["uuid"]), "customer_uuid": customer["uuid"],
            "customer_name": customer["name"], "customer_slug": customer["slug"],
            "customer_native_name": customer["native_name"], "customer_abbreviation": customer["abbreviation"],
            "description": row["description"], "customer_display_billing_info_in_projects": False,
            "created": row["created"], "type": None, "type_name": None, "type_uuid": None, "backend_id": "",
            "start_date": None, "end_date": None, "end_date_requested_by": None, "oecd_fos_2007_code": None,
            "oecd_fos_2007_label": None, "is_industry": False, "image": None, "resources_count": sum(counts.values()),
            "max_service_accounts": 0, "kind": "default", "is_removed": False, "termination_metadata": None,
            "staff_notes": "", "grace_period_days": None, "user_email_patterns": [], "user_affiliations": [],
            "user_identity_sources": [], "project_credit": None, "marketplace_resource_count": counts,
            "billing_price_estimate": self._price_estimate(0.0),
        }

    # -- marketplace -------------------------------------------------------------------------------------------

    def _offering_summary(self, offering):
        """The offering_*, provider_*, category_* and plan_* fields orders and resources share."""
        def build():
            provider = self.store.get("customer", offering["customer"])
            category = self.store.get("category", offering["category"])
            return {
                "offering": self.url("offering", offering["uuid"]), "offering_name": offering["name"],
                "offering_uuid": offering["uuid"], "offering_description": "", "offering_image": None,
                "offering_thumbnail": None, "offering_type": offering["type"], "offering_shared": offering["shared"],
                "offering_billable": offering["billable"], "offering_plugin_options": dict(offering["plugin_options"]),
                "provider_name": provider["name"], "provider_uuid": provider["uuid"], "provider_slug": provider["slug"],
                "category_title": category["title"], "category_uuid": category["uuid"],
                "category_icon": self.base + "/api/media/%s/" % category["icon"], "plan": None, "plan_unit": None,
                "plan_name": None, "plan_uuid": None, "plan_description": None,
            }
        return dict(self._memoized(("offering_summary", offering["uuid"]), build))

    def created_order(self, row):
        """The answer to an order's create: the order plus the ``project`` and ``created_by`` URLs of the create
        serializer (a real server sends them although the 8.0.5 schema documents the create answer as OrderDetails)."""
        obj = self.order(row)
        obj.update({"project": self.url("project", row["project"]), "created_by": self.url("user", row["created_by"])})
        return obj

    def order(self, row):
        offering = self.store.get("offering", row["offering"])
        project = self.store.get("project", row["project"])
        customer = self.store.get("customer", project["customer"])
        creator = self.store.get("user", row["created_by"])
        reviewer = self.store.get("user", row["consumer_reviewed_by"])
        resource = self.store.get("resource", row["resource"])
        scope_uuid = resource["scope"] if resource else None
        obj = self._offering_summary(offering)
        obj.update({
            "attributes": row["attributes"], "limits": {}, "uuid": row["uuid"], "created": row["created"],
            "modified": row["modified"], "resource_uuid": scope_uuid,
            "resource_type": offering["type"] if scope_uuid else None, "resource_name": row["resource_name"],
            "cost": None, "state": row["state"], "output": "", "marketplace_resource_uuid": row["resource"],
            "error_message": row["error_message"], "error_traceback": "", "callback_url": None,
            "completed_at": row["completed_at"], "request_comment": None, "attachment": None, "type": row["type"],
            "start_date": None, "slug": "", "url": self.url("order", row["uuid"]),
            "consumer_reviewed_by": reviewer["username"] if reviewer else None,
            "consumer_reviewed_by_full_name": reviewer["full_name"] if reviewer else None,
            "consumer_reviewed_by_username": reviewer["username"] if reviewer else None,
            "consumer_reviewed_at": row["consumer_reviewed_at"], "provider_reviewed_by": None,
            "provider_reviewed_by_full_name": None, "provider_reviewed_by_username": None, "provider_reviewed_at": None,
            "created_by_username": creator["username"], "created_by_full_name": creator["full_name"],
            "created_by_civil_number": None, "created_by_email": creator["email"], "created_by_organization": None,
            "created_by_organization_registry_code": None, "customer_name": customer["name"],
            "customer_uuid": customer["uuid"], "customer_slug": customer["slug"], "project_name": project["name"],
            "project_uuid": project["uuid"], "project_description": project["description"], "project_slug": project["slug"],
            "old_plan_name": None, "new_plan_name": None, "old_plan_uuid": None, "new_plan_uuid": None,
            "old_cost_estimate": 0, "new_cost_estimate": None, "can_terminate": False, "fixed_price": 0,
            "activation_price": 0, "termination_comment": None, "backend_id": "", "order_subtype": None,
            "provider_message": "", "provider_message_url": "", "provider_message_attachment": None,
            "consumer_message": "", "consumer_message_attachment": None, "consumer_rejection_comment": "",
            "provider_rejection_comment": "", "issue": None, "offering_terms_of_service": "",
        })
        return obj

    def _resource_scope(self, row):
        return self.store.get(row["scope_kind"], row["scope"]) if row["scope"] else None

    def _backend_metadata(self, row, scope):
        if scope is None:
            return {}
        metadata = {"state": scope["state"], "action": scope["action"], "runtime_state": scope.get("runtime_state", ""),
                    "action_details": dict(scope["action_details"])}
        if row["scope_kind"] == "instance":
            ports = (self.store.get("port", uuid) for uuid in scope["ports"])
            fips = (self.store.get("floating_ip", uuid) for uuid in scope["floating_ips"])
            metadata.update({
                "external_ips": [fip["address"] for fip in fips if fip and fip["address"]],
                "internal_ips": [ip["ip_address"] for port in ports if port for ip in port["fixed_ips"]],
                "hypervisor_hostname": scope["hypervisor_hostname"],
                "system_volume_image_name": scope["image_name"],
            })
        return metadata

    def resource(self, row):
        offering = self.store.get("offering", row["offering"])
        project = self.store.get("project", row["project"])
        customer = self.store.get("customer", project["customer"])
        scope = self._resource_scope(row)
        parent_offering = self.store.get("offering", offering["parent"])
        tenant = self.store.get("tenant", offering["tenant"])
        orders = [self.store.get("order", uuid) for uuid in row["orders"]]
        orders = [order for order in orders if order]
        in_progress = [order for order in orders if order["state"].startswith("pending") or order["state"] == "executing"]
        creation = [order for order in orders if order["type"] == "Create"]
        obj = self._offering_summary(offering)
        obj.update({
            "attributes": row["attributes"], "limits": {}, "uuid": row["uuid"], "created": row["created"],
            "modified": row["modified"], "url": self.url("resource", row["uuid"]),
            "scope": self.url(row["scope_kind"], scope["uuid"]) if scope else None, "description": row["description"],
            "state": row["state"], "resource_uuid": scope["uuid"] if scope else None,
            "backend_id": scope["backend_id"] if scope else "", "effective_id": "",
            "resource_type": offering["type"] if scope else None, "project": self.url("project", project["uuid"]),
            "project_uuid": project["uuid"], "project_name": project["name"], "project_description": project["description"],
            "project_end_date": None, "project_end_date_requested_by": None, "customer_uuid": customer["uuid"],
            "customer_name": customer["name"], "offering_slug": offering["slug"],
            "parent_offering_uuid": parent_offering["uuid"], "parent_offering_name": parent_offering["name"],
            "parent_offering_slug": parent_offering["slug"],
            "offering_backend_id": "", "parent_uuid": tenant["marketplace_resource_uuid"], "parent_name": tenant["name"],
            "backend_metadata": self._backend_metadata(row, scope), "is_usage_based": False, "is_limit_based": False,
            "name": row["name"],
            "slug": row["slug"], "current_usages": {}, "can_terminate": False, "report": None, "end_date": None,
            "end_date_requested_by": None, "username": None, "limit_usage": {}, "downscaled": False,
            "restrict_member_access": False, "paused": False, "endpoints": [], "error_message": row["error_message"],
            "error_traceback": "", "options": {}, "available_actions": [], "last_sync": row["modified"],
            "order_in_progress": self.order(in_progress[-1]) if in_progress else None,
            "creation_order": self.order(creation[0]) if creation else None,
            "service_settings_uuid": offering["service_settings"], "project_slug": project["slug"],
            "customer_slug": customer["slug"], "user_requires_reconsent": False, "renewal_date": None,
            "offering_state": "Active", "offering_components": [],
        })
        return obj

    @staticmethod
    def _component(component):
        return {
            "uuid": component["uuid"], "billing_type": "limit", "type": component["type"], "name": component["name"],
            "description": "", "measured_unit": component["measured_unit"], "unit_factor": 1, "limit_period": "month",
            "limit_amount": None, "article_code": "", "max_value": None, "min_value": None, "max_available_limit": None,
            "is_boolean": False, "default_limit": None, "factor": component["factor"], "is_builtin": True,
            "is_prepaid": False, "overage_component": None, "min_prepaid_duration": None, "max_prepaid_duration": None,
        }

    def _plan(self, offering):
        parent_uuid = offering["parent"] or offering["uuid"]
        prices = {component["type"]: (offering["plan_prices"] or {}).get(component["type"], ZERO_PRICE)
                  for component in offering["components"]}
        return {
            "url": self.base + "/api/marketplace-public-offerings/%s/plans/%s/" % (parent_uuid, offering["plan"]),
            "uuid": offering["plan"], "name": "Default", "description": "", "article_code": "", "max_amount": None,
            "archived": False, "is_active": True, "unit_price": "0.0000000000", "unit": offering["plan_unit"], "init_price": 0,
            "switch_price": 0, "backend_id": "", "organization_groups": [],
            "components": [{"type": component["type"], "name": component["name"], "measured_unit": component["measured_unit"],
                            "amount": 0, "price": (offering["plan_prices"] or {}).get(component["type"], "0.0000000000"),
                            "future_price": None, "discount_threshold": None, "discount_rate": None}
                           for component in offering["components"]],
            "prices": prices,
            "future_prices": {component["type"]: None for component in offering["components"]},
            "quotas": {component["type"]: 0 for component in offering["components"]},
            "resources_count": sum(1 for item in self.store.tables["resource"].values() if item["offering"] == offering["uuid"]),
            "plan_type": None, "minimal_price": _minimal_price(offering["plan_prices"]),
        }

    def offering(self, row):
        customer = self.store.get("customer", row["customer"])
        project = self.store.get("project", row["project"])
        category = self.store.get("category", row["category"])
        tenant = self.store.get("tenant", row.get("tenant"))
        parent = self.store.get("offering", row["parent"])
        if tenant:
            scope = {"scope": self.url("tenant", tenant["uuid"]), "scope_uuid": tenant["uuid"], "scope_name": tenant["name"],
                     "scope_state": tenant["state"], "scope_error_message": ""}
            quotas = self._quotas(tenant)
        else:
            settings = self.store.get("service_settings", row["service_settings"])
            scope = {"scope": self.url("service_settings", settings["uuid"]), "scope_uuid": settings["uuid"],
                     "scope_name": settings["name"], "scope_state": "OK", "scope_error_message": ""}
            quotas = []
        obj = {
            "url": self.url("offering", row["uuid"]), "uuid": row["uuid"], "created": row["created"], "name": row["name"],
            "slug": row["slug"], "description": "", "full_description": "", "privacy_policy_link": "", "access_url": "",
            "endpoints": [], "software_catalogs": [], "partitions": [], "roles": [],
            "customer": self.url("customer", customer["uuid"]), "customer_uuid": customer["uuid"],
            "customer_name": customer["name"], "project": self.url("project", project["uuid"]) if project else None,
            "project_uuid": project["uuid"] if project else None, "project_name": project["name"] if project else None,
            "category": self.url("category", category["uuid"]), "category_uuid": category["uuid"],
            "category_title": category["title"], "attributes": {}, "options": {}, "resource_options": {},
            "components": [self._component(component) for component in row["components"]],
            "plugin_options": dict(row["plugin_options"]),
            "state": "Active", "vendor_details": "", "getting_started": "", "integration_guide": "", "thumbnail": None,
            "order_count": sum(1 for order in self.store.tables["order"].values() if order["offering"] == row["uuid"]),
            "plans": [self._plan(row)], "screenshots": [], "type": row["type"], "shared": row["shared"],
            "billable": row["billable"],
        }
        obj.update(scope)
        obj.update({
            "files": [], "quotas": quotas, "paused_reason": "", "datacite_doi": "", "citation_count": -1,
            "latitude": None, "longitude": None, "country": "", "backend_id": "", "organization_groups": [], "tags": [],
            "image": None, "total_customers": None, "total_cost": None, "total_cost_estimated": None,
            "parent_description": "" if parent else None, "parent_uuid": parent["uuid"] if parent else None,
            "parent_name": parent["name"] if parent else None, "backend_metadata": {},
            "has_compliance_requirements": False, "billing_type_classification": "limit_only",
            "compliance_checklist": None, "user_has_consent": False, "is_accessible": True,
            "google_calendar_is_public": None, "google_calendar_link": None, "promotion_campaigns": [],
        })
        return obj


def _minimal_price(prices):
    """A real server sends the integer 0 for a free plan and a decimal string (the components' sum) otherwise."""
    if not prices:
        return 0
    return "%.10f" % sum(decimal.Decimal(price) for price in prices.values())
