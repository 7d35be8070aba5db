"""Compute (a Celery task), results, overrides, finalize and consequences, over the API."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles.models import Cycle
from evaluations import compute, services
from evaluations.models import OutcomeExecution, Result
from tests.factories import OfficialFactory
from tests.fixtures.evaluations import fill_year

pytestmark = pytest.mark.django_db


def start_compute(api, world):
    response = api.as_(world.users["staff"]).post(f"/api/v1/cycles/{world.own_cycle.pk}/compute/")
    assert response.status_code == 202, response.json()
    return response.json()["task_id"]


def results(api, world, user="staff", **params):
    return api.as_(world.users[user]).get(f"/api/v1/cycles/{world.own_cycle.pk}/results/", params).json()["results"]


def test_compute_runs_as_a_task_with_status_and_progress(api, world, full_year):
    task_id = start_compute(api, world)
    status = api.as_(world.users["staff"]).get(f"/api/v1/tasks/{task_id}/").json()
    assert (status["state"], status["progress"]) == ("success", 100)
    assert status["result"] == {"officials": 2, "incomplete": 0, "exempt": 0, "grades": {"good": 2}}


def test_results_carry_the_contract_fields_and_values(api, world, full_year):
    start_compute(api, world)
    rows = results(api, world)
    assert len(rows) == 2
    row = rows[0]
    for field in ["official", "unit_score", "pledge_score", "survey_score", "bonus", "veto", "composite", "rank",
                  "grade", "outcomes", "incomplete", "missing"]:
        assert field in row
    # pledge_score = (1.2 + 1.0 + 0.8) × 90 / 3 = 90; composite = 0.3 × 88 + 0.5 × 90 + 0.2 × 85
    assert (row["unit_score"], row["pledge_score"], row["survey_score"], row["bonus"]) == (
        "88.00", "90.00", "85.00", "0.00")
    assert row["composite"] == "88.40"
    # N = 2 → Q = 1; both tie at rank 1, so both are 好
    assert [(r["rank"], r["grade"]) for r in rows] == [(1, "good"), (1, "good")]
    assert rows[0]["outcomes"] == ["commendation", "exemplary_title", "recommend_upward"]


def test_incomplete_officials_are_listed_with_what_is_missing(api, world, scored_year):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    start_compute(api, world)
    rows = results(api, world)
    assert all(r["incomplete"] and r["grade"] is None and r["rank"] is None for r in rows)
    assert rows[0]["missing"] == ["pledge_without_score", "no_unit_score", "no_survey", "no_political_review"]


def test_negative_entry_vetoes_and_caps_at_average(api, world, full_year):
    services.list_entry_add(actor=world.users["staff"], official=world.own_official, cycle=full_year,
                            item=__import__("evaluations.models",
                                            fromlist=["ListItem"]).ListItem.objects.get(code="N07"))
    start_compute(api, world)
    mine = {r["official"]: r for r in results(api, world)}[world.own_official.pk]
    assert mine["veto"] is True and mine["grade"] == "average"
    assert mine["outcomes"] == ["admonishment", "promotion_freeze", "award_ineligible"]


def test_positive_entries_add_a_capped_bonus(api, world, full_year):
    from evaluations.models import ListItem

    for code in ("P01", "P02", "P03", "P04", "P05", "P06", "P07"):
        services.list_entry_add(actor=world.users["staff"], official=world.own_official, cycle=full_year,
                                item=ListItem.objects.get(code=code))
    start_compute(api, world)
    mine = {r["official"]: r for r in results(api, world)}[world.own_official.pk]
    assert (mine["bonus"], mine["composite"]) == ("5.00", "93.40")


def test_compute_twice_gives_identical_results(world, full_year):
    compute.cycle_compute(cycle=full_year)
    first = list(Result.objects.order_by("official_id").values(
        "official_id", "composite", "rank", "grade", "outcomes", "missing", "veto", "pledge_score"))
    compute.cycle_compute(cycle=full_year)
    second = list(Result.objects.order_by("official_id").values(
        "official_id", "composite", "rank", "grade", "outcomes", "missing", "veto", "pledge_score"))
    assert first == second and len(second) == 2


@pytest.mark.parametrize("point", ["compute:before-write", "compute:before-commit"])
def test_a_failure_inside_compute_leaves_the_earlier_results_whole(world, full_year, settings, point):
    from core.faults import InjectedFault

    # given results computed with quarterly scores of 90
    compute.cycle_compute(cycle=full_year)
    before = list(Result.objects.order_by("official_id").values_list("official_id", "composite", "computed_at"))
    services.unit_score_record(actor=world.users["staff"], unit=world.own_unit, cycle=full_year, score=Decimal("60"))
    # when the next compute fails before or after writing the new Results
    settings.FAULT_POINTS = {point: "raise"}
    with pytest.raises(InjectedFault):
        compute.cycle_compute(cycle=full_year)
    # then the earlier Results are all there, unchanged
    assert list(Result.objects.order_by("official_id").values_list("official_id", "composite", "computed_at")) == before


def test_compute_uses_a_fixed_number_of_queries_whatever_the_size(world, full_year):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            compute.cycle_compute(cycle=full_year)
        return len(captured)

    queries()  # the first run has no earlier Results to replace
    small = queries()
    for i in range(25):
        OfficialFactory(unit=world.own_unit, name=f"新任{i}")
    assert queries() == small
    assert small <= 20  # inputs: officials (and those moved away), pledges, pending reviews, exemptions, …


def test_override_needs_a_reason_and_decides_outcomes(api, world, full_year):
    start_compute(api, world)
    client = api.as_(world.users["staff"])
    url = f"/api/v1/cycles/{world.own_cycle.pk}/override/"
    assert client.post(url, {"official": world.own_official.pk, "grade": "average"}, format="json").status_code == 400
    response = client.post(url, {"official": world.own_official.pk, "grade": "average", "reason": "区委常委会研究决定"},
                           format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["grade"], body["computed_grade"]) == ("average", "good")
    assert body["outcomes"] == ["admonishment", "promotion_freeze"]
    # the override survives a recompute
    start_compute(api, world)
    mine = {r["official"]: r for r in results(api, world)}[world.own_official.pk]
    assert mine["grade"] == "average"
    cleared = client.post(url, {"official": world.own_official.pk, "grade": None, "reason": "撤销"}, format="json")
    assert cleared.json()["grade"] == "good"


def test_finalize_is_refused_with_the_full_list_while_anyone_is_incomplete(api, world, scored_year):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    response = api.as_(world.users["staff"]).post(f"/api/v1/cycles/{world.own_cycle.pk}/finalize/")
    assert response.status_code == 400
    problems = response.json()["errors"]["incomplete"]
    assert len(problems) == 2 and any("张建国" in p and "没有多维测评分" in p for p in problems)
    assert Cycle.objects.get(pk=world.own_cycle.pk).state == "evaluating"


def test_finalize_freezes_results_settings_and_scores(api, world, full_year):
    client = api.as_(world.users["staff"])
    response = client.post(f"/api/v1/cycles/{world.own_cycle.pk}/finalize/")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "finalized"
    assert Cycle.objects.get(pk=world.own_cycle.pk).computed_at is not None  # the results shown are computed
    assert client.post(f"/api/v1/cycles/{world.own_cycle.pk}/compute/").status_code == 400
    assert client.patch(f"/api/v1/cycles/{world.own_cycle.pk}/", {"settings": {"bonus_cap": 1}},
                        format="json").status_code == 400
    pledge = full_year.pledges.first()
    assert client.post("/api/v1/quarterly-scores/", {"pledge": pledge.pk, "quarter": 1, "score": "1", "reason": "x"},
                       format="json").status_code == 400
    assert client.post(f"/api/v1/cycles/{world.own_cycle.pk}/override/", {
        "official": world.own_official.pk, "grade": "poor", "reason": "x"}, format="json").status_code == 400


def test_after_finalize_staff_record_consequences(api, world, full_year):
    client = api.as_(world.users["staff"])
    client.post(f"/api/v1/cycles/{world.own_cycle.pk}/finalize/")
    rows = client.get("/api/v1/outcome-executions/", {"result__official": world.own_official.pk}).json()["results"]
    assert {r["code"] for r in rows} == {"commendation", "exemplary_title", "recommend_upward"}
    target = rows[0]
    refused = client.patch(f"/api/v1/outcome-executions/{target['id']}/", {"carried_out": True}, format="json")
    assert refused.status_code == 400
    ok = client.patch(f"/api/v1/outcome-executions/{target['id']}/",
                      {"carried_out": True, "carried_out_on": "2027-01-15", "note": "区委文件通报"}, format="json")
    assert ok.status_code == 200 and ok.json()["carried_out"] is True
    assert OutcomeExecution.objects.get(pk=target["id"]).history.first().history_user == world.users["staff"]


def test_official_reads_own_result_only_after_finalize(api, world, full_year):
    start_compute(api, world)
    assert results(api, world, "official") == []
    api.as_(world.users["staff"]).post(f"/api/v1/cycles/{world.own_cycle.pk}/finalize/")
    rows = results(api, world, "official")
    assert [r["official"] for r in rows] == [world.own_official.pk]


def test_history_across_years_gives_org_adjustment_and_promotion_preference(world, scored_year, django_db_blocker):
    """Second consecutive 一般 → org_adjustment; three consecutive 好 → promotion_preference,
    counting overridden grades."""
    from evaluations.models import GradeOverride
    from tests.factories import CycleFactory

    staff = world.users["staff"]
    # Y-1 and Y-2 finalized: own official 好 both years (Y-1 by override), other 一般 in Y-1
    for year, own_grade, other_grade in ((2025, "average", "average"), (2024, "good", "good")):
        past = CycleFactory(district=world.own, year=year, state="finalized")
        for official, grade in ((world.own_official, own_grade), (world.other_official, other_grade)):
            Result.objects.create(cycle=past, official=official, unit=official.unit, composite=Decimal(90),
                                  rank=1, computed_grade=grade, grade=grade,
                                      computed_at=past.pledge_deadline.isoformat() + "T00:00Z")
    Result.objects.filter(cycle__year=2025, official=world.own_official).update(grade="good")  # the override counted
    cycle = fill_year(world, scored_year, points=Decimal(90))
    compute.cycle_compute(cycle=cycle)
    compute.grade_override(actor=staff, cycle=cycle, official=world.other_official, grade="average", reason="常委会")
    got = {r.official_id: r for r in Result.objects.filter(cycle=cycle)}
    assert "promotion_preference" in got[world.own_official.pk].outcomes
    assert got[world.other_official.pk].outcomes == ["admonishment", "promotion_freeze", "org_adjustment"]
    assert GradeOverride.objects.count() == 1


def test_compute_refuses_planning(api, world):
    response = api.as_(world.users["staff"]).post(f"/api/v1/cycles/{world.own_cycle.pk}/compute/")
    assert response.status_code == 400


def test_task_status_is_scoped(api, world, full_year):
    task_id = start_compute(api, world)
    assert api.as_(world.users["foreign_staff"]).get(f"/api/v1/tasks/{task_id}/").status_code == 404
    assert api.as_(world.users["leader"]).get(f"/api/v1/tasks/{task_id}/").status_code == 200
    assert api.get(f"/api/v1/tasks/{task_id}/").status_code == 401
    assert api.as_(world.users["staff"]).get("/api/v1/tasks/no-such-task/").status_code == 404


def test_leader_and_official_cannot_compute_or_finalize(api, world, full_year):
    for role in ("leader", "official"):
        client = api.as_(world.users[role])
        assert client.post(f"/api/v1/cycles/{world.own_cycle.pk}/compute/").status_code == 403
        assert client.post(f"/api/v1/cycles/{world.own_cycle.pk}/finalize/").status_code == 403


def test_results_query_count_is_bounded(api, world, full_year, django_assert_max_num_queries):
    start_compute(api, world)
    client = api.as_(world.users["staff"])
    with django_assert_max_num_queries(6):
        client.get(f"/api/v1/cycles/{world.own_cycle.pk}/results/")


def test_broker_down_fails_fast_with_a_clear_message(api, world, full_year, monkeypatch):
    from kombu.exceptions import OperationalError

    from cycles.models import TaskRecord
    from evaluations.tasks import cycle_compute_task

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(cycle_compute_task, "apply_async", refuse)
    response = api.as_(world.users["staff"]).post(f"/api/v1/cycles/{world.own_cycle.pk}/compute/")
    assert response.status_code == 503
    assert "任务队列暂时不可用" in response.json()["detail"]
    assert not TaskRecord.objects.exists()
