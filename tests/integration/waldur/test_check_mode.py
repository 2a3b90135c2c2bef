"""Check mode against the Waldur simulator: refusals the server would answer with 409 are predicted."""


def test_a_bootable_volume_is_refused_in_check_mode_as_for_real(waldur, waldur_api):
    waldur_api.create_instance("check-mode-vm")
    mark = waldur.log.mark()
    waldur.playbook("waldur_check_mode.yml", "-e", "instance_name=check-mode-vm", check=True)
    assert waldur.log.mutating_since(mark) == []
