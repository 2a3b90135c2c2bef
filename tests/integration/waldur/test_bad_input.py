"""Bad input a new user might write, run by ansible-playbook against the Waldur simulator: every case fails with a
clear message before any request that changes something."""


def test_bad_input_fails_before_any_mutating_request(waldur):
    mark = waldur.log.mark()
    waldur.playbook("waldur_bad_input.yml", check=True)
    assert waldur.log.mutating_since(mark) == []
