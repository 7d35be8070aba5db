"""The whole demo (`manage.py demo_data`): the pledges (demo.pledges) with the numbers its
docstring documents, following the pledge rules and workflow; the scores and results
(demo.evaluations) with a realistic spread; the published boards (demo.boards); a second run
creates nothing and a fresh run files the same pledges.

The demo is built once for the module inside a transaction that is rolled back at the end; every
test runs in a savepoint on top of it."""
import datetime
import io
import json
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from cycles.models import Cycle
from demo import pledges as demo
from org.models import Official, Unit
from pledges import rules
from pledges.evidence import check_upload
from pledges.models import Evidence, Pledge, PledgeRevision, ProgressUpdate
from pledges.selectors import deadline_status

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)
PROJECT_ROOT = Path(__file__).resolve().parents[1]

# year → (pledges, {kind: n}, {status: n}, {grade: n} of the approved, {revision status: n}, progress)
EXPECTED = {
    2024: (294, {"annual": 255, "inauguration": 39}, {"approved": 294}, {"A": 71, "B": 167, "C": 56},
           {"approved": 3, "returned": 1}, 1095),
    2025: (294, {"annual": 267, "inauguration": 27}, {"approved": 294}, {"A": 72, "B": 158, "C": 64},
           {"approved": 3, "returned": 1}, 1101),
    2026: (291, {"annual": 279, "inauguration": 12},
           {"approved": 248, "submitted": 30, "returned": 4, "draft": 9}, {"A": 61, "B": 143, "C": 44},
           {"approved": 1, "submitted": 1}, 729),
}

SEED_QUOTES = (
    "新培育重点产业特色楼宇不少于2座",
    "举办各类招才引智活动30场，全年引进海外留学人才190人，全区实现引进青年人才2万人以上",
    "推出10处“庭院演艺”项目，开展“乐艺市北”文旅嘉年华活动1000场次，全年招引文旅项目不少于6个",
    "“春日寻游·大鲍岛”城市艺术节",
)


