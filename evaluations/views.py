"""Evaluation pages: the cycle dashboard, the quarterly score grid, year-end inputs, results with
compute / override / finalize / consequences, an official's years, and the official's own view.

Every object is fetched through accounts.scoping for the signed-in user: an object the user may
read but not act on answers 403, one it may not read 404. Views validate with forms, call one
service or selector and render; changes are POST-only and redirect (PRG) — except the grid's row
endpoint, which answers htmx with the re-rendered row. Services' ValidationErrors come back as
cell, form or page messages, never as a 500.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles, signed_in
from accounts.models import Role
from accounts.scoping import CHANGE, DELETE, READ, get_or_deny, may, scoped
from cycles import cycle_settings, states
from cycles import selectors as cycle_selectors
from cycles import services as cycle_services
from cycles.models import Cycle
from cycles.states import Activity
from org.models import Official, Unit
from pledges import selectors as pledge_selectors
from pledges.models import Evidence, Pledge, ProgressUpdate
from pledges.rules import CATEGORIES, spanned_quarters

from . import charts, compute, rules, scoring, selectors, services
from .forms import (
    EntryAddForm,
    GridFilterForm,
    OfficialInputsForm,
    OutcomeForm,
    OverrideForm,
    ReasonForm,
    ReleaseForm,
    ResultsFilterForm,
    ScoreRowForm,
    UnitScoreForm,
    apply_service_errors,
)
from .models import (
    GradeOverride,
    ListEntry,
    ListItem,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    QuarterRelease,
    RaterGroup,
    Result,
    SurveyScore,
    UnitScore,
)
from .tasks import cycle_compute_task

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
RESULTS_PAGE_SIZE = 100
QUARTERS = (1, 2, 3, 4)
CATEGORY_ORDER = {code: n for n, code in enumerate(CATEGORIES)}


# --- helpers -------------------------------------------------------------------------------------


def _cycle_for(request, pk: int, action: str = READ) -> Cycle:
    return get_or_deny(scoped(Cycle.objects.select_related("district"), request.user), request.user, pk, action)


def _report(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _report_form(request, form, who: str = "") -> None:
    prefix = f"{who}：" if who else ""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields and form.fields[name].label else ""
        for error in errors:
            messages.error(request, f"{prefix}{label}：{error}" if label else f"{prefix}{error}")


def _back(request, default: str):
    """Back to where the form came from (`next`), if it is this site; else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def _keep_problems(request, key: str, title: str, items: list[str]) -> None:
    """A refusal with a list too long for a message (unscored pledges, incomplete officials):
    kept in the session and shown once by the page the redirect leads to."""
    request.session[f"evaluations:{key}"] = {"title": title, "items": items}


def _take_problems(request, key: str) -> dict | None:
    return request.session.pop(f"evaluations:{key}", None)


def _refused_list(exc: ValidationError) -> tuple[str, list[str]]:
    """A service error whose first message is a heading and the rest its items."""
    messages_ = exc.messages
    return (messages_[0], messages_[1:]) if len(messages_) > 1 else ("", messages_)


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


# Kept under its old name for the pages and their tests.
settings_rows = cycle_settings.display_rows


def _state_actions(cycle: Cycle, user) -> dict:
    """Which cycle actions the pages offer (the services remain the authority)."""
    can_change = may(user, CHANGE, Cycle)
    next_state = states.next_state(cycle)
    return {
        "can_change": can_change,
        "advance": can_change and next_state is not None,
        "advance_label": Cycle.State(next_state).label if next_state else "",
        "compute": can_change and states.allows(cycle, Activity.COMPUTE),
        "finalize": can_change and states.allows(cycle, Activity.FINALIZE),
        "override": can_change and states.allows(cycle, Activity.OVERRIDE),
        "record_outcomes": may(user, CHANGE, OutcomeExecution) and states.allows(cycle, Activity.OUTCOMES),
    }


# --- the index and the cycle dashboard ---------------------------------------------------------


@signed_in
def index(request):
    """The user's cycles, newest first; officials have their own page."""
    if request.user.role == Role.OFFICIAL:
        return redirect("evaluations:mine")
    cycles = list(scoped(Cycle.objects.select_related("district"), request.user).order_by("-year", "district__code"))
    return render(request, "evaluations/index.html", {
        "cycles": cycles, "with_district": len({c.district_id for c in cycles}) > 1,
    })


