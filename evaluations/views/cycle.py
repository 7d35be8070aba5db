"""The cycles index, a new cycle with its settings, a cycle's settings, and a cycle's dashboard:
state and actions, settings, quarter releases, counts."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles, signed_in
from accounts.models import Role
from accounts.scoping import CHANGE, CREATE, may
from core.web import back, errors_onto_form, report, report_form
from cycles import cycle_settings, states
from cycles import selectors as cycle_selectors
from cycles import services as cycle_services
from cycles.forms import CopyFromForm, CycleCreateForm, CycleEditForm
from cycles.models import Cycle
from cycles.states import Activity

from .. import labels, readiness, selectors, services
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
        "can_create": may(request.user, CREATE, Cycle),
    })


@roles(Role.ADMIN, Role.STAFF)
def cycle_new(request):
    """Open a cycle: district, year (the district's latest plus one), deadline and the settings as
    named fields, filled with the defaults or, with the "copy" button, the district's latest year's."""
    user = request.user
    districts = cycle_selectors.districts_for_new_cycle(user)
    if not districts.exists():
        messages.error(request, _("您的账号尚未分配到任何区，不能新建考核年度。"))
        return redirect("evaluations:index")
    copying = request.method == "POST" and "copy" in request.POST
    if request.method == "POST" and not copying:
        form = CycleCreateForm(request.POST, districts=districts)
        if form.is_valid() and form.cleaned_settings is not None:
            try:
                cycle = cycle_services.cycle_create(
                    actor=user, district=form.cleaned_data["district"], year=form.cleaned_data["year"],
                    settings=form.cleaned_settings, pledge_deadline=form.deadline(),
                )
            except ValidationError as exc:
                # The one rule the form cannot see: one cycle per district and year.
                errors_onto_form(form, exc, field_map={"__all__": "year"})
            else:
                messages.success(request, _("已新建 %(district)s %(year)s 考核年度（筹备阶段）。") % {
                    "district": cycle.district.name, "year": cycle.year})
                return redirect("evaluations:cycle", pk=cycle.pk)
        latest = cycle_selectors.latest_cycle(user, form.cleaned_data.get("district") or districts.first())
        return _cycle_form(request, form, copied_from=None, latest=latest, status=400)
    picked = CopyFromForm(request.POST if copying else request.GET, districts=districts)
    district = picked.cleaned_data["district"] if picked.is_valid() else districts.first()
    latest = cycle_selectors.latest_cycle(user, district)
    copied_from = latest if copying else None
    typed = {name: request.POST.get(name) for name in ("year", "pledge_deadline") if request.POST.get(name)}
    form = CycleCreateForm(
        districts=districts, settings=copied_from.settings if copied_from else None,
        initial={"district": district, "year": latest.year + 1 if latest else timezone.localdate().year, **typed},
    )
    if copying and latest is None:
        messages.info(request, _("%(district)s 还没有考核年度，已填入默认参数。") % {"district": district.name})
    return _cycle_form(request, form, copied_from=copied_from, latest=latest)


@about(Cycle)
@roles(*READERS)
def cycle_edit(request, pk: int):
    """A cycle's settings (while it is in planning) and its pledge deadline (while its state
    allows), in the form a new cycle uses; leaders may not open it (403)."""
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    settings_open = states.allows(cycle, Activity.SETTINGS)
    deadline_open = states.allows(cycle, Activity.DEADLINE)
    data = request.POST if request.method == "POST" else None
    form = CycleEditForm(data, settings=cycle.settings, settings_editable=settings_open,
                         deadline_editable=deadline_open, initial={"pledge_deadline": cycle.pledge_deadline})
    if data is not None and form.is_valid():
        deadline = form.cleaned_data["pledge_deadline"] or Cycle.default_pledge_deadline(cycle.year)
        changes = {
            "settings": form.changed_settings() if settings_open else None,
            "pledge_deadline": deadline if deadline_open and deadline != cycle.pledge_deadline else None,
        }
        if not any(value is not None for value in changes.values()):
            messages.info(request, _("没有修改。"))
            return redirect("evaluations:cycle", pk=cycle.pk)
        try:
            cycle_services.cycle_update(actor=request.user, cycle=cycle, reason=form.cleaned_data["reason"], **changes)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已保存 %(year)s 考核年度的设置。") % {"year": cycle.year})
            return redirect("evaluations:cycle", pk=cycle.pk)
    return _cycle_form(request, form, cycle=cycle, settings_refusal=states.refusal(cycle, Activity.SETTINGS),
                       status=400 if data is not None else 200)


def _cycle_form(request, form, *, status: int = 200, **context):
    return render(request, "evaluations/cycle_form.html", {"form": form, **context}, status=status)


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
        "unscored": max(expected.get(q, 0) - entered.get(q, 0), 0),
        "release": overview.releases.get(q), "complete": entered.get(q, 0) >= expected.get(q, 0),
        "can_release": can_release and q not in overview.releases,
    } for q in QUARTERS]
    return render(request, "evaluations/cycle.html", {
        "cycle": cycle,
        "readiness": readiness.cycle_readiness(cycle) if cycle.state != Cycle.State.FINALIZED else None,
        "states": Cycle.State.choices,
        "actions": state_actions(cycle, user),
        "settings_rows": cycle_settings.display_rows(cycle.settings),
        "can_edit_settings": may(user, CHANGE, Cycle) and states.allows(cycle, Activity.DEADLINE),
        "quarters": quarters,
        "counts": {"officials": overview.officials, "approved": overview.approved,
                   "posts_per_official": overview.posts_per_official},
        "grades": [(label, g, grades.get(g, 0)) for g, label in labels.grade_choices()],
        "incomplete": grades.get("", 0) - overview.exempt,
        "exempt": overview.exempt,
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


@about(Cycle)
@roles(*READERS)
def readiness_page(request, pk: int):
    """Everything still open before the cycle's next step (advance or finalize), with links, and
    the step's button under the list: the confirmation names what is left, not a bare warning."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk)
    return render(request, "evaluations/readiness.html", {
        "cycle": cycle, "readiness": readiness.cycle_readiness(cycle), "actions": state_actions(cycle, user),
    })