def run_command() -> str:
    out = io.StringIO()
    call_command("demo_data", "--force", "--quiet", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The full demo (org data and pledges) with today pinned to TODAY, built once, rolled back
    after the module. Evidence files go to a folder of the module's own."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = run_command()
            evidence = [(e.file.name, e.size, e.content_type, e.original_name) for e in Evidence.objects.all()]
            yield {"output": output, "media": media, "evidence": evidence}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def today(monkeypatch, built):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def snapshot():
    """Everything a user sees of the demo pledges, as plain values that compare across runs."""
    return sorted(
        (
            p.official.unit.name, p.official.name, p.cycle.year, p.kind, p.category, p.title, p.content,
            p.target, str(p.target_value), p.target_unit, json.dumps(p.milestones, ensure_ascii=False),
            p.status, p.grade, p.grade_override_reason, p.return_reason, p.ratings["difficulty"],
            p.ratings["innovation"], p.ratings["contribution"], p.revision, str(p.due_on),
            str(p.approved_at), str(p.submitted_at),
            tuple((r.number, r.status, r.target, r.reason, r.decision_reason) for r in p.revisions.all()),
            tuple(sorted((str(u.created_at), u.percent, u.text, u.evidence.count()) for u in p.progress.all())),
        )
        for p in Pledge.objects.select_related("official__unit", "cycle").prefetch_related(
            "revisions", "progress__evidence")
    )


def test_summary_and_cycle_states(built):
    assert "履职践诺目标 pledges: 2024 294, 2025 294, 2026 291" in built["output"]
    assert "履职践诺目标 pledges 879, 目标调整 revisions 10, 进展 progress 2925, 佐证材料 evidence 9" in built["output"]
    # The pledges were filed while the new cycles were in planning; then the cycles advanced,
    # and the past two were scored and finalized.
    assert dict(Cycle.objects.values_list("year", "state")) == {
        2024: "finalized", 2025: "finalized", 2026: "in_progress"}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_counts_per_cycle_as_documented(built, year):
    total, kinds, statuses, grades, revisions, progress = EXPECTED[year]
    pledges = Pledge.objects.filter(cycle__year=year)

    assert pledges.count() == total
    assert Counter(pledges.values_list("kind", flat=True)) == kinds
    assert Counter(pledges.values_list("status", flat=True)) == statuses
    assert Counter(pledges.filter(status="approved").values_list("grade", flat=True)) == grades
    assert Counter(PledgeRevision.objects.filter(pledge__cycle__year=year).values_list("status",
                                                                                       flat=True)) == revisions
    assert ProgressUpdate.objects.filter(pledge__cycle__year=year).count() == progress
    # About 25 % A, 55 % B, 20 % C.
    approved = sum(grades.values())
    assert 0.2 <= grades["A"] / approved <= 0.3
    assert 0.5 <= grades["B"] / approved <= 0.6
    assert 0.15 <= grades["C"] / approved <= 0.25


@pytest.mark.parametrize("year", [2024, 2025])
def test_past_cycles_every_official_has_three_approved_pledges_covering_the_categories(built, year):
    cycle = Cycle.objects.get(year=year)
    officials = Official.objects.filter(is_principal=True)
    assert officials.count() == 98
    for official in officials:
        pledges = list(Pledge.objects.filter(official=official, cycle=cycle))
        assert len(pledges) == 3, official.name
        assert sorted(p.category for p in pledges) == sorted(rules.CATEGORIES)
        assert {p.status for p in pledges} == {"approved"}
        expected = rules.expected_kind(cycle_year=year, pledge_deadline=cycle.pledge_deadline,
                                       appointed_on=official.appointed_on)
        assert {p.kind for p in pledges} == {expected}
    # The staff dashboard agrees: nobody is missing or overdue in a past cycle.
    staff = User.objects.get(username="staff")
    assert Counter(row.state for row in deadline_status(staff, cycle, today=TODAY)) == {"complete": 98}


def test_grades_follow_the_ratings_unless_overridden_with_a_reason(built):
    overridden = Counter()
    for pledge in Pledge.objects.select_related("cycle"):
        if pledge.status != "approved":
            assert pledge.grade == "" and pledge.difficulty is None
            continue
        derived = rules.pledge_grade(pledge.difficulty, pledge.innovation, pledge.contribution,
                                     pledge.cycle.settings["pledge_grade_thresholds"])
        if pledge.grade_override_reason:
            assert pledge.grade != derived
            overridden[pledge.cycle.year] += 1
        else:
            assert pledge.grade == derived
        assert pledge.approved_by.username == "staff"
    assert overridden == {2024: 2, 2025: 2, 2026: 1}


def test_milestones_are_valid_and_one_per_spanned_quarter(built):
    for pledge in Pledge.objects.select_related("official", "cycle"):
        quarters = rules.spanned_quarters(kind=pledge.kind, cycle_year=pledge.cycle.year,
                                          appointed_on=pledge.official.appointed_on)
        assert rules.milestone_errors(pledge.milestones, quarters=quarters, year=pledge.cycle.year) == []
        assert [m["quarter"] for m in pledge.milestones] == quarters
        for milestone in pledge.milestones:
            month = datetime.date.fromisoformat(milestone["due_on"]).month
            assert milestone["description"].startswith(f"{month}月底前")
        assert pledge.due_on == rules.due_date(kind=pledge.kind, pledge_deadline=pledge.cycle.pledge_deadline,
                                               appointed_on=pledge.official.appointed_on)
    for revision in PledgeRevision.objects.select_related("pledge__official", "pledge__cycle"):
        pledge = revision.pledge
        quarters = rules.spanned_quarters(kind=pledge.kind, cycle_year=pledge.cycle.year,
                                          appointed_on=pledge.official.appointed_on)
        assert rules.milestone_errors(revision.milestones, quarters=quarters, year=pledge.cycle.year) == []


def test_current_cycle_has_every_state_of_the_workflow(built):
    current = Pledge.objects.filter(cycle__year=2026)
    returned = current.filter(status="returned")
    assert returned.count() == 4
    assert all(p.return_reason and p.return_reason in demo.RETURN_REASONS for p in returned)
    drafts = current.filter(status="draft")
    assert drafts.count() == 9 and drafts.values("official").distinct().count() == 3
    assert all(p.due_on < TODAY and p.submitted_at is None for p in drafts)  # overdue
    assert current.filter(status="submitted").count() == 30
    # One pledge was returned, edited and submitted again: its history shows all three steps.
    resubmitted = [p for p in current.filter(status="submitted") if p.content.endswith(demo.RESUBMIT_NOTE)]
    assert len(resubmitted) == 1
    statuses = [h.status for h in resubmitted[0].history.order_by("history_date", "history_id")]
    assert statuses == ["draft", "submitted", "returned", "returned", "submitted"]
    pending = PledgeRevision.objects.get(pledge__cycle__year=2026, status="submitted")
    assert pending.pledge.status == "approved" and pending.target != pending.pledge.target
    assert pending.reason == demo.REVISE_PENDING

    staff = User.objects.get(username="staff")
    rows = deadline_status(staff, Cycle.objects.get(year=2026), today=TODAY)
    assert Counter(row.state for row in rows) == {"complete": 90, "overdue": 8}


def test_new_appointees_file_inauguration_pledges_and_the_latest_none(built):
    cycle = Cycle.objects.get(year=2026)
    newcomers = sorted(
        (o for o in Official.objects.all() if o.appointed_on.year == 2026 and o.appointed_on > cycle.pledge_deadline),
        key=lambda o: o.appointed_on,
    )
    assert len(newcomers) == 5
    *filed, latest = newcomers
    assert not Pledge.objects.filter(official=latest, cycle=cycle).exists()
    for official in filed:
        pledges = list(Pledge.objects.filter(official=official, cycle=cycle))
        assert sorted(p.category for p in pledges) == sorted(rules.CATEGORIES)
        assert {p.kind for p in pledges} == {"inauguration"}
        assert {p.due_on for p in pledges} == {rules.add_one_month(official.appointed_on)}
        first_quarter = rules.quarter_of(official.appointed_on)
        for pledge in pledges:
            assert pledge.milestones[0]["quarter"] == first_quarter
            assert datetime.date.fromisoformat(pledge.milestones[0]["due_on"]) >= official.appointed_on.replace(day=1)
    assert [Counter(Pledge.objects.filter(official=o, cycle=cycle).values_list("status", flat=True))
            for o in filed] == [{"approved": 3}, {"approved": 3}, {"approved": 3}, {"submitted": 3}]


def test_the_login_holder_has_progress_with_evidence_a_pending_revision_and_a_returned_pledge(built):
    user = User.objects.get(username="official")
    pledges = {p.category: p for p in Pledge.objects.filter(official=user.official, cycle__year=2026)}

    key_work = pledges["key_work"]
    assert key_work.title == "争创国家级人力资源服务产业园"
    assert (key_work.status, key_work.grade, key_work.target_value, key_work.target_unit) == (
        "approved", "A", Decimal("30"), "场")
    updates = list(key_work.progress.order_by("created_at"))
    assert [u.percent for u in updates] == sorted(u.percent for u in updates) and len(updates) == 3
    assert all(u.author == user and u.evidence.count() == 1 for u in updates)
    assert pledges["innovation"].revisions.get().status == "submitted"
    assert pledges["innovation"].revisions.get().proposed_by == user
    assert pledges["party_building"].status == "returned"
    # The official's own account is the actor of the audit records of the filing.
    assert key_work.history.earliest("history_date").history_user == user


def test_past_revisions_put_the_new_text_in_force_or_leave_it(built):
    for revision in PledgeRevision.objects.filter(pledge__cycle__year__in=[2024, 2025]).select_related("pledge"):
        pledge = revision.pledge
        assert revision.decided_by.username == "staff" and revision.decision_reason
        assert revision.target_value != pledge.target_value or revision.status == "approved"
        if revision.status == "approved":
            assert (pledge.revision, pledge.target, pledge.target_value) == (
                revision.number, revision.target, revision.target_value)
        else:
            assert pledge.revision == 1 and pledge.target != revision.target
        assert revision.proposed_at.year == pledge.cycle.year
        assert revision.decided_at > revision.proposed_at


def test_progress_rises_quarter_by_quarter_within_the_year(built):
    updates = {}
    for update in ProgressUpdate.objects.select_related("pledge__cycle").order_by("created_at", "id"):
        updates.setdefault(update.pledge, []).append(update)
    for pledge, rows in updates.items():
        assert pledge.status == "approved"
        percents = [u.percent for u in rows]
        assert percents == sorted(percents) and percents[-1] <= 100
        for update in rows:
            assert update.created_at.year == pledge.cycle.year
            assert update.created_at > pledge.approved_at
            assert timezone.localtime(update.created_at).date() <= TODAY
        if pledge.cycle.year < 2026:
            assert percents[-1] >= 85
        else:
            assert all(timezone.localtime(u.created_at).date() < datetime.date(2026, 10, 1) for u in rows)
    # Every approved annual pledge of a past cycle reports each quarter; in 2026 the first three.
    for pledge in Pledge.objects.filter(status="approved", kind="annual").select_related("cycle"):
        assert len(updates.get(pledge, [])) == (4 if pledge.cycle.year < 2026 else 3), pledge.title
    final = [rows[-1].percent for p, rows in updates.items() if p.cycle.year < 2026 and len(rows) == 4]
    assert 0.8 <= final.count(100) / len(final) < 1


def test_evidence_files_are_few_tiny_and_accepted_by_the_upload_check(built, settings):
    evidence = built["evidence"]
    assert len(evidence) == 9
    assert sum(size for _, size, _, _ in evidence) < 10_000
    assert Counter(content_type for _, _, content_type, _ in evidence) == {"image/png": 6, "application/pdf": 3}
    for name, size, content_type, original in evidence:
        path = Path(built["media"]) / name
        assert path.is_file() and path.stat().st_size == size
        upload = SimpleUploadedFile(original, path.read_bytes())
        assert check_upload(upload, max_bytes=settings.EVIDENCE_MAX_BYTES) == content_type


def test_texts_fit_the_unit_and_the_two_principals_of_a_unit_differ(built):
    pledges = list(Pledge.objects.select_related("official__unit", "cycle"))
    by_unit = {}
    for pledge in pledges:
        by_unit.setdefault((pledge.official.unit_id, pledge.cycle_id), []).append(pledge.title)
        if pledge.target_value is not None:
            assert demo._number(pledge.target_value) in pledge.target
            assert pledge.target_unit
        else:
            assert pledge.target_unit == ""
    for titles in by_unit.values():
        assert len(titles) == len(set(titles))
    titles = {p.title for p in pledges}
    assert len(titles) >= 150  # varied, not one template for all
    text = "\n".join(f"{p.title} {p.content} {p.target}" for p in pledges if p.cycle.year == 2026)
    for quote in SEED_QUOTES:
        assert quote in text
    # A street pledges street work, a bureau its own portfolio.
    street = {p.title for p in pledges if p.official.unit.kind == Unit.Kind.STREET}
    assert "推进老旧小区改造" in street and "加快安置房建设和回迁" not in street
    housing = {p.title for p in pledges if p.official.unit.name == "区住房和城乡建设局"}
    assert housing & {"加快安置房建设和回迁", "推进老旧小区改造", "推进城市更新重点项目", "推进既有住宅加装电梯"}
    edu = {p.title for p in pledges if p.official.unit.name == "区教育和体育局"}
    assert "加快中小学和幼儿园建设" in edu


def test_second_run_creates_nothing(built, today):
    models = (Pledge, PledgeRevision, ProgressUpdate)
    before = {m.__name__: (m.objects.count(), m.history.count()) for m in models}
    evidence = Evidence.objects.count()
    state = snapshot()

    output = run_command()

    assert "履职践诺目标 pledges 0, 目标调整 revisions 0, 进展 progress 0, 佐证材料 evidence 0" in output
    assert {m.__name__: (m.objects.count(), m.history.count()) for m in models} == before
    assert Evidence.objects.count() == evidence
    assert snapshot() == state


def test_a_fresh_run_files_the_same_pledges(built, today):
    """With the current cycle and its pledges gone (officials and accounts kept; the cycle comes
    back with a new id), a run files exactly what the first one did: nothing depends on database
    ids or row order. (The current cycle has every state; the whole plan of all three years is
    compared across processes in test_plan_does_not_depend_on_the_process.)"""
    from boards.models import Board
    from cycles.models import TaskRecord
    from evaluations.models import Result

    first = snapshot()
    Board.objects.filter(cycle__year=2026).update(live_version=None)
    Board.objects.filter(cycle__year=2026).delete()
    Result.objects.filter(cycle__year=2026).delete()
    TaskRecord.objects.filter(cycle__year=2026).delete()
    Pledge.objects.filter(cycle__year=2026).delete()
    Cycle.objects.filter(year=2026).delete()

    output = run_command()

    assert ("考核年度 cycles 1, 履职践诺目标 pledges 291, 目标调整 revisions 2, 进展 progress 729, "
            "佐证材料 evidence 3") in output
    assert Cycle.objects.get(year=2026).state == "in_progress"
    assert snapshot() == first


def test_cycles_already_past_filing_are_left_alone(built):
    district = Cycle.objects.get(year=2024).district
    Pledge.objects.filter(cycle__year__in=[2024, 2025]).delete()

    counts = demo.build_demo_pledges(district, today=TODAY)

    assert counts == {"pledges": 0, "revisions": 0, "progress": 0, "evidence": 0}
    assert not Pledge.objects.filter(cycle__year__in=[2024, 2025]).exists()


def test_catalog_items_render_within_the_field_limits():
    official = Official(name="王建国", position="党组书记",
                        unit=Unit(name="区人力资源和社会保障局", kind=Unit.Kind.DEPARTMENT),
                        appointed_on=datetime.date(2020, 1, 1))
    items = [*demo.PARTY, *demo.STREET_PARTY, *demo.STREET_EXTRAS.values(), *demo.FEATURED.values()]
    items += [item for topic in demo.TOPICS.values() for pool in topic.values() for item in pool]
    assert set(demo.UNIT_TOPICS.values()) | {"street", "generic", "veteran_cadres", "cyberspace"} == set(demo.TOPICS)
    for item in items:
        fields = demo._render(item, rng=demo._rng("test", item.title), official=official, year=2026,
                              quarters=[1, 2, 3, 4], category="key_work")
        assert len(fields["title"]) <= 100 and len(fields["target"]) <= 300 and len(fields["content"]) <= 2000
        assert rules.milestone_errors(fields["milestones"], quarters=[1, 2, 3, 4], year=2026) == []
        assert "{" not in fields["title"] + fields["content"] + fields["target"]
        assert (fields["target_value"] is None) == (not item.nums) and (not item.nums) == (not item.unit)
        assert len(item.unit) <= 20
        for step in item.steps:
            assert not step.startswith(("已", "月")), step


def test_plan_does_not_depend_on_the_process():
    """Titles, states and ratings come from string-seeded generators, never from hash order."""
    code = (
        "import django, json; django.setup();"
        "from tests.test_demo import plan_outline;"
        "print(json.dumps(plan_outline(), ensure_ascii=False))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242", "DJANGO_SETTINGS_MODULE": "cadreboard.settings.test",
           "LOG_LEVEL": "WARNING"}
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True,
                            text=True, timeout=120, check=True)
    assert json.loads(result.stdout) == json.loads(json.dumps(plan_outline(), ensure_ascii=False))


