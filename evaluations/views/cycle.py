"""The cycles index and a cycle's dashboard: state and actions, settings, quarter releases, counts."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles, signed_in
from accounts.models import Role
from accounts.scoping import CHANGE, may
from core.web import back, report, report_form
from cycles import cycle_settings, states
from cycles import selectors as cycle_selectors
from cycles import services as cycle_services
from cycles.models import Cycle
from cycles.states import Activity

from .. import rules, selectors, services
from ..forms import ReleaseForm
from .common import QUARTERS, READERS, keep_problems, refused_list, state_actions, take_problems


@signed_in
def index(request):
    """The user's cycles, newest first, each district's current one marked
    (cycles.selectors.current_cycle); officials have their own page."""
    if request.user.role == Role.OFFICIAL:
        return redirect("evaluations:mine")
    cycles = list(cycle_selectors.cycle_list(request.user))
    return render(request, "evaluations/index.html", {
        "cycles": cycles, "with_district": len({c.district_id for c in cycles}) > 1,
        "current": set(cycle_selectors.current_cycles(cycles).values()),
    })


@about(Cycle)
@roles(*READERS)
def cycle(request, pk: int):
    """A cycle's state and allowed actions, settings, quarter releases and counts."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk)
    overview = selectors.cycle_overview(user, cycle)
    expected, entered, grades = overview.expected, overview.entered, overview.grades
    can_release = may(user, CHANGE, Cycle) and states.allows(cycle, Activity.SCORING)
    quarters = [{
        "quarter": q, "expected": expected.get(q, 0), "entered": entered.get(q, 0),
        "release": overview.releases.get(q), "complete": entered.get(q, 0) >= expected.get(q, 0),
        "can_release": can_release and q not in overview.releases,
    } for q in QUARTERS]
    return render(request, "evaluations/cycle.html", {
        "cycle": cycle,
        "states": Cycle.State.choices,
        "actions": state_actions(cycle, user),
        "settings_rows": cycle_settings.display_rows(cycle.settings),
        "quarters": quarters,
        "counts": {"officials": overview.officials, "approved": overview.approved},
        "grades": [(rules.GRADE_LABELS[g], g, grades.get(g, 0)) for g in rules.GRADE_LABELS],
        "incomplete": grades.get("", 0),
        "has_results": bool(grades),
        "release_problems": take_problems(request, f"release-{cycle.pk}"),
        "finalize_problems": take_problems(request, f"finalize-{cycle.pk}"),
    })


@about(Cycle)
@roles(*READERS)
@require_POST
def advance(request, pk: int):
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    try:
        cycle = cycle_services.cycle_advance(actor=request.user, cycle=cycle)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("%(year)s 年度已进入“%(state)s”阶段。") % {
            "year": cycle.year, "state": cycle.get_state_display()})
    return redirect("evaluations:cycle", pk=cycle.pk)


@about(Cycle)
@roles(*READERS)
@require_POST
def release(request, pk: int):
    """Release a quarter; when refused, the unscored pledges are listed on the page."""
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    form = ReleaseForm(request.POST)
    default = reverse("evaluations:cycle", args=[cycle.pk])
    if not form.is_valid():
        report_form(request, form)
        return back(request, default)
    quarter = form.cleaned_data["quarter"]
    try:
        services.quarter_release(actor=request.user, cycle=cycle, quarter=quarter)
    except ValidationError as exc:
        title, items = refused_list(exc)
        if items and title:
            messages.error(request, _("第 %(q)s 季度未能发布。") % {"q": quarter})
            keep_problems(request, f"release-{cycle.pk}", title, items)
        else:
            report(request, exc)
    else:
        messages.success(request, _("已发布第 %(q)s 季度评分：干部可以查看本人得分，此后修改须说明理由。")
                         % {"q": quarter})
    return back(request, default)
