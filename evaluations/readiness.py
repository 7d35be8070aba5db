"""What is still open before a cycle's next step (SPEC section 4, "readiness"): before *advance*
and *finalize*, the blockers — what will refuse the step, or can no longer be done after it —
and the warnings, each naming the official and the pledge, with a link to where it is done.

The list is built from the same inputs the compute reads (compute.load_inputs and the scoring
rules' missing_items), so what readiness calls missing is exactly what finalize refuses; and it
asks cycles.states what the next state allows, so a change to the state table changes it too."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from cycles import states
from cycles.models import Cycle
from cycles.states import Activity

from . import labels, scoring
from .compute import load_inputs
from .models import QuarterlyScore, QuarterRelease
from .selectors import new_in_post

QUARTERS = (1, 2, 3, 4)


@dataclass
class Item:
    code: str
    message: str
    official: int | None = None
    official_name: str = ""
    pledge: int | None = None
    pledge_title: str = ""
    url: str = ""


@dataclass
class Readiness:
    state: str
    next_state: str | None  # None once finalized
    blockers: list[Item] = field(default_factory=list)
    warnings: list[Item] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"state": self.state, "next_state": self.next_state,
                "blockers": [asdict(i) for i in self.blockers], "warnings": [asdict(i) for i in self.warnings]}


def _next(cycle: Cycle) -> str | None:
    if states.allows(cycle, Activity.FINALIZE):
        return Cycle.State.FINALIZED
    return states.next_state(cycle)


def _after(cycle: Cycle, state: str) -> Cycle:
    """The cycle as it would be in `state` (for asking the state table what is allowed then)."""
    return Cycle(pk=cycle.pk, district_id=cycle.district_id, year=cycle.year, state=state)


def _new_in_post(cycle: Cycle):
    """The district's principal officials suggested for new_in_post (selectors.new_in_post)."""
    from org.models import Official

    officials = Official.objects.filter(unit__district_id=cycle.district_id, is_principal=True)
    return list(new_in_post(officials, cycle).order_by("appointed_on", "name", "id"))


def _lacks(name: str, missing: scoring.MissingItem) -> str:
    return _("%(name)s：%(message)s") % {"name": name, "message": labels.missing_message(missing)}


def cycle_readiness(cycle: Cycle) -> Readiness:
    """What is open before `cycle`'s next step, for the cycle's whole district (the callers
    check that the user may read the cycle and is not an official)."""
    from pledges.models import Pledge

    target = _next(cycle)
    readiness = Readiness(state=cycle.state, next_state=target)
    if target is None:
        return readiness
    after = _after(cycle, target)
    inputs, _units = load_inputs(cycle)
    names = {o.official_id: o.name for o in inputs}
    inputs_url = reverse("evaluations:inputs", args=[cycle.pk])

    def item(code, message, official=None, pledge=None, title="", url=""):
        if not url:
            url = reverse("pledges:detail", args=[pledge]) if pledge else (
                f"{inputs_url}#official-{official}" if official else "")
        return Item(code, message, official, names.get(official, ""), pledge, title, url)

    # Pledges not yet through review: drafts and returned ones (the official's turn) and those
    # waiting for staff. What the next state no longer allows is a blocker.
    open_pledges = defaultdict(list)
    for pledge_id, official_id, title, status in Pledge.objects.filter(
            cycle=cycle, status__in=[Pledge.Status.DRAFT, Pledge.Status.RETURNED]).order_by("official_id", "id") \
            .values_list("id", "official_id", "title", "status"):
        if official_id in names:
            open_pledges[status].append((pledge_id, official_id, title))
    with_open = {official_id for rows in open_pledges.values() for _p, official_id, _t in rows}
    for status, activity, code, text in (
        (Pledge.Status.DRAFT, Activity.FILING, "pledge_draft", _("%(name)s的“%(title)s”仍是草稿，尚未提交")),
        (Pledge.Status.RETURNED, Activity.RESUBMIT, "pledge_returned",
         _("%(name)s的“%(title)s”已退回，尚未重新提交")),
    ):
        still_allowed = states.allows(after, activity)
        for pledge_id, official_id, title in open_pledges[status]:
            message = text % {"name": names[official_id], "title": title}
            if target == Cycle.State.FINALIZED:
                message += _("（定档后不计入）")
            elif not still_allowed:
                message += _("（推进后不能再提交）")
            blocking = not still_allowed and target != Cycle.State.FINALIZED
            (readiness.blockers if blocking else readiness.warnings).append(
                item(code, message, official_id, pledge_id, title))

    for o in inputs:
        if o.exempt_reason:
            if target == Cycle.State.FINALIZED:
                readiness.warnings.append(item("exempt", _("%(name)s为不确定等次，不参加排名和等次评定") % {
                    "name": o.name}, o.official_id))
            continue
        for missing in scoring.missing_items(o):
            if target == Cycle.State.FINALIZED:
                readiness.blockers.append(item(missing.code, _lacks(o.name, missing), o.official_id,
                                               missing.pledge_id, missing.title))
            elif missing.code == scoring.MISSING_PENDING_REVIEW:
                blocking = not states.allows(after, Activity.REVIEW)
                (readiness.blockers if blocking else readiness.warnings).append(
                    item(missing.code, _lacks(o.name, missing), o.official_id, missing.pledge_id,
                         missing.title))
            elif missing.code == scoring.MISSING_PLEDGE and target == Cycle.State.EVALUATING:
                if o.official_id not in with_open and not o.pending:
                    readiness.blockers.append(item(
                        "no_pledges", _("%(name)s没有任何履职践诺目标（推进后不能再填报）") % {"name": o.name},
                        o.official_id))
            elif missing.code == scoring.MISSING_PLEDGE_SCORE and target == Cycle.State.EVALUATING:
                readiness.warnings.append(item(missing.code, _lacks(o.name, missing), o.official_id,
                                               missing.pledge_id, missing.title))

    # Quarters scored but not released: after finalize a quarter can no longer be released, so
    # the officials would never see those scores.
    released = set(QuarterRelease.objects.filter(cycle=cycle).values_list("quarter", flat=True))
    scored = dict(QuarterlyScore.objects.filter(pledge__cycle=cycle).order_by().values_list("quarter")
                  .annotate(n=Count("pk")))
    # (listed first: they concern the whole district)
    grid = reverse("evaluations:cycle", args=[cycle.pk])
    for quarter in reversed(QUARTERS):
        if quarter in released or not scored.get(quarter):
            continue
        message = _("第 %(q)s 季度评分尚未发布，干部还看不到本人得分") % {"q": quarter}
        if not states.allows(after, Activity.SCORING):
            readiness.blockers.insert(0, item("quarter_unreleased", message + _("（定档后不能再发布）"), url=grid))
        else:
            readiness.warnings.insert(0, item("quarter_unreleased", message, url=grid))
    if target in (Cycle.State.EVALUATING, Cycle.State.FINALIZED):
        for official in _new_in_post(cycle):
            readiness.warnings.append(item(
                "suggest_new_in_post",
                _("%(name)s于 %(day)s 任现职，任职时间较短：可考虑确定为不确定等次") % {
                    "name": official.name, "day": official.appointed_on.isoformat()},
                official.pk, url=reverse("evaluations:exemptions", args=[cycle.pk]) + "#suggestions"))
    if cycle.state == Cycle.State.PLANNING:
        readiness.warnings.append(item("settings_frozen", _("推进后考核参数不能再修改"), url=grid))
    return readiness
