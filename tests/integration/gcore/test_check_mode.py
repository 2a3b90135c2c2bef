"""Check mode against the Gcore simulator: it predicts what the real run does."""


def test_a_metadata_change_has_the_same_diff_in_check_mode_and_for_real(gcore, gcore_api):
    gcore_api.create_instance("it-check-mode")
    mark = gcore.log.mark()
    gcore.playbook("gcore_check_mode.yml", "-e", "instance_name=it-check-mode", check=True)
    requests = [("%s %s" % (r["method"], r["path"])) for r in gcore.log.mutating_since(mark)]
    assert len(requests) == 1 and requests[0].startswith("POST /cloud/v1/instances/1/76/") and requests[0].endswith("/metadata"), requests
