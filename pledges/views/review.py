"""Review: approve, return and regrade a pledge, decide a revision, and the review queue with the
deadline panel and bulk approval."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.access import about, roles, signed_in
from accounts.models import Role
from accounts.scoping import REVIEW, may
from core.web import report, report_form
from cycles import selectors as cycle_selectors
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from org import selectors as org_selectors

from .. import selectors, services
from ..forms import (
    RATING_CHOICES,
    RATINGS,
    ApproveForm,
    BulkApproveForm,
    QueueFilterForm,
    ReasonForm,
    RegradeForm,
    RevisionApproveForm,
)
from ..models import Pledge
from .common import back_to_pledge, pledge_for

QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class Review:
    """One review action's form, service and message. `decide(actor, subject, data)` calls the
    service on the pledge (or, with `of_revision`, its pending revision) and returns what
    `done(subject, outcome)` names in the success message; `refusal`, when given, replaces the
    form's errors (a missing reason)."""

    form: type[forms.Form]
    decide: Callable
    done: Callable[..., str]
    of_revision: bool = False
    refusal: str = ""


def _review(request, pk: int, review: Review):
    """Validate the review's form, call its service on the pledge (or its pending revision), say
    what happened and go back to where the action came from."""
    pledge = pledge_for(request, pk, REVIEW)
    form = review.form(request.POST)
    subject = selectors.pending_revision(request.user, pledge) if review.of_revision else pledge
    if subject is None:
        messages.error(request, _("该目标没有待审核的调整。"))
    elif not form.is_valid():
        if review.refusal:
            messages.error(request, str(review.refusal))
        else:
            report_form(request, form)
    else:
        try:
            outcome = review.decide(actor=request.user, subject=subject, data=form)
        except ValidationError as exc:
            report(request, exc)
        else:
            messages.success(request, review.done(subject, outcome))
    return back_to_pledge(request, pledge)


def _graded(form) -> dict:
    """The ratings, grade and reason a grading form carries, as the services take them."""
    return {**form.ratings(), "grade": form.cleaned_data["grade"] or None, "reason": form.cleaned_data["reason"]}


NO_REASON = gettext_lazy("退回必须说明原因。")

APPROVE = Review(
    ApproveForm,
    decide=lambda *, actor, subject, data: services.pledge_approve(actor=actor, pledge=subject, **_graded(data)),
    done=lambda pledge, approved: _("已通过“%(title)s”，评级 %(grade)s 级。") % {
        "title": approved.title, "grade": approved.grade},
)
RETURN = Review(
    ReasonForm,
    decide=lambda *, actor, subject, data: services.pledge_return(
        actor=actor, pledge=subject, reason=data.cleaned_data["reason"]),
    done=lambda pledge, _outcome: _("已退回“%(title)s”。") % {"title": pledge.title},
    refusal=NO_REASON,
)
REGRADE = Review(
    RegradeForm,
    decide=lambda *, actor, subject, data: services.pledge_regrade(actor=actor, pledge=subject, **_graded(data)),
    done=lambda pledge, regraded: _("已调整评级为 %(grade)s 级。") % {"grade": regraded.grade},
)
REVISION_APPROVE = Review(
    RevisionApproveForm,
    decide=lambda *, actor, subject, data: services.revision_approve(actor=actor, revision=subject,
                                                                     **_graded(data)),
    done=lambda revision, _outcome: _("第 %(n)s 版调整已通过并生效。") % {"n": revision.number},
    of_revision=True,
)
REVISION_RETURN = Review(
    ReasonForm,
    decide=lambda *, actor, subject, data: services.revision_return(
        actor=actor, revision=subject, reason=data.cleaned_data["reason"]),
    done=lambda revision, _outcome: _("已退回第 %(n)s 版调整，现行目标不变。") % {"n": revision.number},
    of_revision=True, refusal=NO_REASON,
)


@about(Pledge)
@signed_in
@require_POST
def approve(request, pk: int):
    return _review(request, pk, APPROVE)


@about(Pledge)
@signed_in
@require_POST
def return_(request, pk: int):
    return _review(request, pk, RETURN)


@about(Pledge)
@signed_in
@require_POST
def regrade(request, pk: int):
    return _review(request, pk, REGRADE)


@about(Pledge)
@signed_in
@require_POST
def revision_approve(request, pk: int):
    return _review(request, pk, REVISION_APPROVE)


@about(Pledge)
@signed_in
@require_POST
def revision_return(request, pk: int):
    return _review(request, pk, REVISION_RETURN)



def _cycle_label(cycle: Cycle, with_district: bool) -> str:
    label = _("%(year)s 年度（%(state)s）") % {"year": cycle.year, "state": cycle.get_state_display()}
    return f"{cycle.district.name} {label}" if with_district else label


