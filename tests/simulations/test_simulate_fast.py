"""The what-if's fast paths (simulations.selectors): from the stored Results when they are current
("stored": grading settings only; "stored+inputs": a setting that scores), and from the inputs
otherwise ("inputs"). Whatever the path, the answer is the one computed from the inputs."""
import datetime
import random
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cycles.models import Cycle
from evaluations.compute import cycle_compute
from evaluations.models import (
    Exemption,
    GradeOverride,
    ListEntry,
    ListItem,
    PoliticalReview,
    QuarterlyScore,
    Result,
    SurveyScore,
    UnitScore,
)
from pledges.models import Pledge
from simulations.api.serializers import SimulationSerializer
from simulations.selectors import simulate, stored_results_current
from tests.factories import CycleFactory, DistrictFactory, OfficialFactory, UnitFactory, UserFactory
from tests.fixtures.simulations import build_hand_district

pytestmark = pytest.mark.django_db

GRADING = [
    {}, {"good_quota": 0.5}, {"good_quota": 1}, {"good_threshold": 80, "poor_threshold": 65},
    {"poor_threshold": 80}, {"exemplary_top": 1}, {"publish_scores": True},
]
SCORING = [
    {"weights": {"unit": 0.2, "pledge": 0.6, "survey": 0.2}}, {"letter_points": {"C": 80}},
    {"grade_coefficients": {"A": 1.3, "B": 1.1, "C": 0.7}},
    {"survey_weights": {"superior": 0.1, "peer": 0.5, "subordinate": 0.2, "public": 0.2}}, {"bonus_cap": 1},
]


def answer(simulation) -> dict:
    """What the API sends for a simulation."""
    return SimulationSerializer(simulation).data


def tolerated_negative_entry(cycle, official, *, tolerated=True):
    item, _new = ListItem.objects.get_or_create(code="t-neg", defaults={
        "kind": ListItem.Kind.NEGATIVE, "aspect": "测试", "title": "负面", "points": 0})
    return ListEntry.objects.create(cycle=cycle, official=official, item=item,
                                    tolerated_on=datetime.date(2026, 6, 1) if tolerated else None)


@pytest.fixture
def computed(db):
    """The hand district (an override, a veto, an exempt and an incomplete official) with a
    tolerated negative entry for 甲 (no veto) and a positive one for 乙, computed."""
    hand = build_hand_district()
    tolerated_negative_entry(hand.cycle, hand.officials["甲"])
    item = ListItem.objects.create(code="t-pos", kind=ListItem.Kind.POSITIVE, aspect="测试", title="正面",
                                   points=Decimal("1.5"))
    ListEntry.objects.create(cycle=hand.cycle, official=hand.officials["乙"], item=item)
    cycle_compute(cycle=hand.cycle)
    hand.cycle.refresh_from_db()
    return hand


@pytest.mark.parametrize("changes", GRADING, ids=str)
def test_grading_settings_are_simulated_from_the_stored_results_with_the_same_answer(computed, changes):
    fast = simulate(computed.cycle, changes)
    assert fast.path == "stored"
    assert answer(fast) == answer(simulate(computed.cycle, changes, use_stored=False))


@pytest.mark.parametrize("changes", SCORING, ids=str)
def test_scoring_settings_score_the_after_side_from_the_inputs_with_the_same_answer(computed, changes):
    fast = simulate(computed.cycle, changes)
    assert fast.path == "stored+inputs"
    assert answer(fast) == answer(simulate(computed.cycle, changes, use_stored=False))


def test_the_fast_answer_is_the_hand_computed_one(computed):
    body = answer(simulate(computed.cycle, {"good_quota": 0.5}))
    # 乙 has 1.5 bonus now: 87.00, second among the non-vetoed (甲 90, 乙 87, 丙 86.5), so 好 at Q = 2;
    # Q = ceil(0.5 × 6) = 3 makes 丙 好 too.
    assert body["before"] == {"good": 3, "average": 2, "poor": 1, "incomplete": 1, "exempt": 1}
    assert body["after"] == {"good": 4, "average": 1, "poor": 1, "incomplete": 1, "exempt": 1}
    [change] = body["changes"]
    assert (change["official_name"], change["grade_before"], change["grade_after"]) == ("丙", "average", "good")
    assert change["unit_name"] == "丙所在单位" and change["composite_after"] == "86.50"


