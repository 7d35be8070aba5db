"""The quarterly score grid: one row per approved pledge spanning the quarter, saved row by row
(htmx) or all changed rows at once (a plain POST, works without JavaScript)."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import about, roles
from accounts.scoping import CHANGE, may
from core.web import errors_onto_form, report_form
from cycles import selectors as cycle_selectors
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from org import selectors as org_selectors
from pledges.models import Pledge
from pledges.rules import spanned_quarters

from .. import selectors, services
from ..forms import GridFilterForm, ScoreRowForm
from ..models import QuarterlyScore
from .common import QUARTERS, READERS, take_problems


@dataclass
class ScoreRow:
    pledge: Pledge
    score: QuarterlyScore | None
    form: ScoreRowForm
    milestones: list = field(default_factory=list)
    status: str = ""  # "", "saved", "error"

    @property
    def prefix(self) -> str:
        return f"row-{self.pledge.pk}"

    @property
    def params(self) -> str:
        """The request parameters of this row alone (hx-params): the grid is one big form."""
        return ",".join(f"{self.prefix}-{name}" for name in ScoreRowForm.base_fields)


def _score_row(pledge: Pledge, quarter: int, data=None, status: str = "") -> ScoreRow:
    score = pledge.quarter_scores[0] if pledge.quarter_scores else None
    prefix = f"row-{pledge.pk}"
    form = ScoreRowForm(data, prefix=prefix, initial=ScoreRowForm.initial_of(score))
    milestones = sorted((m for m in pledge.milestones if isinstance(m, dict) and m.get("quarter") == quarter),
                        key=lambda m: m.get("due_on") or "")
    return ScoreRow(pledge, score, form, milestones, status)


def _spans(pledge: Pledge, quarter: int) -> bool:
    return quarter in spanned_quarters(kind=pledge.kind, cycle_year=pledge.cycle.year,
                                       appointed_on=pledge.official.appointed_on)


def _grid_url(cycle: Cycle, quarter: int, unit: int | None = None, row: int | None = None) -> str:
    query = f"?quarter={quarter}" + (f"&unit={unit}" if unit else "")
    return reverse("evaluations:grid", args=[cycle.pk]) + query + (f"#row-{row}" if row else "")


def _record(user, row: ScoreRow, quarter: int) -> bool:
    """Validate the row's form and record it through the service; errors go on the form."""
    if not row.form.is_valid():
        row.status = "error"
        return False
    try:
        services.quarterly_score_record(actor=user, pledge=row.pledge, quarter=quarter, **row.form.service_kwargs())
    except ValidationError as exc:
        errors_onto_form(row.form, exc)
        row.status = "error"
        return False
    row.status = "saved"
    return True


def _may_score(user) -> bool:
    return may(user, CHANGE, QuarterlyScore) and may(user, CHANGE, Cycle)


