"""不确定等次 (exemptions): the officials of a cycle who are not graded, with the reason; the
officials appointed late in the year suggested for new_in_post; record and withdraw."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles
from accounts.scoping import CHANGE, DELETE, may
from core.web import back, report, report_form
from cycles import selectors as cycle_selectors
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity

from .. import selectors, services
from ..forms import ExemptionForm, ReasonForm
from ..models import Exemption
from .common import READERS


def _exemptions_url(cycle: Cycle, anchor: str = "") -> str:
    return reverse("evaluations:exemptions", args=[cycle.pk]) + (f"#{anchor}" if anchor else "")


@about(Cycle)
@roles(*READERS)
def exemptions(request, pk: int):
    """The cycle's exemptions with their reasons and notes, the new_in_post suggestions (to
    confirm, never applied by themselves), and the form to record one."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk)
    refusal = states.refusal(cycle, Activity.EXEMPTION)
    can_change = may(user, CHANGE, Exemption) and not refusal
    officials = selectors.inputs_officials(user, cycle)
    suggestions = selectors.new_in_post_suggestions(user, cycle)
    return render(request, "evaluations/exemptions.html", {
        "cycle": cycle, "rows": selectors.exemptions(user, cycle), "refusal": refusal, "can_change": can_change,
        "form": ExemptionForm(officials=officials, auto_id="ex_%s") if can_change else None,
        "suggestions": suggestions, "reason_new_in_post": Exemption.Reason.NEW_IN_POST,
        "months": cycle.settings.get("new_in_post_months", 6),
    })


@about(Cycle)
@roles(*READERS)
@require_POST
def exemption_add(request, pk: int):
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk, CHANGE)
    form = ExemptionForm(request.POST, officials=selectors.inputs_officials(user, cycle))
    if not form.is_valid():
        report_form(request, form)
        return back(request, _exemptions_url(cycle, "add"))
    data = form.cleaned_data
    try:
        services.exemption_record(actor=user, official=data["official"], cycle=cycle, reason=data["reason"],
                                  note=data.get("note", ""))
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("已将%(name)s记为不确定等次（%(reason)s）；重新计算后生效。") % {
            "name": data["official"].name, "reason": Exemption.Reason(data["reason"]).label})
    return back(request, _exemptions_url(cycle))


@about(Exemption)
@roles(*READERS)
@require_POST
def exemption_remove(request, pk: int):
    user = request.user
    exemption = selectors.exemption_for(user, pk, DELETE)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("撤销不确定等次须说明理由。"))
        return back(request, _exemptions_url(exemption.cycle))
    try:
        services.exemption_remove(actor=user, exemption=exemption, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("已撤销%(name)s的不确定等次；重新计算后参加排名。") % {
            "name": exemption.official.name})
    return back(request, _exemptions_url(exemption.cycle))
