"""The account pages without the Django admin: the first administrator, staff managing their
districts' leader and official accounts, password resets to a temporary password that must be
changed, every user's password change and profile (SPEC section 1)."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.models import AuditEvent, Role, User
from accounts.services import PASSWORD_RESET
from tests.factories import OfficialFactory, UserFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"
NEW_PASSWORD = "Mein-neues-Pw-77"
LIST_URL = reverse("accounts:list")
CREATE_URL = reverse("accounts:create")
PROFILE_URL = reverse("accounts:profile")
CHANGE_URL = reverse("accounts:password_change")
TEMPORARY = re.compile(r'id="temp-password"[^>]*>([^<]+)<')


def _signed_in(client, user):
    client.force_login(user)
    return client


def _sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _temporary_password(response) -> str:
    match = TEMPORARY.search(response.content.decode())
    assert match, response.content.decode()[:3000]
    return match.group(1)


def _token(user) -> str:
    return Token.objects.create(user=user).key


def _api_status(client, key) -> int:
    return client.get("/api/v1/officials/", HTTP_AUTHORIZATION=f"Token {key}").status_code


# --- the first administrator ---------------------------------------------------------------------


def test_createsuperuser_makes_a_system_administrator_who_opens_every_districts_staff_pages(
        client, world, monkeypatch):
    # given the real command, as a fresh installation runs it
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Root-pw-for-tests-9")
    call_command("createsuperuser", interactive=False, username="root", email="root@example.org", verbosity=0)
    root = User.objects.get(username="root")
    assert (root.role, root.is_superuser, root.is_staff) == (Role.ADMIN, True, True)
    # when it signs in with that password
    assert _sign_in(client, "root", "Root-pw-for-tests-9").status_code == 302
    # then the staff pages of every district open
    for district, cycle in ((world.own, world.own_cycle), (world.foreign, world.foreign_cycle)):
        for url in (f"{reverse('pledges:queue')}?cycle={cycle.pk}", reverse("evaluations:cycle", args=[cycle.pk]),
                    f"{LIST_URL}?district={district.pk}"):
            response = client.get(url)
            assert response.status_code == 200, url
        assert district.name in client.get(f"{LIST_URL}?district={district.pk}").content.decode()
    assert client.get("/admin/").status_code == 200


def test_a_superuser_made_any_other_way_is_a_system_administrator(world):
    made = get_user_model().objects.create_superuser("root2", "root2@example.org", "Root-pw-for-tests-9")
    assert made.role == Role.ADMIN
    promoted = world.users["official"]
    promoted.is_superuser = True
    promoted.save(update_fields=["is_superuser"])
    promoted.refresh_from_db()
    assert (promoted.role, promoted.is_staff, promoted.official) == (Role.ADMIN, True, None)


# --- the account list ----------------------------------------------------------------------------


def test_staff_list_the_accounts_of_their_district_only_and_search_them(client, world):
    html = _signed_in(client, world.users["staff"]).get(LIST_URL).content.decode()
    for name in ("staff1", "leader1", "official1", "张建国"):
        assert name in html
    assert FOREIGN_MARKER not in html and "foreign_official" not in html
    found = client.get(LIST_URL, {"q": "张建"}).content.decode()
    assert "official1" in found and "leader1" not in found
    assert "leader1" in client.get(LIST_URL, {"role": "leader"}).content.decode()
    # the other district as a filter answers like an unknown one: every own account, nothing foreign
    foreign = client.get(LIST_URL, {"district": world.foreign.pk}).content.decode()
    assert FOREIGN_MARKER not in foreign


def test_leaders_read_the_list_without_any_way_to_change_it(client, world):
    response = _signed_in(client, world.users["leader"]).get(LIST_URL)
    html = response.content.decode()
    assert response.status_code == 200 and "official1" in html
    assert 'name="pick"' not in html and CREATE_URL not in html
    detail = client.get(reverse("accounts:detail", args=[world.users["official"].pk])).content.decode()
    assert "重置密码" not in detail and "停用账号" not in detail and 'name="first_name"' not in detail


@pytest.mark.parametrize("name,args", [("list", []), ("create", []), ("detail", ["own"])])
def test_officials_may_not_open_the_account_pages(client, world, name, args):
    args = [world.users["leader"].pk for _ in args]
    assert _signed_in(client, world.users["official"]).get(reverse(f"accounts:{name}", args=args)).status_code == 403


def test_the_account_list_costs_the_same_queries_for_five_or_fifty_accounts(
        client, world, django_assert_max_num_queries):
    _signed_in(client, world.users["staff"])
    with django_assert_max_num_queries(14) as few:
        assert client.get(LIST_URL).status_code == 200
    for n in range(55):
        official = OfficialFactory(unit=world.own_unit, name=f"干部{n}")
        UserFactory(username=f"o{n:02}", role=Role.OFFICIAL, districts=[world.own], official=official)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    html = response.content.decode()
    assert response.status_code == 200 and "o48" in html and "o49" not in html and 'rel="next"' in html
    assert "staff1" in client.get(LIST_URL, {"page": 2}).content.decode()


def test_the_accounts_api_list_costs_the_same_queries_for_five_or_fifty_accounts(
        api, world, django_assert_max_num_queries):
    client = api.as_(world.users["staff"])
    with django_assert_max_num_queries(12) as few:
        assert client.get("/api/v1/accounts/").status_code == 200
    for n in range(45):
        UserFactory(username=f"l{n:02}", role=Role.LEADER, districts=[world.own])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/accounts/").json()["results"]) == 48


# --- opening and changing accounts ---------------------------------------------------------------


def _account_form(world, **changes):
    return {"username": "newofficial", "first_name": "", "email": "", "role": "official",
            "districts": [world.own.pk], "official": world.other_official.pk, **changes}


def test_staff_open_an_official_account_with_a_temporary_password_shown_once(client, world):
    response = _signed_in(client, world.users["staff"]).post(CREATE_URL, _account_form(world))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = _temporary_password(response)
    account = User.objects.get(username="newofficial")
    assert (account.role, account.official, account.first_name) == (Role.OFFICIAL, world.other_official, "李红梅")
    assert list(account.districts.all()) == [world.own] and account.must_change_password
    assert account.check_password(password)
    assert account.history.latest().history_user == world.users["staff"]
    # the detail page never shows it again
    assert password not in client.get(reverse("accounts:detail", args=[account.pk])).content.decode()


@pytest.mark.parametrize("changes,field", [
    ({"role": "staff", "official": ""}, "role"),
    ({"role": "admin", "official": ""}, "role"),
    ({"districts": ["foreign"]}, "districts"),
    ({"districts": []}, "districts"),
    ({"official": "foreign"}, "official"),
    ({"official": ""}, "official"),
    ({"username": "staff1"}, "username"),
    ({"username": "bad name!"}, "username"),
])
def test_staff_cannot_open_what_is_not_theirs_and_are_told_which_field_is_wrong(client, world, changes, field):
    data = _account_form(world, **changes)
    if data["districts"] == ["foreign"]:
        data["districts"] = [world.foreign.pk]
    if data["official"] == "foreign":
        data["official"] = world.foreign_official.pk
    response = _signed_in(client, world.users["staff"]).post(CREATE_URL, data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert 'class="field-error"' in response.content.decode()
    assert User.objects.count() == 6


def test_an_administrator_opens_an_administrator_account_without_a_district(client, world):
    response = _signed_in(client, world.users["admin"]).post(
        CREATE_URL, _account_form(world, username="admin2", role="admin", districts=[], official=""))
    assert response.status_code == 200, response.context["form"].errors
    assert User.objects.get(username="admin2").is_superuser


def test_an_administrator_opens_a_staff_account_in_any_district(client, world):
    response = _signed_in(client, world.users["admin"]).post(
        CREATE_URL, _account_form(world, username="staff-laoshan", role="staff", districts=[world.foreign.pk],
                                  official=""))
    assert response.status_code == 200, response.context["form"].errors
    account = User.objects.get(username="staff-laoshan")
    assert account.role == Role.STAFF and account.is_staff and list(account.districts.all()) == [world.foreign]


def test_staff_change_an_official_account_but_not_a_staff_account_nor_another_districts(client, world):
    _signed_in(client, world.users["staff"])
    official = world.users["official"]
    url = reverse("accounts:detail", args=[official.pk])
    data = {"first_name": "张建国", "email": "zhang@example.org", "role": "official", "districts": [world.own.pk],
            "official": world.own_official.pk}
    assert client.post(url, data).status_code == 302
    official.refresh_from_db()
    assert official.email == "zhang@example.org"
    colleague = UserFactory(username="staff2", role=Role.STAFF, districts=[world.own])
    assert client.get(reverse("accounts:detail", args=[colleague.pk])).status_code == 200  # read only
    assert client.post(reverse("accounts:detail", args=[colleague.pk]), data).status_code == 403
    foreign = world.users["foreign_official"]
    for name in ("detail", "password_reset", "set_active"):
        assert client.post(reverse(f"accounts:{name}", args=[foreign.pk]), data).status_code == 404, name
    assert client.get(reverse("accounts:detail", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active and foreign.check_password(PASSWORD)


# --- deactivation --------------------------------------------------------------------------------


def test_deactivating_an_account_revokes_its_tokens_and_reactivating_does_not_bring_them_back(client, world):
    official = world.users["official"]
    key = _token(official)
    _signed_in(client, world.users["staff"])
    assert client.post(reverse("accounts:set_active", args=[official.pk]), {"active": "0"}).status_code == 302
    official.refresh_from_db()
    assert not official.is_active and not Token.objects.filter(user=official).exists()
    assert official.history.latest().history_change_reason == "停用账号"
    assert client.post(reverse("accounts:set_active", args=[official.pk]), {"active": "1"}).status_code == 302
    official.refresh_from_db()
    assert official.is_active
    assert _api_status(client, key) == 401


def test_bulk_deactivation_revokes_every_accounts_tokens(client, world):
    leader, official = world.users["leader"], world.users["official"]
    keys = [_token(leader), _token(official)]
    _signed_in(client, world.users["staff"])
    response = client.post(LIST_URL, {"pick": [leader.pk, official.pk]}, follow=True)
    assert "已停用 2 个账号" in response.content.decode()
    assert not User.objects.filter(pk__in=[leader.pk, official.pk], is_active=True).exists()
    assert not Token.objects.filter(key__in=keys).exists()
    assert [_api_status(client, key) for key in keys] == [401, 401]


@pytest.mark.parametrize("other", ["foreign_official", "staff", "admin"])
def test_bulk_deactivation_with_one_account_out_of_reach_changes_nothing(client, world, other):
    picked = [world.users["leader"].pk, world.users[other].pk]
    response = _signed_in(client, world.users["staff"]).post(LIST_URL, {"pick": picked}, follow=True)
    assert "未作任何改动" in response.content.decode()
    assert User.objects.filter(pk__in=picked, is_active=True).count() == 2


def test_leaders_cannot_deactivate(client, world):
    official = world.users["official"]
    _signed_in(client, world.users["leader"])
    assert client.post(LIST_URL, {"pick": [official.pk]}).status_code == 403
    assert client.post(reverse("accounts:set_active", args=[official.pk]), {"active": "0"}).status_code == 403
    official.refresh_from_db()
    assert official.is_active


def test_bad_ids_in_a_bulk_deactivation_are_a_clear_message(client, world):
    response = _signed_in(client, world.users["staff"]).post(LIST_URL, {"pick": ["x", "9" * 40]}, follow=True)
    assert response.status_code == 200 and "账号编号无效" in response.content.decode()


# --- password reset and the forced change ------------------------------------------------------


def test_staff_reset_an_officials_password_to_a_temporary_one_audited_and_tokens_revoked(client, world):
    official = world.users["official"]
    key = _token(official)
    response = _signed_in(client, world.users["staff"]).post(reverse("accounts:password_reset", args=[official.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    password = _temporary_password(response)
    official.refresh_from_db()
    assert official.check_password(password) and not official.check_password(PASSWORD)
    assert official.must_change_password
    assert _api_status(client, key) == 401
    event = AuditEvent.objects.get(action=PASSWORD_RESET)
    assert event.actor == world.users["staff"] and str(official.pk) in event.target and password not in event.detail
    assert official.history.latest().history_change_reason == "重置密码"
    assert official.history.latest().history_user == world.users["staff"]


def test_a_reset_is_refused_to_leaders_officials_and_for_staff_accounts(client, world):
    colleague = UserFactory(username="staff2", role=Role.STAFF, districts=[world.own])
    _signed_in(client, world.users["staff"])
    assert client.post(reverse("accounts:password_reset", args=[colleague.pk])).status_code == 403
    assert client.get(reverse("accounts:password_reset", args=[world.users["official"].pk])).status_code == 405
    for role in ("leader", "official"):
        _signed_in(client, world.users[role])
        assert client.post(reverse("accounts:password_reset", args=[world.users["official"].pk])).status_code == 403
    for user in (colleague, world.users["official"]):
        user.refresh_from_db()
        assert user.check_password(PASSWORD) and not user.must_change_password


def _reset(client, world, user) -> str:
    staff = _signed_in(client, world.users["staff"])
    password = _temporary_password(staff.post(reverse("accounts:password_reset", args=[user.pk])))
    client.logout()
    return password


def test_after_a_reset_every_page_leads_to_the_password_change_and_the_api_refuses(client, api, world):
    official = world.users["official"]
    password = _reset(client, world, official)
    # the sign-in with the temporary password lands on the change page
    response = _sign_in(client, "official1", password)
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == CHANGE_URL
    for url in ("/", reverse("pledges:mine"), PROFILE_URL, "/admin/"):
        assert client.get(url)["Location"] == CHANGE_URL, url
    page = client.get(CHANGE_URL)
    assert page.status_code == 200 and "临时密码" in page.content.decode()
    # the API: with the session, with a token obtained before or after
    session_api = client.get("/api/v1/officials/")
    assert session_api.status_code == 403 and "临时密码" in session_api.json()["detail"]
    obtained = client.post("/api/v1/auth/token/", {"username": "official1", "password": password},
                           content_type="application/json")
    assert obtained.status_code == 403 and "修改密码" in obtained.json()["detail"]
    key = _token(official)
    refused = api.get("/api/v1/officials/", HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 403 and "临时密码" in refused.json()["detail"]
    # then the change clears it
    changed = client.post(CHANGE_URL, {"old_password": password, "new_password1": NEW_PASSWORD,
                                       "new_password2": NEW_PASSWORD})
    assert changed["Location"] == PROFILE_URL
    official.refresh_from_db()
    assert not official.must_change_password and official.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200
    assert not Token.objects.filter(key=key).exists()


def test_signing_out_works_with_a_temporary_password(client, world):
    password = _reset(client, world, world.users["official"])
    _sign_in(client, "official1", password)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# --- every user's own password and profile ------------------------------------------------------


@pytest.mark.parametrize("data,field", [
    ({"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, "old_password"),
    ({"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "other-Pw-77x"}, "new_password2"),
    ({"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}, "new_password2"),
    ({"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}, "new_password1"),
])
def test_a_wrong_password_change_says_which_field_and_why(client, world, data, field):
    response = _signed_in(client, world.users["leader"]).post(CHANGE_URL, data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    world.users["leader"].refresh_from_db()
    assert world.users["leader"].check_password(PASSWORD)


def test_every_user_changes_its_own_password_in_chinese_and_its_tokens_go(client, world):
    leader = world.users["leader"]
    key = _token(leader)
    page = _signed_in(client, leader).get(CHANGE_URL).content.decode()
    for text in ("修改密码", "当前密码", "新密码", "再次输入新密码"):
        assert text in page
    assert f'href="{CHANGE_URL}"' in client.get("/").content.decode()  # linked from the top bar
    response = client.post(CHANGE_URL, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD,
                                        "new_password2": NEW_PASSWORD}, follow=True)
    assert "密码已修改" in response.content.decode()
    assert _api_status(client, key) == 401
    assert client.get("/").status_code == 200  # still signed in here
    assert leader.history.latest().history_change_reason == "修改密码"


def test_an_official_edits_its_phone_and_profile_text_on_its_profile_page(client, world):
    official = world.users["official"]
    home = _signed_in(client, official).get("/").content.decode()
    assert home.count(f'href="{PROFILE_URL}"') == 3  # the top bar, the profile card, the next step
    assert "核对个人信息" in home and "修改联系电话和个人简介" in home
    page = client.get(PROFILE_URL).content.decode()
    assert "张建国" in page and "区人社局" in page and 'name="official-phone"' in page
    response = client.post(PROFILE_URL, {"part": "official", "official-phone": "0532-8888 1234",
                                         "official-profile": "分管人才工作。", "official-position": "改写"})
    assert response["Location"] == PROFILE_URL
    world.own_official.refresh_from_db()
    assert (world.own_official.phone, world.own_official.profile) == ("0532-8888 1234", "分管人才工作。")
    assert world.own_official.position == "党组书记、局长"
    assert world.own_official.history.latest().history_user == official


def test_a_bad_phone_is_a_form_error_and_nothing_is_saved(client, world):
    response = _signed_in(client, world.users["official"]).post(
        PROFILE_URL, {"part": "official", "official-phone": "<script>", "official-profile": ""})
    assert response.status_code == 400
    assert "联系电话只能包含数字" in response.content.decode()
    world.own_official.refresh_from_db()
    assert world.own_official.phone == ""


def test_staff_have_a_profile_page_without_an_officials_form(client, world):
    _signed_in(client, world.users["staff"])
    page = client.get(PROFILE_URL).content.decode()
    assert "staff1" in page and "市北区" in page and 'name="official-phone"' not in page
    refused = client.post(PROFILE_URL, {"part": "official", "official-phone": "1"})
    assert refused.status_code == 400
    world.own_official.refresh_from_db()
    assert world.own_official.phone == ""