def test_a_cycle_never_computed_is_simulated_from_the_inputs(hand_district):
    assert not stored_results_current(hand_district.cycle)
    assert simulate(hand_district.cycle, {"good_quota": 0.5}).path == "inputs"


def _unit_score_changed(hand):
    score = UnitScore.objects.get(cycle=hand.cycle, unit=hand.officials["乙"].unit)
    score.score = Decimal("99")
    score.save()


def _entry_no_longer_tolerated(hand):
    entry = ListEntry.objects.get(cycle=hand.cycle, official=hand.officials["甲"])
    entry.tolerated_on = None
    entry.save()


def _quarterly_score_changed(hand):
    score = QuarterlyScore.objects.filter(pledge__official=hand.officials["丙"]).first()
    score.score = Decimal("20")
    score.save()


def _survey_deleted(hand):
    SurveyScore.objects.get(cycle=hand.cycle, official=hand.officials["甲"]).delete()


def _exemption_lifted(hand):
    Exemption.objects.get(cycle=hand.cycle).delete()


def _political_review_changed(hand):
    review = PoliticalReview.objects.get(cycle=hand.cycle, official=hand.officials["己"])
    review.qualified = True
    review.save()


def _official_no_longer_principal(hand):
    official = hand.officials["甲"]
    official.is_principal = False
    official.save()


def _settings_changed(hand):
    cycle = Cycle.objects.get(pk=hand.cycle.pk)
    cycle.settings = {**cycle.settings, "good_quota": 0.5}
    cycle.save()
    hand.cycle.refresh_from_db()


def _earlier_year_corrected(hand):
    earlier = Cycle.objects.get(district=hand.district, year=2025)
    GradeOverride.objects.create(cycle=earlier, official=hand.officials["乙"], grade="average", reason="更正",
                                 decided_by=hand.users["staff"])
    Result.objects.filter(cycle=earlier, official=hand.officials["乙"]).update(grade="average")


@pytest.mark.parametrize("change", [
    _unit_score_changed, _entry_no_longer_tolerated, _quarterly_score_changed, _survey_deleted, _exemption_lifted,
    _political_review_changed, _official_no_longer_principal, _settings_changed, _earlier_year_corrected,
], ids=lambda f: f.__name__.strip("_"))
def test_a_change_of_an_input_since_the_compute_sends_it_back_to_the_inputs(computed, change):
    assert stored_results_current(computed.cycle)
    change(computed)
    assert not stored_results_current(computed.cycle)
    for changes in ({"good_quota": 0.5}, {"weights": {"unit": 0.2, "pledge": 0.6, "survey": 0.2}}):
        fast = simulate(computed.cycle, changes)
        assert fast.path == "inputs"
        assert answer(fast) == answer(simulate(computed.cycle, changes, use_stored=False))
    cycle_compute(cycle=computed.cycle)  # computed again: current again
    computed.cycle.refresh_from_db()
    assert stored_results_current(computed.cycle)


def test_an_override_after_the_compute_keeps_the_stored_results_current(computed):
    from evaluations.compute import grade_override

    grade_override(actor=computed.users["staff"], cycle=computed.cycle, official=computed.officials["乙"],
                   grade="good", reason="区委研究", confirm_over_quota=True)
    assert stored_results_current(computed.cycle)
    for changes in ({"good_quota": 0.5}, {"exemplary_top": 1}, {"letter_points": {"C": 80}}):
        fast = simulate(computed.cycle, changes)
        assert fast.path != "inputs"
        assert answer(fast) == answer(simulate(computed.cycle, changes, use_stored=False))


def test_a_finalized_cycle_is_simulated_from_its_stored_results(computed):
    Result.objects.filter(cycle=computed.cycle).delete()
    Exemption.objects.all().delete()
    # 辛 is incomplete and would block finalizing: give 辛 a survey.
    SurveyScore.objects.create(official=computed.officials["辛"], cycle=computed.cycle, rater_group="peer",
                               score=Decimal("85"))
    from evaluations.compute import cycle_finalize
    cycle_finalize(actor=computed.users["staff"], cycle=computed.cycle)
    computed.cycle.refresh_from_db()
    assert stored_results_current(computed.cycle)
    fast = simulate(computed.cycle, {"good_quota": 0.5})
    assert fast.path == "stored"
    assert answer(fast) == answer(simulate(computed.cycle, {"good_quota": 0.5}, use_stored=False))


