"""Contests and presentations: an event's standings (mean of judges' scores, places with ties),
a judge's score changed only with a reason, the staff forms, and the API's result field."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from growth import services
from growth.models import ContestParticipant, JudgeScore
from tests.factories import OfficialFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    staff = world.users["staff"]
    event = services.event_create(actor=staff, district=world.own, kind="arena", held_on=datetime.date(2026, 4, 8),
                                  title="第二季度一把手擂台赛")
    first = services.participant_add(actor=staff, event=event, official=world.own_official, topic="项目落地提质")
    second = services.participant_add(actor=staff, event=event, official=world.other_official, topic="城市更新")
    for name, a, b in (("甲", 90, 88), ("乙", 80, 84)):
        services.score_record(actor=staff, participant=first, judge_name=name, score=Decimal(a))
        services.score_record(actor=staff, participant=second, judge_name=name, score=Decimal(b))
    services.question_record(actor=staff, participant=first, asked_by="组织部部长", question="如何推动成果转化？")
    return event


def test_the_event_page_ranks_by_the_mean_score_with_ties(client, world, event, django_assert_max_num_queries):
    client.force_login(world.users["leader"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("growth:event", args=[event.pk]))
    standings = [(s.participant.official.name, s.result, s.rank) for s in response.context["standings"]]
    assert standings == [("李红梅", Decimal("86.00"), 1), ("张建国", Decimal("85.00"), 2)]
    assert "如何推动成果转化" in response.content.decode()


def test_equal_results_share_a_place(world, event):
    staff = world.users["staff"]
    third = services.participant_add(actor=staff, event=event, official=OfficialFactory(unit=world.own_unit),
                                     topic="营商环境")
    for name in ("甲", "乙"):
        services.score_record(actor=staff, participant=third, judge_name=name, score=Decimal(86))
    from growth.selectors import event_standings
    places = {s.participant.topic: s.rank for s in event_standings(staff, event)}
    assert places == {"城市更新": 1, "营商环境": 1, "项目落地提质": 3}


def test_changing_a_judges_score_needs_a_reason_and_keeps_the_old_one_in_history(world, event):
    participant = ContestParticipant.objects.get(event=event, official=world.own_official)
    with pytest.raises(ValidationError) as refused:
        services.score_record(actor=world.users["staff"], participant=participant, judge_name="甲", score=Decimal(70))
    assert "reason" in refused.value.message_dict
    services.score_record(actor=world.users["staff"], participant=participant, judge_name="甲", score=Decimal(70),
                          reason="录入错误")
    score = JudgeScore.objects.get(participant=participant, judge_name="甲")
    assert score.score == 70 and [h.score for h in score.history.order_by("history_id")] == [90, 70]


def test_staff_forms_add_a_participant_and_refuse_a_bad_score(client, world, event):
    client.force_login(world.users["staff"])
    extra = OfficialFactory(unit=world.own_unit, name="孙新人")
    added = client.post(reverse("growth:event_participant", args=[event.pk]),
                        {"entry-official": extra.pk, "entry-topic": "述政策"})
    assert added.status_code == 302
    participant = ContestParticipant.objects.get(official=extra)
    bad = client.post(reverse("growth:event_score", args=[event.pk]),
                      {"score-participant": participant.pk, "score-judge_name": "丙", "score-score": "120"})
    assert bad.status_code == 400 and "score" in bad.context["score_form"].errors
    foreign = client.post(reverse("growth:event_participant", args=[event.pk]),
                          {"entry-official": world.foreign_official.pk, "entry-topic": "x"})
    assert foreign.status_code == 400


def test_the_api_lists_participants_with_results_and_refuses_foreign_staff(api, world, event,
                                                                            django_assert_max_num_queries):
    staff = api.as_(world.users["staff"])
    with django_assert_max_num_queries(8):
        listed = staff.get("/api/v1/contest-participants/", {"event": event.pk})
    assert listed.status_code == 200
    results = {row["official_name"]: row["result"] for row in listed.json()["results"]}
    assert results == {"张建国": "85.00", "李红梅": "86.00"}
    foreign = api.as_(world.users["foreign_staff"])
    assert foreign.get(f"/api/v1/contest-events/{event.pk}/").status_code == 404
    created = staff.post("/api/v1/judge-scores/", {"participant": listed.json()["results"][0]["id"],
                                                   "judge_name": "丙", "score": "101"}, format="json")
    assert created.status_code == 400 and "score" in created.json()["errors"]
    leader = api.as_(world.users["leader"])
    refused = leader.post("/api/v1/contest-events/", {"district": world.own.pk, "kind": "arena",
                                                      "held_on": "2026-07-01", "title": "x"}, format="json")
    assert refused.status_code == 403
    assert FOREIGN_MARKER not in listed.content.decode()


def test_the_event_list_counts_participants_in_bounded_queries(client, world, event, django_assert_max_num_queries):
    for n in range(4):
        services.event_create(actor=world.users["staff"], district=world.own, kind="presentation",
                              held_on=datetime.date(2026, 1, n + 1), title=f"三述评辩会{n}")
    services.event_create(actor=world.users["foreign_staff"], district=world.foreign, kind="arena",
                          held_on=datetime.date(2026, 1, 1), title=f"擂台{FOREIGN_MARKER}")
    client.force_login(world.users["staff"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("growth:events"))
    assert [e.participant_count for e in response.context["events"]][0] == 2
    assert len(response.context["events"]) == 5 and FOREIGN_MARKER not in response.content.decode()
