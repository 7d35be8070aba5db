"""Results: the ranked list with filters, the distribution chart, compute with its progress
panel, grade overrides, finalize, and the consequences carried out."""
from __future__ import annotations

import json
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles
from accounts.scoping import CHANGE
from core.web import back, report, report_form
from cycles import cycle_settings, states
from cycles import selectors as cycle_selectors
from cycles import web as cycle_web
from cycles.models import Cycle
from cycles.states import Activity
from cycles.web import task_panel
from org import selectors as org_selectors

from .. import charts, compute, labels, selectors, services
from ..forms import OutcomeForm, OverrideForm, ResultsFilterForm
from ..models import OutcomeExecution
from ..tasks import cycle_compute_task
from .common import READERS, keep_problems, missing_messages, outcome_labels, state_actions, take_problems

RESULTS_PAGE_SIZE = 100


def _compute_labels() -> dict:
    return {"pending": _("排队中"), "running": _("计算中"), "success": _("计算完成"), "failure": _("计算失败")}


@about(Cycle)
@roles(*READERS)
def results(request, pk: int):
    """Ranked results with filters and sorting, the incomplete officials with what is missing,
    the distribution chart, compute with a progress bar, overrides, finalize, consequences."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk)
    units = list(org_selectors.district_units(user, cycle.district_id))
    filters = ResultsFilterForm(request.GET, units=units)
    filters.is_valid()
    chosen = filters.cleaned_data
    sort = chosen.get("sort") or "rank"
    filtered = selectors.results_filtered(user, cycle, unit=chosen.get("unit"), q=chosen.get("q"),
                                          grade=chosen.get("grade"), sort=sort)
    incomplete, exempt = filtered.incomplete, filtered.exempt
    page = Paginator(filtered.complete, RESULTS_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)

    overrides = selectors.grade_overrides(user, cycle)
    executions = defaultdict(list)
    if cycle.state == Cycle.State.FINALIZED:
        for execution in selectors.outcome_executions(user, [r.pk for r in shown]):
            execution.label = labels.outcome_label(execution.code)
            execution.form = OutcomeForm(initial={
                "carried_out": "yes" if execution.carried_out else "no", "carried_out_on": execution.carried_out_on,
                "note": execution.note}, auto_id=f"ex{execution.pk}_%s")
            executions[execution.result_id].append(execution)
    for result in shown + incomplete:
        result.grade_label = labels.grade_label(result.grade)
        result.computed_label = labels.grade_label(result.computed_grade)
        result.overridden = bool(result.grade) and result.grade != result.computed_grade \
            or result.official_id in overrides
        result.override = overrides.get(result.official_id)
        result.outcome_labels = outcome_labels(result.outcomes)
        result.missing_labels = missing_messages(result)
        result.missing_items = list(zip((item.get("pledge") for item in result.missing_detail), result.missing_labels,
                                        strict=False))
        result.execution_rows = executions.get(result.pk, [])
    exemption_notes = {e.official_id: e.note for e in selectors.exemptions(user, cycle)} if exempt else {}
    for result in exempt:
        result.exempt_note = exemption_notes.get(result.official_id, "")
    good_used, good_places, complete_n = selectors.good_quota_use(cycle)

    composites = selectors.ranked_composites(user, cycle)
    settings = cycle.settings
    chart_args = {"poor_threshold": settings["poor_threshold"], "good_threshold": settings["good_threshold"],
                  "title": _("%(year)s 年度综合得分分布") % {"year": cycle.year}}
    # A wide chart for desktops and a narrow one with larger text for phones; CSS shows one.
    chart = charts.composite_histogram(composites, **chart_args)
    chart_narrow = charts.composite_histogram(composites, width=360, height=250, font_size=13, ident="hist-narrow",
                                              **chart_args)
    return render(request, "evaluations/results.html", {
        "cycle": cycle, "filters": filters, "page": page, "rows": shown, "incomplete": incomplete, "exempt": exempt,
        "quota": {"used": good_used, "places": good_places, "n": complete_n, "over": good_used > good_places,
                  "percent": cycle_settings.display_percent(settings["good_quota"])},
        "confirm_override": take_problems(request, f"override-{cycle.pk}"),
        "actions": state_actions(cycle, user), "sort": sort,
        "compute_refusal": states.refusal(cycle, Activity.COMPUTE),
        "task": task_panel(request, cycle, labels=_compute_labels()),
        "task_labels": json.dumps(_compute_labels(), ensure_ascii=False),
        "chart": chart, "chart_narrow": chart_narrow, "complete_count": len(composites),
        "settings_rows": cycle_settings.display_rows(settings),
        "finalize_problems": take_problems(request, f"finalize-{cycle.pk}"),
        "grade_choices": labels.grade_choices(),
        "has_results": bool(composites) or bool(incomplete) or bool(exempt) or page.paginator.count > 0,
    })


def _results_url(cycle: Cycle, **query) -> str:
    url = reverse("evaluations:results", args=[cycle.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@about(Cycle)
@roles(*READERS)
@require_POST
def compute_start(request, pk: int):
    """Start computing (a Celery task) and follow it on the results page's progress bar."""
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    task_id = cycle_web.start_task(request, cycle, activity=Activity.COMPUTE, kind="compute", task=cycle_compute_task,
                                   args=[cycle.pk], started=_("已开始计算考核结果。"))
    return redirect(_results_url(cycle, task=task_id) + "#compute" if task_id else _results_url(cycle))


