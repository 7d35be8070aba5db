"""The exports (SPEC section 7): results report, quarterly score sheet, pledge register, officials
roster, the unit and survey score sheets and the political reviews. Each is also the template of its import (see
excel/layouts.py for the columns both sides share).

Every query goes through accounts.scoping for the requesting user and streams its rows
(`.iterator()`), so a 100,000-row report is written in constant memory.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.scoping import scoped
from cycles import cycle_settings
from cycles.models import Cycle
from evaluations.models import Exemption, Method, PoliticalReview, Result, SurveyScore, UnitScore
from evaluations.rules import GRADE_LABELS, OUTCOME_LABELS
from evaluations.scoring import MISSING_LABELS
from org.models import Official, RankLevel, Unit
from pledges.models import Pledge
from pledges.rules import spanned_quarters

from . import layouts
from .writer import SheetWriter, heading, new_workbook, settings_sheet

Progress = Callable[[int], None]
CHUNK = 2000


def _labels(choices) -> dict[str, str]:
    # Cell values are in Chinese whatever the page language or the headers option (the labels'
    # source text): they are what the imports read back.
    return {code: str(label) for code, label in choices}


METHOD_LABELS = _labels(Method.choices)
EXEMPT_LABELS = _labels(Exemption.Reason.choices)
RANK_LABELS = _labels(RankLevel.choices)
KIND_LABELS = _labels(Pledge.Kind.choices)
CATEGORY_LABELS = _labels(Pledge.Category.choices)
STATUS_LABELS = _labels(Pledge.Status.choices)
UNIT_KIND_LABELS = _labels(Unit.Kind.choices)


class UnknownExport(LookupError):
    pass


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _results(cycle: Cycle, user, options: dict):
    # The JSON columns come as their text: rows repeat a few outcome and missing-data lists, each
    # decoded and labelled once (a bounded cache) instead of once per row.
    rows = (scoped(Result.objects.filter(cycle=cycle), user)
            .order_by("rank", "official__name", "official_id")
            .annotate(outcomes_json=Cast("outcomes", TextField()), missing_json=Cast("missing", TextField()),
                      detail_json=Cast("missing_detail", TextField()))
            .values_list("rank", "official_id", "official__name", "unit__name", "official__position", "unit_score",
                         "pledge_score", "survey_score", "bonus", "veto", "composite", "grade", "computed_grade",
                         "outcomes_json", "missing_json", "detail_json", "exempt_reason"))
    outcomes_text = lru_cache(maxsize=256)(_outcomes_text)
    missing_text = lru_cache(maxsize=1024)(_missing_text)
    # Ranked first (rank ascending), then the incomplete ones, then the exempt ones, by name.
    ranked = rows.filter(rank__isnull=False)
    incomplete = rows.filter(rank__isnull=True, exempt_reason="")
    exempt = rows.filter(rank__isnull=True).exclude(exempt_reason="")
    for queryset in (ranked, incomplete, exempt):
        for (rank, official_id, name, unit, position, unit_score, pledge_score, survey_score, bonus, veto,
             composite, grade, computed, outcomes, missing, detail, exempt_reason) in queryset.iterator(
                chunk_size=CHUNK):
            missing = missing_text(missing, detail)
            if exempt_reason:
                unrated = "不确定等次"
            else:
                unrated = "未评定（数据不全）" if missing else ""
            yield [
                rank, official_id, name, unit, position, unit_score, pledge_score, survey_score, bonus,
                _yes_no(veto), composite,
                GRADE_LABELS.get(grade, unrated),
                GRADE_LABELS.get(computed, "") if computed != grade else "",
                outcomes_text(outcomes),
                missing,
                EXEMPT_LABELS.get(exempt_reason, ""),
            ]


def _outcomes_text(outcomes_json: str | None) -> str:
    return "；".join(OUTCOME_LABELS.get(code, code) for code in json.loads(outcomes_json or "[]"))


def _missing_text(missing_json: str | None, detail_json: str | None) -> str:
    """The missing data in words: the detailed messages, else the labels of the codes ("" when
    nothing is missing)."""
    detail = json.loads(detail_json or "[]")
    if detail:
        return "；".join(item["message"] for item in detail)
    return "；".join(MISSING_LABELS.get(code, code) for code in json.loads(missing_json or "[]"))


def _results_count(cycle, user, options):
    return scoped(Result.objects.filter(cycle=cycle), user).count()


def _approved_pledges(cycle: Cycle, user):
    return (scoped(Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED), user)
            .order_by("official__unit__sort_order", "official__unit__name", "official__name", "official_id",
                      "kind", "id"))


def _scores_of(cycle: Cycle, user) -> dict:
    from evaluations.models import QuarterlyScore

    return {
        (pledge_id, quarter): (score, letter, method, note)
        for pledge_id, quarter, score, letter, method, note in
        scoped(QuarterlyScore.objects.filter(pledge__cycle=cycle), user)
        .values_list("pledge_id", "quarter", "score", "letter", "method", "note").iterator(chunk_size=CHUNK)
    }


def _quarterly_scores(cycle: Cycle, user, options: dict):
    only = options.get("quarter")
    scores = _scores_of(cycle, user)
    released = set(cycle.releases.values_list("quarter", flat=True))
    pledges = _approved_pledges(cycle, user).values_list(
        "id", "official__name", "official__unit__name", "official__appointed_on", "kind", "category", "title")
    for pledge_id, official, unit, appointed_on, kind, category, title in pledges.iterator(chunk_size=CHUNK):
        for quarter in spanned_quarters(kind=kind, cycle_year=cycle.year, appointed_on=appointed_on):
            if only and quarter != only:
                continue
            score, letter, method, note = scores.get((pledge_id, quarter), (None, "", "", ""))
            yield [
                pledge_id, official, unit, CATEGORY_LABELS.get(category, category), title, quarter,
                _yes_no(quarter in released), None if letter else score, letter or None,
                METHOD_LABELS.get(method) if method else None, note or None, None,
            ]


def _quarterly_count(cycle, user, options):
    """Rows of the score sheet: four a pledge, fewer for an inauguration pledge of the year (few
    enough to read one by one)."""
    pledges = _approved_pledges(cycle, user)
    inauguration = list(pledges.filter(kind=Pledge.Kind.INAUGURATION).values_list("kind", "official__appointed_on"))
    spans = [spanned_quarters(kind=kind, cycle_year=cycle.year, appointed_on=day) for kind, day in inauguration]
    annual = pledges.exclude(kind=Pledge.Kind.INAUGURATION).count()
    if options.get("quarter"):
        return annual + sum(options["quarter"] in span for span in spans)
    return annual * 4 + sum(len(span) for span in spans)


def _milestone_text(milestones, quarter: int) -> str:
    return "\n".join(
        (f"{m['due_on']}：{m['description']}" if m.get("due_on") else m.get("description", ""))
        for m in milestones if isinstance(m, dict) and m.get("quarter") == quarter
    )


def _pledges(cycle: Cycle, user, options: dict):
    pledges = (scoped(Pledge.objects.filter(cycle=cycle), user)
               .order_by("official__unit__sort_order", "official__unit__name", "official__name", "official_id",
                         "kind", "id")
               .values_list("id", "official_id", "official__name", "official__unit__name", "kind", "category",
                            "title", "content", "target", "target_value", "target_unit", "milestones", "status",
                            "grade", "difficulty", "innovation", "contribution"))
    for (pk, official_id, official, unit, kind, category, title, content, target, target_value, target_unit,
         milestones, status, grade, difficulty, innovation, contribution) in pledges.iterator(chunk_size=CHUNK):
        yield [
            pk, official_id, official, unit, KIND_LABELS.get(kind, kind), CATEGORY_LABELS.get(category, category),
            title, content, target, target_value, target_unit or None,
            *(_milestone_text(milestones, q) or None for q in (1, 2, 3, 4)),
            STATUS_LABELS.get(status, status), f"{grade} 级" if grade else None, difficulty, innovation, contribution,
        ]


def _pledges_count(cycle, user, options):
    return scoped(Pledge.objects.filter(cycle=cycle), user).count()


def _district_officials(cycle: Cycle, user):
    return scoped(Official.objects.filter(unit__district_id=cycle.district_id), user)


def _officials(cycle: Cycle, user, options: dict):
    rows = _district_officials(cycle, user).order_by("unit__sort_order", "unit__name", "name", "id").values_list(
        "id", "name", "unit__name", "position", "rank_level", "is_principal", "appointed_on", "phone")
    for pk, name, unit, position, rank_level, principal, appointed_on, phone in rows.iterator(chunk_size=CHUNK):
        yield [pk, name, unit, position, RANK_LABELS.get(rank_level, rank_level), _yes_no(principal), appointed_on,
               phone or None]


def _officials_count(cycle, user, options):
    return _district_officials(cycle, user).count()


def _district_units(cycle: Cycle, user):
    return scoped(Unit.objects.filter(district_id=cycle.district_id), user)


def _unit_scores(cycle: Cycle, user, options: dict):
    scores = dict(scoped(UnitScore.objects.filter(cycle=cycle), user).values_list("unit_id", "score"))
    for pk, name, kind in _district_units(cycle, user).order_by("sort_order", "name").values_list("id", "name", "kind"):
        yield [pk, name, UNIT_KIND_LABELS.get(kind, kind), scores.get(pk)]


def _unit_scores_count(cycle, user, options):
    return _district_units(cycle, user).count()


def _survey_scores(cycle: Cycle, user, options: dict):
    scores: dict = {}
    for official_id, group, score in scoped(SurveyScore.objects.filter(cycle=cycle), user).values_list(
            "official_id", "rater_group", "score").iterator(chunk_size=CHUNK):
        scores[(official_id, group)] = score
    rows = _district_officials(cycle, user).order_by("unit__sort_order", "unit__name", "name", "id").values_list(
        "id", "name", "unit__name")
    for pk, name, unit in rows.iterator(chunk_size=CHUNK):
        yield [pk, name, unit, *(scores.get((pk, group)) for group in layouts.RATER_GROUPS)]


def _principal_officials(cycle: Cycle, user):
    return _district_officials(cycle, user).filter(is_principal=True)


def _political_reviews(cycle: Cycle, user, options: dict):
    """Every principal official (those under review), with the stored conclusion and note; an
    official not reviewed yet has both cells empty."""
    reviews = {official_id: (qualified, note) for official_id, qualified, note in
               scoped(PoliticalReview.objects.filter(cycle=cycle), user)
               .values_list("official_id", "qualified", "note").iterator(chunk_size=CHUNK)}
    rows = _principal_officials(cycle, user).order_by("unit__sort_order", "unit__name", "name", "id").values_list(
        "id", "name", "unit__name")
    for pk, name, unit in rows.iterator(chunk_size=CHUNK):
        qualified, note = reviews.get(pk, (None, ""))
        yield [pk, name, unit, None if qualified is None else REVIEW_WORDS[qualified], note or None]


def _political_reviews_count(cycle, user, options):
    return _principal_officials(cycle, user).count()


REVIEW_WORDS = {True: "合格", False: "不合格"}

EXPORTS = {
    "results": (layouts.RESULTS, _results, _results_count),
    "quarterly-scores": (layouts.QUARTERLY_SCORES, _quarterly_scores, _quarterly_count),
    "pledges": (layouts.PLEDGES, _pledges, _pledges_count),
    "officials": (layouts.OFFICIALS, _officials, _officials_count),
    "unit-scores": (layouts.UNIT_SCORES, _unit_scores, _unit_scores_count),
    "survey-scores": (layouts.SURVEY_SCORES, _survey_scores, _officials_count),
    "political-reviews": (layouts.POLITICAL_REVIEWS, _political_reviews, _political_reviews_count),
}


def export_rows(*, cycle: Cycle, user, name: str, options: dict | None = None) -> int:
    """How many data rows the export will have (decides whether a page runs it in a worker)."""
    try:
        layout, _rows, count = EXPORTS[name]
    except KeyError:
        raise UnknownExport(name) from None
    return count(cycle, user, options or {})


HEADER_LANGUAGES = ("zh", "en")  # ?headers=: the workbook's own words; zh (the default) or en


def workbook_language(options: dict | None) -> str:
    """The language of a workbook's headers, sheet names, title rows and file name: Chinese
    (the default, whatever the page language), or English when options ask for headers "en"."""
    return "en" if (options or {}).get("headers") == "en" else settings.LANGUAGE_CODE


def export_write(*, cycle: Cycle, user, name: str, destination, options: dict | None = None,
                 progress: Progress | None = None) -> int:
    """Write the export `name` of `cycle`, as `user` may see it, to `destination` (a path or a
    binary file). Options: quarter (1–4, quarterly score sheet), protect (results report: sheet
    protection), headers ("en": English headers, sheet names and title rows; cell values stay
    Chinese, the words the imports read). Returns the number of data rows."""
    with translation.override(workbook_language(options)):
        return _export_write(cycle=cycle, user=user, name=name, destination=destination, options=options,
                             progress=progress)


def _export_write(*, cycle: Cycle, user, name: str, destination, options: dict | None = None,
                  progress: Progress | None = None) -> int:
    try:
        layout, rows, count = EXPORTS[name]
    except KeyError:
        raise UnknownExport(name) from None
    options = options or {}
    total = max(count(cycle, user, options), 1) if progress else 0
    today = timezone.localdate()
    quarter = _("（第 {quarter} 季度）").format(quarter=options["quarter"]) if options.get("quarter") else ""
    what = _(layout.title) + quarter
    workbook = new_workbook()
    sheet = SheetWriter(workbook, title=_(layout.sheet), heading=heading(
        district=cycle.district.name, year=cycle.year, what=what, today=today),
        columns=layout.columns, protect=bool(options.get("protect")) and name == "results")
    for row in rows(cycle, user, options):
        sheet.append(row)
        if progress and sheet.rows % CHUNK == 0:
            progress(min(99, sheet.rows * 100 // total))
    settings_sheet(workbook, heading=heading(district=cycle.district.name, year=cycle.year, what=_("考核参数"),
                                             today=today), rows=cycle_settings.display_rows(cycle.settings))
    workbook.save(destination)
    return sheet.rows


def filename(cycle: Cycle, name: str, options: dict | None = None) -> str:
    layout = EXPORTS[name][0]
    quarter = (options or {}).get("quarter")
    with translation.override(workbook_language(options)):
        stem = _("{district}{year}年度{title}").format(district=cycle.district.name, year=cycle.year,
                                                       title=_(layout.title))
        return stem + (_("第{quarter}季度").format(quarter=quarter) if quarter else "") + ".xlsx"
