"""Accounts and token auth over the API."""
import pytest

from accounts.models import User
from tests.factories import UserFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def test_token_for_good_credentials(client, world):
    response = client.post(
        "/api/v1/auth/token/", {"username": "staff1", "password": "pw-for-tests-1"}, content_type="application/json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    listed = client.get("/api/v1/officials/", HTTP_AUTHORIZATION=f"Token {token}")
    assert listed.status_code == 200
    assert listed.json()["count"] == 2


def test_token_refused_for_bad_credentials_with_json_error(client, world):
    response = client.post(
        "/api/v1/auth/token/", {"username": "staff1", "password": "wrong"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("body", ['{"username": "staff1"}', "[]", "garbage", '{"username": 5, "password": null}'])
def test_malformed_token_request_answers_400(client, world, body):
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_repeated_failures_lock_the_token_endpoint(client, world):
    """After AXES_FAILURE_LIMIT failures even the right password is refused."""
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"username": "staff1", "password": "bad"}, content_type="application/json")
    response = client.post(
        "/api/v1/auth/token/", {"username": "staff1", "password": "pw-for-tests-1"}, content_type="application/json"
    )
    assert response.status_code == 429
    assert "锁定" in response.json()["detail"]


def test_anonymous_api_access_is_refused(client, world):
    assert client.get("/api/v1/officials/").status_code == 401


def test_password_is_write_only(api, world):
    body = api.as_(world.users["admin"]).get(f"/api/v1/accounts/{world.users['staff'].pk}/").json()
    assert "password" not in body
    assert {"id", "username", "role", "districts", "official"} <= set(body)


def test_admin_creates_official_account_linked_to_its_official(api, world):
    response = api.as_(world.users["admin"]).post(
        "/api/v1/accounts/",
        {"username": "lihongmei", "password": "Xk3!long-enough", "role": "official",
         "districts": [world.own.pk], "official": world.other_official.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    user = User.objects.get(username="lihongmei")
    assert user.check_password("Xk3!long-enough")
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.official == world.other_official


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"role": "official", "districts": "own"}, "official"),
        ({"role": "staff", "districts": []}, "districts"),
        ({"role": "staff", "districts": "own", "official": "other"}, "official"),
        ({"role": "official", "districts": "foreign_only", "official": "other"}, "official"),
        ({"role": "king", "districts": "own"}, "role"),
        ({"role": "staff", "districts": "own", "password": "123"}, "password"),
    ],
)
def test_account_rules_are_enforced(api, world, payload, field):
    districts = {"own": [world.own.pk], "foreign_only": [world.foreign.pk]}
    body = {"username": "newbie", "password": "Xk3!long-enough", **payload}
    if isinstance(body.get("districts"), str):
        body["districts"] = districts[body["districts"]]
    if body.get("official") == "other":
        body["official"] = world.other_official.pk
    response = api.as_(world.users["admin"]).post("/api/v1/accounts/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not User.objects.filter(username="newbie").exists()


@pytest.mark.parametrize("payload,field", [
    ({"role": "admin", "districts": "own"}, "role"),
    ({"role": "staff", "districts": "own"}, "role"),
    ({"role": "leader", "districts": "foreign"}, "districts"),
])
def test_staff_cannot_create_staff_or_admin_accounts_nor_any_in_another_district(api, world, payload, field):
    body = {"username": "sneaky", "password": "Xk3!long-enough", **payload}
    body["districts"] = [world.own.pk if payload["districts"] == "own" else world.foreign.pk]
    response = api.as_(world.users["staff"]).post("/api/v1/accounts/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not User.objects.filter(username="sneaky").exists()


def test_staff_create_a_leader_account_in_their_district_and_leaders_create_none(api, world):
    body = {"username": "leader2", "password": "Xk3!long-enough", "role": "leader", "districts": [world.own.pk]}
    assert api.as_(world.users["leader"]).post("/api/v1/accounts/", body, format="json").status_code == 403
    response = api.as_(world.users["staff"]).post("/api/v1/accounts/", body, format="json")
    assert response.status_code == 201, response.json()
    assert User.objects.get(username="leader2").role == "leader"


def test_staff_cannot_change_a_staff_account_nor_raise_a_leader_to_staff(api, world):
    staff = api.as_(world.users["staff"])
    own_staff = UserFactory(username="staff2", role="staff", districts=[world.own])
    assert staff.patch(f"/api/v1/accounts/{own_staff.pk}/", {"first_name": "改"}, format="json").status_code == 403
    response = staff.patch(f"/api/v1/accounts/{world.users['leader'].pk}/", {"role": "staff"}, format="json")
    assert response.status_code == 400 and "role" in response.json()["errors"]
    world.users["leader"].refresh_from_db()
    assert world.users["leader"].role == "leader"


def test_staff_reads_accounts_of_own_district_only(api, world):
    names = {a["username"] for a in api.as_(world.users["staff"]).get("/api/v1/accounts/").json()["results"]}
    assert names == {"staff1", "leader1", "official1"}
    assert FOREIGN_MARKER not in str(names)


def test_official_reads_only_its_own_account(api, world):
    names = [a["username"] for a in api.as_(world.users["official"]).get("/api/v1/accounts/").json()["results"]]
    assert names == ["official1"]


def test_api_is_throttled_per_user(api, world, monkeypatch):
    from django.core.cache import cache

    from core.throttling import UserRateThrottle

    # given a low rate for signed-in clients
    cache.clear()
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min"})
    client = api.as_(world.users["staff"])
    # when the client keeps asking
    statuses = [client.get("/api/v1/units/").status_code for _ in range(5)]
    # then the fourth request on is refused, with the API's error shape
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get("/api/v1/units/").json()["detail"]


def test_changing_an_official_account_to_another_role_drops_the_link(api, world):
    response = api.as_(world.users["admin"]).patch(
        f"/api/v1/accounts/{world.users['official'].pk}/", {"role": "leader"}, format="json"
    )
    assert response.status_code == 200, response.json()
    world.users["official"].refresh_from_db()
    assert world.users["official"].official is None
    assert world.users["official"].is_staff is True


def test_weak_password_is_refused_by_the_service_too(world):
    from django.core.exceptions import ValidationError

    from accounts.services import account_create

    with pytest.raises(ValidationError):
        account_create(actor=None, username="weak", password="123", role="staff", districts=[world.own])