@about(Cycle)
@roles(*READERS)
def cycle(request, pk: int):
    """A cycle's state and allowed actions, settings, quarter releases and counts."""
    user = request.user
    cycle = _cycle_for(request, pk)
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
    can_release = may(user, CHANGE, Cycle) and states.allows(cycle, Activity.SCORING)
    quarters = [{
        "quarter": q, "expected": expected.get(q, 0), "entered": entered.get(q, 0), "release": releases.get(q),
        "complete": entered.get(q, 0) >= expected.get(q, 0),
        "can_release": can_release and q not in releases,
    } for q in QUARTERS]
    grades = dict(scoped(Result.objects.filter(cycle=cycle), user).order_by().values_list("grade").annotate(n=Count("pk")))
    officials = scoped(Official.objects.filter(unit__district_id=cycle.district_id, is_principal=True), user).count()
    return render(request, "evaluations/cycle.html", {
        "cycle": cycle,
        "states": Cycle.State.choices,
        "actions": _state_actions(cycle, user),
        "settings_rows": settings_rows(cycle.settings),
        "quarters": quarters,
        "counts": {"officials": officials, "approved": len(approved)},
        "grades": [(rules.GRADE_LABELS[g], g, grades.get(g, 0)) for g in rules.GRADE_LABELS],
        "incomplete": grades.get("", 0),
        "has_results": bool(grades),
        "release_problems": _take_problems(request, f"release-{cycle.pk}"),
        "finalize_problems": _take_problems(request, f"finalize-{cycle.pk}"),
    })


@about(Cycle)
@roles(*READERS)
@require_POST
def advance(request, pk: int):
    cycle = _cycle_for(request, pk, CHANGE)
    try:
        cycle = cycle_services.cycle_advance(actor=request.user, cycle=cycle)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("%(year)s 年度已进入“%(state)s”阶段。") % {
            "year": cycle.year, "state": cycle.get_state_display()})
    return redirect("evaluations:cycle", pk=cycle.pk)


@about(Cycle)
@roles(*READERS)
@require_POST
def release(request, pk: int):
    """Release a quarter; when refused, the unscored pledges are listed on the page."""
    cycle = _cycle_for(request, pk, CHANGE)
    form = ReleaseForm(request.POST)
    default = reverse("evaluations:cycle", args=[cycle.pk])
    if not form.is_valid():
        _report_form(request, form)
        return _back(request, default)
    quarter = form.cleaned_data["quarter"]
    try:
        services.quarter_release(actor=request.user, cycle=cycle, quarter=quarter)
    except ValidationError as exc:
        title, items = _refused_list(exc)
        if items and title:
            messages.error(request, _("第 %(q)s 季度未能发布。") % {"q": quarter})
            _keep_problems(request, f"release-{cycle.pk}", title, items)
        else:
            _report(request, exc)
    else:
        messages.success(request, _("已发布第 %(q)s 季度评分：干部可以查看本人得分，此后修改须说明理由。") % {"q": quarter})
    return _back(request, default)


# --- the quarterly score grid --------------------------------------------------------------------


def _score_pledges(user, quarter: int):
    """Approved pledges `user` may read, shaped for the grid: official and unit joined, the
    latest progress (percent, a snippet, when) and the latest evidence file as subqueries, and
    the score of `quarter` prefetched — a fixed number of queries for any number of rows."""
    latest = ProgressUpdate.objects.filter(pledge=OuterRef("pk")).order_by("-created_at", "-id")
    evidence = Evidence.objects.filter(progress__pledge=OuterRef("pk")).order_by(
        "-progress__created_at", "-progress_id", "-id")
    return (
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
            "scores", queryset=scoped(QuarterlyScore.objects.filter(quarter=quarter), user).select_related("entered_by"),
            to_attr="quarter_scores",
        ))
        .order_by("official__unit__sort_order", "official__unit__name", "official__name", "official_id", "id")
    )


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
        apply_service_errors(row.form, exc)
        row.status = "error"
        return False
    row.status = "saved"
    return True


