"""Pledge pages. Every object is fetched through accounts.scoping for the signed-in user: a pledge
the user may read but not act on answers 403, one it may not read 404. Views validate with forms,
call one service or selector and render; state changes are POST-only and redirect (PRG)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import about, roles, signed_in
from accounts.models import Role
from accounts.scoping import CHANGE, CREATE, DELETE, PROGRESS, REVIEW, REVISE, SUBMIT, may
from core.web import back, errors_onto_form, report, report_form
from cycles import selectors as cycle_selectors
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from org import selectors as org_selectors

from . import rules, selectors, services
from .forms import (
    RATING_CHOICES,
    RATINGS,
    ApproveForm,
    BulkApproveForm,
    PledgeForm,
    ProgressForm,
    QueueFilterForm,
    ReasonForm,
    RegradeForm,
    ReviseForm,
    RevisionApproveForm,
    milestone_formset,
    milestones_of,
)
from .models import Evidence, Pledge, PledgeRevision

QUEUE_PAGE_SIZE = 50
CATEGORY_ORDER = {code: n for n, code in enumerate(rules.CATEGORIES)}


# --- helpers -------------------------------------------------------------------------------------


def _pledge_for(request, pk: int, action: str) -> Pledge:
    """The pledge `pk`, shaped by selectors.pledge_list, for `action` (see scoping.get_or_deny)."""
    return selectors.pledge_for(request.user, pk, action, today=timezone.localdate())


def _actions(pledge: Pledge, user) -> dict[str, bool]:
    """Which actions a page offers on `pledge`. The services remain the authority; this only
    avoids offering what they would refuse (the user's role, the pledge's status, the cycle's state)."""
    filing = states.allows(pledge.cycle, Activity.FILING)
    review = states.allows(pledge.cycle, Activity.REVIEW)
    revision = states.allows(pledge.cycle, Activity.REVISION)
    open_ = pledge.status in (Pledge.Status.DRAFT, Pledge.Status.RETURNED)
    approved = pledge.status == Pledge.Status.APPROVED
    pending = bool(getattr(pledge, "pending_revision", False))
    return {
        "edit": filing and open_ and may(user, CHANGE, Pledge),
        "submit": filing and open_ and may(user, SUBMIT, Pledge),
        "delete": pledge.status == Pledge.Status.DRAFT and may(user, DELETE, Pledge),
        "revise": revision and approved and not pending and may(user, REVISE, Pledge),
        "progress": approved and states.allows(pledge.cycle, Activity.PROGRESS) and may(user, PROGRESS, Pledge),
        "review": review and pledge.status == Pledge.Status.SUBMITTED and may(user, REVIEW, Pledge),
        "regrade": review and approved and may(user, REVIEW, Pledge),
        "decide_revision": revision and pending and may(user, REVIEW, Pledge),
    }


def _attach(form, exc: ValidationError) -> list[str]:
    """Put a service's errors on the form (on the field they name, else above the form) and
    return the milestone errors, which belong to the milestone rows."""
    return errors_onto_form(form, exc, apart=("milestones",))


def _back(request, pledge: Pledge):
    """Where the action came from (the list or the queue), else the pledge's page."""
    return back(request, reverse("pledges:detail", args=[pledge.pk]))


# --- the official's pledges ----------------------------------------------------------------------


@dataclass
class KindGroup:
    """An official's pledges of one kind in one cycle, with the 3–5 / three-categories check."""

    kind: str
    label: str
    pledges: list
    problems: list[str]
    submitted: int
    expected: bool
    due_on: object


@dataclass
class CycleSection:
    cycle: Cycle
    filing: bool
    can_create: bool
    groups: list[KindGroup] = field(default_factory=list)


def _cycle_section(cycle, official, pledges, user) -> CycleSection:
    expected = rules.expected_kind(cycle_year=cycle.year, pledge_deadline=cycle.pledge_deadline,
                                   appointed_on=official.appointed_on)
    filing = states.allows(cycle, Activity.FILING)
    section = CycleSection(cycle, filing, filing and may(user, CREATE, Pledge))
    kinds = [expected] + sorted({p.kind for p in pledges} - {expected})
    for kind in kinds:
        mine = sorted((p for p in pledges if p.kind == kind), key=lambda p: (CATEGORY_ORDER.get(p.category, 9), p.pk))
        if not mine and not filing:
            continue
        for pledge in mine:
            pledge.actions = _actions(pledge, user)
        section.groups.append(KindGroup(
            kind=kind, label=Pledge.Kind(kind).label, pledges=mine,
            problems=rules.pledge_set_errors([p.category for p in mine]),
            submitted=sum(p.status in (Pledge.Status.SUBMITTED, Pledge.Status.APPROVED) for p in mine),
            expected=kind == expected,
            due_on=mine[0].due_on if mine else rules.due_date(
                kind=kind, pledge_deadline=cycle.pledge_deadline, appointed_on=official.appointed_on),
        ))
    return section


@signed_in
def mine(request):
    """An official's pledges per cycle of its district, newest cycle first. Reviewers go to the queue."""
    user = request.user
    if user.role != Role.OFFICIAL:
        return redirect("pledges:queue")
    official = org_selectors.official_of_user(user)
    sections = []
    if official is not None:
        cycles = selectors.official_cycles(user, official).order_by("-year")
        pledges = list(selectors.pledge_list(user, today=timezone.localdate()).filter(official_id=official.pk))
        sections = [_cycle_section(cycle, official, [p for p in pledges if p.cycle_id == cycle.pk], user)
                    for cycle in cycles]
    return render(request, "pledges/mine.html", {"official": official, "sections": sections})


# --- filing and editing ----------------------------------------------------------------------------


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
            milestone_errors = _attach(form, exc)
        else:
            messages.success(request, _("已保存草稿“%(title)s”。") % {"title": pledge.title})
            return redirect(reverse("pledges:mine") + f"#cycle-{cycle.pk}")
    return _render_form(request, {
        "mode": "create", "form": form, "formset": formset, "milestone_errors": milestone_errors,
        "cycle": cycle, "official": official, "quarters": quarters,
    }, status=400 if data is not None else 200)


@about(Pledge)
@signed_in
def edit(request, pk: int):
    """Edit a draft or returned pledge (the owner only)."""
    pledge = _pledge_for(request, pk, CHANGE)
    if not _actions(pledge, request.user)["edit"]:
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
            milestone_errors = _attach(form, exc)
        else:
            messages.success(request, _("已保存“%(title)s”。") % {"title": form.cleaned_data["title"]})
            return redirect("pledges:detail", pk=pledge.pk)
    return _render_form(request, {
        "mode": "edit", "form": form, "formset": formset, "milestone_errors": milestone_errors,
        "cycle": pledge.cycle, "pledge": pledge, "quarters": quarters,
    }, status=400 if data is not None else 200)


@about(Pledge)
@signed_in
def revise(request, pk: int):
    """Propose a change to an approved pledge: a revision that staff approve again."""
    pledge = _pledge_for(request, pk, REVISE)
    if not _actions(pledge, request.user)["revise"]:
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
            milestone_errors = _attach(form, exc)
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
    pledge = _pledge_for(request, pk, DELETE)
    if request.method == "POST":
        try:
            services.pledge_delete(actor=request.user, pledge=pledge)
        except ValidationError as exc:
            report(request, exc)
            return redirect("pledges:detail", pk=pledge.pk)
        messages.success(request, _("已删除草稿“%(title)s”。") % {"title": pledge.title})
        return redirect("pledges:mine")
    if not _actions(pledge, request.user)["delete"]:
        messages.warning(request, _("只有草稿可以删除。"))
        return redirect("pledges:detail", pk=pledge.pk)
    return render(request, "pledges/delete.html", {"pledge": pledge})


@about(Pledge)
@signed_in
@require_POST
def submit(request, pk: int):
    pledge = _pledge_for(request, pk, SUBMIT)
    try:
        services.pledge_submit(actor=request.user, pledge=pledge)
    except ValidationError as exc:
        messages.error(request, _("“%(title)s”未能提交：") % {"title": pledge.title})
        report(request, exc)
    else:
        messages.success(request, _("“%(title)s”已提交审核。") % {"title": pledge.title})
    return _back(request, pledge)


@about(Pledge)
@signed_in
def progress(request, pk: int):
    """Post a progress update with up to five evidence files."""
    pledge = _pledge_for(request, pk, PROGRESS)
    if not _actions(pledge, request.user)["progress"]:
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
            _attach(form, exc)
        else:
            messages.success(request, _("已填报进展（%(percent)s%%）。") % {"percent": form.cleaned_data["percent"]})
            return redirect(reverse("pledges:detail", args=[pledge.pk]) + "#progress")
    return render(request, "pledges/progress.html", {"pledge": pledge, "form": form},
                  status=400 if data is not None else 200)


# --- the pledge page -----------------------------------------------------------------------------


def _revision_changes(pledge: Pledge, revision: PledgeRevision) -> list[tuple[str, str, str]]:
    """(field label, current, proposed) for each field the revision changes."""
    changes = []
    for name in services.TEXT_FIELDS:
        old, new = getattr(pledge, name), getattr(revision, name)
        if old == new:
            continue
        label = str(Pledge._meta.get_field(name).verbose_name)
        if name == "category":
            old, new = pledge.get_category_display(), revision.get_category_display()
        elif name == "milestones":
            old, new = (_milestone_text(m) for m in (old, new))
        changes.append((label, "" if old is None else str(old), "" if new is None else str(new)))
    return changes


def _milestone_text(milestones) -> str:
    return "；".join(
        _("第 %(q)s 季度 %(text)s") % {"q": m.get("quarter"), "text": m.get("description", "")}
        for m in sorted(milestones, key=lambda m: (m.get("quarter") or 0, m.get("due_on") or ""))
    )


def _timeline(pledge: Pledge):
    """The audit timeline with each event's changes in the order the form shows the fields."""
    order = {str(f.verbose_name): n for n, f in enumerate(Pledge._meta.fields)}
    status = str(Pledge._meta.get_field("status").verbose_name)
    events = selectors.pledge_timeline(pledge)
    for event in events:
        # A status change is already the event's title ("草稿 → 待审核").
        event.changes = sorted(
            (c for c in event.changes if not (c[0] == status and "→" in event.action)),
            key=lambda change: order.get(change[0], len(order)),
        )
    return events


@about(Pledge)
@signed_in
def detail(request, pk: int):
    """Everything about one pledge: text, milestones, grade, revisions, progress with evidence,
    the audit timeline, and the actions the user may take."""
    user = request.user
    try:
        pledge = selectors.pledge_detail(user, pk, today=timezone.localdate())
    except Pledge.DoesNotExist:
        raise Http404 from None
    actions = _actions(pledge, user)
    revisions = list(pledge.revisions.all())
    pending = next((r for r in revisions if r.status == PledgeRevision.Status.SUBMITTED), None)
    return render(request, "pledges/detail.html", {
        "pledge": pledge,
        "actions": actions,
        "milestones": sorted(pledge.milestones, key=lambda m: (m.get("quarter") or 0, m.get("due_on") or "")),
        "revisions": sorted(revisions, key=lambda r: -r.number),
        "pending": pending,
        "pending_changes": _revision_changes(pledge, pending) if pending else [],
        "updates": list(pledge.progress.all()),
        "timeline": _timeline(pledge),
        "approve_form": ApproveForm(auto_id="approve_%s") if actions["review"] else None,
        "return_form": ReasonForm(auto_id="return_%s") if actions["review"] else None,
        "regrade_form": RegradeForm(initial=pledge.ratings, auto_id="regrade_%s") if actions["regrade"] else None,
        "revision_form": RevisionApproveForm(auto_id="rev_%s") if actions["decide_revision"] else None,
        "revision_return_form": ReasonForm(auto_id="revret_%s") if actions["decide_revision"] else None,
        "thresholds": pledge.cycle.settings.get("pledge_grade_thresholds", {}),
    })


# --- review --------------------------------------------------------------------------------------


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
    pledge = _pledge_for(request, pk, REVIEW)
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
    return _back(request, pledge)


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


# --- the review queue ----------------------------------------------------------------------------


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
    """The district's pledges for review, filtered by a GET form (default: the newest cycle open
    for filing, status submitted), with the deadline panel. Staff approve checked rows at once
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
        cycle = next((c for c in cycles if states.allows(c, Activity.REVIEW)), cycles[0] if cycles else None)
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
                bulk_errors = [_("找不到可审核的目标：%(ids)s。") % {"ids": "、".join(missing)}]
            else:
                try:
                    approved = services.pledges_approve_many(
                        actor=user, items=[{"pledge": found[pk], **bulk.ratings(pk)} for pk in bulk.ids],
                    )
                except ValidationError as exc:
                    bulk_errors = exc.messages
                else:
                    messages.success(request, _("已批量通过 %(n)s 项目标。") % {"n": len(approved)})
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
    }, status=400 if bulk_errors else 200)


# --- evidence --------------------------------------------------------------------------------------


@about(Evidence)
@signed_in
def evidence_download(request, pk: int):
    """An evidence file, to those who may read its pledge; always as a download, never inline."""
    evidence = selectors.evidence_for(request.user, pk)
    if evidence is None:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type=evidence.content_type)
