"""Every known difference between the simulator and the real Waldur server (7.0.7-era), with its reason.

The suite fails on a difference that is not listed here, and on an entry here that no longer occurs, so this list
stays exactly what the two servers disagree on. Status keys are request kinds ("METHOD /api/path/{uuid}/"); shape
entries are grouped by the collection the answered object belongs to (from its ``url``), one entry per field.

The simulator runs here as generation 7 (conftest.py): it takes requests in the 7.x forms and refuses the 8.x ones
as the 7.x server does (test_refusals.py), but its generations differ in requests only, so its answers keep the 8.x
shape (the 8.0.5 schema and the recorded real 8.x answers, see tests/contract/waldur/). Most entries are these answer-shape
generation differences, listed with the evidence for each side.
"""

GEN8 = ("an 8.x field (in the 8.0.5 schema): the simulator serves the 8.x shape, the 7.0.7-era server does not have it; "
        "the collection does not need it")
GEN8_UNDESCRIBED = ("sent by the simulator as 8.x servers do (the 8.0.5 schema subset does not describe this object), not by "
                    "the 7.x server; the collection does not read it")
GEN7 = ("a 7.x field that the 8.0.5 schema no longer has: the real 7.x server sends it, the simulator serves the 8.x shape; "
        "the collection does not read it")
DETACHED_NULLS = ("7.x sends instance_name and instance_marketplace_uuid as null for a detached volume; the recorded 8.x answers "
                  "leave them out, as the simulator does (DRF omits a field read through a null reference); the collection "
                  "reads them only when the volume is attached")
METADATA_STRING = ("7.x sends metadata as a string ('' when unset); the 8.0.5 schema and the recorded 8.x answers send an "
                   "object, as the simulator does; the collection reads both (test_reads checks a snapshot's metadata in "
                   "check mode)")
BACKUP_METADATA = ("the 7.x answer to POST .../backup/ carries the backup's metadata as an object describing the instance "
                   "(with its size); the simulator sends {}; the collection does not read a backup's metadata")
ACTION_DETAILS_REAL = ("7.x records what an action did in the object's action_details (message, old and new flavor, attached "
                       "and detached volumes); the simulator leaves them empty; the collection does not read action_details")
ACTION_DETAILS_SIM = ("the simulator writes a message into a volume's action_details at once; the 7.x server writes it from the "
                      "background task, which never runs here; the collection does not read action_details")
RESTORED_VOLUME_TYPE = ("7.x makes the volumes of a backup restore with no type (BackupRestorationSerializer.create), so its "
                        "answer to POST .../restore/ has type null and no type_name until the background pull fills them, "
                        "which never runs here; the simulator gives each volume its type at once; the collection does not "
                        "read the volume types of a restored instance")
DECIMAL_STRINGS = ("prices: the simulator sends decimal strings as the 8.x servers do (WALDUR-NOTES, recorded answers); the "
                   "7.x server sends numbers; the collection does not read prices")

# request kind -> (simulator status, real status, reason)
STATUS = {
}