@about(Cycle)
@roles(*READERS)
def grid(request, pk: int):
    """One row per approved pledge spanning the quarter, each saved on its own (htmx, see
    score_row) or all changed rows at once by a plain POST (works without JavaScript)."""
    user = request.user
    cycle = _cycle_for(request, pk)
    units = list(scoped(Unit.objects.filter(district_id=cycle.district_id), user).order_by("sort_order", "name"))
    released = set(scoped(QuarterRelease.objects.filter(cycle=cycle), user).values_list("quarter", flat=True))
    data = request.GET.copy()
    if data.get("quarter") not in {str(q) for q in QUARTERS}:
        data["quarter"] = str(next((q for q in QUARTERS if q not in released), 4))
    filters = GridFilterForm(data, units=units)
    filters.is_valid()  # a stale unit id is ignored; the quarter was made valid above
    quarter = filters.cleaned_data.get("quarter") or int(data["quarter"])
    unit = filters.cleaned_data.get("unit")
    can_score = may(user, CHANGE, QuarterlyScore) and may(user, CHANGE, Cycle)
    scoring_refusal = states.refusal(cycle, Activity.SCORING)
    if request.method == "POST" and not can_score:
        raise PermissionDenied

    pledges = _score_pledges(user, quarter).filter(cycle=cycle)
    if unit:
        pledges = pledges.filter(official__unit_id=unit)
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
        "release_problems": _take_problems(request, f"release-{cycle.pk}"),
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
    pledge = _score_pledges(user, quarter).filter(pk=pk).first()
    if pledge is None or not _spans(pledge, quarter):
        raise Http404
    cycle = pledge.cycle
    released = scoped(QuarterRelease.objects.filter(cycle=cycle, quarter=quarter), user).exists()
    can_score = may(user, CHANGE, QuarterlyScore) and may(user, CHANGE, Cycle)
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
                messages.success(request, _("已保存“%(title)s”第 %(q)s 季度评分。") % {"title": pledge.title, "q": quarter})
            else:
                _report_form(request, row.form, who=f"{pledge.official.name}·{pledge.title}")
            return redirect(_grid_url(cycle, quarter, row=pledge.pk))
        if ok:
            # The row as stored now, with a fresh form (the reason is not kept).
            pledge = _score_pledges(user, quarter).get(pk=pk)
            row = _score_row(pledge, quarter, status="saved")
        else:
            status = 422
    scoring_refusal = states.refusal(cycle, Activity.SCORING)
    return render(request, "evaluations/_score_row.html", {
        "row": row, "cycle": cycle, "quarter": quarter, "released": released,
        "can_score": can_score and not scoring_refusal,
    }, status=status)


# --- year-end inputs -------------------------------------------------------------------------------


