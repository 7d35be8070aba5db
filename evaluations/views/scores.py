"""The quarterly score grid: one row per approved pledge spanning the quarter, saved row by row
(htmx) or all changed rows at once (a plain POST, works without JavaScript)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

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
from ..forms import LETTER_CHOICES, METHOD_HELP, GridFilterForm, ScoreRowForm
from ..models import Method, QuarterlyScore
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


@dataclass
class SaveError:
    """A row "save all" could not save: its number in the grid (第 N 行) and why."""

    number: int
    row: ScoreRow
    reasons: str


def _reasons(form: ScoreRowForm) -> str:
    """A row form's errors as one line, each message once ("得分：…；修改理由：…")."""
    seen: list[tuple[str, str]] = []
    for name, errors in form.errors.items():
        label = str(form.fields[name].label) if name in form.fields else ""
        seen += [(label, message) for message in errors if message not in {m for _label, m in seen}]
    return _("；").join(_("%(label)s：%(message)s") % {"label": label, "message": message} if label else message
                        for label, message in seen)


def _grid_help(cycle: Cycle) -> dict:
    """What the grid explains: the points each quarterly letter counts as under the cycle's
    settings (also in the letter options) and what each way of gathering information means."""
    points = cycle.settings.get("letter_points") or {}
    shown = [(letter, format(Decimal(str(points[letter])).normalize(), "f"))
             for letter, _label in LETTER_CHOICES if letter in points]
    labels = {letter: _("%(letter)s（%(points)s分）") % {"letter": letter, "points": value} for letter, value in shown}
    return {
        "letter_points": shown,
        "letter_choices": [(value, labels.get(value, label)) for value, label in LETTER_CHOICES],
        "method_help": [(label, METHOD_HELP[value]) for value, label in Method.choices],
    }


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
    save_errors: list[SaveError] = []
    saved = 0
    if request.method == "POST":
        only = request.POST.get("save_row", "")
        for number, row in enumerate(rows, start=1):
            prefix = row.prefix
            if f"{prefix}-method" not in request.POST or (only and only != str(row.pledge.pk)):
                continue
            posted = ScoreRowForm(request.POST, prefix=prefix, initial=ScoreRowForm.initial_of(row.score))
            if not only and not posted.has_changed():
                continue  # shown as stored, not as a bound form with "fill in a score" errors
            row.form = posted
            if _record(user, row, quarter):
                saved += 1
            else:
                save_errors.append(SaveError(number, row, _reasons(row.form)))
        if not save_errors:
            if saved:
                messages.success(request, _("已保存 %(n)s 项评分。") % {"n": saved})
            else:
                messages.info(request, _("没有需要保存的修改。"))
            return redirect(_grid_url(cycle, quarter, unit, int(only) if only.isdigit() else None))
        status = 400

    scored = sum(1 for r in rows if r.score is not None or r.status == "saved")
    released_now = quarter in released
    may_release = can_score and not scoring_refusal and not released_now
    return render(request, "evaluations/grid.html", {
        "cycle": cycle, "filters": filters, "quarter": quarter, "unit": unit, "rows": rows,
        "quarters": [{"quarter": q, "released": q in released} for q in QUARTERS],
        "released": released_now, "can_score": can_score and not scoring_refusal,
        "scoring_refusal": scoring_refusal, "scored": scored,
        "unscored": None if released_now else selectors.quarter_unscored(user, cycle, quarter),
        "can_release": may_release,
        "release_problems": take_problems(request, f"release-{cycle.pk}"),
        "save_errors": save_errors, "saved": saved,
        **_grid_help(cycle),
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
        "can_score": can_score and not scoring_refusal, **_grid_help(cycle),
    }, status=status)
