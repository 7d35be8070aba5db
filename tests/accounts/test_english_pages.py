"""In English (the language switch's cookie), the pages of accounts, org and notifications, the
shared layout and the error pages show no Chinese: every datum here is Latin, so any Chinese on a
page is a text left untranslated. Only the switch back to Chinese, named in Chinese on purpose,
and the decorative brand mark are Chinese."""
import datetime
import re

import pytest
from django.core import mail

from accounts.models import Role
from notifications.models import Notification
from notifications.services import notifications_digest_send
from tests.factories import CycleFactory, DistrictFactory, OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
ON_PURPOSE = [
    re.compile(r'<span class="(?:brand-mark|cb-mark)" aria-hidden="true">考</span>'),
    re.compile(r'<button[^>]*lang="zh-hans"[^>]*>中文</button>', re.S),
]


def chinese_in(html: str) -> list[str]:
    for pattern in ON_PURPOSE:
        html = pattern.sub("", html)
    return [line.strip() for line in html.splitlines() if CJK.search(line)]


@pytest.fixture
def latin(db):
    north = DistrictFactory(name="Northside", code="north")
    bureau = UnitFactory(district=north, name="Labour Bureau")
    street = UnitFactory(district=north, name="Riverside Street", kind="street")
    official = OfficialFactory(unit=bureau, name="Zhang Jianguo", position="Director")
    OfficialFactory(unit=street, name="Li Hongmei", position="Party Secretary")
    CycleFactory(district=north, year=2026)
    users = {
        "admin": UserFactory(username="admin1", role=Role.ADMIN),
        "staff": UserFactory(username="staff1", role=Role.STAFF, districts=[north], email="staff@example.org"),
        "leader": UserFactory(username="leader1", role=Role.LEADER, districts=[north]),
        "official": UserFactory(username="official1", role=Role.OFFICIAL, districts=[north], official=official),
    }
    Notification.objects.create(user=users["staff"], district=north, kind=Notification.Kind.APPROVED,
                                message="Pledge 1 approved", link="/org/officials/")
    return {"district": north, "unit": bureau, "official": official, "users": users}


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _page(client, url, user=None, status=200):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


PAGES = {
    "admin": ["/", "/accounts/profile/", "/accounts/password/", "/accounts/users/", "/accounts/users/new/",
              "/org/officials/", "/org/units/", "/org/units/new/", "/org/officials/new/", "/notifications/"],
    "staff": ["/", "/accounts/users/", "/accounts/users/new/", "/org/officials/", "/org/units/", "/notifications/"],
    "leader": ["/", "/accounts/users/", "/org/officials/", "/org/units/", "/notifications/"],
    "official": ["/", "/accounts/profile/", "/accounts/password/", "/notifications/"],
}


@pytest.mark.parametrize(("role", "url"), [(role, url) for role, urls in PAGES.items() for url in urls])
def test_pages_in_english_show_no_chinese(english, latin, role, url):
    html = _page(english, url, latin["users"][role])
    assert 'lang="en"' in html
    assert chinese_in(html) == [], url


def test_the_rules_page_in_english_is_the_summary(english, latin):
    html = _page(english, "/help/rules/", latin["users"]["official"])
    assert html.index('<section lang="en">') < html.index('<section lang="zh-hans">')
    assert "<strong>Grades</strong> (Good, Fair, Poor): Poor below 60" in html


def test_an_official_and_an_account_in_english(english, latin):
    official = latin["official"]
    staff = latin["users"]["staff"]
    for url in [f"/org/officials/{official.pk}/", f"/org/officials/{official.pk}/edit/",
                f"/org/officials/{official.pk}/move/", f"/org/officials/{official.pk}/leave/",
                f"/org/units/{latin['unit'].pk}/edit/", f"/accounts/users/{latin['users']['official'].pk}/"]:
        assert chinese_in(_page(english, url, staff)) == [], url


def test_the_sign_in_page_and_its_errors_in_english(english, latin):
    assert chinese_in(_page(english, "/accounts/login/")) == []
    response = english.post("/accounts/login/", {"username": "staff1", "password": "wrong"})
    html = response.content.decode()
    assert "Wrong username or password" in html
    assert chinese_in(html) == []


def test_form_errors_and_messages_in_english(english, latin):
    staff = latin["users"]["staff"]
    english.force_login(staff)
    response = english.post("/accounts/users/new/", {"username": "", "role": "official"})
    assert response.status_code == 400  # the form again, with its errors
    assert chinese_in(response.content.decode()) == []
    response = english.post("/org/units/new/", {"name": "Science Bureau", "kind": "department", "sort_order": 3,
                                                "district": latin["district"].pk}, follow=True)
    html = response.content.decode()
    assert "Unit &quot;Science Bureau&quot; created." in html
    assert chinese_in(html) == []
    response = english.post("/notifications/read-all/", follow=True)
    html = response.content.decode()
    assert "1 notification marked read." in html
    assert chinese_in(html) == []


def test_a_change_of_post_refused_in_english(english, latin):
    official = latin["official"]
    english.force_login(latin["users"]["staff"])
    response = english.post(f"/org/officials/{official.pk}/move/", {
        "unit": official.unit.pk, "position": official.position, "rank_level": official.rank_level,
        "appointed_on": datetime.date(2026, 5, 1).isoformat(), "is_principal": "on",
    })
    html = response.content.decode()
    assert "The new post is the same as the current one" in html
    assert chinese_in(html) == []


def test_error_pages_in_english(english, latin):
    assert chinese_in(_page(english, "/no-such-page/", latin["users"]["staff"], status=404)) == []
    assert chinese_in(_page(english, "/accounts/users/?q=%00", status=400)) == []


def test_the_api_answers_in_english_with_the_cookie(english, latin):
    english.force_login(latin["users"]["leader"])
    response = english.post("/api/v1/districts/", {"name": "X", "code": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert not CJK.search(response.json()["detail"])


def test_the_admin_in_english(english, latin):
    english.force_login(latin["users"]["admin"])
    for url in ["/admin/", "/admin/accounts/user/", "/admin/org/official/", "/admin/axes/accessattempt/",
                f"/admin/accounts/user/{latin['users']['official'].pk}/change/"]:
        html = english.get(url).content.decode()
        assert chinese_in(html) == [], url


def test_the_digest_follows_the_active_language(latin, settings):
    settings.NOTIFICATION_DIGEST = True
    from django.utils import translation

    latin["users"]["staff"].notifications.update(emailed_at=None)
    with translation.override("en"):
        notifications_digest_send()
    assert mail.outbox, "the digest was not sent"
    message = mail.outbox[-1]
    assert "You have 1 unread notification" in message.subject
    assert not CJK.search(message.subject + message.body)


def test_the_scripts_texts_come_in_the_pages_language(client, english, latin):
    page = _page(english, "/", latin["users"]["staff"])
    assert '<script src="/i18n/js/" defer></script>' in page
    response = english.get("/i18n/js/")
    assert response.status_code == 200 and "javascript" in response["Content-Type"]
    assert '"\\u6392\\u961f\\u4e2d": "Queued"' in response.content.decode()  # 排队中
    english.cookies["django_language"] = "zh-hans"
    assert "Queued" not in english.get("/i18n/js/").content.decode()
