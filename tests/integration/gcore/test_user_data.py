"""user_data (often holding passwords) run through real ansible-playbook at -vvvv: it never appears."""

SECRET = "cloud-init-s3cret-passw0rd"


def test_user_data_stays_out_of_results_and_logs(gcore):
    result = gcore.playbook("gcore_user_data.yml", "-vvvv", env={"USER_DATA_SECRET": SECRET}, check=True)
    assert SECRET not in result.stdout + result.stderr
