"""The sign-in, home and error pages as each role sees them, in Chinese and in English."""
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from tests.factories import OfficialFactory, UnitFactory, UserFactory
from tests.fixtures.world import FOREIGN_MARKER

PASSWORD = "pw-for-tests-1"
LOGIN_URL = reverse("accounts:login")
HOME_URL = reverse("accounts:home")

ROLE_NAMES = {
    "admin": "系统管理员",
    "staff": "组织部工作人员",
    "leader": "区领导",
    "official": "党政正职",
}


def _text(response) -> str:
    return response.content.decode()


def _fail_login(client, username, times):
    response = None
    for _ in range(times):
        response = client.post(LOGIN_URL, {"username": username, "password": "wrong-password"})
    return response


# --- sign-in -------------------------------------------------------------------------------

def test_login_page_renders_in_chinese(client, db):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    html = _text(response)
    assert '<html lang="zh-hans">' in html
    for text in ("登录", "用户名", "密码", "连续多次输入错误密码后，该账号将被暂时锁定"):
        assert text in html
    assert "css/app.css" in html
    # Signed out: no navigation into the app, but the language switch is there.
    assert "数据管理" not in html
    assert f'action="{reverse("set_language")}"' in html


def test_wrong_password_shows_the_error_and_keeps_the_username(client, world):
    response = client.post(LOGIN_URL, {"username": "staff1", "password": "wrong-password"})

    assert response.status_code == 200
    html = _text(response)
    assert 'role="alert"' in html
    assert "用户名或密码错误" in html
    assert 'value="staff1"' in html
    assert "_auth_user_id" not in client.session


