"""Reads for appeals, each through `scoped()`: the list (an official's own, a district's for
staff and leaders) with the overdue flag, one appeal, the contested object a user may appeal,
and an appeal's audit timeline."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import READ, get_or_deny, scoped
from evaluations.models import GradeOverride, QuarterlyScore, QuarterRelease, Result
from pledges.models import Pledge

from . import services
from .models import Appeal

Subject = Appeal.Subject


def appeal_list(user, *, today: datetime.date | None = None) -> QuerySet:
    """The appeals `user` may read, newest first, with `overdue` (open past its due date) and
    what a row shows (the official, the cycle and its district, the decider) in one query."""
    today = today or timezone.localdate()
    return scoped(Appeal.objects.all(), user).select_related(
        "official", "cycle__district", "decided_by",
    ).annotate(overdue=Case(When(Q(state=Appeal.State.OPEN, due_on__lt=today), then=Value(True)),
                            default=Value(False), output_field=BooleanField()))


def appeal_queue(user, *, today: datetime.date | None = None, state: str = "open") -> QuerySet:
    """Staff's queue: the district's appeals in `state` ('' for all), overdue first, then by
    due date."""
    rows = appeal_list(user, today=today)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-overdue", "due_on", "id")


def appeal_for(user, pk, action: str = READ) -> Appeal:
    """One appeal `user` may read (404 otherwise), or act on (403 when only readable)."""
    return get_or_deny(appeal_list(user).select_related("quarterly_score__pledge", "pledge", "result"),
                       user, pk, action)


TARGETS = {
    Subject.QUARTERLY_SCORE: lambda: QuarterlyScore.objects.select_related("pledge__cycle__district",
                                                                           "pledge__official"),
    Subject.PLEDGE_GRADE: lambda: Pledge.objects.select_related("cycle__district", "official"),
    Subject.YEAR_GRADE: lambda: Result.objects.select_related("cycle__district", "official"),
}


def target_for(user, subject: str, object_id) -> object | None:
    """The contested object of `subject` with id `object_id` if `user` may read it (an official:
    its own released score, its own pledge, its own finalized result), else None."""
    make = TARGETS.get(subject)
    if make is None:
        return None
    try:
        return scoped(make(), user).filter(pk=int(object_id)).first()
    except (TypeError, ValueError, OverflowError):
        return None


@dataclass
class Eligibility:
    """Whether an official may appeal a value now, and until when."""

    ok: bool
    deadline: datetime.date | None = None
    open_appeal: Appeal | None = None
    why: str = ""


def eligibility(user, subject: str, target, *, today: datetime.date | None = None) -> Eligibility:
    """Whether `user` (an official) may file an appeal of `target` today: its own value, shown
    to it, within the appeal period, with no appeal of it open."""
    today = today or timezone.localdate()
    if user.role != "official" or target is None:
        return Eligibility(False, why=_("只有干部本人可以申请复核。"))
    cycle = target.pledge.cycle if subject == Subject.QUARTERLY_SCORE else target.cycle
    last_day = services.deadline(subject=subject, target=target, cycle=cycle)
    link = {Subject.QUARTERLY_SCORE: "quarterly_score", Subject.PLEDGE_GRADE: "pledge",
            Subject.YEAR_GRADE: "result"}[subject]
    open_appeal = Appeal.objects.filter(**{link: target}, state=Appeal.State.OPEN).first()
    if open_appeal is not None:
        return Eligibility(False, last_day, open_appeal, _("该结果已有一项待复核的申请。"))
    if last_day is None:
        return Eligibility(False, why=_("该结果尚未向您公布，不能申请复核。"))
    if today > last_day:
        return Eligibility(False, last_day,
                           why=_("申请复核的期限已于 %(date)s 届满。") % {"date": last_day.isoformat()})
    return Eligibility(True, last_day)


@dataclass
class OwnLinks:
    """For one official's page: the values it may appeal today, looked up at once (a few
    queries, whatever the number of values shown)."""

    today: datetime.date
    released: dict = field(default_factory=dict)
    open_scores: set = field(default_factory=set)
    open_pledges: set = field(default_factory=set)
    open_results: set = field(default_factory=set)

    def may_appeal(self, subject: str, target, cycle) -> bool:
        if subject == Subject.QUARTERLY_SCORE and target.pk in self.open_scores:
            return False
        if subject == Subject.PLEDGE_GRADE and target.pk in self.open_pledges:
            return False
        if subject == Subject.YEAR_GRADE and target.pk in self.open_results:
            return False
        last_day = services.deadline(subject=subject, target=target, cycle=cycle, released=self.released)
        return last_day is not None and self.today <= last_day


def own_links(user) -> OwnLinks | None:
    """What an official's pages need to show "申请复核" where it may: the release times of its
    cycles' quarters and its open appeals (two queries). None for other roles."""
    if user.role != "official" or not user.official_id:
        return None
    links = OwnLinks(today=timezone.localdate())
    links.released = {(c, q): at for c, q, at in scoped(QuarterRelease.objects.all(), user)
                      .values_list("cycle_id", "quarter", "released_at")}
    for score_id, pledge_id, result_id in scoped(Appeal.objects.filter(state=Appeal.State.OPEN), user) \
            .values_list("quarterly_score_id", "pledge_id", "result_id"):
        if score_id:
            links.open_scores.add(score_id)
        if pledge_id:
            links.open_pledges.add(pledge_id)
        if result_id:
            links.open_results.add(result_id)
    return links


@dataclass
class Step:
    when: datetime.datetime
    who: str
    action: str
    reason: str
    changes: list


_FIELDS = ("state", "decision_reason", "new_value")


def appeal_timeline(appeal: Appeal) -> list[Step]:
    """The appeal's audit history, oldest first: filed, decided or withdrawn, by whom and why,
    with what changed (state, decision, new value); and the contested value's own changes made
    since the appeal was filed (the correction, with its reason)."""
    steps = []
    previous = None
    for record in appeal.history.select_related("history_user").order_by("history_date", "history_id"):
        changes = []
        if previous is not None:
            for name in _FIELDS:
                old, new = getattr(previous, name), getattr(record, name)
                if old != new:
                    label = str(Appeal._meta.get_field(name).verbose_name)
                    if name == "state":
                        old, new = Appeal.State(old).label, Appeal.State(new).label
                    changes.append((label, str(old or "—"), str(new or "—")))
        action = _("申请复核") if previous is None else \
            _("复核申诉：%(state)s") % {"state": Appeal.State(record.state).label}
        reason = _(record.history_change_reason or "")
        steps.append(Step(record.history_date, _who(record.history_user), action,
                          "" if reason == action else reason, changes))
        previous = record
    target = services.target_of(appeal)
    if target is not None and hasattr(target, "history"):
        for record in target.history.filter(history_date__gt=appeal.filed_at).select_related("history_user") \
                .order_by("history_date", "history_id"):
            steps.append(Step(record.history_date, _who(record.history_user), _("更正%(subject)s") % {
                "subject": Subject(appeal.subject).label}, record.history_change_reason or "", []))
    if appeal.subject == Subject.YEAR_GRADE:
        for record in GradeOverride.history.filter(cycle_id=appeal.cycle_id, official_id=appeal.official_id,
                                                   history_date__gt=appeal.filed_at) \
                .select_related("history_user").order_by("history_date"):
            steps.append(Step(record.history_date, _who(record.history_user), _("更正年度等次"),
                              record.history_change_reason or "", [
                                  (str(_("年度等次")), "", services.display_value(Subject.YEAR_GRADE, record.grade))]))
    steps.sort(key=lambda s: s.when)
    return steps


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else _("系统")
