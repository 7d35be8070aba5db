"""Computing a cycle's results, overriding grades, finalizing, and recording what was done.

`cycle_compute` loads every input of a cycle with a fixed number of set-based queries (no query
per official), scores and grades with the pure functions of scoring.py and rules.py, and writes
all Results in one transaction under a lock on the cycle row — so two runs at once serialize,
and a run that dies leaves the previous Results whole. Running it twice gives the same Results.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Count, DecimalField, F, IntegerField, JSONField, Max, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.audit import audited_delete, audited_save
from core.db import bulk_insert
from core.faults import checkpoint
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity

from . import labels, rules, scoring
from .models import (
    Exemption,
    GradeOverride,
    ListEntry,
    ListItem,
    OutcomeExecution,
    PoliticalReview,
    Result,
    SurveyScore,
    UnitScore,
)
from .selectors import good_quota_use

Progress = Callable[[int], None]


def _population(cycle: Cycle) -> list[tuple[int, str, int, object]]:
    """The officials a cycle reviews, as (id, name, unit id, appointed_on): the district's
    principal officials, and those who filed pledges in this cycle but have since moved away or
    left their post (a cycle's rows stay with its district: they are reviewed there, in the unit
    they last held there)."""
    from org.models import Official, Post

    officials = list(
        Official.objects.filter(unit__district_id=cycle.district_id, is_principal=True)
        .order_by("id").values_list("id", "name", "unit_id", "appointed_on")
    )
    present = {row[0] for row in officials}
    # …and those who filed pledges in this cycle but have since moved away or left their post.
    moved = [row for row in Official.objects.filter(pledges__cycle=cycle).distinct().order_by("id")
             .values_list("id", "name", "unit_id", "appointed_on") if row[0] not in present]
    if moved:
        unit_there = {}
        for official_id, unit_id in Post.objects.filter(
                official_id__in=[row[0] for row in moved], unit__district_id=cycle.district_id
        ).order_by("official_id", "-started_on").values_list("official_id", "unit_id"):
            unit_there.setdefault(official_id, unit_id)
        officials += [(oid, name, unit_there[oid], appointed_on) for oid, name, _unit, appointed_on in moved
                      if oid in unit_there]
        officials.sort()
    return officials


# The first and last quarter (1–4, whole numbers) of a pledge's milestones, as first × 10 + last;
# 0 when it has none: what quarters_to_score reads of them, in the database.
_MILESTONE_SPAN = """
    SELECT coalesce(min(q) * 10 + max(q), 0) FROM (
        SELECT (m ->> 'quarter')::int AS q
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof("pledges_pledge"."milestones") = 'array'
                                       THEN "pledges_pledge"."milestones" ELSE '[]'::jsonb END) m
        WHERE jsonb_typeof(m) = 'object' AND jsonb_typeof(m -> 'quarter') = 'number'
          AND m ->> 'quarter' IN ('1', '2', '3', '4')) quarters"""


class _PerPledge(RawSQL):
    """A value of the pledge row itself: not grouped by (the pledge's id is), so the database
    computes it once per pledge, not once per joined score."""

    def get_group_by_cols(self):
        return []


def load_inputs(cycle: Cycle, *, letter_points: dict | None = None) -> tuple[list[scoring.OfficialInput],
                                                                          dict[int, int]]:
    """Every input of the cycle as plain values, in a fixed number of queries whatever its size.
    Returns the officials' inputs and each official's unit id. A quarterly letter counts as the
    cycle's letter points, or as `letter_points` when given (a what-if of other settings)."""
    from pledges.models import Pledge, PledgeRevision
    from pledges.rules import quarters_to_score

    letter_points = letter_points if letter_points is not None else cycle.settings["letter_points"]
    officials = _population(cycle)
    appointed = {oid: appointed_on for oid, _name, _unit, appointed_on in officials}
    # Each approved pledge with its quarterly points summed and counted in the database (a letter
    # counts as the cycle's letter points): one row per pledge instead of one per score. Points
    # have one decimal place, so the sums are exact on every backend once quantized to it. The
    # quarters scored come as a bit mask (one score per pledge and quarter: a sum of 2^(q-1)).
    one_decimal = DecimalField(max_digits=8, decimal_places=1)
    points = Case(
        *[When(scores__letter=letter, then=Value(Decimal(str(value)), output_field=one_decimal))
          for letter, value in letter_points.items()],
        default=F("scores__score"), output_field=one_decimal,
    )
    mask = Sum(Case(*[When(scores__quarter=q, then=Value(1 << (q - 1))) for q in (1, 2, 3, 4)],
                    default=Value(0), output_field=IntegerField()))
    # The quarters a pledge's milestones span: on PostgreSQL the database reads the milestones and
    # gives the first valid quarter × 10 + the last (0: none), so one span stands for many pledges;
    # elsewhere the milestones themselves. Either way quarters_to_score decides.
    on_postgresql = connection.vendor == "postgresql"
    span = _PerPledge(_MILESTONE_SPAN, (), output_field=IntegerField()) if on_postgresql else F("milestones")
    required_of: dict = {}
    scored_quarters = [frozenset(q for q in (1, 2, 3, 4) if mask & (1 << (q - 1))) for mask in range(16)]
    pledges_of = defaultdict(list)  # official → [PledgeInput]
    for pledge_id, official_id, title, kind, milestones, grade, total, count, scored in (
        Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED).order_by("id")
        .annotate(total=Sum(points), count=Count("scores"), scored=mask, span=span)
        .values_list("id", "official_id", "title", "kind", "span", "grade", "total", "count", "scored")
        .iterator(chunk_size=20000)
    ):
        if official_id not in appointed:
            continue
        key = (milestones, kind, appointed[official_id]) if on_postgresql else None
        required = required_of.get(key)
        if required is None:
            if on_postgresql:
                milestones = [{"quarter": milestones // 10}, {"quarter": milestones % 10}] if milestones else []
            required = tuple(quarters_to_score(milestones, kind=kind, cycle_year=cycle.year,
                                               appointed_on=appointed[official_id]))
            if key is not None:
                required_of[key] = required
        pledges_of[official_id].append(scoring.PledgeInput(
            grade, total or 0, count, pledge_id, title, required, scored_quarters[scored or 0]))
    pending = defaultdict(list)
    for official_id, pledge_id, title in Pledge.objects.filter(
            cycle=cycle, status=Pledge.Status.SUBMITTED).order_by("id").values_list("official_id", "id", "title"):
        pending[official_id].append(scoring.PendingReview(pledge_id, title))
    for official_id, pledge_id, title in PledgeRevision.objects.filter(
            pledge__cycle=cycle, status=PledgeRevision.Status.SUBMITTED).order_by("pledge_id").values_list(
            "pledge__official_id", "pledge_id", "pledge__title"):
        pending[official_id].append(scoring.PendingReview(pledge_id, title, revision=True))
    exempt = dict(Exemption.objects.filter(cycle=cycle).values_list("official_id", "reason"))
    unit_score = dict(UnitScore.objects.filter(cycle=cycle).values_list("unit_id", "score"))
    # One row per official, a column per rater group.
    groups = list(scoring.RATER_GROUPS)
    surveys = {
        row[0]: {g: v for g, v in zip(groups, row[1:], strict=True) if v is not None}
        for row in SurveyScore.objects.filter(cycle=cycle).values("official_id").annotate(
            **{g: Max(Case(When(rater_group=g, then=F("score")))) for g in groups}
        ).values_list("official_id", *groups)
    }
    qualified = dict(PoliticalReview.objects.filter(cycle=cycle).values_list("official_id", "qualified"))
    positive, negative = defaultdict(list), defaultdict(int)
    # A tolerated negative entry (容错纠错, records.ToleranceDecision) stays on record but no longer vetoes.
    for official_id, kind, points in ListEntry.objects.filter(ListEntry.COUNTED, cycle=cycle).values_list(
            "official_id", "item__kind", "item__points"):
        if kind == ListItem.Kind.NEGATIVE:
            negative[official_id] += 1
        else:
            positive[official_id].append(points)
    inputs = [
        scoring.OfficialInput(
            official_id=oid, name=name,
            pledges=tuple(pledges_of[oid]),
            unit_score=unit_score.get(unit_id), surveys=surveys.get(oid, {}),
            political_qualified=qualified.get(oid), positive_points=tuple(positive[oid]),
            negative_entries=negative[oid], pending=tuple(pending[oid]), exempt_reason=exempt.get(oid, ""),
        )
        for oid, name, unit_id, _appointed in officials
    ]
    return inputs, {oid: unit_id for oid, _name, unit_id, _appointed in officials}


def _history(cycle: Cycle, officials=None) -> dict[int, list[str | None]]:
    """The grades that counted for each official in finalized cycles of years Y-1 and Y-2 (any
    district), as [grade in Y-1, grade in Y-2]. An exempt year has no grade (it breaks a run).
    For the officials the cycle may review, or those of `officials` (a query of official ids: a
    what-if passes those of the cycle's current stored Results, the same officials)."""
    from org.models import Official

    if officials is None:
        officials = Official.objects.filter(
            Q(unit__district_id=cycle.district_id, is_principal=True) | Q(pledges__cycle=cycle))
    history = defaultdict(lambda: [None, None])
    rows = Result.objects.filter(
        cycle__state=Cycle.State.FINALIZED, cycle__year__in=(cycle.year - 1, cycle.year - 2),
        official__in=officials,
    ).exclude(grade="").order_by().values_list("official_id", "cycle__year", "grade")  # no join for Meta.ordering
    for official_id, year, grade in rows:
        history[official_id][cycle.year - year - 1] = grade
    return history


def load_grading(cycle: Cycle, *, officials=None) -> tuple[dict[int, str], dict[int, list[str | None]]]:
    """What grading needs besides the scores: the committee's overrides (official → grade) and
    each official's history (_history, of `officials` when given), in two queries."""
    overrides = dict(GradeOverride.objects.filter(cycle=cycle).values_list("official_id", "grade"))
    return overrides, _history(cycle, officials)


def score_all(inputs, settings) -> list[scoring.Scored]:
    """score_official for every input under `settings` (a cycle's settings object), in integers
    (scoring.IntegerScorer): the dimension scores rounded for display, as a compute stores them."""
    return list(map(scoring.IntegerScorer(scoring.prepare(settings)).score, inputs))


@dataclass(slots=True)
class BriefResult:
    """The fields of a Result a what-if compares (results_of(brief=True))."""

    official_id: int
    unit_id: int
    composite: Decimal | None
    veto: bool
    rank: int | None
    computed_grade: str
    grade: str
    outcomes: list[str]
    exempt_reason: str


def results_of(*, cycle_id: int, scored: list[scoring.Scored], unit_of: dict[int, int], settings: dict,
               overrides: dict[int, str], history, now, brief: bool = False) -> list[SimpleNamespace]:
    """The Results of a cycle (namespaces with every field of a Result) from its scored officials:
    ranked and graded under `settings` (rules.grade_all), the counting grade (an override wins) and
    the outcomes (rules.outcomes_all). Reads and writes nothing: compute stores what it returns, a
    what-if compares two of them. `brief`: only the fields a what-if compares (official_id, unit_id,
    composite, veto, rank, computed_grade, grade, outcomes, exempt_reason), made faster."""
    graded = {g.official_id: g for g in rules.grade_all(scored, scoring.prepare(settings))}
    if brief:
        results = [
            BriefResult(s.official_id, unit_of[s.official_id], s.composite, s.veto, graded[s.official_id].rank,
                        graded[s.official_id].grade or "", "", [], s.exempt_reason)
            for s in scored
        ]
        _grades_and_outcomes(results, settings, overrides, history)
        return results
    results = [
        SimpleNamespace(
            cycle_id=cycle_id, official_id=s.official_id, unit_id=unit_of[s.official_id],
            unit_score=s.unit_score, pledge_score=s.pledge_score,
            survey_score=s.survey_score, bonus=s.bonus, veto=s.veto, composite=s.composite,
            rank=graded[s.official_id].rank, computed_grade=graded[s.official_id].grade or "", grade="",
            outcomes=[], missing=s.missing, missing_detail=[item.as_dict() for item in s.missing_detail],
            exempt_reason=s.exempt_reason, computed_at=now,
        )
        for s in scored
    ]
    _grades_and_outcomes(results, settings, overrides, history)
    return results


def _grades_and_outcomes(results, settings: dict, overrides: dict[int, str], history) -> None:
    """Set each result's counting grade (an override wins) and its outcomes."""
    for result in results:
        result.grade = overrides.get(result.official_id, result.computed_grade) if result.computed_grade else ""
    outcomes = rules.outcomes_all(
        grades={r.official_id: r.grade or None for r in results},
        composites={r.official_id: r.composite for r in results},
        vetoed={r.official_id: r.veto for r in results},
        history=history, settings=settings,
        exempt={r.official_id for r in results if r.exempt_reason},
    )
    for result in results:
        result.outcomes = outcomes[result.official_id]


def _apply_grades_and_outcomes(cycle: Cycle, results: list[Result]) -> None:
    """Set each Result's counting grade (an override wins) and its outcomes."""
    overrides, history = load_grading(cycle)
    _grades_and_outcomes(results, cycle.settings, overrides, history)


def _write_results(cycle: Cycle, results: list, now) -> None:
    """Replace the cycle's Results with `results` (namespaces with every field of a Result, all
    computed at `now`).

    On PostgreSQL: COPY into a temporary table, then one INSERT … ON CONFLICT that updates the
    official's Result in place (its id stays) or adds it, and one DELETE of those not computed
    now. An update that keeps the foreign keys queues no foreign key check, where a delete and an
    insert queue four per official, run at commit. Elsewhere: delete, then bulk_create."""
    if connection.vendor != "postgresql":
        Result.objects.filter(cycle=cycle).delete()
        bulk_insert(Result, (vars(r) for r in results))
        return
    fields = [f for f in Result._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    updates = ", ".join(f"{f.column} = EXCLUDED.{f.column}" for f in fields
                        if f.attname not in ("cycle_id", "official_id"))
    texts: dict = {}  # the JSON text of each distinct list, made once

    def as_json(value) -> str:
        key = repr(value)
        text = texts.get(key)
        if text is None:
            text = texts[key] = json.dumps(value, ensure_ascii=False)
        return text

    getters = [(f.attname, isinstance(f, JSONField)) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE compute_result ON COMMIT DROP AS SELECT {columns} "
                       "FROM evaluations_result WITH NO DATA")
        with cursor.cursor.copy(f"COPY compute_result ({columns}) FROM STDIN") as copy:
            for r in results:
                row = vars(r)
                copy.write_row([as_json(row[name]) if is_json else row[name] for name, is_json in getters])
        cursor.execute(f"INSERT INTO evaluations_result ({columns}) SELECT {columns} FROM compute_result "
                       f"ON CONFLICT (cycle_id, official_id) DO UPDATE SET {updates}")
        # Every Result this compute wrote has its time; the others are of officials no longer reviewed.
        cursor.execute("DELETE FROM evaluations_result WHERE cycle_id = %s AND computed_at <> %s", [cycle.pk, now])
        cursor.execute("DROP TABLE compute_result")


@transaction.atomic
def cycle_compute(*, cycle: Cycle, progress: Progress | None = None, activity: Activity = Activity.COMPUTE) -> dict:
    """Compute and store the Results of every principal official of the cycle's district.
    Returns a summary: counts of complete, incomplete, and of each grade."""
    report = progress or (lambda percent: None)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)  # one compute per cycle at a time
    states.require(cycle, activity, _("计算考核结果"))
    report(5)
    # The time the inputs are read as of: every Result carries it, and the cycle (computed_at). A
    # what-if trusts the stored Results while no input has changed since (simulations.selectors).
    now = timezone.now()
    inputs, unit_of = load_inputs(cycle)
    report(40)
    scored = score_all(inputs, cycle.settings)
    del inputs
    report(60)
    overrides, history = load_grading(cycle)
    results = results_of(cycle_id=cycle.pk, scored=scored, unit_of=unit_of, settings=cycle.settings,
                         overrides=overrides, history=history, now=now)
    report(75)
    checkpoint("compute:before-write")
    _write_results(cycle, results, now)
    Cycle.objects.filter(pk=cycle.pk).update(computed_at=now)
    checkpoint("compute:before-commit")  # the new Results are written, not yet committed
    report(100)
    counts = defaultdict(int)
    for r in results:
        counts[r.grade or ("exempt" if r.exempt_reason else "incomplete")] += 1
    return {"officials": len(results), "incomplete": counts.pop("incomplete", 0), "exempt": counts.pop("exempt", 0),
            "grades": dict(counts)}


def _regrade(cycle: Cycle) -> None:
    results = list(Result.objects.filter(cycle=cycle))
    _apply_grades_and_outcomes(cycle, results)
    Result.objects.bulk_update(results, ["grade", "outcomes"], batch_size=5000)


@transaction.atomic
def grade_override(*, actor, cycle: Cycle, official, grade: str, reason: str,
                   confirm_over_quota: bool = False) -> GradeOverride:
    """Set an official's grade as the district committee decided, with the reason; the results'
    outcomes follow at once (exemplary titles are ranked among the 好 that count). An override
    that would put more officials at 好 than the quota Q is refused unless `confirm_over_quota`:
    the committee may exceed the quota, never silently."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    states.require(cycle, Activity.OVERRIDE)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("调整等次必须说明理由。")]})
    if grade not in rules.GRADE_LABELS:
        raise ValidationError({"grade": [_("等次只能是 好、一般 或 较差。")]})
    result = Result.objects.filter(cycle=cycle, official=official).first()
    if result is not None and result.exempt_reason:
        raise ValidationError({"official": [
            _("%(name)s本年度为不确定等次，不评定等次；如需评定，请先撤销不确定等次并重新计算。")
            % {"name": official.name}]})
    if result is None or not result.computed_grade:
        raise ValidationError({"official": [_("该干部还没有计算出等次（数据不全或尚未计算）。")]})
    used, places, _n = good_quota_use(cycle)
    if not confirm_over_quota and rules.over_quota(good_now=used, quota_places=places,
                                                   becomes_good=grade == rules.GOOD and result.grade != rules.GOOD):
        raise ValidationError({"confirm_over_quota": [
            _("“好”等次名额为 %(q)s 人，现已评定 %(used)s 人；将%(name)s调整为“好”后为 %(after)s 人，超出名额。"
              "如区委决定超出名额，请确认后再提交。") % {"q": places, "used": used, "name": official.name,
                                                "after": used + 1}
        ]}, code="over_quota")
    override = GradeOverride.objects.filter(cycle=cycle, official=official).first() or GradeOverride(
        cycle=cycle, official=official)
    override.grade, override.reason, override.decided_by = grade, reason.strip(), actor
    audited_save(override, actor=actor, reason=reason.strip())
    _regrade(cycle)
    return override


@transaction.atomic
def grade_override_clear(*, actor, cycle: Cycle, official, reason: str) -> None:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    states.require(cycle, Activity.OVERRIDE, _("撤销等次调整"))
    override = GradeOverride.objects.filter(cycle=cycle, official=official).first()
    if override is None:
        raise ValidationError({"official": [_("该干部没有等次调整。")]})
    audited_delete(override, actor=actor, reason=(reason or "").strip() or gettext_noop("撤销等次调整"))
    _regrade(cycle)


@transaction.atomic
def cycle_finalize(*, actor, cycle: Cycle) -> Cycle:
    """evaluating → finalized: compute from the current inputs, refuse with the full list while
    anyone is incomplete, then freeze the results and open the record of consequences."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    states.require(cycle, Activity.FINALIZE)
    cycle_compute(cycle=cycle, activity=Activity.FINALIZE)
    cycle.refresh_from_db(fields=["computed_at"])  # set by the compute; the save below keeps it
    incomplete = list(
        Result.objects.filter(cycle=cycle).exclude(missing=[]).select_related("official", "unit")
        .order_by("unit__sort_order", "official__name")
    )
    if incomplete:
        raise ValidationError({"incomplete": [
            _("%(name)s（%(unit)s）：%(missing)s") % {
                "name": r.official.name, "unit": r.unit.name,
                "missing": _("；").join(labels.missing_message(item) for item in r.missing_detail)}
            for r in incomplete
        ]})
    cycle.state = Cycle.State.FINALIZED
    cycle.finalized_at = timezone.now()
    audited_save(cycle, actor=actor, reason=gettext_noop("定档"))
    OutcomeExecution.objects.bulk_create([
        OutcomeExecution(result=result, code=code)
        for result in Result.objects.filter(cycle=cycle) for code in result.outcomes
    ], batch_size=5000)
    return cycle


@transaction.atomic
def outcome_execution_record(*, actor, execution: OutcomeExecution, carried_out: bool, carried_out_on=None,
                             note: str = "") -> OutcomeExecution:
    """Record whether and when a consequence was carried out (finalized cycles only)."""
    execution = OutcomeExecution.objects.select_related("result__cycle").get(pk=execution.pk)
    states.require(execution.result.cycle, Activity.OUTCOMES)
    if carried_out and carried_out_on is None:
        raise ValidationError({"carried_out_on": [_("请填写落实日期。")]})
    execution.carried_out = carried_out
    execution.carried_out_on = carried_out_on if carried_out else None
    execution.note, execution.recorded_by = note, actor
    audited_save(execution, actor=actor, reason=gettext_noop("记录落实情况"))
    return execution


@transaction.atomic
def result_grade_correct(*, actor, cycle: Cycle, official, grade: str, reason: str,
                         confirm_over_quota: bool = False) -> Result:
    """Correct a finalized year grade (an appeal decided `changed`, SPEC section 11), with the
    reason. The correction is recorded as the committee's grade (a GradeOverride, audited: the
    grade that counts for history and outcomes, SPEC section 4); the outcomes of the whole cycle
    are then recomputed with rules.py (exemplary titles rank among the 好 that count) and the
    record of consequences follows: a new outcome gets its OutcomeExecution, and one that no
    longer applies is removed unless it was already carried out (then it stays, as a fact).
    The quota rule is the override's: exceeding it needs `confirm_over_quota`."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.state != Cycle.State.FINALIZED:
        raise ValidationError({"cycle": [_("只有已定档年度的等次才能更正；定档前请使用“调整等次”。")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("更正等次必须说明理由。")]})
    if grade not in rules.GRADE_LABELS:
        raise ValidationError({"grade": [_("等次只能是 好、一般 或 较差。")]})
    result = Result.objects.filter(cycle=cycle, official=official).first()
    if result is None or not result.grade:
        raise ValidationError({"official": [_("该干部本年度没有评定等次，无从更正。")]})
    used, places, _n = good_quota_use(cycle)
    if not confirm_over_quota and rules.over_quota(good_now=used, quota_places=places,
                                                   becomes_good=grade == rules.GOOD and result.grade != rules.GOOD):
        raise ValidationError({"confirm_over_quota": [
            _("“好”等次名额为 %(q)s 人，现已评定 %(used)s 人；将%(name)s更正为“好”后为 %(after)s 人，超出名额。"
              "如确需超出名额，请确认后再提交。")
            % {"q": places, "used": used, "name": official.name, "after": used + 1}
        ]}, code="over_quota")
    override = GradeOverride.objects.filter(cycle=cycle, official=official).first() or GradeOverride(
        cycle=cycle, official=official)
    override.grade, override.reason, override.decided_by = grade, reason.strip(), actor
    audited_save(override, actor=actor, reason=reason.strip()[:100])
    _regrade(cycle)
    due = {(r.pk, code) for r in Result.objects.filter(cycle=cycle).only("pk", "outcomes") for code in r.outcomes}
    kept = set()
    for execution in OutcomeExecution.objects.filter(result__cycle=cycle).select_for_update():
        key = (execution.result_id, execution.code)
        if key in due or execution.carried_out:
            kept.add(key)
        else:
            audited_delete(execution, actor=actor, reason=reason.strip()[:100])
    OutcomeExecution.objects.bulk_create(
        [OutcomeExecution(result_id=result_id, code=code) for result_id, code in sorted(due - kept)])
    return Result.objects.get(pk=result.pk)
