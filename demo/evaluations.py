"""The demo's scores (run by `manage.py demo_data` after the pledges): four quarters of
quarterly scores, unit scores, surveys, political reviews and list entries for the two past
cycles, which are then finalized — a realistic spread with 好 officials and "担当作为好干部"
titles, 一般, a few 较差, vetoes, and officials 一般 two years running (组织调整) — and three
released quarters of scores for the current cycle, which stays mid-year, with one official
exempt (不确定等次, under investigation). Every value goes through the services (audited, with
the demo staff account as actor), except that the quarterly scores of a cycle are checked by the
service's rules and written as one batch (`_score_quarters`).

Deterministic: each official has a fixed "form" drawn from random.Random(SEED + official's
position in the roster order), which carries over from year to year, so the same officials tend
to do well again. Who does badly, is vetoed or is on the positive list, the rating methods and the
notes are in demo/data/scores.toml. Idempotent: a cycle that already has quarterly scores is left
alone."""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from demo.files import check_choice, read
from demo.org import SEED, STAFF_USERNAME
from evaluations import compute, services
from evaluations.models import (
    Exemption,
    ListItem,
    Method,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    RaterGroup,
    SurveyScore,
)
from org.models import Official, Unit
from pledges.models import Pledge
from pledges.rules import spanned_quarters

_DATA = read("scores")
# The rating method of a quarterly score cycles through METHODS; each method has its note.
METHODS = [check_choice(method, Method.values, "rating method") for method in _DATA["methods"]]
NOTES = _DATA["notes"]
POLITICAL_FAIL_NOTE = _DATA["political_fail_note"]
LIST_ENTRY_NOTE = _DATA["list_entry_note"]
EXECUTION_NOTE = _DATA["execution_note"]
SCORE_REASON = "录入季度评分"  # the change reason quarterly_score_record writes for a new score
# Per years back: officials by roster position whose year goes badly (较差), who are vetoed
# (a negative-list item, or the political review failed), and who are on the positive list.
_YEARS = {int(years_back): year for years_back, year in _DATA["years_back"].items()}
POOR = {years_back: tuple(year["poor"]) for years_back, year in _YEARS.items() if year["poor"]}
VETO_NEGATIVE = {years_back: tuple(tuple(entry) for entry in year["negative_veto"])
                 for years_back, year in _YEARS.items() if year["negative_veto"]}
VETO_POLITICAL = {years_back: tuple(year["political_veto"])
                  for years_back, year in _YEARS.items() if year["political_veto"]}
POSITIVE = {years_back: tuple(tuple(entry) for entry in year["positive"])
            for years_back, year in _YEARS.items() if year["positive"]}
# In the current year: who is exempt (不确定等次), with the reason code and the note.
EXEMPT = tuple((index, check_choice(reason, Exemption.Reason.values, "exemption reason"), note)
               for index, reason, note in _DATA["current"]["exempt"])


def _staff(district) -> User | None:
    return (User.objects.filter(username=STAFF_USERNAME, role=Role.STAFF, is_active=True).first()
            or User.objects.filter(role=Role.STAFF, districts=district, is_active=True).order_by("username").first())


def _form(index: int) -> float:
    """An official's lasting form, 70–92, fixed by roster position."""
    return random.Random(SEED + index).uniform(70, 92)


def _points(rng: random.Random, level: float) -> Decimal:
    return Decimal(str(round(min(100.0, max(40.0, rng.gauss(level, 4))), 1)))


def _score_quarters(cycle: Cycle, officials: list[Official], levels: dict[int, float], quarters: list[int],
                    staff, rng: random.Random) -> int:
    """The work group's scores of `quarters` for every approved pledge, as one batch.

    One of the demo's two bulk paths (the other: demo.pledges._ProgressBatch): what
    `services.quarterly_score_record` would write for each (pledge, quarter) — the same rows,
    history rows with the same actor and reason — after the same checks (the cycle's state allows
    scoring; `services.score_entry_problems`, which the API, the grid and the Excel import share),
    written a few hundred rows per insert as the Excel import of a score sheet does
    (excel.imports). One call per score was 3,000 calls and a third of the build."""
    states.require(cycle, Activity.SCORING, "录入季度评分")
    released = services.released_quarters(cycle)
    rows = []
    pledges = Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED).select_related("official")
    for pledge in pledges.order_by("official_id", "id"):
        span = spanned_quarters(kind=pledge.kind, cycle_year=cycle.year, appointed_on=pledge.official.appointed_on)
        for quarter in quarters:
            if quarter not in span:
                continue
            method = METHODS[(pledge.pk + quarter) % len(METHODS)]
            level = levels[pledge.official_id] + {"A": 2, "B": 0, "C": -3}[pledge.grade]
            if rng.random() < 0.12:  # some work groups rate by letter (季度评级)
                score, letter = None, "A" if level >= 88 else "B" if level >= 72 else "C"
            else:
                score, letter = _points(rng, level), ""
            problems = services.score_entry_problems(approved=True, quarter=quarter, score=score, letter=letter,
                                                     spanned=span, released=quarter in released, reason="")
            if problems:
                raise ValidationError(problems)
            rows.append(QuarterlyScore(pledge=pledge, quarter=quarter, score=score, letter=letter, method=method,
                                       note=NOTES[method], entered_by=staff))
    bulk_create_with_history(rows, QuarterlyScore, batch_size=500, default_user=staff,
                             default_change_reason=SCORE_REASON)
    return len(rows)


