"""Reads for growth. Every function that takes a `user` scopes through accounts.scoping; each runs a
fixed number of queries whatever the number of rows (the list pages and the profile sections
assert it). `fit_for_officials` takes ids its caller has already scoped."""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from accounts.scoping import READ, get_or_deny, scoped
from cycles.models import Cycle
from evaluations.models import Result
from org.models import Official, Post

from . import rules
from .models import (
    Competency,
    CompetencyAssessment,
    CompetencyRequirement,
    ContestEvent,
    ContestParticipant,
    JudgeScore,
    LearningActivity,
)

# --- learning points ------------------------------------------------------------------------------


POINT = Decimal("0.1")


@dataclass
class PointsRow:
    official: Official
    total: Decimal
    count: int
    unit_rank: int = 0


def points_table(user, *, district_id: int, year: int) -> list[PointsRow]:
    """Every official of the district `user` may read with its learning points of `year` (0 without
    any), ranked within its current unit (standard competition ranking); by unit, then place.
    Two queries."""
    officials = list(scoped(Official.objects.filter(unit__district_id=district_id), user)
                     .select_related("unit").order_by("unit__sort_order", "unit__name", "name", "pk"))
    sums = {
        row["official_id"]: (row["total"], row["n"])
        for row in scoped(LearningActivity.objects.filter(district_id=district_id, held_on__year=year), user)
        .values("official_id").annotate(total=Sum("points"), n=Count("id")).order_by()
    }
    rows = [PointsRow(o, Decimal(sums.get(o.pk, (0, 0))[0] or 0).quantize(POINT), sums.get(o.pk, (0, 0))[1])
            for o in officials]
    ranks = rules.ranks_within_groups({r.official.pk: (r.official.unit_id, r.total) for r in rows})
    for r in rows:
        r.unit_rank = ranks[r.official.pk]
    order = {o.unit_id: i for i, o in reversed(list(enumerate(officials)))}  # units in display order
    rows.sort(key=lambda r: (order[r.official.unit_id], r.unit_rank, r.official.name))
    return rows


def activities_of_year(user, *, district_id: int, year: int, limit: int = 200) -> list[LearningActivity]:
    """The district's latest activities of `year` (official joined), newest first, at most `limit`."""
    return list(scoped(LearningActivity.objects.filter(district_id=district_id, held_on__year=year), user)
                .select_related("official").order_by("-held_on", "-pk")[:limit])


def activity_years(user, district_id: int) -> list[int]:
    years = scoped(LearningActivity.objects.filter(district_id=district_id), user).dates("held_on", "year")
    return sorted({d.year for d in years}, reverse=True)


# --- contests -------------------------------------------------------------------------------------


def event_list(user, district_id: int | None) -> list[ContestEvent]:
    """The events `user` may read (of one district when given), newest first, with the number of
    their participants (`participant_count`). One query."""
    events = scoped(ContestEvent.objects.all(), user)
    if district_id is not None:
        events = events.filter(district_id=district_id)
    return list(events.annotate(participant_count=Count("participants")).order_by("-held_on", "-pk"))


def event_for(user, pk, action: str = READ) -> ContestEvent:
    return get_or_deny(scoped(ContestEvent.objects.select_related("district"), user), user, pk, action)


@dataclass
class Standing:
    participant: ContestParticipant
    scores: list[JudgeScore]
    questions: list
    result: Decimal | None
    rank: int | None = None


def event_standings(user, event: ContestEvent) -> list[Standing]:
    """The participants of `event` that `user` may read with their judges' scores, the questions
    asked, their result (rules.contest_result) and place (rules.event_ranks), best first, the
    unjudged last. Three queries."""
    participants = scoped(ContestParticipant.objects.filter(event=event), user).select_related(
        "official__unit").prefetch_related("scores", "questions").order_by("pk")
    standings = []
    for p in participants:
        scores = list(p.scores.all())
        standings.append(Standing(p, scores, list(p.questions.all()), rules.contest_result([s.score for s in scores])))
    ranks = rules.event_ranks({s.participant.pk: s.result for s in standings})
    for s in standings:
        s.rank = ranks[s.participant.pk]
    standings.sort(key=lambda s: (s.rank is None, s.rank or 0, s.participant.official.name))
    return standings


