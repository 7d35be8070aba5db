"""Mentor pairs and the talk log: staff pair officials and record talks for the mentors; a mentor
with an official account reads its own pairs and log and no one else's; the due talks page flags
overdue talks; the profile sections show placements, pairs and talks in a fixed number of queries."""
import datetime

import pytest
from django.urls import reverse

from core.profile_sections import providers
from development import profile, services
from development.models import DueTalk, Occasion, ReserveCategory, Talk
from tests.factories import OfficialFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world):
    return services.pair_create(actor=world.users["staff"], mentor=world.own_official, mentee=world.other_official,
                                started_on=datetime.date(2026, 1, 5))


def test_staff_pair_officials_and_record_a_talk_on_the_pages(client, world):
    client.force_login(world.users["staff"])
    made = client.post(reverse("development:pair_new"), {"mentor": world.own_official.pk,
                                                         "mentee": world.other_official.pk, "started_on": "2026-01-05"})
    assert made.status_code == 302
    pair = world.own_official.mentees_paired.get()
    talked = client.post(reverse("development:talk_new"), {
        "official": world.other_official.pk, "pair": pair.pk, "held_on": "2026-02-01", "topic": "岗位适应",
        "notes": "谈了街道工作的难点", "occasion": ""})
    assert talked.status_code == 302 and talked.url == reverse("development:mentor", args=[world.own_official.pk])
    log = client.get(talked.url).content.decode()
    assert "岗位适应" in log and "谈了街道工作的难点" in log


def test_a_talk_without_a_topic_answers_400_naming_the_field(client, world):
    client.force_login(world.users["staff"])
    answer = client.post(reverse("development:talk_new"), {"official": world.other_official.pk,
                                                           "held_on": "2026-02-01", "topic": ""})
    assert answer.status_code == 400 and not Talk.objects.exists()


def test_a_mentor_reads_its_own_talk_log_and_no_one_elses(client, world, pair):
    services.talk_record(actor=world.users["staff"], official=world.other_official, pair=pair,
                         held_on=datetime.date(2026, 2, 1), topic="岗位适应")
    client.force_login(world.users["official"])  # 张建国, the mentor
    own = client.get(reverse("development:mentor", args=[world.own_official.pk]))
    assert own.status_code == 200 and "岗位适应" in own.content.decode()
    assert client.get(reverse("development:mentor", args=[world.other_official.pk])).status_code == 404
    assert client.get(reverse("development:mentor", args=[world.foreign_official.pk])).status_code == 404
    assert client.get(reverse("development:talk_new")).status_code == 403


def test_the_pair_list_and_talk_log_run_bounded_queries(client, world, django_assert_max_num_queries):
    staff = world.users["staff"]
    for n in range(6):
        mentee = OfficialFactory(unit=world.own_unit, name=f"徒弟{n}")
        pair = services.pair_create(actor=staff, mentor=world.own_official, mentee=mentee,
                                    started_on=datetime.date(2026, 1, 5))
        services.talk_record(actor=staff, official=mentee, pair=pair, held_on=datetime.date(2026, 2, 1), topic=f"谈{n}")
    client.force_login(world.users["leader"])
    with django_assert_max_num_queries(8):
        listed = client.get(reverse("development:pairs"))
    assert listed.status_code == 200 and "徒弟5" in listed.content.decode()
    with django_assert_max_num_queries(10):
        log = client.get(reverse("development:mentor", args=[world.own_official.pk]))
    assert log.content.decode().count("谈") >= 6 and FOREIGN_MARKER not in log.content.decode()


def test_the_due_talks_page_flags_overdue_talks(client, world, django_assert_max_num_queries):
    staff = world.users["staff"]
    services.due_talk_raise(actor=staff, official=world.other_official, occasion=Occasion.DIFFICULTY,
                            source="manual:old", detail="老问题", raised_on=datetime.date(2020, 1, 1))
    services.due_talk_raise(actor=staff, official=world.own_official, occasion=Occasion.FAMILY_EVENT,
                            source="manual:new", detail="新情况")
    client.force_login(world.users["leader"])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("development:due_talks"))
    body = page.content.decode()
    assert "老问题" in body and "新情况" in body and body.count("已逾期") == 2  # the filter link and one flag
    overdue = client.get(reverse("development:due_talks"), {"overdue": "1"}).content.decode()
    assert "老问题" in overdue and "新情况" not in overdue


def test_staff_record_a_difficulty_by_hand(client, world):
    client.force_login(world.users["staff"])
    answer = client.post(reverse("development:due_talk_new"), {"official": world.other_official.pk,
                                                               "occasion": "difficulty", "detail": "家中老人住院"})
    assert answer.status_code == 302
    assert DueTalk.objects.get().detail == "家中老人住院"


def test_the_talk_api_records_a_talk_that_closes_the_due_talk(world, api, pair):
    due = services.due_talk_raise(actor=world.users["staff"], official=world.other_official,
                                  occasion=Occasion.DIFFICULTY, source="manual:x", detail="困难")
    client = api.as_(world.users["staff"])
    made = client.post("/api/v1/talks/", {"official": world.other_official.pk, "pair": pair.pk,
                                          "held_on": due.raised_on.isoformat(), "topic": "解决困难"}, format="json")
    assert made.status_code == 201, made.content
    listed = client.get("/api/v1/due-talks/", {"official": world.other_official.pk}).json()["results"]
    assert listed[0]["closed_by"] == made.json()["id"] and listed[0]["overdue"] is False


def test_the_mentor_pair_api_ends_a_pair(world, api, pair, django_assert_max_num_queries):
    client = api.as_(world.users["staff"])
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/mentor-pairs/").json()["count"] == 1
    ended = client.post(f"/api/v1/mentor-pairs/{pair.pk}/end/", {"ended_on": "2025-01-01"}, format="json")
    assert ended.status_code == 400 and "ended_on" in ended.json()["errors"]
    ended = client.post(f"/api/v1/mentor-pairs/{pair.pk}/end/", {"ended_on": "2026-06-30"}, format="json")
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2026-06-30"


def _sections(official, viewer):
    return {s.key: s for s in (p(official=official, viewer=viewer, years=None) for p in providers()) if s}


def test_the_profile_shows_placements_pairs_and_talks_in_constant_queries(world, pair, django_assert_max_num_queries):
    staff = world.users["staff"]
    services.reserve_categories_ensure(actor=staff, district=world.own)
    category = ReserveCategory.objects.first()
    services.placement_create(actor=staff, official=world.other_official, category=category,
                              placed_on=datetime.date(2026, 3, 1), grounds="推荐")
    for n in range(5):
        services.talk_record(actor=staff, official=world.other_official, pair=pair,
                             held_on=datetime.date(2026, 2, n + 1), topic=f"谈{n}")
    with django_assert_max_num_queries(4):
        reserve = profile.reserve_section(official=world.other_official, viewer=staff, years=None)
        mentoring = profile.mentoring_section(official=world.other_official, viewer=staff, years=None)
    assert len(reserve.context["placements"]) == 1 and len(mentoring.context["talks"]) == 5
    assert {"reserve", "mentoring"} <= set(_sections(world.other_official, staff))


def test_an_official_reading_its_own_profile_sees_no_reserve_placement(world):
    staff = world.users["staff"]
    services.reserve_categories_ensure(actor=staff, district=world.own)
    services.placement_create(actor=staff, official=world.own_official, category=ReserveCategory.objects.first(),
                              placed_on=datetime.date(2026, 3, 1), grounds="推荐")
    assert profile.reserve_section(official=world.own_official, viewer=world.users["official"], years=None) is None