@about(Cycle)
@roles(*READERS)
def inputs(request, pk: int):
    """Per unit its unit score; per official the four survey groups and the political review;
    the list entries with add and remove. Forms only where the user and the state allow."""
    user = request.user
    cycle = _cycle_for(request, pk)
    can_change = may(user, CHANGE, Cycle)
    year_end_refusal = states.refusal(cycle, Activity.YEAR_END)
    list_refusal = states.refusal(cycle, Activity.LIST_ENTRIES)
    units = list(scoped(Unit.objects.filter(district_id=cycle.district_id), user).order_by("sort_order", "name"))
    unit_filter = request.GET.get("unit", "")
    unit_id = int(unit_filter) if unit_filter.isdigit() and int(unit_filter) in {u.pk for u in units} else None

    unit_scores = dict(scoped(UnitScore.objects.filter(cycle=cycle), user).values_list("unit_id", "score"))
    unit_rows = [{"unit": u, "score": unit_scores.get(u.pk),
                  "form": UnitScoreForm(initial={"unit": u.pk, "score": unit_scores.get(u.pk)},
                                        auto_id=f"unit{u.pk}_%s")}
                 for u in units if unit_id is None or u.pk == unit_id]

    officials = scoped(Official.objects.filter(unit__district_id=cycle.district_id, is_principal=True), user) \
        .select_related("unit").order_by("unit__sort_order", "unit__name", "name", "id")
    surveys = defaultdict(dict)
    for official_id, group, score in scoped(SurveyScore.objects.filter(cycle=cycle), user).values_list(
            "official_id", "rater_group", "score"):
        surveys[official_id][group] = score
    reviews = {r.official_id: r for r in scoped(PoliticalReview.objects.filter(cycle=cycle), user)}
    official_rows = []
    for official in (officials.filter(unit_id=unit_id) if unit_id else officials):
        review = reviews.get(official.pk)
        initial = {"official": official.pk, **{f"survey_{g}": s for g, s in surveys[official.pk].items()}}
        if review is not None:
            initial.update(qualified="yes" if review.qualified else "no", review_note=review.note)
        missing = []
        if not surveys[official.pk]:
            missing.append(_("多维测评"))
        if review is None:
            missing.append(_("政治素质测评"))
        official_rows.append({"official": official, "review": review, "missing": missing,
                              "survey_cells": [(g.label, surveys[official.pk].get(g.value)) for g in RaterGroup],
                              "form": OfficialInputsForm(initial=initial, auto_id=f"off{official.pk}_%s")})

    entries = scoped(ListEntry.objects.filter(cycle=cycle), user).select_related(
        "item", "official__unit", "recorded_by").order_by("official__unit__sort_order", "official__name", "item__kind",
                                                          "item__sort_order", "id")
    if unit_id:
        entries = entries.filter(official__unit_id=unit_id)
    entry_form = EntryAddForm(officials=officials, items=ListItem.objects.all(), auto_id="entry_%s") \
        if can_change and not list_refusal else None
    return render(request, "evaluations/inputs.html", {
        "cycle": cycle, "can_change": can_change, "units": units, "unit_id": unit_id,
        "year_end_refusal": year_end_refusal, "list_refusal": list_refusal,
        "can_year_end": can_change and not year_end_refusal, "can_list": can_change and not list_refusal,
        "unit_rows": unit_rows, "official_rows": official_rows, "entries": list(entries), "entry_form": entry_form,
    })


def _inputs_url(cycle: Cycle, anchor: str = "") -> str:
    return reverse("evaluations:inputs", args=[cycle.pk]) + (f"#{anchor}" if anchor else "")


@about(Cycle)
@roles(*READERS)
@require_POST
def unit_score(request, pk: int):
    cycle = _cycle_for(request, pk, CHANGE)
    form = UnitScoreForm(request.POST)
    if not form.is_valid():
        _report_form(request, form)
        return _back(request, _inputs_url(cycle, "units"))
    unit = scoped(Unit.objects.filter(district_id=cycle.district_id), request.user).filter(
        pk=form.cleaned_data["unit"]).first()
    if unit is None:
        raise Http404
    try:
        services.unit_score_record(actor=request.user, unit=unit, cycle=cycle, score=form.cleaned_data["score"])
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("已保存%(unit)s的综合绩效得分。") % {"unit": unit.name})
    return _back(request, _inputs_url(cycle, f"unit-{unit.pk}"))


@about(Cycle)
@roles(*READERS)
@require_POST
def official_inputs(request, pk: int):
    """An official's survey scores and political review: what changed is recorded through
    survey_score_record / political_review_record, together or not at all."""
    user = request.user
    cycle = _cycle_for(request, pk, CHANGE)
    form = OfficialInputsForm(request.POST)
    if not form.is_valid():
        _report_form(request, form)
        return _back(request, _inputs_url(cycle, "officials"))
    official = scoped(Official.objects.filter(unit__district_id=cycle.district_id), user).select_related("unit") \
        .filter(pk=form.cleaned_data["official"]).first()
    if official is None:
        raise Http404
    current = dict(scoped(SurveyScore.objects.filter(cycle=cycle, official=official), user)
                   .values_list("rater_group", "score"))
    review = scoped(PoliticalReview.objects.filter(cycle=cycle, official=official), user).first()
    surveys, review_change = form.changed_surveys(current), form.review_change(review)
    if not surveys and review_change is None:
        messages.info(request, _("%(name)s：没有需要保存的修改。") % {"name": official.name})
        return _back(request, _inputs_url(cycle, f"official-{official.pk}"))
    try:
        with transaction.atomic():
            for group, score in surveys.items():
                services.survey_score_record(actor=user, official=official, cycle=cycle, rater_group=group, score=score)
            if review_change is not None:
                services.political_review_record(actor=user, official=official, cycle=cycle, **review_change)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("已保存%(name)s的年底测评。") % {"name": official.name})
    return _back(request, _inputs_url(cycle, f"official-{official.pk}"))