# --- competency model -----------------------------------------------------------------------------


def competencies_of(user, district_id: int) -> list[Competency]:
    """The district's competencies with their requirements (`required`: post kind → level). Two queries."""
    rows = list(scoped(Competency.objects.filter(district_id=district_id), user)
                .prefetch_related("requirements").order_by("name"))
    for c in rows:
        c.required = {r.post_kind: r.level for r in c.requirements.all()}
    return rows


def official_post_kind(official: Official) -> str:
    return rules.post_kind(unit_kind=official.unit.kind, is_principal=official.is_principal)


def _latest_levels(official_ids) -> dict[int, dict[int, CompetencyAssessment]]:
    """official → competency → its latest assessment (the latest date; the last entered on a tie)."""
    latest: dict[int, dict[int, CompetencyAssessment]] = defaultdict(dict)
    for a in (CompetencyAssessment.objects.filter(official_id__in=official_ids)
              .select_related("competency").order_by("official_id", "competency_id", "assessed_on", "pk")):
        latest[a.official_id][a.competency_id] = a  # later rows overwrite earlier ones
    return latest


def fit_for_officials(official_ids) -> dict[int, Decimal | None]:
    """Person–post fit (rules.person_post_fit) of each official, by id: the requirements of its
    district's competency model for its post kind (rules.post_kind: its unit's kind and whether it
    is a principal) against its latest assessed levels. None where its post kind has no
    requirement. Three queries whatever the number of officials; the caller scopes the ids (the
    pool and the search pass the officials they show)."""
    ids = list(official_ids)
    if not ids:
        return {}
    officials = list(Official.objects.filter(pk__in=ids).select_related("unit").only(
        "pk", "is_principal", "unit__kind", "unit__district_id"))
    districts = {o.unit.district_id for o in officials}
    required: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for competency_id, district_id, kind, level in CompetencyRequirement.objects.filter(
            competency__district_id__in=districts).values_list(
            "competency_id", "competency__district_id", "post_kind", "level"):
        required[(district_id, kind)][competency_id] = level
    latest = _latest_levels(ids)
    return {
        o.pk: rules.person_post_fit(
            required=required.get((o.unit.district_id, official_post_kind(o)), {}),
            assessed={c: a.level for c, a in latest.get(o.pk, {}).items()},
        )
        for o in officials
    }


def fit_table(user, district_id: int) -> list[tuple[Official, str, Decimal | None]]:
    """The district's officials `user` may read with their post kind and fit, best fit first."""
    officials = list(scoped(Official.objects.filter(unit__district_id=district_id), user).select_related("unit"))
    fits = fit_for_officials([o.pk for o in officials])
    rows = [(o, official_post_kind(o), fits.get(o.pk)) for o in officials]
    rows.sort(key=lambda r: (r[2] is None, -(r[2] or 0), r[0].name))
    return rows


# --- the official's profile -----------------------------------------------------------------------


@dataclass
class GrowthProfile:
    points_by_year: list[tuple[int, Decimal, list[LearningActivity]]] = field(default_factory=list)
    entries: list[tuple[ContestParticipant, Decimal | None, int | None]] = field(default_factory=list)
    levels: list[tuple[Competency, int | None, CompetencyAssessment | None]] = field(default_factory=list)
    post_kind: str = ""
    fit: Decimal | None = None


def profile_points(viewer, official: Official, years: list[int] | None) -> list[tuple[int, Decimal, list]]:
    """The official's activities `viewer` may read, by year (newest first) with the year's total. One query."""
    activities = scoped(LearningActivity.objects.filter(official=official), viewer).order_by("-held_on", "-pk")
    if years:
        activities = activities.filter(held_on__year__in=years)
    by_year: dict[int, list] = defaultdict(list)
    for a in activities:
        by_year[a.held_on.year].append(a)
    return [(y, rules.points_total(a.points for a in by_year[y]), by_year[y]) for y in sorted(by_year, reverse=True)]