def plan_outline() -> list:
    """The demo plan for unsaved officials of org's demo plan, without a database."""
    from demo.management.commands.demo_data import build_plan

    units, officials = {}, []
    for index, person in enumerate(build_plan(), start=1):
        kind = Unit.Kind.STREET if person.unit.endswith("街道") else "department"
        unit = units.setdefault(person.unit, Unit(name=person.unit, sort_order=len(units) * 10, kind=kind))
        officials.append(Official(pk=index, unit=unit, name=person.name, position=person.position,
                                  appointed_on=person.appointed_on))
    outline = []
    for year in (2024, 2025, 2026):
        cycle = Cycle(year=year, pledge_deadline=Cycle.default_pledge_deadline(year))
        ctx = demo.Context(cycle=cycle, today=TODAY, holder_id=officials[10].pk)
        for spec in demo._plan_cycle(sorted(officials, key=demo._sort_key), ctx):
            outline += [[spec.official.name, year, p.fields["title"], p.fields["target"], p.fate, list(p.ratings),
                         p.override is not None,
                         [u.percent for u in p.progress]] for p in spec.pledges]
    return outline


# --- scores, results and boards (demo.evaluations, demo.boards) -------------------------------


@pytest.mark.parametrize("year", [2024, 2025])
def test_past_cycles_finalize_to_a_realistic_spread(built, year):
    from evaluations.models import Result

    results = list(Result.objects.filter(cycle__year=year))
    grades = Counter(r.grade for r in results)
    assert len(results) == 98 and not any(r.missing for r in results)
    assert grades["good"] == 30  # the quota: ceil(30 % × 98)
    assert 1 <= grades["poor"] <= 5 and grades["average"] > 50
    assert sum("exemplary_title" in r.outcomes for r in results) == 10
    assert sum(r.veto for r in results) >= 1
    assert all("award_ineligible" in r.outcomes for r in results if r.veto)


