"""The core sections of the official's profile: posts, pledges, quarterly scores, results,
outcomes, exemptions and notes (SPEC section 12). Registered like every app's section (see
core.profile_sections); imported by ProfilesConfig.ready(). Each reads through the selectors,
which share queries between the sections of one page."""
from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from core.profile_sections import ProfileSection, profile_section
from cycles.models import Cycle
from evaluations import labels
from evaluations.models import ListItem
from org.models import Unit
from pledges.models import Pledge

from . import selectors

QUARTERS = (1, 2, 3, 4)


def _by_year(rows, year_of) -> list[tuple[int, list]]:
    """`rows` grouped by year, newest first (rows keep their order within a year)."""
    groups = defaultdict(list)
    for row in rows:
        groups[year_of(row)].append(row)
    return sorted(groups.items(), key=lambda item: item[0], reverse=True)


def _is_official(viewer) -> bool:
    return viewer.role == Role.OFFICIAL


def _overlaps(post, years) -> bool:
    last = post.ended_on.year if post.ended_on else timezone.localdate().year
    return any(post.started_on.year <= year <= last for year in years)


def _span_months(start: datetime.date, end: datetime.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


@profile_section(order=10)
def posts_section(*, official, viewer, years):
    """任职经历: the posts, newest first, a street (街道) post flagged as front-line experience,
    with the months served in street posts in all."""
    today = timezone.localdate()
    rows = selectors.posts(viewer, official)
    street_months = sum(_span_months(p.started_on, p.ended_on or today)
                        for p in rows if p.unit.kind == Unit.Kind.STREET)
    if years is not None:
        rows = [p for p in rows if _overlaps(p, years)]
    for post in rows:
        post.is_street = post.unit.kind == Unit.Kind.STREET
        post.span_years, post.span_months = divmod(_span_months(post.started_on, post.ended_on or today), 12)
    return ProfileSection(
        key="posts", title=_("任职经历"), template="profiles/sections/posts.html", order=10,
        context={"posts": rows, "street_years": street_months // 12, "street_months": street_months % 12,
                 "has_street": street_months > 0 or any(p.is_street for p in rows)},
    )


@profile_section(order=20)
def pledges_section(*, official, viewer, years):
    """履职践诺: each year's pledges with kind, status, A/B/C grade and completion."""
    rows = selectors.pledges(viewer, official, years)
    return ProfileSection(
        key="pledges", title=_("履职践诺"), template="profiles/sections/pledges.html", order=20,
        context={"years": _by_year(rows, lambda p: p.cycle.year)},
    )


@profile_section(order=30)
def scores_section(*, official, viewer, years):
    """季度评分: each approved pledge's quarterly scores; the official sees released ones only
    (scoping), staff see unreleased ones marked."""
    rows = [p for p in selectors.pledges(viewer, official, years) if p.status == Pledge.Status.APPROVED]
    for pledge in rows:
        by_quarter = {s.quarter: s for s in pledge.scores_read}
        pledge.cells = [by_quarter.get(q) for q in QUARTERS]
    return ProfileSection(
        key="scores", title=_("季度评分"), template="profiles/sections/scores.html", order=30,
        context={"years": _by_year(rows, lambda p: p.cycle.year), "quarters": QUARTERS,
                 "any_score": any(p.scores_read for p in rows)},
    )


@profile_section(order=40)
def results_section(*, official, viewer, years):
    """年度评定: composite, rank, grade (an override's reason), veto, exemption; results of a
    cycle not yet finalized are marked (the official sees finalized ones only)."""
    rows = selectors.results(viewer, official, years)
    for result in rows:
        result.grade_text = labels.grade_label(result.grade)
        result.final = result.cycle.state == Cycle.State.FINALIZED
    return ProfileSection(
        key="results", title=_("年度评定"), template="profiles/sections/results.html", order=40,
        context={"results": rows},
    )


@profile_section(order=50)
def outcomes_section(*, official, viewer, years):
    """结果运用: each year's outcomes and whether each was carried out (OutcomeExecution)."""
    rows = []
    for result in selectors.results(viewer, official, years):
        if not result.outcomes:
            continue
        done = {e.code: e for e in result.executions_read}
        rows.append({
            "year": result.cycle.year, "final": result.cycle.state == Cycle.State.FINALIZED,
            "outcomes": [{"label": labels.outcome_label(code), "execution": done.get(code)}
                         for code in result.outcomes],
        })
    return ProfileSection(
        key="outcomes", title=_("结果运用"), template="profiles/sections/outcomes.html", order=50,
        context={"years": rows},
    )


@profile_section(order=60)
def exemptions_section(*, official, viewer, years):
    """不确定等次: the years the official was not graded, with the reason. Not shown to the
    official (its scope gives it none)."""
    if _is_official(viewer):
        return None
    return ProfileSection(
        key="exemptions", title=_("不确定等次"), template="profiles/sections/exemptions.html", order=60,
        context={"exemptions": selectors.exemptions(viewer, official, years)},
    )


@profile_section(order=90)
def notes_section(*, official, viewer, years):
    """记实备注: the official's own profile text, and (not for the official) its positive and
    negative list entries with their facts."""
    entries = [] if _is_official(viewer) else selectors.list_entries(viewer, official, years)
    if _is_official(viewer) and not official.profile:
        return None
    for entry in entries:
        entry.negative = entry.item.kind == ListItem.Kind.NEGATIVE
        entry.title_text = labels.catalog_text(entry.item.title)
    return ProfileSection(
        key="notes", title=_("记实备注"), template="profiles/sections/notes.html", order=90,
        context={"entries": entries, "text": official.profile},
    )
