"""What the pledge pages share: the pledge for an action, the actions a page offers on it, a
service's errors on a form, and the way back."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.scoping import CHANGE, DELETE, PROGRESS, REVIEW, REVISE, SUBMIT, may
from core.web import back, errors_onto_form
from cycles import states
from cycles.states import Activity

from .. import selectors, services
from ..models import Pledge


def pledge_for(request, pk: int, action: str) -> Pledge:
    """The pledge `pk`, shaped by selectors.pledge_list, for `action` (see scoping.get_or_deny)."""
    return selectors.pledge_for(request.user, pk, action, today=timezone.localdate())


def offered_actions(pledge: Pledge, user) -> dict[str, bool]:
    """Which actions a page offers on `pledge`. The services remain the authority; this only
    avoids offering what they would refuse (the user's role, the pledge's status, the cycle's state)."""
    filing = states.allows(pledge.cycle, services.filing_activity(pledge))
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


def attach_errors(form, exc: ValidationError) -> list[str]:
    """Put a service's errors on the form (on the field they name, else above the form) and
    return the milestone errors, which belong to the milestone rows."""
    return errors_onto_form(form, exc, apart=("milestones",))


def back_to_pledge(request, pledge: Pledge):
    """Where the action came from (the list or the queue), else the pledge's page."""
    return back(request, reverse("pledges:detail", args=[pledge.pk]))