@about(Cycle)
@roles(*READERS)
@require_POST
def entry_add(request, pk: int):
    user = request.user
    cycle = _cycle_for(request, pk, CHANGE)
    officials = scoped(Official.objects.filter(unit__district_id=cycle.district_id), user).select_related("unit")
    form = EntryAddForm(request.POST, officials=officials, items=ListItem.objects.all())
    if not form.is_valid():
        _report_form(request, form)
        return _back(request, _inputs_url(cycle, "entries"))
    data = form.cleaned_data
    try:
        services.list_entry_add(actor=user, official=data["official"], cycle=cycle, item=data["item"],
                                note=data.get("note", ""))
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("已为%(name)s记录%(kind)s：%(title)s。") % {
            "name": data["official"].name, "kind": data["item"].get_kind_display(), "title": data["item"].title})
    return _back(request, _inputs_url(cycle, "entries"))


@about(ListEntry)
@roles(*READERS)
@require_POST
def entry_remove(request, pk: int):
    user = request.user
    readable = scoped(ListEntry.objects.select_related("cycle", "official", "item"), user)
    entry = scoped(readable, user, DELETE).filter(pk=pk).first()
    if entry is None:
        if readable.filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("删除清单记录须说明理由。"))
        return _back(request, _inputs_url(entry.cycle, "entries"))
    try:
        services.list_entry_remove(actor=user, entry=entry, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("已删除%(name)s的清单记录“%(title)s”。") % {
            "name": entry.official.name, "title": entry.item.title})
    return _back(request, _inputs_url(entry.cycle, "entries"))


# --- results ---------------------------------------------------------------------------------------


def _task_panel(request, cycle: Cycle) -> dict | None:
    """The compute task named by ?task=, if it is this cycle's and the user may see it."""
    return cycle_selectors.task_panel(request.user, request.GET.get("task", ""), cycle=cycle, labels={
        "pending": _("排队中"), "running": _("计算中"), "success": _("计算完成"), "failure": _("计算失败")})


def _outcome_labels(codes) -> list[tuple[str, str, bool]]:
    return [(code, rules.OUTCOME_LABELS.get(code, code), code in rules.POSITIVE_OUTCOMES) for code in codes]


