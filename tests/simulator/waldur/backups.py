"""Backups: the shared resource endpoints (updates do not change state), delete with their snapshots, restore."""

from ..server import ApiError, Response
from . import quotas
from .filters import Custom, FilterSet, Lookups, Url, Uuid
from .lifecycle import ERRED, OK
from .refs import resolve_field
from .replies import require_state
from .resources import register_resource_endpoints
from .snapshots import DELETION_SCHEDULED_REPLY
from .store import iso, new_uuid
from .validation import DateTime, Name, Text, parse, require_object

UPDATE_SPEC = {"name": Name(required=True), "description": Text(4096), "kept_until": DateTime(allow_null=True)}


class BackupActions:
    def __init__(self, app):
        self.app = app
        self.store = app.store
        self.lifecycle = app.lifecycle
        self.provisioner = app.provisioner

    def snapshots(self, backup):
        return [snapshot for snapshot in (self.store.get("snapshot", uuid) for uuid in backup["snapshots"]) if snapshot]

    def destroy(self, _request, backup):
        require_state(backup, [OK, ERRED])
        for snapshot in self.snapshots(backup):
            self.lifecycle.run_deletion("snapshot", snapshot)
        self.lifecycle.run_deletion("backup", backup)
        return Response(DELETION_SCHEDULED_REPLY, 202)

    def restore(self, request, backup):
        require_state(backup, [OK])
        body = require_object(request.json())
        tenant = self.store.get("tenant", backup["tenant"])
        project = self.store.get("project", backup["project"])
        flavor = resolve_field(self.store, body, ["flavor"], "flavor")
        if tenant["uuid"] not in flavor["tenants"]:
            raise ApiError(400, {"flavor": ["Flavor is not visible in tenant."]})
        snapshots = self.snapshots(backup)
        if not any(snapshot["source_bootable"] for snapshot in snapshots):
            raise ApiError(400, {"non_field_errors": ["OpenStack instance should have bootable volume."]})
        metadata = backup["metadata"]
        name = parse(body, {"name": Name()}, partial=True).get("name") or metadata["name"]
        provisioner = self.provisioner
        if "security_groups" in body:
            groups = provisioner.security_groups_of(body["security_groups"], tenant)
        else:
            groups = [group for group in (self.store.get("security_group", uuid) for uuid in backup["instance_security_groups"])
                      if group]
        if "ports" in body:
            ports = provisioner.ports_of(body["ports"], tenant)
        else:
            ports = [{"existing": None, "subnet": self.store.get("subnet", port["subnet"]), "addresses": []}
                     for port in backup["instance_ports"] if self.store.get("subnet", port["subnet"])]
        floating_ips = provisioner.floating_ips_of(body.get("floating_ips"), tenant, ports)
        volumes = [{"name": name + "-volume", "size": snapshot["size"], "bootable": snapshot["source_bootable"],
                    "type": self.store.get("volume_type", snapshot["source_type"]), "image_name": snapshot["source_image_name"],
                    "source_snapshot": snapshot} for snapshot in snapshots]
        quotas.check(self.store, tenant, {"instances": 1, "vcpu": flavor["cores"], "ram": flavor["ram"],
                                          "volumes": len(volumes), "storage": sum(volume["size"] for volume in volumes)})
        key = self.store.first("ssh_key", name=metadata["key_name"]) if metadata["key_name"] else None
        plan = {
            "project": project, "tenant": tenant, "name": name, "description": metadata["description"],
            "user_data": metadata["user_data"], "flavor": flavor,
            "image": next((image for image in self.store.all("image")
                           if image["name"] == metadata["image_name"] and tenant["uuid"] in image["tenants"]), None),
            "volumes": volumes, "security_groups": groups, "server_group": None, "ports": ports,
            "floating_ips": floating_ips, "ssh_key": key, "availability_zone": None,
            "connect_directly_to_external_network": False,
        }
        provisioner.reserve(plan)
        ts = self.lifecycle.now()
        instance = provisioner.create_instance(plan, ts)
        instance.update(image_name=metadata["image_name"], min_ram=metadata["min_ram"], min_disk=metadata["min_disk"],
                        key_name=metadata["key_name"], key_fingerprint=metadata["key_fingerprint"])
        provisioner.add_resource(instance, "instance", provisioner.instance_offering(tenant), ts)
        restoration = {
            "uuid": new_uuid(), "instance": instance["uuid"], "created": iso(ts), "flavor": flavor["uuid"], "name": name,
            "floating_ips": [item["fip"] for item in floating_ips if item["fip"] is not None],
            "security_groups": [group["uuid"] for group in groups],
            "ports": [dict(self.store.get("port", uuid)) for uuid in instance["ports"]],
        }
        self.lifecycle.set("backup", backup, ts, restorations=backup["restorations"] + [restoration])
        provisioner.build_instance(instance, ts, lambda done_ts, error: provisioner.set_resource_state(
            instance, done_ts, "Erred" if error else "OK", error))
        return Response(self.app.serializer(request).instance(instance), 201)


def register(app):
    lookups = Lookups(app.store)
    actions = BackupActions(app)
    filterset = FilterSet(lookups.structure() + lookups.in_tenant() + [
        Url("instance", "instance"), Uuid("instance_uuid", "instance"), Custom("external_ip", lambda value: lambda row: False),
    ])
    register_resource_endpoints(app, "backup", filterset, lookups.resource_orderings(), UPDATE_SPEC, update_lifecycle=False)
    app.on_object("DELETE", "backup", "", actions.destroy)
    app.on_object("POST", "backup", "restore", actions.restore)
