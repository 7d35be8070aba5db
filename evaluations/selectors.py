"""Reads for evaluations: a cycle's overview, the quarterly score grid's pledges, the year-end
inputs, results with their overrides and consequences, an official's years and an official's own
scores. Each takes the user and reads through accounts.scoping; each owns its query shape."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _

from accounts.scoping import READ, get_or_deny, scoped
from org import selectors as org_selectors
from org.models import Official
from pledges import selectors as pledge_selectors
from pledges.models import Evidence, Pledge, ProgressUpdate
from pledges.rules import CATEGORIES, spanned_quarters

from . import labels
from .models import (
    Exemption,
    GradeOverride,
    ListEntry,
    ListItem,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    QuarterRelease,
    Result,
    SurveyScore,
    UnitScore,
)

QUARTERS = (1, 2, 3, 4)
CATEGORY_ORDER = {code: n for n, code in enumerate(CATEGORIES)}


# --- the cycle dashboard -----------------------------------------------------------------------------


@dataclass
class CycleOverview:
    """The counts a cycle's page shows: per quarter the scores expected (approved pledges spanning
    it) and entered, its release, the results per grade ("" for the incomplete ones), the
    principal officials and the approved pledges."""

    expected: Counter
    entered: dict
    releases: dict
    grades: dict
    officials: int
    approved: int
    exempt: int = 0
    posts_per_official: float | None = None  # 人均岗位经历 of the district's principal officials


def cycle_overview(user, cycle) -> CycleOverview:
    """A cycle's overview (CycleOverview) as `user` may read it."""
    approved = list(
        scoped(Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED), user)
        .values_list("kind", "official__appointed_on")
    )
    expected = Counter(q for kind, appointed_on in approved
                       for q in spanned_quarters(kind=kind, cycle_year=cycle.year, appointed_on=appointed_on))
    entered = dict(
        scoped(QuarterlyScore.objects.filter(pledge__cycle=cycle, pledge__status=Pledge.Status.APPROVED), user)
        .order_by().values_list("quarter").annotate(n=Count("pk"))
    )
    releases = {r.quarter: r for r in scoped(QuarterRelease.objects.filter(cycle=cycle), user)
                .select_related("released_by")}
    grades = dict(scoped(Result.objects.filter(cycle=cycle), user).order_by().values_list("grade")
                  .annotate(n=Count("pk")))
    officials, posts_per_official = org_selectors.principal_post_counts(user, cycle.district_id)
    exempt = scoped(Result.objects.filter(cycle=cycle).exclude(exempt_reason=""), user).count()
    return CycleOverview(expected, entered, releases, grades, officials, len(approved), exempt, posts_per_official)


def released_quarters(user, cycle) -> set[int]:
    """The quarters of `cycle` already released."""
    return set(scoped(QuarterRelease.objects.filter(cycle=cycle), user).values_list("quarter", flat=True))


def quarter_released(user, cycle, quarter: int) -> bool:
    return scoped(QuarterRelease.objects.filter(cycle=cycle, quarter=quarter), user).exists()


def quarter_unscored(user, cycle, quarter: int) -> int:
    """How many approved pledges of `cycle` that span `quarter` have no score for it yet: the
    pledges services.quarter_release would refuse to release over (one query)."""
    pending = (scoped(Pledge.objects.filter(cycle=cycle, status=Pledge.Status.APPROVED), user)
               .exclude(scores__quarter=quarter).values_list("kind", "official__appointed_on"))
    return sum(1 for kind, appointed_on in pending
               if quarter in spanned_quarters(kind=kind, cycle_year=cycle.year, appointed_on=appointed_on))


# --- the quarterly score grid ------------------------------------------------------------------------


