"""What the evaluation pages share: who may open them, the cycle actions they offer, the lists
of problems a refusal leaves for the next page, and the labels of outcomes."""
from __future__ import annotations

from django.core.exceptions import ValidationError

from accounts.models import Role
from accounts.scoping import CHANGE, may
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity

from .. import labels, rules
from ..models import OutcomeExecution
from ..selectors import QUARTERS

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
__all__ = ["QUARTERS", "READERS", "keep_problems", "missing_messages", "outcome_labels", "refused_list",
           "state_actions", "take_problems"]


def keep_problems(request, key: str, title: str, items: list[str]) -> None:
    """A refusal with a list too long for a message (unscored pledges, incomplete officials):
    kept in the session and shown once by the page the redirect leads to."""
    request.session[f"evaluations:{key}"] = {"title": title, "items": items}


def take_problems(request, key: str) -> dict | None:
    return request.session.pop(f"evaluations:{key}", None)


def refused_list(exc: ValidationError) -> tuple[str, list[str]]:
    """A service error whose first message is a heading and the rest its items."""
    messages_ = exc.messages
    return (messages_[0], messages_[1:]) if len(messages_) > 1 else ("", messages_)


def state_actions(cycle: Cycle, user) -> dict:
    """Which cycle actions the pages offer (the services remain the authority)."""
    can_change = may(user, CHANGE, Cycle)
    next_state = states.next_state(cycle)
    return {
        "can_change": can_change,
        "advance": can_change and next_state is not None,
        "advance_label": Cycle.State(next_state).label if next_state else "",
        "compute": can_change and states.allows(cycle, Activity.COMPUTE),
        "finalize": can_change and states.allows(cycle, Activity.FINALIZE),
        "override": can_change and states.allows(cycle, Activity.OVERRIDE),
        "record_outcomes": may(user, CHANGE, OutcomeExecution) and states.allows(cycle, Activity.OUTCOMES),
    }


def missing_messages(result) -> list[str]:
    """What an incomplete Result lacks, item by item (the pledge and its quarters), or by code
    for a Result computed before the items were kept."""
    if result.missing_detail:
        return [labels.missing_message(item) for item in result.missing_detail]
    return [labels.missing_label(code) for code in result.missing]


def outcome_labels(codes) -> list[tuple[str, str, bool]]:
    return [(code, labels.outcome_label(code), code in rules.POSITIVE_OUTCOMES) for code in codes]
