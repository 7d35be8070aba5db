"""API tokens: revoked when the password changes or the account is deactivated, whatever the path,
and valid for API_TOKEN_DAYS only (security finding 7)."""
import datetime

import pytest
from django.contrib.auth.forms import PasswordChangeForm
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts import services

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-pw-4-tests"


def obtain(client, username="staff1", password="pw-for-tests-1"):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": password},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def lists(client, token) -> int:
    return client.get("/api/v1/officials/", HTTP_AUTHORIZATION=f"Token {token}").status_code


def admin_client(client, world):
    client.force_login(world.users["admin"])
    return client


def test_a_password_change_over_the_api_revokes_the_accounts_tokens(client, api, world):
    token = obtain(client)
    response = api.as_(world.users["admin"]).patch(
        f"/api/v1/accounts/{world.users['staff'].pk}/", {"password": NEW_PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    assert lists(client, token) == 401
    assert lists(client, obtain(client, password=NEW_PASSWORD)) == 200


def test_a_password_change_in_the_admin_revokes_the_accounts_tokens(client, world):
    token = obtain(client)
    admin = admin_client(client, world)
    response = admin.post(f"/admin/accounts/user/{world.users['staff'].pk}/password/",
                          {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert lists(client, token) == 401


def test_changepassword_command_revokes_the_accounts_tokens(client, world, monkeypatch):
    token = obtain(client)
    monkeypatch.setattr("django.contrib.auth.management.commands.changepassword.getpass.getpass",
                        lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "staff1")
    assert lists(client, token) == 401


def test_a_users_own_password_change_form_revokes_its_tokens(client, world):
    token = obtain(client)
    user = world.users["staff"]
    form = PasswordChangeForm(user, {"old_password": "pw-for-tests-1", "new_password1": NEW_PASSWORD,
                                     "new_password2": NEW_PASSWORD})
    assert form.is_valid(), form.errors
    form.save()
    assert lists(client, token) == 401


def test_saving_an_account_without_a_new_password_keeps_its_tokens(client, world):
    token = obtain(client)
    services.account_update(actor=world.users["admin"], user=world.users["staff"], first_name="新名")
    world.users["staff"].save(update_fields=["last_login"])
    assert lists(client, token) == 200


def test_deactivation_over_the_api_revokes_tokens_and_reactivation_does_not_bring_them_back(client, api, world):
    token = obtain(client)
    admin = api.as_(world.users["admin"])
    url = f"/api/v1/accounts/{world.users['staff'].pk}/"
    assert admin.patch(url, {"is_active": False}, format="json").status_code == 200
    assert not Token.objects.filter(user=world.users["staff"]).exists()
    assert admin.patch(url, {"is_active": True}, format="json").status_code == 200
    assert lists(client, token) == 401


def test_deactivation_in_the_admin_revokes_tokens(client, world):
    token = obtain(client)
    staff = world.users["staff"]
    admin = admin_client(client, world)
    page = admin.get(f"/admin/accounts/user/{staff.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"districts": [d.pk for d in staff.districts.all()], "is_active": "", "date_joined_0": "2026-01-01",
                 "date_joined_1": "00:00:00", "official": ""})
    data.pop("is_active")
    response = admin.post(f"/admin/accounts/user/{staff.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    staff.refresh_from_db()
    assert not staff.is_active
    assert not Token.objects.filter(user=staff).exists()
    staff.is_active = True
    staff.save()
    assert lists(client, token) == 401


def test_an_expired_token_is_refused_with_a_clear_message_and_a_fresh_one_can_be_obtained(client, world, settings):
    settings.API_TOKEN_DAYS = 30
    token = obtain(client)
    Token.objects.filter(key=token).update(created=timezone.now() - datetime.timedelta(days=30, seconds=1))
    response = client.get("/api/v1/officials/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401
    assert "过期" in response.json()["detail"] and "/api/v1/auth/token/" in response.json()["detail"]
    fresh = obtain(client)
    assert fresh != token
    assert lists(client, fresh) == 200


def test_a_token_within_its_lifetime_is_accepted_and_reissued_unchanged(client, world, settings):
    settings.API_TOKEN_DAYS = 30
    token = obtain(client)
    Token.objects.filter(key=token).update(created=timezone.now() - datetime.timedelta(days=29))
    assert lists(client, token) == 200
    assert obtain(client) == token


def test_the_api_description_says_how_long_a_token_lasts(client, world):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "API_TOKEN_DAYS" in schema["info"]["description"]
    assert "API_TOKEN_DAYS" in schema["paths"]["/api/v1/auth/token/"]["post"]["description"]
