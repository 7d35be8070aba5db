"""A real year's messy cases (SPEC sections 3 and 4): exemptions (不确定等次), completeness named
pledge by pledge and quarter by quarter, pending reviews, readiness before each step, the 好 quota
honest about overrides, and officials who moved away."""
import datetime
from decimal import Decimal

import pytest

from cycles.models import Cycle
from evaluations import compute, readiness, rules, scoring, services
from evaluations.models import Exemption, ListItem, Result
from org import services as org_services
from pledges import services as pledge_services
from tests.factories import CycleFactory, OfficialFactory, UnitFactory
from tests.fixtures.evaluations import fill_year
from tests.fixtures.pledges import pledge_body

pytestmark = pytest.mark.django_db


# --- the rules, without a database ---------------------------------------------------------------


def _input(oid, *, pledges, pending=(), exempt=""):
    return scoring.OfficialInput(official_id=oid, name=f"干部{oid}", pledges=tuple(pledges), unit_score=Decimal(90),
                                 surveys={"superior": Decimal(90)}, political_qualified=True,
                                 pending=tuple(pending), exempt_reason=exempt)


def test_a_pledge_needs_a_score_for_every_quarter_its_milestones_span():
    late = scoring.PledgeInput("A", Decimal(100), 1, 7, "楼宇经济", (1, 2, 3, 4), frozenset({4}))
    items = scoring.missing_items(_input(1, pledges=[late]))
    assert [(i.code, i.pledge_id, i.quarters) for i in items] == [("pledge_without_score", 7, (1, 2, 3))]
    assert items[0].message == "“楼宇经济”缺少第 1、2、3 季度评分"
    scored = scoring.score_official(_input(1, pledges=[late]), scoring.prepare(_settings()))
    assert scored.composite is None and scored.missing == ["pledge_without_score"]


def test_a_pledge_or_revision_waiting_for_review_makes_the_official_incomplete():
    done = scoring.PledgeInput("B", Decimal(360), 4, 1, "党建", (1, 2, 3, 4), frozenset({1, 2, 3, 4}))
    pending = (scoring.PendingReview(2, "创新"), scoring.PendingReview(1, "党建", revision=True))
    items = scoring.missing_items(_input(1, pledges=[done], pending=pending))
    assert [i.message for i in items] == ["“创新”等待审核", "“党建”的目标调整等待审核"]
    assert scoring.missing_inputs(_input(1, pledges=[done], pending=pending)) == ["pledge_pending_review"]


def test_the_quarters_to_score_are_those_the_milestones_span():
    from pledges.rules import quarters_to_score

    day = datetime.date(2026, 8, 1)
    assert quarters_to_score([{"quarter": 2}, {"quarter": 4}], kind="annual", cycle_year=2026, appointed_on=day) == [
        2, 3, 4]
    # no milestones: the quarters the pledge spans (an inauguration pledge from its appointment)
    assert quarters_to_score([], kind="inauguration", cycle_year=2026, appointed_on=day) == [3, 4]


def _settings():
    from cycles.cycle_settings import defaults

    return defaults()


def test_exempt_officials_are_outside_n_unranked_ungraded_and_without_outcomes():
    settings = scoring.prepare(_settings())
    pledge = scoring.PledgeInput("B", Decimal(360), 4, 1, "x", (1, 2, 3, 4), frozenset({1, 2, 3, 4}))
    scored = [scoring.score_official(_input(i, pledges=[pledge]), settings) for i in range(1, 4)]
    scored.append(scoring.score_official(_input(9, pledges=[], exempt="under_investigation"), settings))
    graded = {g.official_id: g for g in rules.grade_all(scored, settings)}
    # N = 3 (the exempt one is not counted): Q = ceil(0.9) = 1, and the three tie at rank 1
    assert [graded[i].rank for i in (1, 2, 3)] == [1, 1, 1]
    assert (graded[9].rank, graded[9].grade) == (None, None)
    assert scored[-1].missing == [] and scored[-1].composite is None
    outcomes = rules.outcomes_all(grades={9: None}, composites={9: None}, vetoed={9: True}, history={},
                                  settings=_settings(), exempt={9})
    assert outcomes == {9: []}  # not even award_ineligible


def test_new_in_post_is_suggested_for_the_last_months_of_the_year():
    assert rules.new_in_post_since(2026, 6) == datetime.date(2026, 7, 1)
    assert rules.new_in_post_since(2026, 2) == datetime.date(2026, 11, 1)
    assert rules.new_in_post_since(2026, 0) is None


# --- the services on the database --------------------------------------------------------------------


