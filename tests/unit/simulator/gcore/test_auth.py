"""Authentication: ``Authorization: APIKey <key>`` or a Gcore-shaped 401, on the API and the control routes alike."""

import pytest
import requests


@pytest.mark.parametrize("header, exception_class", [
    (None, "NotAuthenticated"), ("APIKey wrong-key", "AuthenticationFailed"), ("Bearer unit-api-key", "AuthenticationFailed"),
    ("APIKey", "AuthenticationFailed")])
@pytest.mark.parametrize("path", ["/cloud/v1/instances/1/76", "/cloud/v1/tasks", "/_sim/config"])
def test_requests_without_the_api_key_are_401(gcore, header, exception_class, path):
    headers = {"Authorization": header} if header else {}
    response = requests.get(gcore.simulator.url + path, headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.json() == {"exception_class": exception_class, "message": response.json()["message"]}
    assert response.json()["message"]


def test_the_keyword_is_case_insensitive(gcore):
    response = requests.get(gcore.simulator.url + "/cloud/v1/regions", headers={"Authorization": "apikey unit-api-key"},
                            timeout=10)
    assert response.status_code == 200


def test_unknown_paths_and_methods_answer_in_gcore_shape(gcore):
    missing = gcore("GET", "/cloud/v9/nothing")
    assert missing.status_code == 404 and missing.json()["exception_class"] == "NotFound"
    wrong_method = gcore("PUT", "/cloud/v1/regions")
    assert wrong_method.status_code == 405 and wrong_method.json()["exception_class"] == "MethodNotAllowed"
    unknown_project = gcore("GET", "/cloud/v1/instances/2/76")
    assert unknown_project.status_code == 404 and unknown_project.json()["message"] == "Project 2 not found"
    unknown_instance = gcore("GET", gcore.instance_path("00000000-0000-0000-0000-000000000000"))
    assert unknown_instance.status_code == 404 and "Instance" in unknown_instance.json()["message"]
    broken_json = gcore.session.post(gcore.simulator.url + "/cloud/v2/instances/1/76", data=b"{", timeout=10)
    assert broken_json.status_code == 400 and broken_json.json()["exception_class"] == "BadRequest"