def test_correct_password_signs_in_and_lands_on_home(client, world):
    response = client.post(LOGIN_URL, {"username": "staff1", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == HOME_URL
    assert "组织部工作人员" in _text(response)


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get(HOME_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/"


def test_logout_needs_post_and_signs_out(client, world):
    client.force_login(world.users["staff"])

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert client.get(HOME_URL).status_code == 302


def test_fifth_failed_login_locks_the_account_even_for_the_right_password(client, world):
    """django-axes: AXES_FAILURE_LIMIT failures lock the username; the right password is refused."""
    assert settings.AXES_FAILURE_LIMIT == 5
    # given four failures, the account still works in principle
    response = _fail_login(client, "staff1", 4)
    assert response.status_code == 200
    assert "用户名或密码错误" in _text(response)

    # when the fifth fails
    response = _fail_login(client, "staff1", 1)

    # then the locked page is shown
    assert response.status_code in (403, 429)
    assert "账号已暂时锁定" in _text(response)
    # and the right password no longer signs in
    response = client.post(LOGIN_URL, {"username": "staff1", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "账号已暂时锁定" in _text(response)
    assert "_auth_user_id" not in client.session


# --- home ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["admin", "staff", "leader", "official"])
def test_each_role_sees_its_home_page_with_role_and_district(client, world, role):
    client.force_login(world.users[role])

    response = client.get(HOME_URL)

    assert response.status_code == 200
    html = _text(response)
    assert ROLE_NAMES[role] in html
    assert "市北区" in html
    assert "2026 考核年度" in html
    assert "筹备" in html
    assert "接下来可以做" in html
    if role == "admin":
        assert FOREIGN_MARKER in html  # an admin works in every district
    else:
        assert FOREIGN_MARKER not in html


def test_home_counts_units_and_principal_officials(client, world):
    client.force_login(world.users["staff"])

    districts = client.get(HOME_URL).context["districts"]

    (shibei,) = districts
    assert (shibei.unit_count, shibei.official_count) == (2, 2)


def test_official_sees_its_own_profile_card(client, world):
    client.force_login(world.users["official"])

    html = _text(client.get(HOME_URL))

    assert "我的信息" in html
    for text in ("张建国", "区人社局", "党组书记、局长", "正处级", "2022年3月1日"):
        assert text in html
    assert "李红梅" not in html  # another official of the district


def test_navigation_follows_the_role(client, world):
    client.force_login(world.users["staff"])
    staff_html = _text(client.get(HOME_URL))
    client.force_login(world.users["official"])
    official_html = _text(client.get(HOME_URL))

    assert reverse("admin:index") in staff_html
    assert reverse("admin:index") not in official_html
    assert reverse("pledges:queue") in staff_html and reverse("pledges:mine") in official_html
    assert reverse("evaluations:mine") in official_html
    for html in (staff_html, official_html):
        assert f'action="{reverse("accounts:logout")}"' in html


def test_user_without_districts_is_told_so(client, db):
    client.force_login(UserFactory(username="lonely", role=Role.STAFF))

    html = _text(client.get(HOME_URL))

    assert "尚未分配到任何区" in html


@pytest.mark.parametrize("role", ["admin", "staff", "leader", "official"])
def test_home_page_query_count_is_bounded(client, world, role, django_assert_max_num_queries):
    """Session, user, districts with counts, cycles, and the official's own record; plus one for
    the top bar's unread notifications."""
    client.force_login(world.users[role])

    with django_assert_max_num_queries(7):
        assert client.get(HOME_URL).status_code == 200


@pytest.mark.parametrize("role", ["staff", "official", "admin"])
def test_home_page_queries_do_not_grow_with_units_and_officials(client, world, role):
    client.force_login(world.users[role])
    client.get(HOME_URL)  # warm up: session, content types

    with CaptureQueriesContext(connection) as before:
        client.get(HOME_URL)
    for n in range(6):
        unit = UnitFactory(district=world.own, name=f"新增单位{n}")
        OfficialFactory.create_batch(3, unit=unit)
        OfficialFactory(unit=UnitFactory(district=world.foreign))
    with CaptureQueriesContext(connection) as after:
        response = client.get(HOME_URL)

    assert len(after) == len(before)
    if role != "official":
        (shibei,) = [d for d in response.context["districts"] if d.code == "shibei"]
        assert (shibei.unit_count, shibei.official_count) == (8, 20)


# --- language ------------------------------------------------------------------------------

def test_switching_to_english_sets_the_cookie_and_translates_the_home_page(client, world):
    client.force_login(world.users["staff"])

    response = client.post(reverse("set_language"), {"language": "en", "next": HOME_URL})

    assert response.status_code == 302
    assert response["Location"] == HOME_URL
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = _text(client.get(HOME_URL))
    assert '<html lang="en">' in html
    for text in ("Hello, staff1", "Organization Department staff", "Districts you cover",
                 "Review year 2026", "Planning", "Sign out", "What you can do next"):
        assert text in html
    assert "组织部工作人员" not in html
    assert ">中文</button>" in html  # the way back


def test_english_cookie_translates_the_login_page_and_its_errors(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = _text(client.post(LOGIN_URL, {"username": "nobody", "password": "wrong"}))

    for text in ("Sign in", "Username", "Password", "Wrong username or password"):
        assert text in html
    assert "用户名" not in html


def test_switching_back_to_chinese(client, world):
    client.force_login(world.users["leader"])
    client.post(reverse("set_language"), {"language": "en", "next": HOME_URL})

    client.post(reverse("set_language"), {"language": "zh-hans", "next": HOME_URL})

    assert "区领导" in _text(client.get(HOME_URL))


# --- error pages ---------------------------------------------------------------------------

def test_unknown_page_shows_the_404_page(client, world):
    client.force_login(world.users["staff"])

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = _text(response)
    assert "页面不存在" in html
    assert "返回首页" in html
    assert "组织部工作人员" in html  # the shared layout with the account


def test_form_posted_without_csrf_token_shows_the_expired_page(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post(LOGIN_URL, {"username": "staff1", "password": PASSWORD})

    assert response.status_code == 403
    assert "页面已过期，请重新提交" in _text(response)


def test_error_templates_render_without_a_request(db):
    """500.html is rendered with an empty context when something has already failed."""
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "服务器出错了" in html
    assert "css/app.css" in html

    for name, text in (("403.html", "无权访问此页面"), ("404.html", "页面不存在")):
        assert text in loader.get_template(name).render({})