def test_a_december_approval_with_only_a_q4_score_can_no_longer_rank_first(world, full_year):
    """The review found an official with one of three pledges approved in December and only a Q4
    score ranked first with 110.40; the rest waited for review. Now it is incomplete, named."""
    staff = world.users["staff"]
    newcomer = OfficialFactory(unit=world.own_unit, name="赵晓东")
    Cycle.objects.filter(pk=full_year.pk).update(state="in_progress")
    full_year.refresh_from_db()
    rows = [pledge_services.pledge_create(actor=None, official=newcomer, cycle=full_year, **pledge_body(c))
            for c in ("party_building", "innovation", "key_work")]
    for row in rows:
        pledge_services.pledge_submit(actor=None, pledge=row)
    Cycle.objects.filter(pk=full_year.pk).update(state="evaluating")
    full_year.refresh_from_db()
    late = pledge_services.pledge_approve(actor=staff, pledge=rows[0], difficulty=3, innovation=3, contribution=3)
    services.quarterly_score_record(actor=staff, pledge=late, quarter=4, score=Decimal("92"))
    services.unit_score_record(actor=staff, unit=world.own_unit, cycle=full_year, score=Decimal("100"), reason="x")
    services.survey_score_record(actor=staff, official=newcomer, cycle=full_year, rater_group="superior",
                                 score=Decimal("100"))
    services.political_review_record(actor=staff, official=newcomer, cycle=full_year, qualified=True)

    compute.cycle_compute(cycle=full_year)

    result = Result.objects.get(cycle=full_year, official=newcomer)
    assert (result.rank, result.grade, result.composite) == (None, "", None)
    assert result.missing == ["pledge_without_score", "pledge_pending_review"]
    assert [item["message"] for item in result.missing_detail] == [
        "“party_building目标”缺少第 1、2、3 季度评分", "“innovation目标”等待审核", "“key_work目标”等待审核"]
    assert result.missing_detail[0]["pledge"] == late.pk and result.missing_detail[0]["quarters"] == [1, 2, 3]
    with pytest.raises(Exception) as refused:
        compute.cycle_finalize(actor=staff, cycle=full_year)
    expected = "赵晓东（区人社局）：“party_building目标”缺少第 1、2、3 季度评分；“innovation目标”等待审核"
    assert expected in str(refused.value)


def test_an_exempt_official_never_blocks_finalize_and_has_no_outcomes(world, full_year):
    staff = world.users["staff"]
    suspect = OfficialFactory(unit=world.own_unit, name="钱立案")
    services.list_entry_add(actor=staff, official=suspect, cycle=full_year, item=ListItem.objects.get(code="N01"))
    services.exemption_record(actor=staff, official=suspect, cycle=full_year, reason="under_investigation",
                              note="区纪委监委通报")

    cycle = compute.cycle_finalize(actor=staff, cycle=full_year)

    assert cycle.state == "finalized"
    row = Result.objects.get(cycle=full_year, official=suspect)
    assert (row.exempt_reason, row.rank, row.grade, row.outcomes, row.missing) == (
        "under_investigation", None, "", [], [])
    assert row.veto  # the entry stands, but an exempt official has no outcomes, award_ineligible included
    # N = 2: the exempt one is not in it
    assert Result.objects.filter(cycle=full_year, rank__isnull=False).count() == 2


def test_an_exempt_year_breaks_a_run_for_the_cross_year_rules(world, full_year):
    """好 in Y-2, exempt in Y-1, 好 in Y: no promotion_preference (three consecutive 好 needed)."""
    official = world.own_official
    for year, exempt in ((2024, False), (2025, True)):
        past = CycleFactory(district=world.own, year=year, state="finalized")
        Result.objects.create(cycle=past, official=official, unit=official.unit, composite=None if exempt else 95,
                              rank=None if exempt else 1, computed_grade="" if exempt else "good",
                              grade="" if exempt else "good", exempt_reason="leave" if exempt else "",
                              computed_at=past.finalized_at or datetime.datetime(year, 12, 31, tzinfo=datetime.UTC))
    compute.cycle_compute(cycle=full_year)
    mine = Result.objects.get(cycle=full_year, official=official)
    assert mine.grade == "good" and "promotion_preference" not in mine.outcomes
    # the same history with the exempt year graded 好 does give it
    Result.objects.filter(cycle__year=2025, official=official).update(grade="good", computed_grade="good",
                                                                      exempt_reason="", rank=1, composite=95)
    compute.cycle_compute(cycle=full_year)
    assert "promotion_preference" in Result.objects.get(cycle=full_year, official=official).outcomes


def test_exemptions_are_refused_outside_their_states_and_foreign_officials(world, full_year):
    staff = world.users["staff"]
    with pytest.raises(Exception, match="不属于本年度所在的区"):
        services.exemption_record(actor=staff, official=world.foreign_official, cycle=full_year, reason="leave")
    with pytest.raises(Exception, match="原因为“其他”时须填写说明"):
        services.exemption_record(actor=staff, official=world.own_official, cycle=full_year, reason="other")
    Cycle.objects.filter(pk=full_year.pk).update(state="planning")
    full_year.refresh_from_db()
    with pytest.raises(Exception, match="不能记录或撤销不确定等次"):
        services.exemption_record(actor=staff, official=world.own_official, cycle=full_year, reason="leave")
    assert not Exemption.objects.exists()


