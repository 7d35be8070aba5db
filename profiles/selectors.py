"""Reads for the official's profile (干部画像 / 成长纪实).

Access (SPEC section 12, decided here): the profile of an official opens to the staff and
leaders whose districts include the district of the official's CURRENT unit, to the system
administrator, and to the official itself; anyone else gets 404 (`scoped(Official)` decides,
as everywhere). Every row a section shows is read through `scoped()` too, so staff of the
current district see the rows of their districts: an official who moved in from another district
shows its earlier district's cycles only to a viewer who also serves that district. What the
official may not see of its own record (unreleased scores, unfinalized results, list entries and
exemptions, internal supervision entries) the scopes and the sections leave out.

The sections share reads through `shared()`: the pledges and the scores sections make one pledge
query and one score query between them, the results and outcomes sections one result query and
one execution query, and the year filter's choices come from the same reads; the page stays within
its budget of 15 queries whatever the history length.
"""
from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404

from accounts.scoping import scoped
from core.profile_sections import ProfileSection, providers
from evaluations.models import (
    Exemption,
    GradeOverride,
    ListEntry,
    OutcomeExecution,
    QuarterlyScore,
    QuarterRelease,
    Result,
)
from org.models import Official, Post
from pledges.models import Pledge, ProgressUpdate


def profile_official(user, pk) -> Official:
    """The official `pk` (unit and district joined) if `user` may open its profile, else 404."""
    person = scoped(Official.objects.select_related("unit__district"), user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def profile_years(user, person: Official) -> list[int]:
    """The cycle years the year filter offers: those in which the official has a pledge or a
    result that `user` may read, newest first (no query of its own: the sections' shared reads)."""
    years = {p.cycle.year for p in pledges(user, person, None)} | {r.cycle.year for r in results(user, person, None)}
    return sorted(years, reverse=True)


def profile_sections(*, official: Official, viewer, years: list[int] | None) -> list[ProfileSection]:
    """Every registered section of the official for `viewer` (None from a provider: nothing to
    show this viewer), in order."""
    sections = []
    for provider in providers():
        section = provider(official=official, viewer=viewer, years=years)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda s: (s.order, s.key))


def shared(official: Official, viewer, name: str, compute: Callable):
    """`compute()` once per official object, viewer and `name`: the sections of one page share
    their reads through it (the page passes the same official object to every provider)."""
    memo = official.__dict__.setdefault("_profile_reads", {})
    key = (name, getattr(viewer, "pk", None))
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _in_years(queryset, years):
    return queryset if years is None else queryset.filter(cycle__year__in=years)


def _of_years(rows: list, years) -> list:
    """The rows (with `cycle` joined) of `years`; all when None. The shared reads hold every year
    once, so the year filter and the filter's choices cost no query."""
    return rows if years is None else [row for row in rows if row.cycle.year in years]


# --- the core sections' reads ---------------------------------------------------------------------


def posts(viewer, official: Official) -> list[Post]:
    """The official's posts `viewer` may read, newest first, unit joined."""
    return list(scoped(Post.objects.filter(official=official).select_related("unit"), viewer)
                .order_by("-started_on", "-pk"))


def pledges(viewer, official: Official, years) -> list[Pledge]:
    """The official's pledges (not drafts) `viewer` may read, cycle joined, newest year first,
    each with `completion` (the percent of its latest progress update, or None) and `scores_read`
    (its quarterly scores `viewer` may read, each with `released`)."""

    def compute():
        latest = ProgressUpdate.objects.filter(pledge=OuterRef("pk")).order_by("-created_at", "-pk")
        scores = scoped(QuarterlyScore.objects.all(), viewer).annotate(released=Exists(
            QuarterRelease.objects.filter(cycle_id=OuterRef("pledge__cycle_id"), quarter=OuterRef("quarter"))
        )).order_by("quarter")
        rows = scoped(Pledge.objects.filter(official=official).exclude(status=Pledge.Status.DRAFT), viewer)
        rows = rows.select_related("cycle").annotate(
            completion=Subquery(latest.values("percent")[:1])
        ).prefetch_related(Prefetch("scores", queryset=scores, to_attr="scores_read"))
        return list(rows.order_by("-cycle__year", "kind", "category", "pk"))

    return _of_years(shared(official, viewer, "pledges", compute), years)


def results(viewer, official: Official, years) -> list[Result]:
    """The official's results `viewer` may read (an official: finalized cycles only), newest
    first, cycle and unit joined, with `override_reason` and `executions_read` (the outcome
    executions `viewer` may read)."""

    def compute():
        override = GradeOverride.objects.filter(cycle=OuterRef("cycle"), official=OuterRef("official"))
        executions = scoped(OutcomeExecution.objects.all(), viewer).order_by("pk")
        rows = scoped(Result.objects.filter(official=official), viewer)
        rows = rows.select_related("cycle", "unit").annotate(
            override_reason=Subquery(override.values("reason")[:1]),
        ).prefetch_related(Prefetch("executions", queryset=executions, to_attr="executions_read"))
        return list(rows.order_by("-cycle__year"))

    return _of_years(shared(official, viewer, "results", compute), years)


def exemptions(viewer, official: Official, years) -> list[Exemption]:
    """The official's 不确定等次 decisions `viewer` may read, newest first."""
    rows = _in_years(scoped(Exemption.objects.filter(official=official), viewer), years)
    return list(rows.select_related("cycle").order_by("-cycle__year"))


def list_entries(viewer, official: Official, years) -> list[ListEntry]:
    """The official's positive and negative list entries `viewer` may read, newest first."""
    rows = _in_years(scoped(ListEntry.objects.filter(official=official), viewer), years)
    return list(rows.select_related("cycle", "item").order_by("-cycle__year", "item__kind", "pk"))