@about(Cycle)
@roles(*READERS)
@require_POST
def override(request, pk: int):
    """Set an official's grade with the reason (compute.grade_override), or clear it."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk, CHANGE)
    form = OverrideForm(request.POST)
    default = _results_url(cycle)
    if not form.is_valid():
        report_form(request, form)
        return back(request, default)
    official = selectors.official_for(user, form.cleaned_data["official"])
    if official is None:
        raise Http404
    data = form.cleaned_data
    try:
        if data.get("clear"):
            compute.grade_override_clear(actor=user, cycle=cycle, official=official, reason=data.get("reason", ""))
        else:
            compute.grade_override(actor=user, cycle=cycle, official=official, grade=data["grade"],
                                   reason=data["reason"], confirm_over_quota=data.get("confirm_over_quota", False))
    except ValidationError as exc:
        over = exc.message_dict.get("confirm_over_quota") if hasattr(exc, "error_dict") else None
        if over:
            # A second, explicit confirmation naming the numbers, shown once on the results page.
            request.session[f"evaluations:override-{cycle.pk}"] = {
                "title": over[0], "official": official.pk, "name": official.name, "grade": data["grade"],
                "grade_label": labels.grade_label(data["grade"]), "reason": data["reason"]}
            return redirect(_results_url(cycle) + "#confirm-override")
        report(request, exc)
    else:
        if data.get("clear"):
            messages.success(request, _("已撤销%(name)s的等次调整。") % {"name": official.name})
        else:
            messages.success(request, _("已将%(name)s的等次调整为“%(grade)s”。") % {
                "name": official.name, "grade": labels.grade_label(data["grade"])})
    return back(request, default)


@about(Cycle)
@roles(*READERS)
@require_POST
def finalize(request, pk: int):
    """evaluating → finalized; when refused, every incomplete official is listed."""
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    try:
        cycle = compute.cycle_finalize(actor=request.user, cycle=cycle)
        services.results_announce(cycle=cycle)
    except ValidationError as exc:
        problems = exc.message_dict.get("incomplete") if hasattr(exc, "error_dict") else None
        if problems:
            messages.error(request, _("未能定档：%(n)s 名干部数据不全。") % {"n": len(problems)})
            keep_problems(request, f"finalize-{cycle.pk}", _("以下干部数据不全，补齐后才能定档："), problems)
        else:
            report(request, exc)
    else:
        messages.success(request, _("%(year)s 年度已定档：结果已冻结，可记录结果运用落实情况。") % {"year": cycle.year})
    return back(request, _results_url(cycle))


@about(OutcomeExecution)
@roles(*READERS)
@require_POST
def outcome(request, pk: int):
    """Record whether and when a consequence was carried out."""
    user = request.user
    execution = selectors.outcome_execution_for(user, pk, CHANGE)
    default = _results_url(execution.result.cycle)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        report_form(request, form, who=execution.result.official.name)
        return back(request, default)
    data = form.cleaned_data
    try:
        compute.outcome_execution_record(actor=user, execution=execution, carried_out=data["carried_out"],
                                         carried_out_on=data.get("carried_out_on"), note=data.get("note", ""))
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("已记录%(name)s“%(label)s”的落实情况。") % {
            "name": execution.result.official.name, "label": labels.outcome_label(execution.code)})
    return back(request, default)