DEADLINE_STATES = (
    ("overdue", gettext_lazy("已逾期")), ("due_soon", gettext_lazy("即将到期")),
    ("pending", gettext_lazy("待完成")), ("complete", gettext_lazy("已完成")),
)


def _deadline_panel(rows) -> dict:
    order = {state: n for n, (state, _label) in enumerate(DEADLINE_STATES)}
    labels = dict(DEADLINE_STATES)
    for row in rows:
        row.state_label = labels[row.state]
    return {
        "counts": [(state, label, sum(r.state == state for r in rows)) for state, label in DEADLINE_STATES],
        "attention": sorted((r for r in rows if r.state != "complete"), key=lambda r: order[r.state]),
        "total": len(rows),
    }


@roles(Role.ADMIN, Role.STAFF, Role.LEADER)
def queue(request):
    """The district's pledges for review, filtered by a GET form (default: the current cycle,
    cycles.selectors.current_cycle, status submitted), with the deadline panel. Staff approve checked rows at once
    (POST, all or nothing); leaders read."""
    user = request.user
    today = timezone.localdate()
    can_review = may(user, REVIEW, Pledge)
    if request.method == "POST" and not can_review:
        raise PermissionDenied

    cycles = list(cycle_selectors.cycle_list(user))
    with_district = len({c.district_id for c in cycles}) > 1
    for c in cycles:
        c.label = _cycle_label(c, with_district)
    by_pk = {c.pk: c for c in cycles}
    data = request.GET.copy()
    raw_cycle = data.get("cycle", "")
    cycle = by_pk.get(int(raw_cycle)) if raw_cycle.isdigit() else None
    if cycle is None:
        cycle = cycle_selectors.current_cycle(cycles)
        if cycle is not None:
            data["cycle"] = str(cycle.pk)
    data.setdefault("status", Pledge.Status.SUBMITTED)
    units = list(org_selectors.district_units(user, cycle.district_id)) if cycle else []
    filters = QueueFilterForm(data, cycles=cycles, units=units)
    filters.is_valid()  # an invalid field (a stale unit id) is ignored, the others apply
    chosen = filters.cleaned_data

    bulk_errors = []
    picked, posted = set(), {}
    if request.method == "POST":
        bulk = BulkApproveForm(request.POST)
        picked = {str(pk) for pk in bulk.ids}
        posted = request.POST
        if bulk.is_valid():
            found = selectors.reviewable_pledges(user, bulk.ids)
            missing = [str(pk) for pk in bulk.ids if pk not in found]
            if missing:
                bulk_errors = [_("找不到可审核的目标：%(ids)s。") % {"ids": _("、").join(missing)}]
            else:
                try:
                    approved = services.pledges_approve_many(
                        actor=user, items=[{"pledge": found[pk], **bulk.ratings(pk)} for pk in bulk.ids],
                    )
                except ValidationError as exc:
                    bulk_errors = exc.messages
                else:
                    done = ngettext("已批量通过 %(n)s 项目标。", "已批量通过 %(n)s 项目标。", len(approved))
                    messages.success(request, done % {"n": len(approved)})
                    return redirect(request.get_full_path())
        else:
            bulk_errors = [e for errors in bulk.errors.values() for e in errors]

    page = deadline = None
    if cycle is not None:
        rows = selectors.review_queue(user, cycle, today=today, unit=chosen.get("unit"),
                                      category=chosen.get("category") or "", status=chosen.get("status") or "",
                                      overdue=chosen.get("overdue") or "", q=chosen.get("q") or "")
        page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        for pledge in page:
            pledge.reviewable = can_review and pledge.status == Pledge.Status.SUBMITTED \
                and states.allows(cycle, Activity.REVIEW)
            pledge.picked = str(pledge.pk) in picked
            pledge.rating_selects = [
                {"name": f"{name}-{pledge.pk}", "label": label, "value": posted.get(f"{name}-{pledge.pk}", "")}
                for name, label in RATINGS
            ]
        deadline = _deadline_panel(selectors.deadline_status(user, cycle, today=today))

    return render(request, "pledges/queue.html", {
        "cycle": cycle, "filters": filters, "page": page, "deadline": deadline, "can_review": can_review,
        "rating_choices": [(str(value), label) for value, label in RATING_CHOICES],
        "bulk_errors": bulk_errors, "reviewable_on_page": bool(page) and any(p.reviewable for p in page),
        "late_review": can_review and cycle is not None and cycle.state == Cycle.State.EVALUATING,
    }, status=400 if bulk_errors else 200)