def score_pledges(user, quarter: int, *, cycle=None, unit: int | None = None) -> QuerySet:
    """Approved pledges `user` may read (of `cycle` and `unit`, when given), shaped for the grid:
    official and unit joined, the latest progress (percent, a snippet, when) and the latest
    evidence file as subqueries, and the score of `quarter` prefetched (`quarter_scores`) — a
    fixed number of queries for any number of rows."""
    latest = ProgressUpdate.objects.filter(pledge=OuterRef("pk")).order_by("-created_at", "-id")
    evidence = Evidence.objects.filter(progress__pledge=OuterRef("pk")).order_by(
        "-progress__created_at", "-progress_id", "-id")
    pledges = (
        scoped(Pledge.objects.filter(status=Pledge.Status.APPROVED), user)
        .select_related("official__unit", "cycle")
        .annotate(
            latest_percent=Subquery(latest.values("percent")[:1]),
            latest_text=Subquery(latest.annotate(snippet=Substr("text", 1, 60)).values("snippet")[:1]),
            latest_at=Subquery(latest.values("created_at")[:1]),
            evidence_id=Subquery(evidence.values("pk")[:1]),
            evidence_name=Subquery(evidence.values("original_name")[:1]),
        )
        .prefetch_related(Prefetch(
            "scores",
            queryset=scoped(QuarterlyScore.objects.filter(quarter=quarter), user).select_related("entered_by"),
            to_attr="quarter_scores",
        ))
        .order_by("official__unit__sort_order", "official__unit__name", "official__name", "official_id", "id")
    )
    if cycle is not None:
        pledges = pledges.filter(cycle=cycle)
    if unit:
        pledges = pledges.filter(official__unit_id=unit)
    return pledges


def score_pledge(user, quarter: int, pk: int) -> Pledge | None:
    """One pledge of the grid (score_pledges), or None."""
    return score_pledges(user, quarter).filter(pk=pk).first()


# --- year-end inputs -----------------------------------------------------------------------------------


def unit_scores(user, cycle) -> dict:
    """{unit id: score} of the cycle."""
    return dict(scoped(UnitScore.objects.filter(cycle=cycle), user).values_list("unit_id", "score"))


def survey_scores(user, cycle, official=None) -> defaultdict:
    """{official id: {rater group: score}} of the cycle (of one official, when given)."""
    rows = SurveyScore.objects.filter(cycle=cycle)
    if official is not None:
        rows = rows.filter(official=official)
    surveys = defaultdict(dict)
    for official_id, group, score in scoped(rows, user).values_list("official_id", "rater_group", "score"):
        surveys[official_id][group] = score
    return surveys


def political_reviews(user, cycle) -> dict:
    """{official id: PoliticalReview} of the cycle."""
    return {r.official_id: r for r in scoped(PoliticalReview.objects.filter(cycle=cycle), user)}


def political_review_of(user, cycle, official) -> PoliticalReview | None:
    return scoped(PoliticalReview.objects.filter(cycle=cycle, official=official), user).first()


def inputs_officials(user, cycle, *, unit: int | None = None) -> QuerySet:
    """The principal officials of the cycle's district (of `unit`, when given), unit joined, in
    the inputs page's order."""
    officials = org_selectors.district_officials(user, cycle.district_id, principal=True) \
        .order_by("unit__sort_order", "unit__name", "name", "id")
    return officials.filter(unit_id=unit) if unit else officials


def list_entries(user, cycle, *, unit: int | None = None) -> QuerySet:
    """The cycle's list entries with item, official, unit and recorder, by unit and official."""
    entries = scoped(ListEntry.objects.filter(cycle=cycle), user).select_related(
        "item", "official__unit", "recorded_by").order_by("official__unit__sort_order", "official__name", "item__kind",
                                                          "item__sort_order", "id")
    return entries.filter(official__unit_id=unit) if unit else entries


def list_items() -> QuerySet:
    """The positive and negative list catalog (shared by every district)."""
    return ListItem.objects.all()


def list_entry_for(user, pk, action: str = READ) -> ListEntry:
    """The list entry `pk` (cycle, official and item joined) for `action` (get_or_deny: 403/404)."""
    return get_or_deny(scoped(ListEntry.objects.select_related("cycle", "official", "item"), user), user, pk, action)


# --- results -------------------------------------------------------------------------------------------


def results_for_cycle(user, cycle) -> QuerySet:
    """A cycle's results that `user` may read, with official and unit joined, ranked first."""
    return (
        scoped(Result.objects.filter(cycle=cycle), user)
        .select_related("official", "unit")
        .order_by("rank", "official__name", "official_id")
    )


@dataclass
class FilteredResults:
    """A cycle's results as the results page shows them: the incomplete ones and the exempt
    ones (不确定等次) by name, the complete ones (a queryset, to paginate) in the chosen order."""

    incomplete: list[Result]
    exempt: list[Result]
    complete: QuerySet