def test_second_consecutive_average_year_is_in_the_demo(built):
    from evaluations.models import Result

    assert any("org_adjustment" in r for r in Result.objects.filter(cycle__year=2025).values_list("outcomes",
                                                                                                  flat=True))


def test_the_older_years_consequences_are_recorded_as_carried_out(built):
    from evaluations.models import OutcomeExecution

    older = OutcomeExecution.objects.filter(result__cycle__year=2024)
    assert older.exists() and not older.filter(carried_out=False).exists()
    assert OutcomeExecution.objects.filter(result__cycle__year=2025, carried_out=False).exists()


def test_current_cycle_is_mid_year_with_released_quarters(built):
    from evaluations.models import QuarterlyScore, QuarterRelease

    assert sorted(QuarterRelease.objects.filter(cycle__year=2026).values_list("quarter", flat=True)) == [1, 2, 3]
    assert not QuarterlyScore.objects.filter(pledge__cycle__year=2026, quarter=4).exists()
    assert QuarterlyScore.objects.filter(pledge__cycle__year=2026, letter__in=["A", "B", "C"]).exists()


def test_every_demo_cycle_has_a_live_public_board(built):
    from boards.models import Board

    boards = {b.cycle.year: b for b in Board.objects.select_related("cycle", "live_version")}
    assert sorted(boards) == [2024, 2025, 2026]
    assert all(b.live_version.number == 1 for b in boards.values())
    assert boards[2025].live_version.snapshot["honour_roll"]["exemplary"]
    assert boards[2026].live_version.snapshot["honour_roll"] is None


