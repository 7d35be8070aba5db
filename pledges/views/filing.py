"""Filing and changing pledges: create, edit, revise (an approved pledge), delete a draft, submit,
and post progress with evidence."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import about, signed_in
from accounts.scoping import CHANGE, CREATE, DELETE, PROGRESS, REVISE, SUBMIT, may
from core.web import report
from cycles import states
from cycles.states import Activity
from org import selectors as org_selectors

from .. import rules, selectors, services
from ..forms import PledgeForm, ProgressForm, ReviseForm, milestone_formset, milestones_of
from ..models import Pledge
from .common import attach_errors, back_to_pledge, offered_actions, pledge_for


def _render_form(request, context, status=200):
    return render(request, "pledges/form.html", context, status=status)


@signed_in
def create(request):
    """File a new pledge (a draft) in `?cycle=<id>`, by default the newest cycle open for filing."""
    user = request.user
    official = org_selectors.official_of_user(user) if may(user, CREATE, Pledge) else None
    if official is None:
        raise PermissionDenied
    raw = request.GET.get("cycle", "")
    if raw:
        cycle = selectors.filing_cycle(user, official, int(raw)) if raw.isdigit() else None
        if cycle is None:
            raise Http404
    else:
        cycle = selectors.filing_cycle(user, official)
    if cycle is None or not states.allows(cycle, Activity.FILING):
        messages.error(request, _("当前没有可以填报履职践诺目标的考核年度。"))
        return redirect("pledges:mine")

    expected = rules.expected_kind(cycle_year=cycle.year, pledge_deadline=cycle.pledge_deadline,
                                   appointed_on=official.appointed_on)
    quarters = rules.spanned_quarters(kind=expected, cycle_year=cycle.year, appointed_on=official.appointed_on)
    data = request.POST if request.method == "POST" else None
    form = PledgeForm(data, with_kind=True, initial={"kind": expected})
    formset = milestone_formset(data, quarters=quarters)
    milestone_errors = []
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            pledge = services.pledge_create(
                actor=user, official=official, cycle=cycle, kind=form.cleaned_data["kind"],
                milestones=milestones_of(formset), **form.text(),
            )
        except ValidationError as exc:
            milestone_errors = attach_errors(form, exc)
        else:
            messages.success(request, _("已保存草稿“%(title)s”。") % {"title": pledge.title})
            return redirect(reverse("pledges:mine") + f"#cycle-{cycle.pk}")
    return _render_form(request, {
        "mode": "create", "form": form, "formset": formset, "milestone_errors": milestone_errors,
        "cycle": cycle, "official": official, "quarters": quarters,
        "shortfall": rules.pledge_set_shortfall(selectors.set_categories(user, official, cycle, expected)),
    }, status=400 if data is not None else 200)


@about(Pledge)
@signed_in
def edit(request, pk: int):
    """Edit a draft or returned pledge (the owner only)."""
    pledge = pledge_for(request, pk, CHANGE)
    if not offered_actions(pledge, request.user)["edit"]:
        messages.warning(request, _("“%(status)s”状态的目标不能修改；已通过的目标请提出调整。")
                         % {"status": pledge.get_status_display()})
        return redirect("pledges:detail", pk=pledge.pk)
    quarters = rules.spanned_quarters(kind=pledge.kind, cycle_year=pledge.cycle.year,
                                      appointed_on=pledge.official.appointed_on)
    data = request.POST if request.method == "POST" else None
    form = PledgeForm(data, initial={f: getattr(pledge, f) for f in services.TEXT_FIELDS})
    formset = milestone_formset(data, milestones=pledge.milestones, quarters=quarters)
    milestone_errors = []
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            services.pledge_update(actor=request.user, pledge=pledge, milestones=milestones_of(formset), **form.text())
        except ValidationError as exc:
            milestone_errors = attach_errors(form, exc)
        else:
            messages.success(request, _("已保存“%(title)s”。") % {"title": form.cleaned_data["title"]})
            return redirect("pledges:detail", pk=pledge.pk)
    return _render_form(request, {
        "mode": "edit", "form": form, "formset": formset, "milestone_errors": milestone_errors,
        "cycle": pledge.cycle, "pledge": pledge, "quarters": quarters,
        "shortfall": rules.pledge_set_shortfall(
            selectors.set_categories(request.user, pledge.official, pledge.cycle, pledge.kind)),
    }, status=400 if data is not None else 200)


@about(Pledge)
@signed_in
def revise(request, pk: int):
    """Propose a change to an approved pledge: a revision that staff approve again."""
    pledge = pledge_for(request, pk, REVISE)
    if not offered_actions(pledge, request.user)["revise"]:
        messages.warning(request, _("只有已通过、且没有待审核调整的目标可以提出调整。"))
        return redirect("pledges:detail", pk=pledge.pk)
    quarters = rules.spanned_quarters(kind=pledge.kind, cycle_year=pledge.cycle.year,
                                      appointed_on=pledge.official.appointed_on)
    data = request.POST if request.method == "POST" else None
    form = ReviseForm(data, initial={f: getattr(pledge, f) for f in services.TEXT_FIELDS})
    formset = milestone_formset(data, milestones=pledge.milestones, quarters=quarters)
    milestone_errors = []
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            revision = services.pledge_revise(actor=request.user, pledge=pledge, reason=form.cleaned_data["reason"],
                                              milestones=milestones_of(formset), **form.text())
        except ValidationError as exc:
            milestone_errors = attach_errors(form, exc)
        else:
            messages.success(request, _("已提出调整（第 %(n)s 版），审核通过前现行目标继续有效。")
                             % {"n": revision.number})
            return redirect("pledges:detail", pk=pledge.pk)
    return _render_form(request, {
        "mode": "revise", "form": form, "formset": formset, "milestone_errors": milestone_errors,
        "cycle": pledge.cycle, "pledge": pledge, "quarters": quarters,
    }, status=400 if data is not None else 200)


@about(Pledge)
@signed_in
def delete(request, pk: int):
    """GET asks to confirm; POST deletes the draft."""
    pledge = pledge_for(request, pk, DELETE)
    if request.method == "POST":
        try:
            services.pledge_delete(actor=request.user, pledge=pledge)
        except ValidationError as exc:
            report(request, exc)
            return redirect("pledges:detail", pk=pledge.pk)
        messages.success(request, _("已删除草稿“%(title)s”。") % {"title": pledge.title})
        return redirect("pledges:mine")
    if not offered_actions(pledge, request.user)["delete"]:
        messages.warning(request, _("只有草稿可以删除。"))
        return redirect("pledges:detail", pk=pledge.pk)
    return render(request, "pledges/delete.html", {"pledge": pledge})


@about(Pledge)
@signed_in
@require_POST
def submit(request, pk: int):
    pledge = pledge_for(request, pk, SUBMIT)
    try:
        services.pledge_submit(actor=request.user, pledge=pledge)
    except ValidationError as exc:
        messages.error(request, _("“%(title)s”未能提交：") % {"title": pledge.title})
        report(request, exc)
    else:
        messages.success(request, _("“%(title)s”已提交审核。") % {"title": pledge.title})
    return back_to_pledge(request, pledge)


@signed_in
@require_POST
def submit_all(request):
    """Submit the drafts the page listed (`pledge`, repeated) at once: all of them, or none with
    each refused pledge's reason (services.pledges_submit_all)."""
    raw = request.POST.getlist("pledge")
    if not raw or not all(value.isdigit() for value in raw) or len(set(raw)) > rules.MAX_PLEDGES:
        return HttpResponseBadRequest(_("请指定要提交的草稿（pledge=编号，最多 %(n)s 项）。")
                                      % {"n": rules.MAX_PLEDGES})
    if not may(request.user, SUBMIT, Pledge):
        raise PermissionDenied
    ids = {int(value) for value in raw}
    pledges = selectors.submittable_pledges(request.user, ids)
    target = reverse("pledges:mine") + (f"#cycle-{pledges[0].cycle_id}" if pledges else "")
    if len(pledges) != len(ids):
        messages.error(request, _("有 %(n)s 项目标已不存在或不能由您提交，未提交任何目标，请刷新页面后重试。")
                       % {"n": len(ids) - len(pledges)})
        return redirect(target)
    try:
        submitted = services.pledges_submit_all(actor=request.user, pledges=pledges)
    except ValidationError as exc:
        messages.error(request, _("未提交任何目标：以下目标不符合提交条件，须全部符合才能一并提交。"))
        report(request, exc)
    else:
        done = ngettext("已一并提交 %(n)s 项目标，等待组织部审核。", "已一并提交 %(n)s 项目标，等待组织部审核。",
                        len(submitted))
        messages.success(request, done % {"n": len(submitted)})
    return redirect(target)


@about(Pledge)
@signed_in
def progress(request, pk: int):
    """Post a progress update with up to five evidence files."""
    pledge = pledge_for(request, pk, PROGRESS)
    if not offered_actions(pledge, request.user)["progress"]:
        messages.warning(request, _("目标审核通过后才能填报进展，且考核年度须在填报期内。"))
        return redirect("pledges:detail", pk=pledge.pk)
    data = request.POST if request.method == "POST" else None
    form = ProgressForm(data, request.FILES if data is not None else None,
                        initial={"percent": pledge.latest_percent or 0})
    if data is not None and form.is_valid():
        try:
            services.progress_post(actor=request.user, pledge=pledge, text=form.cleaned_data["text"],
                                   percent=form.cleaned_data["percent"], files=form.cleaned_data["files"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已填报进展（%(percent)s%%）。") % {"percent": form.cleaned_data["percent"]})
            return redirect(reverse("pledges:detail", args=[pledge.pk]) + "#progress")
    return render(request, "pledges/progress.html", {"pledge": pledge, "form": form},
                  status=400 if data is not None else 200)
