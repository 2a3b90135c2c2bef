"""user_data (often holding passwords) run through real ansible-playbook at -vvvv: it appears only where asked."""

SECRET = "cloud-init-s3cret-passw0rd"


def test_user_data_stays_out_of_results_and_logs(waldur):
    result = waldur.playbook("waldur_user_data.yml", "-vvvv", env={"USER_DATA_SECRET": SECRET}, check=True)
    # The one occurrence is the result of the task that asked for it.
    assert (result.stdout + result.stderr).count(SECRET) == 1, result.stdout[-4000:]
