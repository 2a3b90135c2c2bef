"""Bad input a new user might write, run by ansible-playbook against the Gcore simulator: every case fails with a
clear message before any request that changes something (Gcore's read-only POSTs included)."""


def test_bad_input_fails_before_any_request_that_changes_something(gcore):
    mark = gcore.log.mark()
    gcore.playbook("gcore_bad_input.yml", check=True)
    assert gcore.log.mutating_since(mark) == []
