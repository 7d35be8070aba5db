"""Reads for surveys: the surveys a user may reach, one survey for an action, its results by
official (every group's aggregate and the political proposal), the code counts per rater group,
and what a ballot code's rater is asked (the public ballot)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.scoping import READ, get_or_deny, scoped
from evaluations.models import RaterGroup
from org.models import Official

from .models import BallotCode, PoliticalProposal, Survey, SurveyItem, SurveyResult


def survey_list(user, cycle=None) -> QuerySet:
    """The surveys `user` may read (of `cycle` when given), with their cycle and items."""
    qs = Survey.objects.select_related("cycle__district").prefetch_related(
        Prefetch("items", queryset=SurveyItem.objects.order_by("order", "id")))
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return scoped(qs, user).order_by("-cycle__year", "cycle__district__code", "kind", "id")


def survey_for(user, pk, action: str = READ) -> Survey:
    """The survey `pk` (cycle and district joined) for `action`: 403 if `user` may only read
    it, 404 if it may not even read it."""
    return get_or_deny(scoped(Survey.objects.select_related("cycle__district"), user), user, pk, action)


def code_counts(survey: Survey) -> list[dict]:
    """Per rater group (and unit, when codes were restricted): codes issued and spent."""
    rows = (BallotCode.objects.filter(survey=survey).values("rater_group", "unit__name")
            .annotate(issued=Count("pk"), spent=Count("pk", filter=Q(spent=True))).order_by())
    rows = sorted(rows, key=lambda r: (RaterGroup.values.index(r["rater_group"]), r["unit__name"] or ""))
    for row in rows:
        row["label"] = RaterGroup(row["rater_group"]).label
    return rows


@dataclass
class OfficialResults:
    official: Official
    groups: list[SurveyResult] = field(default_factory=list)
    proposal: PoliticalProposal | None = None


def survey_results(survey: Survey) -> list[OfficialResults]:
    """Each official of the survey with its groups' aggregates (in rater-group order) and its
    political proposal: three queries whatever the number of officials."""
    by_official: dict[int, OfficialResults] = {}
    for official in survey.officials.select_related("unit").order_by("unit__sort_order", "unit__name", "name", "id"):
        by_official[official.pk] = OfficialResults(official)
    groups = defaultdict(list)
    for result in SurveyResult.objects.filter(survey=survey):
        groups[result.official_id].append(result)
    for official_id, rows in groups.items():
        if official_id in by_official:
            by_official[official_id].groups = sorted(rows, key=lambda r: RaterGroup.values.index(r.rater_group))
    if survey.kind == Survey.Kind.POLITICAL:
        for proposal in PoliticalProposal.objects.filter(survey=survey).select_related("changed_by"):
            if proposal.official_id in by_official:
                by_official[proposal.official_id].proposal = proposal
    return list(by_official.values())


def covered_officials(survey: Survey, unit_id: int | None):
    """The officials a code of `survey` restricted to `unit_id` (None: all) asks about, with
    their unit."""
    officials = survey.officials.select_related("unit")
    return officials.filter(unit_id=unit_id) if unit_id else officials


def ballot_context(code_row: BallotCode) -> dict:
    """What a rater with this (usable) code is asked: the survey's items in order, its scale,
    and the officials the code covers (with their unit)."""
    survey = code_row.survey
    return {
        "survey": survey,
        "items": list(survey.items.order_by("order", "id")),
        "officials": list(covered_officials(survey, code_row.unit_id).order_by(
            "unit__sort_order", "unit__name", "name", "id")),
        "rater_group": code_row.rater_group,
    }
