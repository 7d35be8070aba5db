"""The four must-talks (四必谈): a post change and a `warning` supervision entry raise a due talk
automatically (staff and the mentors are told), an `info` entry raises none, a talk recorded for
the official closes it, and a due talk left open after its due day is flagged overdue (once)."""
import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction

from development import rules, services
from development.models import DueTalk, MentorPair, Occasion
from notifications.models import Notification
from org import services as org_services
from records.signals import supervision_entry_recorded

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    """张建国 mentors 李红梅 (the world's street head)."""
    return services.pair_create(actor=world.users["staff"], mentor=world.own_official, mentee=world.other_official,
                                started_on=datetime.date(2026, 1, 5))


def entry(official, severity: str, pk: int = 7):
    """A stand-in for records.models.SupervisionEntry with the attributes the receiver reads."""
    return SimpleNamespace(pk=pk, official=official, severity=severity, occurred_on=datetime.date(2026, 5, 6),
                           kind="petition")


def test_a_post_change_raises_a_due_talk_for_the_official(world, pair):
    org_services.official_update(actor=world.users["staff"], official=world.own_official, position="局长",
                                 appointed_on=datetime.date(2026, 6, 1), reason="调整")
    due = DueTalk.objects.get(official=world.own_official)
    assert due.occasion == Occasion.POST_CHANGE
    assert due.due_on == due.raised_on + datetime.timedelta(days=rules.TALK_DUE_DAYS)
    assert Notification.objects.filter(user=world.users["staff"], kind="talk_due").count() == 1


def test_a_corrected_appointment_date_raises_no_due_talk(world):
    org_services.official_update(actor=world.users["staff"], official=world.own_official,
                                 appointed_on=datetime.date(2022, 4, 1), reason="更正")
    assert not DueTalk.objects.exists()


def test_a_warning_supervision_entry_raises_a_due_talk_and_tells_the_mentor(world, pair):
    # given the mentor 张建国 has an account (world.users["official"])
    # when a warning entry about 李红梅 is announced
    supervision_entry_recorded.send(sender=None, entry=entry(world.other_official, "warning"))
    # then
    due = DueTalk.objects.get(official=world.other_official)
    assert due.occasion == Occasion.WARNING_SIGN and due.source == "supervision:7"
    assert Notification.objects.filter(user=world.users["official"], kind="talk_due").exists()
    assert Notification.objects.filter(user=world.users["staff"], kind="talk_due").exists()


def test_an_info_supervision_entry_raises_nothing(world):
    supervision_entry_recorded.send(sender=None, entry=entry(world.other_official, "info"))
    assert not DueTalk.objects.exists()


def test_the_same_entry_announced_twice_raises_one_due_talk(world):
    for _n in range(2):
        supervision_entry_recorded.send(sender=None, entry=entry(world.other_official, "warning"))
    assert DueTalk.objects.count() == 1
    assert Notification.objects.filter(user=world.users["staff"]).count() == 1


def test_a_recorded_talk_closes_the_due_talk(world, pair):
    supervision_entry_recorded.send(sender=None, entry=entry(world.other_official, "warning"))
    due = DueTalk.objects.get()
    talk = services.talk_record(actor=world.users["staff"], official=world.other_official, pair=pair,
                                held_on=due.raised_on, topic="谈心", occasion=Occasion.WARNING_SIGN)
    due.refresh_from_db()
    assert due.closed_by == talk and due.closed_on == due.raised_on
    assert due.history.latest().history_user == world.users["staff"]


def test_a_talk_before_the_due_talk_was_raised_does_not_close_it(world):
    due = services.due_talk_raise(actor=world.users["staff"], official=world.other_official,
                                  occasion=Occasion.FAMILY_EVENT, source="manual:1", detail="家中变故",
                                  raised_on=datetime.date(2026, 5, 1))
    services.talk_record(actor=world.users["staff"], official=world.other_official,
                         held_on=datetime.date(2026, 4, 30), topic="日常谈心")
    due.refresh_from_db()
    assert due.closed_on is None


