"""The notification pages: the list, mark one / all read, the top bar's badge; scoping."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.scoping import scoped
from notifications.models import Notification
from tests.fixtures.notifications import add_notifications

pytestmark = pytest.mark.django_db

INDEX = "/notifications/"


def signed_in(client, user):
    client.force_login(user)
    return client


def test_list_shows_only_the_accounts_own_notifications(client, world, notes):
    body = signed_in(client, world.users["official"]).get(INDEX).content.decode()
    assert all(f"本人通知{n}" in body for n in range(3))
    assert "外区通知" not in body
    # newest first
    assert body.index("本人通知2") < body.index("本人通知0")


@pytest.mark.parametrize("role", ["admin", "staff", "leader", "foreign_staff"])
def test_no_other_account_sees_them_not_even_the_administrator_on_the_page(client, world, notes, role):
    body = signed_in(client, world.users[role]).get(INDEX).content.decode()
    assert "本人通知" not in body and "外区通知" not in body
    assert "暂无通知" in body


def test_scope_restricts_every_role_but_the_administrator_to_its_own_rows(world, notes):
    rows = Notification.objects.all()
    assert set(scoped(rows, world.users["official"])) == set(notes["mine"])
    assert set(scoped(rows, world.users["foreign_official"])) == set(notes["foreign"])
    for role in ("staff", "leader", "foreign_staff"):
        assert not scoped(rows, world.users[role]).exists(), role


def test_mark_one_read(client, world, notes):
    note = notes["mine"][0]
    response = signed_in(client, world.users["official"]).post(reverse("notifications:read", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == INDEX
    note.refresh_from_db()
    assert note.read_at is not None
    assert Notification.objects.filter(user=world.users["official"], read_at__isnull=True).count() == 2


def test_open_marks_read_and_goes_to_the_link(client, world, notes):
    note = notes["mine"][1]
    response = signed_in(client, world.users["official"]).post(reverse("notifications:read", args=[note.pk]),
                                                               {"open": "1"})
    assert response["Location"] == "/pledges/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_an_outside_link_is_never_followed(client, world, notes):
    note = notes["mine"][0]
    Notification.objects.filter(pk=note.pk).update(link="//evil.example.org/")
    response = signed_in(client, world.users["official"]).post(reverse("notifications:read", args=[note.pk]),
                                                               {"open": "1"})
    assert response["Location"] == INDEX


def test_another_accounts_notification_is_not_found_and_stays_unread(client, world, notes):
    foreign = notes["foreign"][0]
    for role in ("official", "staff", "admin"):
        client = signed_in(client, world.users[role])
        assert client.post(reverse("notifications:read", args=[foreign.pk])).status_code == 404, role
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_mark_all_read(client, world, notes):
    response = signed_in(client, world.users["official"]).post(reverse("notifications:read_all"), follow=True)
    assert "已将 3 条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(user=world.users["official"], read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.users["foreign_official"], read_at__isnull=True).count() == 2


def test_read_needs_post_and_sign_in(client, world, notes):
    note = notes["mine"][0]
    assert client.get(INDEX).status_code == 302
    client = signed_in(client, world.users["official"])
    assert client.get(reverse("notifications:read", args=[note.pk])).status_code == 405


def test_top_bar_badge_shows_the_unread_count(client, world, notes):
    client = signed_in(client, world.users["official"])
    body = client.get(reverse("accounts:home")).content.decode()
    assert 'data-unread="3"' in body and '<span class="nav-notify-count">3</span>' in body
    client.post(reverse("notifications:read_all"))
    body = client.get(reverse("accounts:home")).content.decode()
    assert 'data-unread="0"' in body and "nav-notify-count" not in body


def test_badge_caps_at_99(client, world):
    add_notifications(world.users["staff"], world.own, 120)
    body = signed_in(client, world.users["staff"]).get(INDEX).content.decode()
    assert '<span class="nav-notify-count">99+</span>' in body


def test_the_list_is_paged_with_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    add_notifications(world.users["official"], world.own, 70)
    client = signed_in(client, world.users["official"])
    with django_assert_max_num_queries(8):
        body = client.get(INDEX).content.decode()
    assert body.count('class="card notify-item') == 30 and "1 / 3" in body
    assert signed_in(client, world.users["official"]).get(INDEX + "?page=3").content.decode().count(
        'class="card notify-item') == 10


def test_list_page_works_on_a_phone_width_without_inline_style(client, world, notes):
    body = signed_in(client, world.users["official"]).get(INDEX).content.decode()
    assert "style=" not in body and "<script>" not in body


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("count", [0, 50])
def test_the_badge_costs_one_query_on_any_page(client, world, count):
    add_notifications(world.users["official"], world.own, count)
    client = signed_in(client, world.users["official"])
    for path in (reverse("accounts:home"), reverse("pledges:mine")):
        touching = [sql for sql in _queries(client, path) if "notifications_notification" in sql]
        assert len(touching) == 1, path
        assert touching[0].lstrip().upper().startswith("SELECT COUNT(")