@about(Cycle)
@roles(*READERS)
def grid(request, pk: int):
    """One row per approved pledge spanning the quarter, each saved on its own (htmx, see
    score_row) or all changed rows at once by a plain POST (works without JavaScript)."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk)
    units = list(org_selectors.district_units(user, cycle.district_id))
    released = selectors.released_quarters(user, cycle)
    data = request.GET.copy()
    if data.get("quarter") not in {str(q) for q in QUARTERS}:
        data["quarter"] = str(next((q for q in QUARTERS if q not in released), 4))
    filters = GridFilterForm(data, units=units)
    filters.is_valid()  # a stale unit id is ignored; the quarter was made valid above
    quarter = filters.cleaned_data.get("quarter") or int(data["quarter"])
    unit = filters.cleaned_data.get("unit")
    can_score = _may_score(user)
    scoring_refusal = states.refusal(cycle, Activity.SCORING)
    if request.method == "POST" and not can_score:
        raise PermissionDenied

    pledges = selectors.score_pledges(user, quarter, cycle=cycle, unit=unit)
    rows = [_score_row(p, quarter) for p in pledges if _spans(p, quarter)]

    status = 200
    if request.method == "POST":
        only = request.POST.get("save_row", "")
        saved = failed = 0
        for row in rows:
            prefix = row.prefix
            if f"{prefix}-method" not in request.POST or (only and only != str(row.pledge.pk)):
                continue
            row.form = ScoreRowForm(request.POST, prefix=prefix, initial=ScoreRowForm.initial_of(row.score))
            if not only and not row.form.has_changed():
                continue
            if _record(user, row, quarter):
                saved += 1
            else:
                failed += 1
        if not failed:
            if saved:
                messages.success(request, _("已保存 %(n)s 项评分。") % {"n": saved})
            else:
                messages.info(request, _("没有需要保存的修改。"))
            return redirect(_grid_url(cycle, quarter, unit, int(only) if only.isdigit() else None))
        messages.error(request, _("%(ok)s 项已保存，%(bad)s 项有误未保存，请按各行提示修改后再保存。") % {
            "ok": saved, "bad": failed})
        status = 400

    scored = sum(1 for r in rows if r.score is not None or r.status == "saved")
    return render(request, "evaluations/grid.html", {
        "cycle": cycle, "filters": filters, "quarter": quarter, "unit": unit, "rows": rows,
        "quarters": [{"quarter": q, "released": q in released} for q in QUARTERS],
        "released": quarter in released, "can_score": can_score and not scoring_refusal,
        "scoring_refusal": scoring_refusal, "scored": scored,
        "can_release": can_score and not scoring_refusal and quarter not in released,
        "release_problems": take_problems(request, f"release-{cycle.pk}"),
        "methods": ScoreRowForm.base_fields["method"].choices,
    }, status=status)


def _quarter_param(request) -> int | None:
    raw = request.GET.get("quarter", "")
    return int(raw) if raw in {str(q) for q in QUARTERS} else None


@about(Pledge)
@roles(*READERS)
def score_row(request, pk: int):
    """One grid row: GET renders it, POST records it (services.quarterly_score_record) and
    answers htmx with the row in its saved or error state; without htmx it redirects (PRG)."""
    user = request.user
    quarter = _quarter_param(request)
    if quarter is None:
        return HttpResponseBadRequest(_("请指定季度（quarter=1–4）。"))
    pledge = selectors.score_pledge(user, quarter, pk)
    if pledge is None or not _spans(pledge, quarter):
        raise Http404
    cycle = pledge.cycle
    released = selectors.quarter_released(user, cycle, quarter)
    can_score = _may_score(user)
    if request.method == "POST" and not can_score:
        raise PermissionDenied
    if not request.htmx and request.method != "POST":
        return redirect(_grid_url(cycle, quarter, row=pledge.pk))

    row = _score_row(pledge, quarter)
    status = 200
    if request.method == "POST":
        row.form = ScoreRowForm(request.POST, prefix=row.prefix, initial=ScoreRowForm.initial_of(row.score))
        ok = _record(user, row, quarter)
        if not request.htmx:
            if ok:
                messages.success(request, _("已保存“%(title)s”第 %(q)s 季度评分。")
                                 % {"title": pledge.title, "q": quarter})
            else:
                report_form(request, row.form, who=f"{pledge.official.name}·{pledge.title}")
            return redirect(_grid_url(cycle, quarter, row=pledge.pk))
        if ok:
            # The row as stored now, with a fresh form (the reason is not kept).
            pledge = selectors.score_pledge(user, quarter, pk)
            row = _score_row(pledge, quarter, status="saved")
        else:
            status = 422
    scoring_refusal = states.refusal(cycle, Activity.SCORING)
    return render(request, "evaluations/_score_row.html", {
        "row": row, "cycle": cycle, "quarter": quarter, "released": released,
        "can_score": can_score and not scoring_refusal,
    }, status=status)
