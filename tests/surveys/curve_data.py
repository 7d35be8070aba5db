"""Surveys with aggregates written directly (as closing a survey writes them), for the chart
selectors, pages and profile section."""
from __future__ import annotations

from surveys.models import PoliticalProposal, Survey, SurveyItem, SurveyResult
from tests.factories import CycleFactory

ITEMS = [("p1", "政治素质", False), ("p2", "工作能力", False), ("p3", "廉洁自律", False), ("r1", "有违规行为", True)]


def survey_with(cycle, *, kind="multi_rater", state="confirmed", results=(), proposals=(), officials=()):
    """A survey of `cycle` with ITEMS and the given aggregates:
    results: (official, rater group, counted, {code: "score"}); proposals: (official, {code: "score"})."""
    survey = Survey.objects.create(cycle=cycle, kind=kind, title=f"{cycle.year} 年度测评", state=state)
    for n, (code, text, reverse) in enumerate(ITEMS):
        SurveyItem.objects.create(survey=survey, code=code, text=text, reverse=reverse, order=n)
    survey.officials.add(*officials)
    for official, group, counted, items in results:
        SurveyResult.objects.create(survey=survey, official=official, rater_group=group, codes_issued=10,
                                    ballots=8, valid_ballots=8, counted=counted, item_scores=items,
                                    score=_mean(items) if counted else None, why_not="" if counted else "turnout")
    for official, items in proposals:
        PoliticalProposal.objects.create(survey=survey, official=official, item_scores=items, score=_mean(items),
                                         negative_shares={"r1": "0.1000"}, proposed_qualified=True)
    return survey


def _mean(items):
    from decimal import Decimal

    values = [Decimal(v) for v in items.values()]
    return (sum(values) / len(values)).quantize(Decimal("0.01")) if values else None


def earlier_cycle(world, year=2025, state="finalized"):
    return CycleFactory(district=world.own, year=year, state=state)