def test_a_due_talk_is_overdue_only_after_its_due_day(world):
    due = services.due_talk_raise(actor=world.users["staff"], official=world.other_official,
                                  occasion=Occasion.DIFFICULTY, source="manual:2", detail="困难",
                                  raised_on=datetime.date(2026, 5, 1))
    assert not due.is_overdue(due.due_on)
    assert due.is_overdue(due.due_on + datetime.timedelta(days=1))


def test_the_daily_check_tells_staff_once_about_an_overdue_talk(world):
    due = services.due_talk_raise(actor=world.users["staff"], official=world.other_official,
                                  occasion=Occasion.DIFFICULTY, source="manual:3", detail="困难",
                                  raised_on=datetime.date(2026, 5, 1))
    assert services.due_talks_flag_overdue(today=due.due_on) == 0
    day_after = due.due_on + datetime.timedelta(days=1)
    services.due_talks_flag_overdue(today=day_after)
    services.due_talks_flag_overdue(today=day_after)
    notes = Notification.objects.filter(kind="talk_overdue")
    assert notes.count() == 1 and notes.get().user == world.users["staff"]


def test_the_overdue_check_runs_daily_before_the_digest(settings):
    entry_ = settings.CELERY_BEAT_SCHEDULE["talks-overdue"]
    assert entry_["task"] == "development.flag_overdue_talks"


def test_a_rolled_back_post_change_leaves_no_due_talk(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        org_services.official_update(actor=world.users["staff"], official=world.own_official, position="局长",
                                     appointed_on=datetime.date(2026, 6, 1))
        raise RuntimeError
    assert not DueTalk.objects.exists()


@pytest.mark.parametrize("due_on,today,closed_on,expected", [
    (datetime.date(2026, 5, 31), datetime.date(2026, 5, 31), None, False),
    (datetime.date(2026, 5, 31), datetime.date(2026, 6, 1), None, True),
    (datetime.date(2026, 5, 31), datetime.date(2026, 6, 1), datetime.date(2026, 5, 2), False),
])
def test_the_overdue_rule(due_on, today, closed_on, expected):
    assert rules.talk_overdue(due_on=due_on, closed_on=closed_on, today=today) is expected


def test_several_mentees_may_share_a_mentor_but_not_be_their_own(world, pair):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.pair_create(actor=world.users["staff"], mentor=world.own_official, mentee=world.own_official,
                             started_on=datetime.date(2026, 1, 5))
    assert "mentee" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.pair_create(actor=world.users["staff"], mentor=world.own_official, mentee=world.foreign_official,
                             started_on=datetime.date(2026, 1, 5))
    assert MentorPair.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_warning_entry_recorded_in_records_raises_a_due_talk_once_it_commits(world, pair):
    """End to end across the apps: records' service records a `warning` entry; when its
    transaction commits, development's receiver raises the due talk (and not before)."""
    from records.services import supervision_entry_record

    # when staff record a warning about 李红梅 (the world's street head)
    with transaction.atomic():
        recorded = supervision_entry_record(
            actor=world.users["staff"], official=world.other_official, kind="petition",
            occurred_on=datetime.date(2026, 3, 2), source="区信访局", summary="群众多次信访反映", severity="warning")
        assert not DueTalk.objects.exists()  # nothing before the commit
    # then a due talk, named after the entry, with the mentor told
    due = DueTalk.objects.get(official=world.other_official)
    assert due.occasion == Occasion.WARNING_SIGN and due.source == f"supervision:{recorded.pk}"
    assert Notification.objects.filter(user=world.users["official"], kind="talk_due").exists()
    # and an `info` entry raises none
    supervision_entry_record(actor=world.users["staff"], official=world.other_official, kind="media_report",
                             occurred_on=datetime.date(2026, 3, 3), source="区融媒体中心", summary="正面报道")
    assert DueTalk.objects.count() == 1
