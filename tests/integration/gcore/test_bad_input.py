"""Bad input a new user might write, run by ansible-playbook against the Gcore simulator: every case fails with a
clear message before any request that changes something."""


def test_bad_input_fails_before_any_request_that_changes_something(gcore):
    mark = gcore.log.mark()
    gcore.playbook("gcore_bad_input.yml", check=True)
    # The one POST is the quota check (a read) of the check-mode create that takes an empty servergroup.
    assert ["%s %s" % (r["method"], r["path"]) for r in gcore.log.mutating_since(mark)] == [
        "POST /cloud/v2/instances/1/76/check_limits"]
