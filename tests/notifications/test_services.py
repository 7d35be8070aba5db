"""notifications.services: set-based producing, marking read, and the daily digest e-mail."""
import pytest
from django.core import mail

from accounts.models import Role
from notifications.models import Notification
from notifications.services import (
    Note,
    notifications_digest_send,
    notifications_mark_all_read,
    notify,
    notify_officials,
    notify_staff,
)
from notifications.tasks import notifications_digest_task
from tests.factories import OfficialFactory, UserFactory
from tests.fixtures.notifications import add_notifications

pytestmark = pytest.mark.django_db


def _note(world, **extra):
    return Note(kind=Notification.Kind.APPROVED, district_id=world.own.pk, message="已审核通过", **extra)


@pytest.mark.parametrize("count", [2, 40])
def test_notifying_officials_is_two_queries_whatever_their_number(world, count, django_assert_num_queries):
    officials = [OfficialFactory(unit=world.own_unit) for _ in range(count)]
    for official in officials:
        UserFactory(role=Role.OFFICIAL, districts=[world.own], official=official)
    with django_assert_num_queries(2):  # the accounts, one insert
        notify_officials(notes=[(official.pk, _note(world)) for official in officials])
    assert Notification.objects.filter(user__official__in=officials).count() == count


def test_staff_notes_reach_every_active_staff_account_of_the_district_only(world, django_assert_num_queries):
    second = UserFactory(role=Role.STAFF, districts=[world.own])
    UserFactory(role=Role.STAFF, districts=[world.own], is_active=False)
    with django_assert_num_queries(2):
        notify_staff(notes=[_note(world)])
    assert set(Notification.objects.values_list("user", flat=True)) == {world.users["staff"].pk, second.pk}


def test_a_keyed_note_is_inserted_once_per_account(world):
    user = world.users["staff"]
    notify(notes=[(user.pk, _note(world, key="review:1:20260203"))])
    notify(notes=[(user.pk, _note(world, key="review:1:20260203"))])
    notify(notes=[(user.pk, _note(world))])
    notify(notes=[(user.pk, _note(world))])
    assert Notification.objects.filter(user=user).count() == 3


def test_mark_all_read_touches_only_the_actors_rows(world, notes):
    assert notifications_mark_all_read(actor=world.users["official"]) == 3
    assert not Notification.objects.filter(user=world.users["official"], read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.users["foreign_official"], read_at__isnull=True).count() == 2


# --- the daily digest -------------------------------------------------------------------------


def _with_address(user, address):
    user.email = address
    user.save()
    return user


def test_digest_mails_each_account_its_unread_notifications_once(world, notes, settings):
    settings.SITE_URL = "https://kaoping.example.org"
    official = _with_address(world.users["official"], "zhang@example.org")
    add_notifications(official, world.own, 1, text="已读的", read=True)
    # when the beat task runs twice
    assert notifications_digest_task.apply().get() == 1
    assert notifications_digest_task.apply().get() == 0
    # then one mail, listing the unread ones with their links, and they are marked mailed
    assert [m.to for m in mail.outbox] == [["zhang@example.org"]]
    body = mail.outbox[0].body
    assert "您有 3 条未读通知" in mail.outbox[0].subject
    assert all(f"本人通知{n}" in body for n in range(3)) and "已读的" not in body
    assert "https://kaoping.example.org/pledges/" in body and "https://kaoping.example.org/notifications/" in body
    assert not Notification.objects.filter(user=official, read_at__isnull=True, emailed_at__isnull=True).exists()


def test_digest_skips_accounts_without_an_address_or_inactive(world, notes):
    _with_address(world.users["foreign_official"], "wang@example.org").__class__.objects.filter(
        pk=world.users["foreign_official"].pk).update(is_active=False)
    assert notifications_digest_send() == 0
    assert mail.outbox == []


def test_a_refused_address_costs_only_its_own_mail(world, notes, refusing_mail):
    _with_address(world.users["official"], "refused@example.org")
    _with_address(world.users["foreign_official"], "wang@example.org")
    assert notifications_digest_send() == 1
    assert [m.to for m in mail.outbox] == [["wang@example.org"]]
    # the refused one is tried again tomorrow
    assert Notification.objects.filter(user=world.users["official"], emailed_at__isnull=True).count() == 3


def test_digest_can_be_switched_off(world, notes, settings):
    settings.NOTIFICATION_DIGEST = False
    _with_address(world.users["official"], "zhang@example.org")
    assert notifications_digest_send() == 0 and mail.outbox == []


def test_beat_runs_the_digest_daily_after_the_reminders(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["notification-digest"]["task"] == notifications_digest_task.name
    reminders, digest = schedule["pledge-reminders"]["schedule"], schedule["notification-digest"]["schedule"]
    assert (min(reminders.hour), min(reminders.minute)) < (min(digest.hour), min(digest.minute))
