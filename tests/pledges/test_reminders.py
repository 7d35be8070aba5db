"""Deadline reminders: the daily beat task records them once and mails where it can."""
import datetime

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.tasks import notifications_digest_task
from pledges.models import Reminder
from pledges.selectors import deadline_status
from pledges.tasks import reminders_record_task

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 1, 31)


def test_deadline_status_flags_missing_and_unsubmitted(world, filed):
    rows = {r.official.name: r for r in deadline_status(world.users["staff"], world.own_cycle,
                                                         today=datetime.date(2026, 2, 5))}
    assert rows["张建国"].state == "overdue"
    assert rows["张建国"].problems == ["3 项未提交"]
    assert rows["李红梅"].state == "overdue"
    assert rows["李红梅"].problems == ["已填报 0 项，少于 3 项"]


def test_due_soon_and_pending_before_the_deadline(world, filed):
    soon = {r.official.name: r.state for r in deadline_status(world.users["staff"], world.own_cycle,
                                                              today=datetime.date(2026, 1, 28))}
    assert soon["张建国"] == "due_soon"
    early = {r.official.name: r.state for r in deadline_status(world.users["staff"], world.own_cycle,
                                                               today=datetime.date(2026, 1, 2))}
    assert early["张建国"] == "pending"


def test_complete_when_all_submitted(world, submitted):
    rows = {r.official.name: r.state for r in deadline_status(world.users["staff"], world.own_cycle,
                                                              today=datetime.date(2026, 5, 1))}
    assert rows["张建国"] == "complete"


def test_newly_appointed_official_owes_inauguration_pledges_a_month_later(world):
    from org.models import Official

    Official.objects.filter(pk=world.other_official.pk).update(appointed_on=datetime.date(2026, 4, 10))
    rows = {r.official.name: r for r in deadline_status(world.users["staff"], world.own_cycle,
                                                        today=datetime.date(2026, 5, 5))}
    assert (rows["李红梅"].kind, rows["李红梅"].due_on, rows["李红梅"].state) == (
        "inauguration", datetime.date(2026, 5, 10), "due_soon")


def test_staff_sees_only_own_district_in_deadline_status(world):
    names = {r.official.name for r in deadline_status(world.users["staff"], world.own_cycle, today=DEADLINE)}
    assert names == {"张建国", "李红梅"}


def test_task_records_reminders_once_and_the_digest_mails_them(world, filed):
    user = world.users["official"]
    user.email = "zhang@example.org"
    user.save()
    # when the task runs twice (e.g. a retry after a crash)
    first = reminders_record_task.apply().get()
    second = reminders_record_task.apply().get()
    # then each overdue official got one reminder, and its account one notification
    assert first >= 2 and second == 0
    mine = Reminder.objects.get(official=world.own_official, cycle=world.own_cycle)
    assert mine.kind == "overdue" and "3 项未提交" in mine.message
    assert [n.message for n in Notification.objects.filter(user=user, kind="deadline")] == [mine.message]
    assert Reminder.objects.filter(official=world.foreign_official).count() == 1
    # nothing is mailed inside the task; the daily digest mails it
    assert mail.outbox == []
    notifications_digest_task.apply()
    [zhang] = [m for m in mail.outbox if m.to == ["zhang@example.org"]]
    assert mine.message in zhang.body


def test_a_mail_that_cannot_be_sent_costs_no_reminder(world, filed, refusing_mail):
    """The empty reminder list: the task mailed inside its transaction, and a mail the server or
    the mail library refused (an OSError or ValueError, which fail_silently does not cover)
    rolled back every reminder of the run, every day. Now the reminders are recorded whatever
    the mail does, and the digest retries the refused address the next day."""
    for account in (world.users["official"], world.users["foreign_official"]):
        account.email = "refused@example.org" if account == world.users["official"] else "wang@example.org"
        account.save()
    assert reminders_record_task.apply().get() == 3
    notifications_digest_task.apply()
    assert Reminder.objects.count() == 3
    assert "refused@example.org" not in {to for m in mail.outbox for to in m.to}
    assert ["wang@example.org"] in [m.to for m in mail.outbox]
    assert Notification.objects.filter(user=world.users["official"], emailed_at__isnull=True).exists()


def test_official_reads_and_marks_its_reminders(api, world, filed):
    reminders_record_task.apply()
    client = api.as_(world.users["official"])
    rows = client.get("/api/v1/reminders/").json()["results"]
    assert [r["official"] for r in rows] == [world.own_official.pk]
    marked = client.post(f"/api/v1/reminders/{rows[0]['id']}/read/").json()
    assert marked["read_at"] is not None
    other = Reminder.objects.get(official=world.other_official)
    assert client.post(f"/api/v1/reminders/{other.pk}/read/").status_code == 404


def test_beat_schedule_runs_the_reminders_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["pledge-reminders"]
    assert entry["task"] == reminders_record_task.name