def test_an_override_over_the_quota_needs_a_confirmation(world, full_year):
    staff = world.users["staff"]
    third = OfficialFactory(unit=world.own_unit, name="孙第三")
    # a third complete official below the other two: N = 3, Q = 1, the two at 88.40 tie at rank 1
    _complete(world, full_year, third, points=Decimal("86"))
    compute.cycle_compute(cycle=full_year)
    assert Result.objects.get(official=third).grade == "average"
    with pytest.raises(Exception) as refused:
        compute.grade_override(actor=staff, cycle=full_year, official=third, grade="good", reason="区委研究")
    assert "“好”等次名额为 1 人，现已评定 2 人；将孙第三调整为“好”后为 3 人，超出名额" in str(refused.value)
    assert Result.objects.get(official=third).grade == "average"
    compute.grade_override(actor=staff, cycle=full_year, official=third, grade="good", reason="区委研究",
                           confirm_over_quota=True)
    row = Result.objects.get(official=third)
    assert row.grade == "good" and "exemplary_title" in row.outcomes
    # lowering a grade never needs it
    compute.grade_override(actor=staff, cycle=full_year, official=world.own_official, grade="average", reason="x")


def _complete(world, cycle, official, *, points):
    staff = world.users["staff"]
    state = cycle.state
    Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
    cycle.refresh_from_db()
    rows = [pledge_services.pledge_create(actor=None, official=official, cycle=cycle, **pledge_body(category))
            for category in ("party_building", "innovation", "key_work")]
    for row in rows:
        pledge_services.pledge_submit(actor=None, pledge=row)
        row = pledge_services.pledge_approve(actor=staff, pledge=row, difficulty=2, innovation=2, contribution=2)
        for quarter in (1, 2, 3, 4):
            services.quarterly_score_record(actor=staff, pledge=row, quarter=quarter, score=points)
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()
    services.survey_score_record(actor=staff, official=official, cycle=cycle, rater_group="superior", score=points)
    services.political_review_record(actor=staff, official=official, cycle=cycle, qualified=True)


def test_readiness_names_what_finalize_would_refuse_and_what_advance_would_strand(world, scored_year):
    cycle = world.own_cycle  # in_progress, every pledge approved, no score yet
    draft = pledge_services.pledge_create(actor=None, official=world.own_official, cycle=cycle,
                                          **pledge_body("innovation", title="还没提交的目标"))
    before_advance = readiness.cycle_readiness(cycle)
    assert before_advance.next_state == "evaluating"
    assert [(b.code, b.pledge) for b in before_advance.blockers] == [("pledge_draft", draft.pk)]
    assert "还没提交的目标" in before_advance.blockers[0].message
    assert any(w.code == "pledge_without_score" for w in before_advance.warnings)

    fill_year(world, scored_year)
    cycle.refresh_from_db()
    services.quarterly_score_delete(actor=world.users["staff"], row=scored_year[world.own_official.pk][1].scores.get(
        quarter=3), reason="")
    before_finalize = readiness.cycle_readiness(cycle)
    assert before_finalize.next_state == "finalized"
    blockers = [(b.code, b.official, b.message) for b in before_finalize.blockers]
    assert ("pledge_without_score", world.own_official.pk, "张建国：“innovation目标”缺少第 3 季度评分") in blockers
    assert any(b[0] == "quarter_unreleased" for b in blockers)  # scored, never released, and then never can be
    assert [w.code for w in before_finalize.warnings] == ["pledge_draft"]


def test_a_moved_official_stays_in_the_old_districts_results_in_the_unit_held_there(world, full_year):
    staff = world.users["staff"]
    official = world.other_official
    old_unit = official.unit
    elsewhere = UnitFactory(district=world.foreign, name="外区新单位")
    org_services.official_update(actor=staff, official=official, unit=elsewhere,
                                 appointed_on=datetime.date(2026, 11, 1), reason="调任")
    compute.cycle_compute(cycle=full_year)
    row = Result.objects.get(cycle=full_year, official=official)
    assert row.unit_id == old_unit.pk and row.rank == 1 and row.composite == Decimal("88.40")


def test_an_official_who_left_the_post_is_still_reviewed_for_the_year_it_filed(world, full_year):
    staff = world.users["staff"]
    official = world.other_official
    org_services.official_leave(actor=staff, official=official, ended_on=datetime.date(2026, 11, 30), reason="退休")
    compute.cycle_compute(cycle=full_year)
    row = Result.objects.get(cycle=full_year, official=official)
    assert row.unit_id == official.unit_id and row.composite == Decimal("88.40") and row.rank == 1