# Random small districts: every kind of official the compute knows, random grading settings.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), people=st.integers(1, 9),
       quota=st.sampled_from([0.1, 0.3, 0.5, 0.77, 1]), good=st.sampled_from([70, 80, 85, 90.5]),
       poor=st.sampled_from([40, 60, 65.25]), top=st.integers(1, 4))
def test_on_random_districts_the_stored_path_answers_as_the_inputs_do(db, seed, people, quota, good, poor, top):
    with transaction.atomic():
        cycle = _random_district(random.Random(seed), people)
        cycle_compute(cycle=cycle)
        cycle.refresh_from_db()
        for changes in ({"good_quota": quota, "good_threshold": good, "poor_threshold": poor, "exemplary_top": top},
                        {"good_quota": quota}):
            fast = simulate(cycle, changes)
            assert fast.path == "stored"
            assert answer(fast) == answer(simulate(cycle, changes, use_stored=False))
        transaction.set_rollback(True)


def _random_district(rng: random.Random, people: int) -> Cycle:
    district = DistrictFactory(code=f"r{rng.randrange(10**8)}")
    cycle = CycleFactory(district=district, year=2026, state=Cycle.State.EVALUATING)
    earlier = [CycleFactory(district=district, year=year, state=Cycle.State.FINALIZED) for year in (2024, 2025)]
    staff = UserFactory(username=f"{district.code}_staff")
    negative, _new = ListItem.objects.get_or_create(code="t-neg", defaults={
        "kind": ListItem.Kind.NEGATIVE, "aspect": "测试", "title": "负面", "points": 0})
    positive, _new = ListItem.objects.get_or_create(code="t-pos", defaults={
        "kind": ListItem.Kind.POSITIVE, "aspect": "测试", "title": "正面", "points": Decimal("2.5")})
    for _n in range(people):
        unit = UnitFactory(district=district)
        official = OfficialFactory(unit=unit, name=rng.choice("甲乙丙丁") + str(rng.randrange(3)))
        for q_grade in rng.sample("ABC", rng.randrange(0, 3) if rng.random() < 0.1 else rng.randrange(1, 3)):
            pledge = Pledge.objects.create(
                official=official, cycle=cycle, category="key_work", title="目标", content="内容", target="目标",
                status=Pledge.Status.APPROVED, due_on=datetime.date(2026, 1, 31), grade=q_grade,
                difficulty=2, innovation=2, contribution=2)
            for q in (1, 2, 3, 4):
                letter = rng.choice("ABC") if rng.random() < 0.2 else ""
                QuarterlyScore.objects.create(pledge=pledge, quarter=q, letter=letter, score=None if letter else
                                              Decimal(rng.randrange(500, 1000)) / 10)
        if rng.random() < 0.95:
            # Ties are likely: few distinct unit scores.
            UnitScore.objects.create(unit=unit, cycle=cycle, score=Decimal(rng.choice([70, 80, 85, 90, 95])))
        for group in rng.sample(["superior", "peer", "subordinate", "public"], rng.randrange(0 if rng.random() < 0.1
                                                                                           else 1, 4)):
            SurveyScore.objects.create(official=official, cycle=cycle, rater_group=group,
                                       score=Decimal(rng.randrange(6000, 10000)) / 100)
        if rng.random() < 0.95:
            PoliticalReview.objects.create(official=official, cycle=cycle, qualified=rng.random() < 0.9)
        if rng.random() < 0.2:
            tolerated_negative_entry(cycle, official, tolerated=rng.random() < 0.5)
        if rng.random() < 0.3:
            ListEntry.objects.create(cycle=cycle, official=official, item=positive)
        if rng.random() < 0.1:
            Exemption.objects.create(official=official, cycle=cycle, reason="new_in_post", recorded_by=staff)
        if rng.random() < 0.15:
            GradeOverride.objects.create(official=official, cycle=cycle, grade=rng.choice(["good", "average", "poor"]),
                                         reason="区委研究决定", decided_by=staff)
        for earlier_cycle in earlier:
            if rng.random() < 0.6:
                grade = rng.choice(["good", "average", "poor"])
                Result.objects.create(cycle=earlier_cycle, official=official, unit=unit, composite=Decimal("80"),
                                      rank=1, computed_grade=grade, grade=grade,
                                      computed_at=datetime.datetime(2025, 12, 1, tzinfo=datetime.UTC))
    return cycle
