"""Several districts side by side (SPEC section 13): the roll-up of an account that serves
several districts (a city organization department; the system administrator serves all), and
"compute all" — one Celery group of computes, one per district, run in parallel by the workers.

Each district's row is its current cycle (cycles.selectors.current_cycle: the year still being
finished, else the newest) with its counts. Every count is read through `scoped()` for the
user, district by district in the same set-based queries: a fixed number of queries however
many districts, and no row of a district the user does not serve."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Q
from django.utils.translation import gettext as _

from accounts.scoping import CHANGE, districts_of, scoped
from cycles import selectors as cycle_selectors
from cycles import services as cycle_services
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from pledges.models import Pledge

from .models import Grade, QuarterRelease, Result
from .tasks import cycle_compute_task

GRADES = (Grade.GOOD, Grade.AVERAGE, Grade.POOR)
# The dimensions whose averages the roll-up compares (Result fields).
DIMENSIONS = ("unit_score", "pledge_score", "survey_score", "composite")
TASK_KIND = "compute"  # the kind of a single compute: each district's results page shows its task


@dataclass
class DistrictRow:
    """One district of the roll-up: its current cycle (or None) and that cycle's counts."""

    district: object
    officials: int
    cycle: Cycle | None = None
    pledges_filed: int = 0  # submitted, approved or returned (not a draft)
    pledges_approved: int = 0
    released_quarters: list[int] = field(default_factory=list)
    results: int = 0  # officials with a computed Result
    grades: dict[str, int] = field(default_factory=lambda: {**{g.value: 0 for g in GRADES}, "none": 0})
    exempt: int = 0  # 不确定等次 (counted in grades["none"] too)
    incomplete: int = 0  # data missing (counted in grades["none"] too)
    averages: dict[str, float | None] = field(default_factory=lambda: dict.fromkeys(DIMENSIONS))
    computed_at: object = None
    computable: bool = False

    @property
    def finalized(self) -> bool:
        return self.cycle is not None and self.cycle.state == Cycle.State.FINALIZED


def rollup_rows(user) -> list[DistrictRow]:
    """Each district `user` serves, by code, with its current cycle's counts: principal
    officials, pledges filed and approved, the quarters released, Results computed, the grade
    distribution (好/一般/较差/no grade, of which exempt and incomplete), the average of each
    dimension over the graded Results, whether finalized, and whether it may be computed now.
    Five queries, whatever the number of districts."""
    districts = districts_of(user).order_by("code").annotate(
        official_count=Count("units__officials", filter=Q(units__officials__is_principal=True)))
    rows = {d.pk: DistrictRow(district=d, officials=d.official_count) for d in districts}
    current = cycle_selectors.current_cycles(cycle_selectors.cycle_list(user))
    cycle_ids = []
    for district_id, cycle in current.items():
        if district_id in rows:
            rows[district_id].cycle = cycle
            rows[district_id].computable = states.allows(cycle, Activity.COMPUTE)
            cycle_ids.append(cycle.pk)
    by_cycle = {row.cycle.pk: row for row in rows.values() if row.cycle is not None}

    # Grouped by (cycle, status), the columns of an index: PostgreSQL counts from the index alone.
    pledges = (scoped(Pledge.objects.filter(cycle_id__in=cycle_ids), user).order_by().values("cycle_id", "status")
               .annotate(n=Count("*")).values_list("cycle_id", "status", "n"))
    for cycle_id, status, n in pledges:
        row = by_cycle[cycle_id]
        row.pledges_filed += 0 if status == Pledge.Status.DRAFT else n
        row.pledges_approved += n if status == Pledge.Status.APPROVED else 0

    releases = scoped(QuarterRelease.objects.filter(cycle_id__in=cycle_ids), user).order_by("quarter")
    for cycle_id, quarter in releases.values_list("cycle_id", "quarter"):
        by_cycle[cycle_id].released_quarters.append(quarter)

    graded = Q(grade__in=[g.value for g in GRADES])
    results = (scoped(Result.objects.filter(cycle_id__in=cycle_ids), user).order_by().values("cycle_id")
               .annotate(total=Count("pk"), exempt=Count("pk", filter=~Q(exempt_reason="")),
                         incomplete=Count("pk", filter=Q(grade="", exempt_reason="")),
                         **{g.value: Count("pk", filter=Q(grade=g.value)) for g in GRADES},
                         **{f"avg_{d}": Avg(d, filter=graded) for d in DIMENSIONS},
                         latest=Max("computed_at")))
    for counts in results:
        row = by_cycle[counts["cycle_id"]]
        row.results, row.exempt, row.incomplete = counts["total"], counts["exempt"], counts["incomplete"]
        row.grades = {g.value: counts[g.value] for g in GRADES}
        row.grades["none"] = row.results - sum(row.grades.values())
        row.averages = {d: None if counts[f"avg_{d}"] is None else round(float(counts[f"avg_{d}"]), 2)
                        for d in DIMENSIONS}
        row.computed_at = counts["latest"]
    return list(rows.values())


def rollup_compute_start(*, actor, districts=None, queue: str | None = None
                         ) -> tuple[str | None, list[Cycle], list[DistrictRow]]:
    """Start computing the current cycle of each district `actor` serves (of `districts`, ids,
    when given) whose state allows computing, as one Celery group of per-cycle compute tasks
    (cycles.services.task_group_start), for the cycles `actor` may change. Returns the group id
    (None when no cycle may be computed), the cycles started, and the rows left out (no cycle, or its state does not
    allow computing: `row.cycle` and `row.computable` say which). QueueUnavailable when the
    broker is down."""
    chosen = None if districts is None else set(districts)
    current = cycle_selectors.current_cycles(cycle_selectors.cycle_list(actor))
    changeable = set(scoped(Cycle.objects.filter(pk__in=[c.pk for c in current.values()]), actor, CHANGE)
                     .values_list("pk", flat=True))
    starting, left_out = [], []
    for district in districts_of(actor).order_by("code"):
        if chosen is not None and district.pk not in chosen:
            continue
        cycle = current.get(district.pk)
        if cycle is not None and cycle.pk in changeable and states.allows(cycle, Activity.COMPUTE):
            starting.append(cycle)
        else:
            left_out.append(DistrictRow(district=district, officials=0, cycle=cycle))
    group_id = cycle_services.task_group_start(actor=actor, cycles=starting, kind=TASK_KIND,
                                               task=cycle_compute_task, queue=queue)
    return group_id, starting, left_out


def left_out_reason(row: DistrictRow) -> str:
    """Why "compute all" left a district out (a row of rollup_compute_start)."""
    if row.cycle is None:
        return _("尚未建立考核年度。")
    return states.refusal(row.cycle, Activity.COMPUTE) or _("无权计算该考核年度。")