def test_the_demo_has_supervision_entries_of_several_kinds_and_one_tolerance_decision(built):
    from records.models import SupervisionEntry, ToleranceDecision

    kinds = set(SupervisionEntry.objects.values_list("kind", flat=True))
    assert len(kinds) >= 6 and SupervisionEntry.objects.filter(severity="warning").exists()
    assert SupervisionEntry.objects.filter(proposed_item__isnull=False, list_entry__isnull=True).count() == 1
    decision = ToleranceDecision.objects.get()
    assert decision.clears_name and decision.note and decision.in_force


@pytest.mark.parametrize("year", [2024, 2025])
def test_past_years_surveys_were_held_from_ballots_and_confirmed(built, year):
    """demo.surveys: each finalized year's 多维测评 and 政治素质测评 went through ballots, with an
    invalid ballot and a group under turnout, and the year's scores and reviews are theirs."""
    from evaluations.models import PoliticalReview, SurveyScore
    from surveys.models import Ballot, Survey

    surveys = {s.kind: s for s in Survey.objects.filter(cycle__year=year)}
    assert set(surveys) == {"multi_rater", "political"}
    assert {s.state for s in surveys.values()} == {"confirmed"}
    multi, political = surveys["multi_rater"], surveys["political"]
    assert Ballot.objects.filter(survey=multi, valid=False).exists()
    assert multi.results.filter(why_not="turnout").exists()
    counted = {(r.official_id, r.rater_group): r.score for r in multi.results.filter(counted=True)}
    scores = {(s.official_id, s.rater_group): s.score for s in SurveyScore.objects.filter(cycle=multi.cycle)}
    assert scores == counted
    reviews = {r.official_id: r.qualified for r in PoliticalReview.objects.filter(cycle=political.cycle)}
    assert len(reviews) == 98
    assert reviews == {p.official_id: p.proposed_qualified for p in political.proposals.all()}
    assert (False in reviews.values()) == (year == 2024)  # 2024 has a political veto (demo/data/scores.toml)
