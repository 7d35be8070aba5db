"""Year-end inputs: unit scores, survey scores and political reviews, the list entries."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
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
from org import selectors as org_selectors

from .. import selectors, services
from ..forms import EntryAddForm, OfficialInputsForm, ReasonForm, UnitScoreForm
from ..models import ListEntry, RaterGroup
from .common import READERS


@about(Cycle)
@roles(*READERS)
def inputs(request, pk: int):
    """Per unit its unit score; per official the four survey groups and the political review;
    the list entries with add and remove. Forms only where the user and the state allow."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk)
    can_change = may(user, CHANGE, Cycle)
    year_end_refusal = states.refusal(cycle, Activity.YEAR_END)
    list_refusal = states.refusal(cycle, Activity.LIST_ENTRIES)
    units = list(org_selectors.district_units(user, cycle.district_id))
    unit_filter = request.GET.get("unit", "")
    unit_id = int(unit_filter) if unit_filter.isdigit() and int(unit_filter) in {u.pk for u in units} else None

    unit_scores = selectors.unit_scores(user, cycle)
    unit_rows = [{"unit": u, "score": unit_scores.get(u.pk),
                  "form": UnitScoreForm(initial={"unit": u.pk, "score": unit_scores.get(u.pk)},
                                        auto_id=f"unit{u.pk}_%s")}
                 for u in units if unit_id is None or u.pk == unit_id]

    officials = selectors.inputs_officials(user, cycle)
    surveys = selectors.survey_scores(user, cycle)
    reviews = selectors.political_reviews(user, cycle)
    official_rows = []
    for official in selectors.inputs_officials(user, cycle, unit=unit_id):
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

    entries = selectors.list_entries(user, cycle, unit=unit_id)
    entry_form = EntryAddForm(officials=officials, items=selectors.list_items(), auto_id="entry_%s") \
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
    cycle = cycle_selectors.cycle_for(request.user, pk, CHANGE)
    form = UnitScoreForm(request.POST)
    if not form.is_valid():
        report_form(request, form)
        return back(request, _inputs_url(cycle, "units"))
    unit = org_selectors.district_unit(request.user, cycle.district_id, form.cleaned_data["unit"])
    if unit is None:
        raise Http404
    try:
        services.unit_score_record(actor=request.user, unit=unit, cycle=cycle, score=form.cleaned_data["score"])
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("已保存%(unit)s的综合绩效得分。") % {"unit": unit.name})
    return back(request, _inputs_url(cycle, f"unit-{unit.pk}"))


@about(Cycle)
@roles(*READERS)
@require_POST
def official_inputs(request, pk: int):
    """An official's survey scores and political review: what changed is recorded through
    services.official_inputs_record, together or not at all."""
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk, CHANGE)
    form = OfficialInputsForm(request.POST)
    if not form.is_valid():
        report_form(request, form)
        return back(request, _inputs_url(cycle, "officials"))
    official = org_selectors.district_official(user, cycle.district_id, form.cleaned_data["official"])
    if official is None:
        raise Http404
    current = selectors.survey_scores(user, cycle, official)[official.pk]
    review = selectors.political_review_of(user, cycle, official)
    surveys, review_change = form.changed_surveys(current), form.review_change(review)
    if not surveys and review_change is None:
        messages.info(request, _("%(name)s：没有需要保存的修改。") % {"name": official.name})
        return back(request, _inputs_url(cycle, f"official-{official.pk}"))
    try:
        services.official_inputs_record(actor=user, official=official, cycle=cycle, surveys=surveys,
                                        review=review_change)
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("已保存%(name)s的年底测评。") % {"name": official.name})
    return back(request, _inputs_url(cycle, f"official-{official.pk}"))


@about(Cycle)
@roles(*READERS)
@require_POST
def entry_add(request, pk: int):
    user = request.user
    cycle = cycle_selectors.cycle_for(user, pk, CHANGE)
    officials = org_selectors.district_officials(user, cycle.district_id)
    form = EntryAddForm(request.POST, officials=officials, items=selectors.list_items())
    if not form.is_valid():
        report_form(request, form)
        return back(request, _inputs_url(cycle, "entries"))
    data = form.cleaned_data
    try:
        services.list_entry_add(actor=user, official=data["official"], cycle=cycle, item=data["item"],
                                note=data.get("note", ""))
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("已为%(name)s记录%(kind)s：%(title)s。") % {
            "name": data["official"].name, "kind": data["item"].get_kind_display(),
            "title": data["item"].title_display})
    return back(request, _inputs_url(cycle, "entries"))


@about(ListEntry)
@roles(*READERS)
@require_POST
def entry_remove(request, pk: int):
    user = request.user
    entry = selectors.list_entry_for(user, pk, DELETE)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("删除清单记录须说明理由。"))
        return back(request, _inputs_url(entry.cycle, "entries"))
    try:
        services.list_entry_remove(actor=user, entry=entry, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        report(request, exc)
    else:
        messages.success(request, _("已删除%(name)s的清单记录“%(title)s”。") % {
            "name": entry.official.name, "title": entry.item.title_display})
    return back(request, _inputs_url(entry.cycle, "entries"))

