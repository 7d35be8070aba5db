"""The API's JSON parser: a body nested too deeply is a 400 with a clear message, never a
RecursionError (security finding 9a)."""
import json

import pytest

MAX_DEPTH = 64  # core.parsers.MAX_DEPTH

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000
VALID_DEEP = json.dumps({"title": json.loads("[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5))})


@pytest.mark.parametrize("body", [DEEP, VALID_DEEP, '{"username": ' + "[" * 5000 + "1" + "]" * 5000 + "}"])
def test_the_token_endpoint_refuses_deep_nesting_with_a_400(client, body):
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]


@pytest.mark.parametrize("body", [DEEP, VALID_DEEP])
def test_a_deep_body_to_a_default_parser_view_is_a_400(api, world, body):
    response = api.as_(world.users["admin"]).post("/api/v1/units/", body, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]


@pytest.mark.parametrize("body", [DEEP, VALID_DEEP])
def test_a_deep_body_to_a_view_with_its_own_parsers_is_a_400(api, world, body):
    """The pledges endpoint names its own parser classes (JSON, multipart and form)."""
    from pledges import services
    from tests.fixtures.pledges import pledge_body

    account = world.users["official"]
    pledge = services.pledge_create(actor=account, official=world.own_official, cycle=world.own_cycle,
                                    **pledge_body("key_work"))
    response = api.as_(account).patch(f"/api/v1/pledges/{pledge.pk}/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert "嵌套" in response.json()["detail"]


def test_ordinary_nesting_is_still_accepted(client, world):
    body = {"username": "staff1", "password": "pw-for-tests-1"}
    assert client.post("/api/v1/auth/token/", body, content_type="application/json").status_code == 200
