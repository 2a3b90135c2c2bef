"""``POST /cloud/v2/instances/{p}/{r}`` (create) and ``.../check_limits``.

The instance, its ports, volumes and new floating IPs exist from the request on (status BUILD); the create task
makes it ACTIVE, or ERROR when the boot image is broken or a /_sim/task-failures rule matches ``create_vm``.
"""

from ..server import ApiError, Response
from .create_plan import CreatePlan
from .lifecycle import release_port, set_status
from .operations import run_on_instance, tasks_response
from .params import body_object
from .quotas import check, enforce
from .rows import attach_floating_ip, attach_volume, device_name, floating_ip_row, instance_row, port_row, volume_row
from .store import new_id
from .tasks import TaskEngine

SECRET_FIELDS = ("password", "user_data")


def render_name(plan, ports):
    """Fill ``{ip_octets}``, ``{two_ip_octets}`` and ``{one_ip_octet}`` from the first IPv4 address."""
    if plan.name is not None:
        return plan.name
    addresses = [ip["address"] for port in ports for ip in port["ips"] if "." in ip["address"]]
    octets = (addresses[0] if addresses else "0.0.0.0").split(".")
    return (plan.name_template.replace("{ip_octets}", "-".join(octets[1:])).replace("{two_ip_octets}", "-".join(octets[2:]))
            .replace("{one_ip_octet}", octets[3]))


class Provisioner:
    """Turns a validated plan into rows; every address it took is given back if a later step fails."""

    def __init__(self, app, plan):
        self.app = app
        self.store = app.store
        self.plan = plan
        self.now = app.scheduler.now()
        self.ports = []

    def make_ports(self):
        try:
            for interface in self.plan.interfaces:
                self.ports.append(self.make_port(interface))
        except ApiError:
            for port in self.ports:
                release_port(self.store, port, self.now)
            raise

    def make_port(self, interface):
        groups = [group["id"] for group in interface["security_groups"]]
        name = interface["interface_name"]
        if interface["reserved"] is not None:
            port = interface["reserved"]["port"]
            port.update({"interface_name": name, "security_group_ids": groups})
            return port
        return port_row(interface["network"], interface["subnets"], self.now, interface_name=name, security_group_ids=groups,
                        wanted_ip=interface["wanted_ip"])

    def build(self, task_id):
        plan, store = self.plan, self.store
        self.make_ports()
        instance = instance_row(plan.project_id, plan.region_id, render_name(plan, self.ports), plan.flavor, self.now,
                                image_id=plan.boot_image["id"], creator_task_id=task_id)
        instance.update({"status": "BUILD", "vm_state": "building", "task_state": "scheduling", "task_id": task_id,
                         "ssh_key_name": plan.ssh_key_name, "tags": dict(plan.tags), "ports": self.ports})
        for interface in plan.interfaces:
            if interface["reserved"] is not None:
                interface["reserved"].update({"instance_id": instance["id"], "updated": self.now})
        if plan.servergroup is not None:
            instance["servergroup_id"] = plan.servergroup["id"]
            plan.servergroup["members"].append(instance["id"])
        store.add("instance", instance)
        self.app.scheduler.record(self.now, "instance", instance["id"], "exists", False, True)
        return instance

    def attach_volumes(self, instance, task_id):
        """Attach existing volumes and create the new ones; all are ``in-use`` when the create task ends."""
        created = []
        ordered = sorted(self.plan.volumes, key=lambda volume: 0 if volume["boot_index"] == 0 else 1)
        for index, spec in enumerate(ordered):
            volume = spec["existing"]
            if volume is None:
                image = spec["image"]
                volume = volume_row(instance["project_id"], instance["region_id"], spec["name"] or "%s-volume-%d" % (instance["name"], index),
                                    spec["size"], spec["type_name"], self.now, bootable=image is not None,
                                    image_id=image["id"] if image else None, creator_task_id=task_id)
                volume["tags"] = dict(spec["tags"])
                self.store.add("volume", volume)
                created.append(volume["id"])
            attach_volume(volume, instance, device_name(index), spec["delete_on_termination"], self.now,
                          root=spec["boot_index"] == 0, attachment_tag=spec["attachment_tag"])
            volume["status"] = "attaching" if spec["existing"] else "creating"
        return created

    def floating_ips(self, instance, task_id):
        """(floating IP, port) pairs to attach when the instance is up; new ones are allocated now."""
        pairs = []
        for interface, port in zip(self.plan.interfaces, self.ports):
            floating = interface["floating"]
            if floating == "new":
                external = self.store.first("subnet", region_id=instance["region_id"], name="ext-subnet")
                floating = floating_ip_row(instance["project_id"], instance["region_id"], external, self.now,
                                           creator_task_id=task_id)
                self.store.add("floating_ip", floating)
            if floating is not None:
                floating["instance_id"] = instance["id"]
                pairs.append((floating, port))
        return pairs


def register(app):
    store = app.store

    def create(request, project_id, region_id):
        body = body_object(request)
        plan = CreatePlan(store, project_id, region_id, body)
        enforce(store, project_id, region_id, plan.requested())
        task_id = new_id()
        provisioner = Provisioner(app, plan)
        instance = provisioner.build(task_id)
        volumes = provisioner.attach_volumes(instance, task_id)
        floatings = provisioner.floating_ips(instance, task_id)

        def settle_volumes(ts):
            for volume_id in instance["volume_ids"]:
                store.get("volume", volume_id).update({"status": "in-use", "updated": ts})

        def finished(ts, _task):
            for floating, port in floatings:
                attach_floating_ip(floating, port, instance["id"], None, ts)
            settle_volumes(ts)
            set_status(app.scheduler, instance, ts, "ACTIVE")

        def failed(ts, _message):
            settle_volumes(ts)
            set_status(app.scheduler, instance, ts, "ERROR")

        data = {key: value for key, value in body.items() if key not in SECRET_FIELDS}
        task = run_on_instance(app, instance, "create_vm", data, running={"task_state": "spawning"}, finished=finished,
                               failed=failed, error=plan.boot_image["boot_error"], task_id=task_id)
        TaskEngine.created(task, "instances", [instance["id"]])
        TaskEngine.created(task, "volumes", volumes)
        TaskEngine.created(task, "ports", [port["id"] for port in instance["ports"] if not port["reserved"]])
        TaskEngine.created(task, "floatingips", [floating["id"] for floating, port in floatings if floating["creator_task_id"] == task_id])
        return tasks_response(task)

    def check_limits(request, project_id, region_id):
        plan = CreatePlan(store, project_id, region_id, body_object(request), check_only=True)
        report = check(store, project_id, region_id, plan.requested())[0]
        body = {}
        for name, (limit, requested, used) in report.items():
            body.update({name + "_limit": limit, name + "_requested": requested, name + "_usage": used})
        return Response(body)

    app.route("POST", "/cloud/v2/instances/{project_id}/{region_id}", create)
    app.route("POST", "/cloud/v2/instances/{project_id}/{region_id}/check_limits", check_limits)