# collection -> {"<field>: <difference>": reason}
SHAPE = {
    "marketplace-orders": {
        "activation_price: only in the simulator": GEN8,
        "attachment: only in the simulator": GEN8,
        "backend_id: only in the simulator": GEN8,
        "can_terminate: only in the simulator": GEN8,
        "completed_at: only in the simulator": GEN8,
        "consumer_message: only in the simulator": GEN8,
        "consumer_message_attachment: only in the simulator": GEN8,
        "consumer_rejection_comment: only in the simulator": GEN8,
        "created_by_civil_number: only in the simulator": GEN8,
        "created_by_email: only in the simulator": GEN8,
        "created_by_organization: only in the simulator": GEN8,
        "created_by_organization_registry_code: only in the simulator": GEN8,
        "customer_slug: only in the simulator": GEN8,
        "fixed_price: only in the simulator": GEN8,
        "issue: only in the simulator": GEN8,
        "new_cost_estimate: only in the simulator": GEN8,
        "new_plan_name: only in the simulator": GEN8,
        "new_plan_uuid: only in the simulator": GEN8,
        "old_cost_estimate: only in the simulator": GEN8,
        "old_plan_name: only in the simulator": GEN8,
        "old_plan_uuid: only in the simulator": GEN8,
        "order_subtype: only in the simulator": GEN8,
        "plan_description: only in the simulator": GEN8,
        "plan_name: only in the simulator": GEN8,
        "plan_unit: only in the simulator": GEN8,
        "plan_uuid: only in the simulator": GEN8,
        "project_slug: only in the simulator": GEN8,
        "provider_message: only in the simulator": GEN8,
        "provider_message_attachment: only in the simulator": GEN8,
        "provider_message_url: only in the simulator": GEN8,
        "provider_rejection_comment: only in the simulator": GEN8,
        "provider_reviewed_at: only in the simulator": GEN8,
        "provider_reviewed_by: only in the simulator": GEN8,
        "provider_reviewed_by_full_name: only in the simulator": GEN8,
        "provider_reviewed_by_username: only in the simulator": GEN8,
        "provider_slug: only in the simulator": GEN8,
        "request_comment: only in the simulator": GEN8,
        "slug: only in the simulator": GEN8,
        "start_date: only in the simulator": GEN8,
        "termination_comment: only in the simulator": GEN8,
    },
    "marketplace-public-offerings": {
        "access_url: only in the simulator": GEN8,
        "billing_type_classification: only in the simulator": GEN8,
        "compliance_checklist: only in the simulator": GEN8,
        "has_compliance_requirements: only in the simulator": GEN8,
        "is_accessible: only in the simulator": GEN8,
        "native_description: only on the real server": GEN7,
        "native_name: only on the real server": GEN7,
        "partitions: only in the simulator": GEN8,
        "rating: only on the real server": GEN7,
        "scope_error_message: only in the simulator": GEN8,
        "scope_name: only in the simulator": GEN8,
        "software_catalogs: only in the simulator": GEN8,
        "tags: only in the simulator": GEN8,
        "terms_of_service: only on the real server": GEN7,
        "terms_of_service_link: only on the real server": GEN7,
        "total_cost: only in the simulator": GEN8,
        "total_cost_estimated: only in the simulator": GEN8,
        "total_customers: only in the simulator": GEN8,
        "user_has_consent: only in the simulator": GEN8,
    },
    "openstack-backups": {
        "backup_schedule: only on the real server": GEN7,
        "customer_uuid: only in the simulator": GEN8,
        "instance_ports[].security_groups: only in the simulator": GEN8,
        "instance_ports[].url: only in the simulator": GEN8,
        "metadata.size: only on the real server": BACKUP_METADATA,
        "metadata: simulator object, real str": METADATA_STRING,
    },
    "openstack-floating-ips": {
        "customer_uuid: only in the simulator": GEN8_UNDESCRIBED,
        "external_address: only in the simulator": GEN8_UNDESCRIBED,
        "port_fixed_ips: only in the simulator": GEN8_UNDESCRIBED,
    },
    "openstack-images": {
        "backend_created_at: only in the simulator": GEN8_UNDESCRIBED,
        "backend_id: only in the simulator": GEN8_UNDESCRIBED,
    },
    "openstack-instances": {
        "action_details.attached: only on the real server": ACTION_DETAILS_REAL,
        "action_details.detached: only on the real server": ACTION_DETAILS_REAL,
        "action_details.message: only on the real server": ACTION_DETAILS_REAL,
        "action_details.new_flavor_name: only on the real server": ACTION_DETAILS_REAL,
        "action_details.old_flavor_name: only on the real server": ACTION_DETAILS_REAL,
        "customer_uuid: only in the simulator": GEN8,
        "external_address: only in the simulator": GEN8,
        "offering_external_ips: only on the real server": GEN7,
        "ports[].security_groups: only in the simulator": GEN8,
        "ports[].url: only in the simulator": GEN8,
        "volumes[].type_name: only in the simulator": RESTORED_VOLUME_TYPE,
    },
    "openstack-security-groups": {
        "customer_uuid: only in the simulator": GEN8_UNDESCRIBED,
    },
    "openstack-server-groups": {
        "customer_uuid: only in the simulator": GEN8_UNDESCRIBED,
    },
    "openstack-snapshots": {
        "customer_uuid: only in the simulator": GEN8,
        "metadata: simulator object, real str": METADATA_STRING,
        "snapshot_schedule: only on the real server": GEN7,
    },
    "openstack-subnets": {
        "customer_uuid: only in the simulator": GEN8_UNDESCRIBED,
    },
    "openstack-volumes": {
        "action_details.message: only in the simulator": ACTION_DETAILS_SIM,
        "customer_uuid: only in the simulator": GEN8,
        "extend_enabled: only in the simulator": GEN8,
        "instance_marketplace_uuid: only on the real server": DETACHED_NULLS,
        "instance_name: only on the real server": DETACHED_NULLS,
    },
    "projects": {
        "billing_price_estimate.current: simulator str, real number": DECIMAL_STRINGS,
        "billing_price_estimate.tax: simulator str, real number": DECIMAL_STRINGS,
        "billing_price_estimate.tax_current: simulator str, real number": DECIMAL_STRINGS,
        "customer_display_billing_info_in_projects: only in the simulator": GEN8,
        "grace_period_days: only in the simulator": GEN8,
        "is_removed: only in the simulator": GEN8,
        "kind: only in the simulator": GEN8,
        "max_service_accounts: only in the simulator": GEN8,
        "project_credit: only in the simulator": GEN8,
        "staff_notes: only in the simulator": GEN8,
        "termination_metadata: only in the simulator": GEN8,
        "type_name: only in the simulator": GEN8,
        "type_uuid: only in the simulator": GEN8,
        "user_affiliations: only in the simulator": GEN8,
        "user_email_patterns: only in the simulator": GEN8,
        "user_identity_sources: only in the simulator": GEN8,
    },
}

# Instance fields the inventory asks for with field= that the real server leaves out of its answer while the
# simulator sends them, field -> reason.
FIELD_SELECTION = {
    "customer_uuid": GEN8,
}