@about(Cycle)
@roles(*READERS)
def results(request, pk: int):
    """Ranked results with filters and sorting, the incomplete officials with what is missing,
    the distribution chart, compute with a progress bar, overrides, finalize, consequences."""
    user = request.user
    cycle = _cycle_for(request, pk)
    units = list(scoped(Unit.objects.filter(district_id=cycle.district_id), user).order_by("sort_order", "name"))
    filters = ResultsFilterForm(request.GET, units=units)
    filters.is_valid()
    chosen = filters.cleaned_data
    rows = selectors.results_for_cycle(user, cycle)
    if chosen.get("unit"):
        rows = rows.filter(unit_id=chosen["unit"])
    if chosen.get("q"):
        rows = rows.filter(official__name__icontains=chosen["q"])
    incomplete = list(rows.filter(rank__isnull=True).order_by("official__name", "official_id"))
    complete = rows.filter(rank__isnull=False)
    if chosen.get("grade"):
        complete = complete.filter(grade=chosen["grade"])
    sort = chosen.get("sort") or "rank"
    if sort == "composite":
        complete = complete.order_by(F("composite").desc(nulls_last=True), "official__name", "official_id")
    elif sort == "name":
        complete = complete.order_by("official__name", "official_id")
    page = Paginator(complete, RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)

    overrides = {o.official_id: o for o in scoped(GradeOverride.objects.filter(cycle=cycle), user)}
    executions = defaultdict(list)
    if cycle.state == Cycle.State.FINALIZED:
        for execution in scoped(OutcomeExecution.objects.filter(result_id__in=[r.pk for r in shown]), user) \
                .select_related("recorded_by"):
            execution.label = rules.OUTCOME_LABELS.get(execution.code, execution.code)
            execution.form = OutcomeForm(initial={
                "carried_out": "yes" if execution.carried_out else "no", "carried_out_on": execution.carried_out_on,
                "note": execution.note}, auto_id=f"ex{execution.pk}_%s")
            executions[execution.result_id].append(execution)
    for result in shown + incomplete:
        result.grade_label = rules.GRADE_LABELS.get(result.grade, "")
        result.computed_label = rules.GRADE_LABELS.get(result.computed_grade, "")
        result.overridden = bool(result.grade) and result.grade != result.computed_grade \
            or result.official_id in overrides
        result.override = overrides.get(result.official_id)
        result.outcome_labels = _outcome_labels(result.outcomes)
        result.missing_labels = [scoring.MISSING_LABELS.get(m, m) for m in result.missing]
        result.execution_rows = executions.get(result.pk, [])

    composites = list(scoped(Result.objects.filter(cycle=cycle, rank__isnull=False), user)
                      .values_list("composite", flat=True))
    settings = cycle.settings
    chart_args = {"poor_threshold": settings["poor_threshold"], "good_threshold": settings["good_threshold"],
                  "title": _("%(year)s 年度综合得分分布") % {"year": cycle.year}}
    # A wide chart for desktops and a narrow one with larger text for phones; CSS shows one.
    chart = charts.composite_histogram(composites, **chart_args)
    chart_narrow = charts.composite_histogram(composites, width=360, height=250, font_size=13, ident="hist-narrow",
                                              **chart_args)
    return render(request, "evaluations/results.html", {
        "cycle": cycle, "filters": filters, "page": page, "rows": shown, "incomplete": incomplete,
        "actions": _state_actions(cycle, user), "sort": sort,
        "compute_refusal": states.refusal(cycle, Activity.COMPUTE),
        "task": _task_panel(request, cycle),
        "chart": chart, "chart_narrow": chart_narrow, "complete_count": len(composites),
        "settings_rows": settings_rows(settings),
        "finalize_problems": _take_problems(request, f"finalize-{cycle.pk}"),
        "grade_choices": [(g, rules.GRADE_LABELS[g]) for g in rules.GRADE_LABELS],
        "has_results": bool(composites) or bool(incomplete) or page.paginator.count > 0,
    })


