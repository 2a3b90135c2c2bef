"""Errors as the SDK raises them: status classes, and the body's exception_class / message."""

import pytest
import requests

from gcore import AuthenticationError, BadRequestError, Gcore, InternalServerError, NotFoundError, UnprocessableEntityError

from .conftest import API_KEY


def test_wrong_api_key_is_an_authentication_error(simulator):
    with Gcore(api_key="wrong", base_url=simulator.url, cloud_project_id=1, cloud_region_id=76) as stranger:
        with pytest.raises(AuthenticationError) as raised:
            stranger.cloud.instances.list()
    assert raised.value.body["exception_class"] == "AuthenticationFailed" and raised.value.body["message"]


def test_unknown_ids_are_not_found(client):
    with pytest.raises(NotFoundError):
        client.cloud.instances.get("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundError):
        client.cloud.tasks.get("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundError):
        client.cloud.instances.list(project_id=99)


def test_bad_create_bodies(client, create_body):
    with pytest.raises(BadRequestError, match="g9-nonexistent"):
        client.cloud.instances.create(**create_body("bad", flavor="g9-nonexistent"))
    with pytest.raises(UnprocessableEntityError):
        client.cloud.instances.create(**create_body("bad", interfaces=[]))


def test_retries_then_fails_on_injected_server_errors(no_retries, client, simulator):
    headers = {"Authorization": "APIKey " + API_KEY}
    rule = {"path_regex": "^/cloud/v1/regions$", "status": 503, "count": 2,
            "body": {"exception_class": "ServiceUnavailable", "message": "maintenance"}}
    assert requests.post(simulator.url + "/_sim/faults", json=rule, headers=headers, timeout=10).status_code == 201
    with pytest.raises(InternalServerError) as raised:
        no_retries.cloud.regions.list()
    assert raised.value.body["message"] == "maintenance"
    assert [region.id for region in client.cloud.regions.list()] == [76, 77]