def _year_end(cycle: Cycle, officials: list[Official], levels: dict[int, float], years_back: int, staff,
              rng: random.Random) -> None:
    for unit in Unit.objects.filter(district=cycle.district_id, officials__in=officials).distinct().order_by("id"):
        services.unit_score_record(actor=staff, unit=unit, cycle=cycle,
                                   score=Decimal(str(round(rng.uniform(78, 96), 2))))
    political = set(VETO_POLITICAL.get(years_back, ()))
    # A year whose surveys were held (demo.surveys) has its scores and reviews from the ballots.
    surveyed = SurveyScore.objects.filter(cycle=cycle).exists()
    reviewed = PoliticalReview.objects.filter(cycle=cycle).exists()
    for index, official in enumerate(officials):
        for group in RaterGroup.values if not surveyed else ():
            if group == RaterGroup.PUBLIC and index % 4 == 3:
                continue  # not every official serves the public directly: the weights renormalize
            score = round(min(99.0, max(45.0, rng.gauss(levels[official.pk], 3))), 2)
            services.survey_score_record(actor=staff, official=official, cycle=cycle, rater_group=group,
                                         score=Decimal(str(score)))
        qualified = index not in political
        if reviewed:
            continue
        services.political_review_record(
            actor=staff, official=official, cycle=cycle, qualified=qualified,
            note="" if qualified else POLITICAL_FAIL_NOTE,
        )
    items = {i.code: i for i in ListItem.objects.all()}
    for index, code in POSITIVE.get(years_back, ()):
        services.list_entry_add(actor=staff, official=officials[index], cycle=cycle, item=items[code],
                                note=LIST_ENTRY_NOTE.format(title=items[code].title))
    for index, code, note in VETO_NEGATIVE.get(years_back, ()):
        services.list_entry_add(actor=staff, official=officials[index], cycle=cycle, item=items[code], note=note)


def build_demo_scores(district, *, today: datetime.date) -> dict:
    """Score and finalize the past cycles, score the current one; returns counts."""
    counts = {"scores": 0, "finalized": 0}
    staff = _staff(district)
    officials = list(Official.objects.filter(unit__district=district, is_principal=True)
                     .select_related("unit").order_by("unit__sort_order", "unit__name", "name", "id"))
    if staff is None or not officials:
        return counts
    cycles = {c.year: c for c in Cycle.objects.filter(district=district, year__gte=today.year - 2)}
    for years_back in (2, 1, 0):
        cycle = cycles.get(today.year - years_back)
        if cycle is None or QuarterlyScore.objects.filter(pledge__cycle=cycle).exists():
            continue
        rng = random.Random(SEED * 10 + years_back)
        levels = {o.pk: _form(i) + rng.uniform(-3, 3) for i, o in enumerate(officials)}
        for index in POOR.get(years_back, ()):
            levels[officials[index].pk] = 42.0
        if years_back and cycle.state == Cycle.State.EVALUATING:
            counts["scores"] += _score_quarters(cycle, officials, levels, [1, 2, 3, 4], staff, rng)
            for quarter in (1, 2, 3, 4):
                services.quarter_release(actor=staff, cycle=cycle, quarter=quarter)
            _year_end(cycle, officials, levels, years_back, staff, rng)
            compute.cycle_finalize(actor=staff, cycle=cycle)
            services.results_announce(cycle=cycle)
            _record_executions(cycle, staff)
            counts["finalized"] += 1
        elif not years_back and cycle.state == Cycle.State.IN_PROGRESS:
            done = [q for q in (1, 2, 3) if datetime.date(cycle.year, 3 * q, 28) < today]
            counts["scores"] += _score_quarters(cycle, officials, levels, done, staff, rng)
            for quarter in done:
                services.quarter_release(actor=staff, cycle=cycle, quarter=quarter)
            for index, reason, note in EXEMPT:
                services.exemption_record(actor=staff, official=officials[index], cycle=cycle, reason=reason,
                                          note=note)
            compute.cycle_compute(cycle=cycle)  # a mid-year preview
    return counts


def _record_executions(cycle: Cycle, staff) -> None:
    """The consequences of the older finalized year have been carried out (通报 in January)."""
    if cycle.year != max(Cycle.objects.filter(district=cycle.district_id).values_list("year", flat=True)) - 2:
        return
    day = datetime.date(cycle.year + 1, 1, 20)
    for execution in OutcomeExecution.objects.filter(result__cycle=cycle).order_by("id"):
        compute.outcome_execution_record(actor=staff, execution=execution, carried_out=True, carried_out_on=day,
                                         note=EXECUTION_NOTE)