def results_filtered(user, cycle, *, unit=None, q: str = "", grade: str = "", sort: str = "rank") -> FilteredResults:
    """A cycle's results narrowed to a unit and a name search (FilteredResults); the complete
    ones of `grade`, when given, by rank, composite or name."""
    rows = results_for_cycle(user, cycle)
    if unit:
        rows = rows.filter(unit_id=unit)
    if q:
        rows = rows.filter(official__name__icontains=q)
    unranked = list(rows.filter(rank__isnull=True).order_by("official__name", "official_id"))
    complete = rows.filter(rank__isnull=False)
    if grade:
        complete = complete.filter(grade=grade)
    if sort == "composite":
        complete = complete.order_by(F("composite").desc(nulls_last=True), "official__name", "official_id")
    elif sort == "name":
        complete = complete.order_by("official__name", "official_id")
    return FilteredResults([r for r in unranked if not r.exempt_reason], [r for r in unranked if r.exempt_reason],
                           complete)


def good_quota_use(cycle) -> tuple[int, int, int]:
    """(好 grades that count, the quota Q = ceil(good_quota × N), N complete officials) of the
    cycle's Results: the whole cycle's, as the quota rule counts them (the caller has checked
    that the user may read the cycle)."""
    from .rules import GOOD, good_quota

    counts = Result.objects.filter(cycle=cycle, rank__isnull=False).aggregate(
        n=Count("pk"), used=Count("pk", filter=Q(grade=GOOD)))
    return counts["used"], good_quota(counts["n"], cycle.settings["good_quota"]), counts["n"]


def exemptions(user, cycle) -> list[Exemption]:
    """The cycle's exemptions (不确定等次), official and unit joined, by unit and name."""
    return list(scoped(Exemption.objects.filter(cycle=cycle), user).select_related("official__unit", "recorded_by")
                .order_by("official__unit__sort_order", "official__name", "official_id"))


def exemption_for(user, pk, action: str = READ) -> Exemption:
    """The exemption `pk` (cycle and official joined) for `action` (get_or_deny: 403/404)."""
    return get_or_deny(scoped(Exemption.objects.select_related("cycle", "official"), user), user, pk, action)


def new_in_post_since(cycle):
    """The first day of the cycle's last `new_in_post_months` months (rules.new_in_post_since;
    older cycles without the setting use its default), or None when no one is suggested."""
    from cycles.cycle_settings import DEFAULTS

    from .rules import new_in_post_since as since

    return since(cycle.year, int(cycle.settings.get("new_in_post_months", DEFAULTS["new_in_post_months"])))


def new_in_post(officials: QuerySet, cycle) -> QuerySet:
    """Those of `officials` appointed to their post on or after new_in_post_since(cycle), in
    the cycle's year, and not yet exempt: suggested for 不确定等次 (new_in_post), for staff to
    confirm, never applied by itself."""
    since = new_in_post_since(cycle)
    if since is None:
        return officials.none()
    return officials.filter(appointed_on__gte=since, appointed_on__year=cycle.year).exclude(exemptions__cycle=cycle)


def new_in_post_suggestions(user, cycle) -> list[Official]:
    """The officials of the cycle's district that `user` may read suggested for new_in_post."""
    return list(new_in_post(inputs_officials(user, cycle), cycle))


def grade_overrides(user, cycle) -> dict:
    """{official id: GradeOverride} of the cycle."""
    return {o.official_id: o for o in scoped(GradeOverride.objects.filter(cycle=cycle), user)}


def outcome_executions(user, result_ids) -> QuerySet:
    """The consequences to carry out of these results, with who recorded them."""
    return scoped(OutcomeExecution.objects.filter(result_id__in=result_ids), user).select_related("recorded_by")


def outcome_execution_for(user, pk, action: str = READ) -> OutcomeExecution:
    """The consequence `pk` (result, official and cycle joined) for `action` (get_or_deny: 403/404)."""
    readable = scoped(OutcomeExecution.objects.select_related("result__official", "result__cycle"), user)
    return get_or_deny(readable, user, pk, action)


def ranked_composites(user, cycle) -> list:
    """The composites of the cycle's complete (ranked) results, for the distribution chart."""
    return list(scoped(Result.objects.filter(cycle=cycle, rank__isnull=False), user)
                .values_list("composite", flat=True))


