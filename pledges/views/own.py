"""An official's own pledges, per cycle and kind, with the 3–5 / three-categories check: what is
still missing, submit buttons only once the rule is met, and "submit all drafts" then."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.access import signed_in
from accounts.models import Role
from accounts.scoping import CREATE, SUBMIT, may
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from org import selectors as org_selectors

from .. import rules, selectors
from ..models import Pledge
from .common import offered_actions

CATEGORY_ORDER = {code: n for n, code in enumerate(rules.CATEGORIES)}


@dataclass
class KindGroup:
    """An official's pledges of one kind in one cycle, with the 3–5 / three-categories check
    (`shortfall`) and the drafts "submit all" would submit (offered only once the rule is met)."""

    kind: str
    label: str
    pledges: list
    problems: list[str]
    shortfall: rules.SetShortfall
    submitted: int
    expected: bool
    due_on: object
    drafts: list = field(default_factory=list)
    can_submit_all: bool = False


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
        shortfall = rules.pledge_set_shortfall([p.category for p in mine])
        for pledge in mine:
            pledge.actions = offered_actions(pledge, user)
            # The service would refuse: say what is missing (above the list) instead of a button.
            pledge.waits_for_set = pledge.actions["submit"] and not shortfall.ok
            pledge.actions["submit"] = pledge.actions["submit"] and shortfall.ok
        drafts = [p for p in mine if p.status == Pledge.Status.DRAFT]
        section.groups.append(KindGroup(
            kind=kind, label=Pledge.Kind(kind).label, pledges=mine,
            problems=rules.pledge_set_errors([p.category for p in mine]), shortfall=shortfall,
            drafts=drafts, can_submit_all=filing and shortfall.ok and len(drafts) > 1 and may(user, SUBMIT, Pledge),
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
        cycles = selectors.official_cycles(user, official)
        pledges = selectors.official_pledges(user, official, today=timezone.localdate())
        sections = [_cycle_section(cycle, official, [p for p in pledges if p.cycle_id == cycle.pk], user)
                    for cycle in cycles]
    return render(request, "pledges/mine.html", {"official": official, "sections": sections})
