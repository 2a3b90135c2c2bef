"""The Waldur modules' plans: which actions a task sends, in which order, and what check mode predicts from them."""

import pytest

from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.instance import InstanceModule
from ansible_collections.cloudfleet.openstack.plugins.module_utils.waldur.volume import VolumeModule
from tests.unit.fakes import FakeClient, FakeModule

U = "https://w/api/%s/%s/"
SMALL = {"name": "m1.small", "url": U % ("openstack-flavors", "1" * 32)}
LARGE = {"name": "m1.large", "url": U % ("openstack-flavors", "2" * 32)}
SSH = {"name": "ssh", "url": U % ("openstack-security-groups", "3" * 32), "uuid": "3" * 32}
SUBNET = {"name": "demo-subnet", "url": U % ("openstack-subnets", "4" * 32), "uuid": "4" * 32, "backend_id": "b4"}
SSD = {"name": "ssd", "url": U % ("openstack-volume-types", "5" * 32)}
VM = U % ("openstack-instances", "6" * 32)


def instance_module(check_mode=False, **options):
    params = dict(state="present", wait=True, wait_timeout=60, allowed_address_pairs=None, allow_stop=True, unlink=False)
    params.update(options)
    return InstanceModule(FakeModule(params, check_mode=check_mode), client=FakeClient())


def instance(**fields):
    obj = {"uuid": "7" * 32, "name": "web", "state": "OK", "runtime_state": "ACTIVE", "flavor_name": "m1.small",
           "security_groups": [], "ports": [{"subnet": SUBNET["url"], "subnet_name": "demo-subnet", "fixed_ips": []}],
           "floating_ips": []}
    obj.update(fields)
    return obj


@pytest.mark.parametrize("state, runtime_state, actions", [
    ("present", "ACTIVE", []),
    ("present", "SHUTOFF", []),
    ("started", "ACTIVE", []),
    ("started", "SHUTOFF", ["start"]),
    ("stopped", "ACTIVE", ["stop"]),
    ("stopped", "SHUTOFF", []),
    ("restarted", "ACTIVE", ["restart"]),
    ("restarted", "SHUTOFF", ["start"]),
])
def test_the_power_table(state, runtime_state, actions):
    plan = instance_module(state=state).plan_actions(instance(runtime_state=runtime_state))
    assert plan.actions == actions
    if actions:
        assert plan.expected["runtime_state"] == ("SHUTOFF" if state == "stopped" else "ACTIVE")


@pytest.mark.parametrize("state, runtime_state, actions, ends", [
    ("present", "ACTIVE", ["stop", "change_flavor", "start"], "ACTIVE"),
    ("started", "ACTIVE", ["stop", "change_flavor", "start"], "ACTIVE"),
    ("restarted", "ACTIVE", ["stop", "change_flavor", "start"], "ACTIVE"),
    ("stopped", "ACTIVE", ["stop", "change_flavor"], "SHUTOFF"),
    ("present", "SHUTOFF", ["change_flavor"], "SHUTOFF"),
    ("restarted", "SHUTOFF", ["change_flavor", "start"], "ACTIVE"),
])
def test_a_resize_stops_a_running_instance_and_starts_it_again_unless_stopped_is_asked(state, runtime_state, actions, ends):
    module = instance_module(state=state)
    module.wanted["flavor"] = LARGE
    plan = module.plan_actions(instance(runtime_state=runtime_state))
    assert plan.actions == actions
    assert (plan.expected["flavor_name"], plan.expected["runtime_state"]) == ("m1.large", ends)
    assert plan.steps[actions.index("change_flavor")].body == {"flavor": LARGE["url"]}


def test_the_flavor_already_there_plans_nothing():
    module = instance_module()
    module.wanted["flavor"] = SMALL
    assert module.plan_actions(instance()).actions == []


