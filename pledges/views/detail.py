"""The pledge page (text, milestones, grade, revisions, progress with evidence, the audit timeline,
the actions the user may take) and its evidence files."""
from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import about, signed_in
from cycles.models import Cycle

from .. import rules, selectors, services
from ..forms import ApproveForm, ReasonForm, RegradeForm, RevisionApproveForm
from ..models import Evidence, Pledge, PledgeRevision
from .common import offered_actions


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
    return _("；").join(
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
    actions = offered_actions(pledge, user)
    shortfall = None
    if actions["submit"]:  # the service would refuse while the set lacks pledges: say what instead
        shortfall = rules.pledge_set_shortfall(selectors.set_categories(user, pledge.official, pledge.cycle,
                                                                        pledge.kind))
        actions["submit"] = shortfall.ok
    revisions = list(pledge.revisions.all())
    pending = next((r for r in revisions if r.status == PledgeRevision.Status.SUBMITTED), None)
    return render(request, "pledges/detail.html", {
        "pledge": pledge,
        "actions": actions,
        "shortfall": shortfall if shortfall and not shortfall.ok else None,
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
        "late_review": pledge.cycle.state == Cycle.State.EVALUATING
        and any(actions[a] for a in ("review", "regrade", "decide_revision")),
    })



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