def official_for(user, pk, *, related: tuple[str, ...] = ()) -> Official | None:
    """The official `pk` if `user` may read it (with `related` joined), else None."""
    return scoped(Official.objects.select_related(*related), user).filter(pk=pk).first()


# --- one official across years -----------------------------------------------------------------------


def _count_of(queryset):
    """A correlated COUNT(*) of `queryset` (filtered with OuterRef), 0 when there are none."""
    return Coalesce(Subquery(queryset.order_by().values("cycle").annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


@dataclass
class OfficialYears:
    """An official's results, newest year first, each annotated with `complete_n` (complete
    officials of its cycle), `eligible_n` (of them not vetoed) and `eligible_above` (not vetoed
    with a higher composite); the override reasons and the veto grounds per cycle id."""

    results: list[Result]
    overrides: dict[int, str]
    vetoes: dict[int, list[str]] = field(default_factory=dict)


def official_years(user, person: Official) -> OfficialYears:
    """What `user` may read of `person`'s years (OfficialYears)."""
    peers = Result.objects.filter(cycle=OuterRef("cycle"), rank__isnull=False)
    results = list(
        scoped(Result.objects.filter(official=person), user).select_related("cycle__district", "unit")
        .annotate(
            complete_n=_count_of(peers),
            eligible_n=_count_of(peers.filter(veto=False)),
            eligible_above=_count_of(peers.filter(veto=False, composite__gt=OuterRef("composite"))),
        ).order_by("-cycle__year")
    )
    overrides = {o.cycle_id: o.reason for o in scoped(GradeOverride.objects.filter(official=person), user)}
    vetoes = defaultdict(list)
    for cycle_id, title in scoped(ListEntry.objects.filter(ListEntry.COUNTED, official=person,
                                                           item__kind=ListItem.Kind.NEGATIVE), user) \
            .values_list("cycle_id", "item__title"):
        vetoes[cycle_id].append(_("负面清单“%(title)s”") % {"title": labels.catalog_text(title)})
    for cycle_id in scoped(PoliticalReview.objects.filter(official=person, qualified=False), user) \
            .values_list("cycle_id", flat=True):
        vetoes[cycle_id].append(_("政治素质测评不合格"))
    return OfficialYears(results, overrides, vetoes)


# --- the official's own view ---------------------------------------------------------------------------


@dataclass
class OwnYear:
    """One cycle of an official's own view: its approved pledges, each with `cells` (per quarter:
    spans, released, score), the released quarters and the result."""

    cycle: object
    pledges: list
    released: list[int]
    result: Result | None


def own_years(user, person: Official) -> list[OwnYear]:
    """An official's cycles, newest first, with its released quarterly scores per pledge and its
    results (scoping shows an official only released scores and finalized results); cycles with
    neither pledges nor a result are left out."""
    cycles = list(pledge_selectors.official_cycles(user, person))
    released = defaultdict(set)
    for cycle_id, quarter in scoped(QuarterRelease.objects.filter(cycle__in=cycles), user) \
            .values_list("cycle_id", "quarter"):
        released[cycle_id].add(quarter)
    scores = {(s.pledge_id, s.quarter): s for s in scoped(QuarterlyScore.objects.filter(
        pledge__official=person), user)}
    years = {c.pk: c.year for c in cycles}
    pledges = defaultdict(list)
    for pledge in scoped(Pledge.objects.filter(official=person, status=Pledge.Status.APPROVED,
                                               cycle__in=cycles), user).order_by("cycle_id", "category", "id"):
        spans = spanned_quarters(kind=pledge.kind, cycle_year=years[pledge.cycle_id],
                                 appointed_on=person.appointed_on)
        pledge.cells = [{
            "quarter": q, "spans": q in spans, "released": q in released[pledge.cycle_id],
            "score": scores.get((pledge.pk, q)),
        } for q in QUARTERS]
        pledges[pledge.cycle_id].append(pledge)
    for rows in pledges.values():
        rows.sort(key=lambda p: (CATEGORY_ORDER.get(p.category, 9), p.pk))
    results = {r.cycle_id: r for r in scoped(Result.objects.filter(official=person), user)}
    return [OwnYear(cycle, pledges[cycle.pk], sorted(released[cycle.pk]), results.get(cycle.pk))
            for cycle in cycles if pledges[cycle.pk] or results.get(cycle.pk) is not None]
