"""Selectors for the 德才表现曲线图 (surveys.charts): item scores read from a survey's aggregates.

An official's score on an item is, in a multi-rater survey, the weighted mean of the item
scores of the rater groups that count (the cycle's survey weights, renormalized over the groups
present, as the composite's survey score is: evaluations.scoring.survey_score); in a political
survey it is the pooled item score of its proposal. The unit's and the district's averages are
the plain means of those scores over the survey's officials of the unit (the official's current
unit) and over all of them. The official's earlier years come from confirmed surveys of the same
kind in earlier cycles of the same district, matched to this survey's items by item code.

Arithmetic is exact (Fractions from the stored 2-decimal item scores), rounded half-up to two
decimals at the end. Every selector runs a fixed number of queries, whatever the number of
officials, items or years.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from evaluations.scoring import round_half_up, survey_score

from .models import PoliticalProposal, Survey, SurveyItem, SurveyResult


@dataclass(frozen=True)
class Item:
    code: str
    text: str


@dataclass
class OfficialCurve:
    """One official of a survey: his item scores and the averages to compare them with."""

    official_id: int
    name: str
    unit_id: int
    unit_name: str
    own: list[Decimal | None]
    unit: list[Decimal | None] = field(default_factory=list)
    district: list[Decimal | None] = field(default_factory=list)
    score: Decimal | None = None  # the mean of his item scores (as the survey computed it)


@dataclass
class SurveyCurves:
    survey: Survey
    items: list[Item]
    officials: list[OfficialCurve]  # in the order of Official.Meta.ordering
    district: list[Decimal | None]
    spread: list[tuple[Decimal | None, Decimal | None, int]]  # per item: lowest, highest, officials scored

    def of(self, official_id: int) -> OfficialCurve | None:
        return next((o for o in self.officials if o.official_id == official_id), None)


def _fraction(value) -> Fraction | None:
    if value is None or value == "":
        return None
    try:
        return Fraction(str(value))
    except (TypeError, ValueError):
        return None


def _shown(value: Fraction | None) -> Decimal | None:
    return None if value is None else round_half_up(value)


def _mean(values: Iterable[Fraction | None]) -> Fraction | None:
    present = [v for v in values if v is not None]
    return sum(present, Fraction(0)) / len(present) if present else None


def chart_items(survey: Survey) -> list[Item]:
    """The survey's positive items in order (reverse items are answered 是 / 否 and have no
    score to draw). One query."""
    return [Item(code, text) for code, text in
            SurveyItem.objects.filter(survey=survey, reverse=False).order_by("order", "id").values_list("code", "text")]


def combine_groups(groups: Mapping[str, Mapping[str, object]], weights: Mapping[str, object],
                   codes: Iterable[str]) -> dict[str, Fraction | None]:
    """{item code: score} of one official from {rater group: {item code: score}} of the groups
    that count: per item, the weighted mean over the groups that scored it."""
    out = {}
    for code in codes:
        present = {g: _fraction(items.get(code)) for g, items in groups.items()}
        present = {g: v for g, v in present.items() if v is not None and g in weights}
        out[code] = survey_score(present, weights) if present else None
    return out


def _official_item_scores(survey: Survey, codes: list[str]) -> dict[int, tuple[dict, object, tuple]]:
    """{official id: ({code: Fraction | None}, the score, (name, unit id, unit name))} for the
    officials the survey has aggregates of. One query."""
    out: dict[int, tuple[dict, object, tuple]] = {}
    if survey.kind == Survey.Kind.POLITICAL:
        rows = (PoliticalProposal.objects.filter(survey=survey)
                .values_list("official_id", "item_scores", "score", "official__name", "official__unit_id",
                             "official__unit__name"))
        for official_id, items, score, name, unit_id, unit_name in rows:
            out[official_id] = ({c: _fraction((items or {}).get(c)) for c in codes}, _fraction(score),
                                (name, unit_id, unit_name))
        return out
    weights = survey.cycle.settings.get("survey_weights") or {}
    groups: dict[int, dict[str, dict]] = defaultdict(dict)
    scores: dict[int, dict[str, object]] = defaultdict(dict)
    about: dict[int, tuple] = {}
    rows = (SurveyResult.objects.filter(survey=survey)
            .values_list("official_id", "rater_group", "counted", "item_scores", "score", "official__name",
                         "official__unit_id", "official__unit__name"))
    for official_id, group, counted, items, score, name, unit_id, unit_name in rows:
        about[official_id] = (name, unit_id, unit_name)
        if counted:
            groups[official_id][group] = items or {}
            scores[official_id][group] = score
    for official_id, info in about.items():
        combined = combine_groups(groups.get(official_id, {}), weights, codes)
        overall = survey_score({g: s for g, s in scores.get(official_id, {}).items() if g in weights}, weights) \
            if scores.get(official_id) else None
        out[official_id] = (combined, overall, info)
    return out


def survey_curves(survey: Survey, *, items: list[Item] | None = None, ordered: bool = True,
                  unit_minimum: int = 1) -> SurveyCurves:
    """Every official's item scores in `survey` with his unit's and the district's averages, and
    the district's spread per item. Three queries (items unless given, aggregates, the
    officials' order unless `ordered` is false: then by id). A unit average is left out (None)
    where fewer than `unit_minimum` officials of the unit were scored."""
    items = chart_items(survey) if items is None else items
    codes = [i.code for i in items]
    scored = _official_item_scores(survey, codes)
    order = {pk: n for n, pk in enumerate(
        survey.officials.filter(pk__in=list(scored)).values_list("pk", flat=True))} if scored and ordered else {}
    by_unit: dict[int, list[dict]] = defaultdict(list)
    for values, _score, (_name, unit_id, _unit_name) in scored.values():
        by_unit[unit_id].append(values)
    district = {c: _mean(v[c] for v, _s, _i in scored.values()) for c in codes}
    unit_means = {unit_id: {c: _mean(v[c] for v in rows) if len(rows) >= unit_minimum else None for c in codes}
                  for unit_id, rows in by_unit.items()}
    officials = []
    for official_id in sorted(scored, key=lambda pk: (order.get(pk, len(order)), pk)):
        values, score, (name, unit_id, unit_name) = scored[official_id]
        officials.append(OfficialCurve(
            official_id=official_id, name=name, unit_id=unit_id, unit_name=unit_name,
            own=[_shown(values[c]) for c in codes],
            unit=[_shown(unit_means[unit_id][c]) for c in codes],
            district=[_shown(district[c]) for c in codes],
            score=_shown(score),
        ))
    spread = []
    for c in codes:
        present = [v[c] for v, _s, _i in scored.values() if v[c] is not None]
        spread.append((_shown(min(present)) if present else None, _shown(max(present)) if present else None,
                       len(present)))
    return SurveyCurves(survey=survey, items=items, officials=officials,
                        district=[_shown(district[c]) for c in codes], spread=spread)


def earlier_years(*, survey: Survey, official_id: int, codes: list[str], finalized_only: bool = False,
                  ) -> dict[int, list[Decimal | None]]:
    """{year: [score per item code]} of the official in the confirmed surveys of the same kind in
    earlier cycles of the survey's district (the latest such survey of a year). With
    `finalized_only`, only cycles that are finalized (what an official may see of himself). One
    query."""
    cycle = survey.cycle
    return official_years(official_id=official_id, district_id=cycle.district_id, kind=survey.kind, codes=codes,
                          before_year=cycle.year, finalized_only=finalized_only)


def official_years(*, official_id: int, district_id: int | None, kind: str, codes: list[str],
                   before_year: int | None = None, finalized_only: bool = False) -> dict[int, list[Decimal | None]]:
    """{year: [score per item code]} of the official in the confirmed surveys of `kind`
    (of the district, when given; before `before_year`, when given). One query."""
    confirmed = {"survey__state": Survey.State.CONFIRMED, "survey__kind": kind, "official_id": official_id}
    if district_id is not None:
        confirmed["survey__cycle__district_id"] = district_id
    if before_year is not None:
        confirmed["survey__cycle__year__lt"] = before_year
    if finalized_only:
        confirmed["survey__cycle__state"] = "finalized"
    per_survey: dict[int, dict] = {}
    if kind == Survey.Kind.POLITICAL:
        for survey_id, year, items in PoliticalProposal.objects.filter(**confirmed).values_list(
                "survey_id", "survey__cycle__year", "item_scores"):
            per_survey[survey_id] = {"year": year, "items": {c: _fraction((items or {}).get(c)) for c in codes}}
    else:
        rows = SurveyResult.objects.filter(counted=True, **confirmed).values_list(*YEAR_ROW)
        per_survey = {pk: {"year": year, "items": items} for pk, (year, items) in years_of_rows(rows, codes).items()}
    return by_year(per_survey, codes)


# What `years_of_rows` reads of each SurveyResult.
YEAR_ROW = ("survey_id", "survey__cycle__year", "survey__cycle__settings", "rater_group", "item_scores")


def years_of_rows(rows: Iterable[tuple], codes: list[str]) -> dict[int, tuple[int, dict]]:
    """{survey id: (year, {code: score})} from counted SurveyResult rows of one official
    (YEAR_ROW), the groups combined with each cycle's survey weights."""
    groups: dict[int, dict] = defaultdict(dict)
    meta: dict[int, tuple] = {}
    for survey_id, year, settings, group, items in rows:
        groups[survey_id][group] = items or {}
        meta[survey_id] = (year, (settings or {}).get("survey_weights") or {})
    return {pk: (year, combine_groups(groups[pk], weights, codes)) for pk, (year, weights) in meta.items()}


def by_year(per_survey: dict[int, dict], codes: list[str]) -> dict[int, list[Decimal | None]]:
    years: dict[int, list[Decimal | None]] = {}
    for survey_id in sorted(per_survey):  # the latest survey of a year wins
        entry = per_survey[survey_id]
        values = [_shown(entry["items"][c]) for c in codes]
        if any(v is not None for v in values):
            years[entry["year"]] = values
    return years