def _results_url(cycle: Cycle, **query) -> str:
    url = reverse("evaluations:results", args=[cycle.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@about(Cycle)
@roles(*READERS)
@require_POST
def compute_start(request, pk: int):
    """Start computing (a Celery task) and follow it on the results page's progress bar."""
    cycle = _cycle_for(request, pk, CHANGE)
    try:
        states.require(cycle, Activity.COMPUTE)
        task_id = cycle_services.task_start(actor=request.user, cycle=cycle, kind="compute", task=cycle_compute_task,
                                      args=[cycle.pk])
    except ValidationError as exc:
        _report(request, exc)
        return redirect(_results_url(cycle))
    except cycle_services.QueueUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(_results_url(cycle))
    messages.info(request, _("已开始计算考核结果。"))
    return redirect(_results_url(cycle, task=task_id) + "#compute")


@about(Cycle)
@roles(*READERS)
@require_POST
def override(request, pk: int):
    """Set an official's grade with the reason (compute.grade_override), or clear it."""
    user = request.user
    cycle = _cycle_for(request, pk, CHANGE)
    form = OverrideForm(request.POST)
    back = _results_url(cycle)
    if not form.is_valid():
        _report_form(request, form)
        return _back(request, back)
    official = scoped(Official.objects.all(), user).filter(pk=form.cleaned_data["official"]).first()
    if official is None:
        raise Http404
    data = form.cleaned_data
    try:
        if data.get("clear"):
            compute.grade_override_clear(actor=user, cycle=cycle, official=official, reason=data.get("reason", ""))
        else:
            compute.grade_override(actor=user, cycle=cycle, official=official, grade=data["grade"],
                                   reason=data["reason"])
    except ValidationError as exc:
        _report(request, exc)
    else:
        if data.get("clear"):
            messages.success(request, _("已撤销%(name)s的等次调整。") % {"name": official.name})
        else:
            messages.success(request, _("已将%(name)s的等次调整为“%(grade)s”。") % {
                "name": official.name, "grade": rules.GRADE_LABELS[data["grade"]]})
    return _back(request, back)


@about(Cycle)
@roles(*READERS)
@require_POST
def finalize(request, pk: int):
    """evaluating → finalized; when refused, every incomplete official is listed."""
    cycle = _cycle_for(request, pk, CHANGE)
    try:
        cycle = compute.cycle_finalize(actor=request.user, cycle=cycle)
    except ValidationError as exc:
        problems = exc.message_dict.get("incomplete") if hasattr(exc, "error_dict") else None
        if problems:
            messages.error(request, _("未能定档：%(n)s 名干部数据不全。") % {"n": len(problems)})
            _keep_problems(request, f"finalize-{cycle.pk}", _("以下干部数据不全，补齐后才能定档："), problems)
        else:
            _report(request, exc)
    else:
        messages.success(request, _("%(year)s 年度已定档：结果已冻结，可记录结果运用落实情况。") % {"year": cycle.year})
    return _back(request, _results_url(cycle))


@about(OutcomeExecution)
@roles(*READERS)
@require_POST
def outcome(request, pk: int):
    """Record whether and when a consequence was carried out."""
    user = request.user
    readable = scoped(OutcomeExecution.objects.select_related("result__official", "result__cycle"), user)
    execution = scoped(readable, user, CHANGE).filter(pk=pk).first()
    if execution is None:
        if readable.filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    back = _results_url(execution.result.cycle)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        _report_form(request, form, who=execution.result.official.name)
        return _back(request, back)
    data = form.cleaned_data
    try:
        compute.outcome_execution_record(actor=user, execution=execution, carried_out=data["carried_out"],
                                         carried_out_on=data.get("carried_out_on"), note=data.get("note", ""))
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("已记录%(name)s“%(label)s”的落实情况。") % {
            "name": execution.result.official.name, "label": rules.OUTCOME_LABELS.get(execution.code, execution.code)})
    return _back(request, back)


# --- one official across years ---------------------------------------------------------------------


def grade_reasons(*, composite, grade: str, computed_grade: str, veto: bool, eligible: int,
                  good_rank: int | None, quota_places: int, settings: dict, veto_detail: list[str] = (),
                  override_reason: str = "") -> list[str]:
    """Why an official got its grade, in sentences (SPEC section 4), from plain values:
    the composite against the thresholds, the rank among the non-vetoed against the 好 quota,
    the veto, and the committee's override."""
    poor, good = Decimal(str(settings["poor_threshold"])), Decimal(str(settings["good_threshold"]))
    labels = rules.GRADE_LABELS
    if composite is None or not computed_grade:
        return [_("数据不全，未评定等次。")]
    reasons = []
    score = f"{Decimal(composite):.2f}"
    if computed_grade == rules.POOR:
        reasons.append(_("综合得分 %(score)s 低于 %(poor)s，评定为“较差”。") % {"score": score, "poor": _number(poor)})
    elif veto:
        why = "、".join(veto_detail) if veto_detail else _("存在负面清单情形或政治素质测评不合格")
        reasons.append(_("因%(why)s被一票否决，等次最高为“一般”。") % {"why": why})
    elif computed_grade == rules.GOOD:
        reasons.append(_("综合得分 %(score)s ≥ %(good)s，在未被一票否决的 %(n)s 人中排名第 %(r)s 位，"
                         "位于“好”等次名额（%(q)s 人）之内。") % {
            "score": score, "good": _number(good), "n": eligible, "r": good_rank, "q": quota_places})
    elif Decimal(composite) >= good:
        reasons.append(_("综合得分 %(score)s ≥ %(good)s，但在未被一票否决的 %(n)s 人中排名第 %(r)s 位，"
                         "超出“好”等次名额（%(q)s 人），评定为“一般”。") % {
            "score": score, "good": _number(good), "n": eligible, "r": good_rank, "q": quota_places})
    else:
        reasons.append(_("综合得分 %(score)s 不低于 %(poor)s、低于“好”等次分数线 %(good)s，评定为“一般”。") % {
            "score": score, "poor": _number(poor), "good": _number(good)})
    if grade and grade != computed_grade:
        text = _("经区委研究，等次由“%(old)s”调整为“%(new)s”。") % {"old": labels[computed_grade], "new": labels[grade]}
        reasons.append(text + (_("理由：%(reason)s") % {"reason": override_reason} if override_reason else ""))
    return reasons


def _count_of(queryset):
    """A correlated COUNT(*) of `queryset` (filtered with OuterRef), 0 when there are none."""
    return Coalesce(Subquery(queryset.order_by().values("cycle").annotate(n=Count("pk")).values("n")[:1],
                             output_field=IntegerField()), Value(0))


@about(Official)
@signed_in
def official(request, pk: int):
    """An official's years: the four dimensions, composite, rank, grade, outcomes and the reasons;
    a chart of composite and grade across years. Staff and leaders see every year of the
    officials of their districts; an official sees itself, finalized years only (scoping)."""
    user = request.user
    person = scoped(Official.objects.select_related("unit__district"), user).filter(pk=pk).first()
    if person is None:
        raise Http404
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
    for cycle_id, title in scoped(ListEntry.objects.filter(official=person, item__kind=ListItem.Kind.NEGATIVE), user) \
            .values_list("cycle_id", "item__title"):
        vetoes[cycle_id].append(_("负面清单“%(title)s”") % {"title": title})
    for cycle_id in scoped(PoliticalReview.objects.filter(official=person, qualified=False), user) \
            .values_list("cycle_id", flat=True):
        vetoes[cycle_id].append(_("政治素质测评不合格"))
    for result in results:
        settings = result.cycle.settings
        result.grade_label = rules.GRADE_LABELS.get(result.grade, "")
        result.computed_label = rules.GRADE_LABELS.get(result.computed_grade, "")
        result.outcome_labels = _outcome_labels(result.outcomes)
        result.missing_labels = [scoring.MISSING_LABELS.get(m, m) for m in result.missing]
        result.reasons = grade_reasons(
            composite=result.composite, grade=result.grade, computed_grade=result.computed_grade, veto=result.veto,
            eligible=result.eligible_n, good_rank=None if result.veto else result.eligible_above + 1,
            quota_places=rules.good_quota(result.complete_n, settings["good_quota"]), settings=settings,
            veto_detail=vetoes.get(result.cycle_id, []), override_reason=overrides.get(result.cycle_id, ""),
        )
    latest = results[0].cycle.settings if results else cycle_settings.DEFAULTS
    points = [charts.YearPoint(r.cycle.year, r.composite, r.grade or None, r.grade_label) for r in results]
    chart_args = {"poor_threshold": latest["poor_threshold"], "good_threshold": latest["good_threshold"],
                  "title": _("%(name)s 历年综合得分与等次") % {"name": person.name}}
    return render(request, "evaluations/official.html", {
        "person": person, "results": results, "is_self": user.official_id == person.pk,
        "chart": charts.composite_trend(points, **chart_args),
        "chart_narrow": charts.composite_trend(points, width=360, height=250, font_size=13, ident="trend-narrow",
                                               **chart_args),
    })


# --- the official's own view -------------------------------------------------------------------------


@signed_in
def mine(request):
    """An official's released quarterly scores per pledge and quarter, and its finalized results.
    Other roles go to the cycles."""
    user = request.user
    if user.role != Role.OFFICIAL:
        return redirect("evaluations:index")
    person = scoped(Official.objects.select_related("unit"), user).filter(pk=user.official_id).first() \
        if user.official_id else None
    sections = []
    if person is not None:
        cycles = list(pledge_selectors.official_cycles(user, person).order_by("-year"))
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
        for cycle in cycles:
            result = results.get(cycle.pk)
            if result is not None:
                result.grade_label = rules.GRADE_LABELS.get(result.grade, "")
                result.outcome_labels = _outcome_labels(result.outcomes)
            if not pledges[cycle.pk] and result is None:
                continue
            sections.append({"cycle": cycle, "pledges": pledges[cycle.pk], "released": sorted(released[cycle.pk]),
                             "result": result})
    return render(request, "evaluations/mine.html", {"person": person, "sections": sections})
