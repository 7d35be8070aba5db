"""growth's profile sections: learning points by year, contest entries with result and place,
competency levels and fit; each with a fixed number of queries, none for another viewer's rows."""
import datetime
from decimal import Decimal

import pytest

from growth import profile, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    staff = world.users["staff"]
    for day, points in ((datetime.date(2025, 3, 1), None), (datetime.date(2026, 3, 1), Decimal(4)),
                        (datetime.date(2026, 6, 1), Decimal(1))):
        services.activity_record(actor=staff, official=world.own_official, held_on=day, kind="training", title="培训",
                                 points=points)
    event = services.event_create(actor=staff, district=world.own, kind="presentation",
                                  held_on=datetime.date(2026, 5, 1), title="三述评辩会")
    mine = services.participant_add(actor=staff, event=event, official=world.own_official, topic="述典型")
    other = services.participant_add(actor=staff, event=event, official=world.other_official, topic="述政策")
    services.score_record(actor=staff, participant=mine, judge_name="甲", score=Decimal(80))
    services.score_record(actor=staff, participant=other, judge_name="甲", score=Decimal(90))
    competency = services.competency_create(actor=staff, district=world.own, name="统筹协调",
                                            required={"department_head": 4})
    services.assessment_record(actor=staff, official=world.own_official, competency=competency, level=3,
                               assessed_on=datetime.date(2026, 1, 1), source="年度考察")


def test_the_sections_show_points_entries_and_fit_in_constant_queries(world, records, django_assert_max_num_queries):
    viewer = world.users["official"]
    with django_assert_max_num_queries(7):
        points = profile.learning_points(official=world.own_official, viewer=viewer, years=None)
        contests = profile.contests(official=world.own_official, viewer=viewer, years=None)
        competency = profile.competency(official=world.own_official, viewer=viewer, years=None)
    assert [(year, total) for year, total, _a in points.context["by_year"]] == [(2026, Decimal(5)), (2025, Decimal(2))]
    assert [(e.topic, result, rank) for e, result, rank in contests.context["entries"]] == [
        ("述典型", Decimal("80.00"), 2)]
    assert competency.context["fit"] == Decimal("75.0")


def test_years_narrow_the_sections_and_an_empty_one_is_left_out(world, records):
    viewer = world.users["staff"]
    points = profile.learning_points(official=world.own_official, viewer=viewer, years=[2025])
    assert [year for year, _t, _a in points.context["by_year"]] == [2025]
    assert profile.contests(official=world.own_official, viewer=viewer, years=[2024]) is None
    foreign = world.users["foreign_staff"]
    assert profile.learning_points(official=world.own_official, viewer=foreign, years=None) is None