def test_every_reconciled_option_is_one_step_in_a_fixed_order():
    module = instance_module(state="stopped", allowed_address_pairs=[{"ip_address": "10.0.0.5"}])
    module.wanted.update(flavor=LARGE, security_groups=[SSH], ports=[(SUBNET, ["192.168.42.10"])], floating_ips=[(SUBNET, None)])
    plan = module.plan_actions(instance())
    assert plan.actions == ["stop", "change_flavor", "update_security_groups", "update_ports", "update_floating_ips",
                            "update_allowed_address_pairs"]
    assert plan.expected["security_groups"] == [{"url": SSH["url"], "name": "ssh"}]
    assert plan.expected["ports"][0]["fixed_ips"] == [{"ip_address": "192.168.42.10"}]
    assert plan.steps[3].body == {"ports": [{"subnet": SUBNET["url"], "fixed_ips": [{"ip_address": "192.168.42.10", "subnet_id": "b4"}]}]}
    assert plan.steps[5].body == {"subnet": SUBNET["url"], "allowed_address_pairs": [{"ip_address": "10.0.0.5"}]}


def test_check_mode_predicts_what_the_plan_says_and_sends_nothing():
    module = instance_module(check_mode=True, state="restarted")
    module.wanted.update(flavor=LARGE, security_groups=[SSH])
    current = instance()
    plan = module.plan_actions(current)
    assert module.carry_out(current, plan) == plan.expected
    assert module.changed and module.steps_done == []


class RecordingInstance(InstanceModule):
    """Sends nothing: records each action where a real run would POST it."""

    def __init__(self, *args, **kwargs):
        super(RecordingInstance, self).__init__(*args, **kwargs)
        self.sent = []

    def send_action(self, obj, action, body=None, done=None, expected=(200, 201, 202), send=None):
        self.sent.append((action, body))


def test_a_real_run_sends_the_planned_steps_in_order_with_their_bodies():
    params = dict(state="started", wait=True, wait_timeout=60, allowed_address_pairs=None, allow_stop=True, unlink=False)
    module = RecordingInstance(FakeModule(params), client=FakeClient())
    module.wanted.update(flavor=LARGE, ports=[(SUBNET, [])])
    module.after_previous_step = lambda obj: obj
    current = instance(ports=[])
    plan = module.plan_actions(current)
    result = module.carry_out(current, plan)
    assert module.sent == [(step.action, step.body) for step in plan]
    assert [action for action, _body in module.sent] == ["stop", "change_flavor", "update_ports", "start"]
    assert result == plan.expected


def volume_module(**options):
    params = dict(state="present", wait=True, wait_timeout=60, size=None, type=None, instance=None, detach=False, unlink=False,
                  device=None, project=None)
    params.update(options)
    return VolumeModule(FakeModule(params), client=FakeClient())


def volume(**fields):
    obj = {"uuid": "8" * 32, "name": "data", "size": 10240, "type": SSD["url"], "type_name": "ssd", "instance": None}
    obj.update(fields)
    return obj


def test_a_volume_grows_in_mib_and_never_shrinks():
    assert volume_module(size=20).plan_actions(volume()).steps[0].body == {"disk_size": 20480}
    assert volume_module(size=10).plan_actions(volume()).actions == []
    assert volume_module(size=5).plan_actions(volume()).actions == []


def test_a_retype_of_an_attached_volume_detaches_and_attaches_it_again():
    module = volume_module(type="hdd")
    hdd = {"name": "hdd", "url": U % ("openstack-volume-types", "9" * 32)}
    module.wanted_type = lambda current: hdd
    plan = module.plan_actions(volume(instance=VM, instance_name="web"))
    assert plan.actions == ["detach", "retype", "attach"]
    assert plan.steps[2].body == {"instance": VM}
    assert (plan.expected["instance"], plan.expected["instance_name"], plan.expected["type_name"]) == (VM, "web", "hdd")


def test_detach_plans_one_step_and_predicts_no_instance():
    plan = volume_module(detach=True).plan_actions(volume(instance=VM, instance_name="web"))
    assert plan.actions == ["detach"]
    assert (plan.expected["instance"], plan.expected["instance_name"]) == (None, None)


@pytest.mark.parametrize("state, flavor, refused", [
    ("present", LARGE, True),
    ("restarted", LARGE, True),
    ("stopped", LARGE, False),
    ("present", SMALL, False),
    ("stopped", None, False),
])
def test_without_allow_stop_only_a_stop_for_a_resize_is_refused(state, flavor, refused):
    module = instance_module(state=state)
    module.wanted["flavor"] = flavor
    assert module.stops_only_to_resize(module.plan_actions(instance())) is refused