def profile_entries(viewer, official: Official, years: list[int] | None):
    """The official's contest entries `viewer` may read with its result and place in each event.
    Two queries: the entries (event joined), then every score of those events."""
    entries = scoped(ContestParticipant.objects.filter(official=official), viewer).select_related(
        "event").order_by("-event__held_on", "-pk")
    if years:
        entries = entries.filter(event__held_on__year__in=years)
    entries = list(entries)
    scores: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for event_id, participant_id, score in JudgeScore.objects.filter(
            participant__event_id__in={e.event_id for e in entries}).values_list(
            "participant__event_id", "participant_id", "score"):
        scores[event_id][participant_id].append(score)
    rows = []
    for e in entries:
        results = {p: rules.contest_result(s) for p, s in scores[e.event_id].items()}
        results.setdefault(e.pk, None)
        rows.append((e, results[e.pk], rules.event_ranks(results)[e.pk]))
    return rows


def profile_competencies(viewer, official: Official):
    """The competencies of the official's district with its latest assessed level of each (those
    `viewer` may read), its post kind's required level, and its fit. Four queries."""
    kind = official_post_kind(official)
    competencies = competencies_of(viewer, official.unit.district_id)
    latest = {a.competency_id: a for a in scoped(
        CompetencyAssessment.objects.filter(official=official), viewer).order_by("assessed_on", "pk")}
    rows = [(c, c.required.get(kind), latest.get(c.pk)) for c in competencies]
    fit = rules.person_post_fit(required={c.pk: lvl for c, lvl, _a in rows if lvl},
                                assessed={c.pk: a.level for c, _l, a in rows if a})
    return kind, fit, [r for r in rows if r[1] or r[2]]


# --- 绩岗薪 (pay and post) ---------------------------------------------------------------------------

CYCLES_SHOWN = 3


@dataclass
class PayPostRow:
    official: Official
    post_kind: str
    results: list[Result | None]
    posts: list[Post]  # posts started within the window, oldest first
    rank_before: str  # the rank level held when the window opened ("" if no post then)
    points: Decimal
    fit: Decimal | None


def pay_post_rows(user, district_id: int, *, today: datetime.date) -> tuple[list[Cycle], list[PayPostRow]]:
    """The district's last three finalized cycles (oldest first) and, for each official of the
    district `user` may read, its result in each (None where it has none), the posts it started
    from 1 January of the oldest cycle's year on, the rank level it held when that window opened,
    its learning points in the window and its fit. Eight queries."""
    cycles = list(scoped(Cycle.objects.filter(district_id=district_id, state=Cycle.State.FINALIZED), user)
                  .order_by("-year")[:CYCLES_SHOWN])[::-1]
    start = datetime.date(cycles[0].year if cycles else today.year, 1, 1)
    officials = list(scoped(Official.objects.filter(unit__district_id=district_id), user)
                     .select_related("unit").order_by("unit__sort_order", "unit__name", "name", "pk"))
    ids = [o.pk for o in officials]
    results = {(r.official_id, r.cycle_id): r for r in Result.objects.filter(
        cycle__in=cycles, official_id__in=ids).only(
        "official_id", "cycle_id", "composite", "rank", "grade", "outcomes")}
    posts: dict[int, list[Post]] = defaultdict(list)
    before: dict[int, str] = {}
    for post in Post.objects.filter(official_id__in=ids).select_related("unit").order_by("started_on", "pk"):
        if post.started_on >= start:
            posts[post.official_id].append(post)
        elif post.ended_on is None or post.ended_on >= start:
            before[post.official_id] = post.rank_level
    points = dict(scoped(LearningActivity.objects.filter(official_id__in=ids, held_on__gte=start,
                                                         district_id=district_id), user)
                  .values("official_id").annotate(total=Sum("points")).order_by().values_list("official_id", "total"))
    fits = fit_for_officials(ids)
    rows = [PayPostRow(o, official_post_kind(o), [results.get((o.pk, c.pk)) for c in cycles], posts[o.pk],
                       before.get(o.pk, ""), points.get(o.pk) or Decimal(0), fits.get(o.pk)) for o in officials]
    return cycles, rows
