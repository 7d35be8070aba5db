"""Reads for pledges: lists with the shape the pages and API need, the review queue, deadline
status of every official, and a pledge's readable timeline."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts.scoping import READ, REVIEW, SUBMIT, get_or_deny, scoped
from cycles import states
from cycles.models import Cycle
from cycles.states import Activity
from org.models import Official

from . import rules, services
from .models import Evidence, Pledge, PledgeRevision, ProgressUpdate

DUE_SOON_DAYS = 7


def overdue_q(today: datetime.date) -> Q:
    """Pledges still with the official (draft or returned) after their due date."""
    return Q(status__in=(Pledge.Status.DRAFT, Pledge.Status.RETURNED), due_on__lt=today)


def official_cycles(user, official: Official) -> QuerySet:
    """The cycles of `official` that `user` may read, newest first: its district's, and every cycle
    it has pledges in — an official that moved keeps its years in the old district (SPEC section 1)."""
    return scoped(Cycle.objects.all(), user).filter(
        Q(district_id=official.unit.district_id) | Q(pk__in=Pledge.objects.filter(official=official).values("cycle_id"))
    ).order_by("-year")


def pledge_list(user, *, today: datetime.date) -> QuerySet:
    """The pledges `user` may read, with official, unit and cycle joined, and annotated with
    `pending_revision` (a revision awaits review), `is_overdue`, `latest_percent`."""
    latest = ProgressUpdate.objects.filter(pledge=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        scoped(Pledge.objects.all(), user)
        .select_related("official__unit", "cycle__district")
        .annotate(
            pending_revision=Exists(
                PledgeRevision.objects.filter(pledge=OuterRef("pk"), status=PledgeRevision.Status.SUBMITTED)
            ),
            latest_percent=Subquery(latest.values("percent")[:1]),
        )
        .annotate(is_overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
    )


def official_pledges(user, official: Official, *, today: datetime.date) -> list[Pledge]:
    """Every pledge of `official` that `user` may read, shaped by pledge_list."""
    return list(pledge_list(user, today=today).filter(official_id=official.pk))


def pledge_for(user, pk, action: str = READ, *, today: datetime.date) -> Pledge:
    """The pledge `pk`, shaped by pledge_list, for `action`: 403 if `user` may only read it, 404
    if it may not even read it (accounts.scoping.get_or_deny)."""
    return get_or_deny(pledge_list(user, today=today), user, pk, action)


def filing_cycle(user, official: Official, pk: int | None = None) -> Cycle | None:
    """The cycle of `official`'s district that `user` may read to file pledges in: the cycle `pk`,
    or by default the newest one whose state allows filing; None when there is none."""
    cycles = scoped(Cycle.objects.all(), user).filter(district_id=official.unit.district_id)
    if pk is not None:
        return cycles.filter(pk=pk).first()
    return cycles.filter(state__in=states.states_for(Activity.FILING)).order_by("-year").first()


def pending_revision(user, pledge: Pledge) -> PledgeRevision | None:
    """The revision of `pledge` awaiting review, if `user` may review it."""
    return (scoped(PledgeRevision.objects.all(), user, REVIEW)
            .filter(pledge_id=pledge.pk, status=PledgeRevision.Status.SUBMITTED).first())


def reviewable_pledges(user, ids) -> dict[int, Pledge]:
    """The pledges among `ids` that `user` may review (cycle joined), by id."""
    return scoped(Pledge.objects.select_related("cycle"), user, REVIEW).in_bulk(ids)


def submittable_pledges(user, ids) -> list[Pledge]:
    """The pledges among `ids` that `user` may submit, in SPEC category order."""
    return list(scoped(Pledge.objects.select_related("cycle"), user, SUBMIT).filter(pk__in=ids)
                .order_by(_category_order(), "id"))


def set_categories(user, official: Official, cycle: Cycle, kind: str) -> list[str]:
    """The categories of `official`'s pledges of `kind` in `cycle` (every status): the set the
    3–5 / three-categories rule of submission counts."""
    return list(scoped(Pledge.objects.filter(official=official, cycle=cycle, kind=kind), user)
                .values_list("category", flat=True))


def _category_order():
    """SPEC section 3's order of the categories, as a sort key the database computes."""
    return Case(*[When(category=code, then=Value(n)) for n, code in enumerate(rules.CATEGORIES)],
                output_field=IntegerField())


def review_queue(user, cycle: Cycle, *, today: datetime.date, unit: int | None = None, category: str = "",
                 status: str = "", overdue: str = "", q: str = "") -> QuerySet:
    """A cycle's pledges for the review queue (shaped by pledge_list), filtered by unit, category,
    status, overdue ("yes"/"no") and a text `q` (title, content, target, official or unit name),
    ordered by unit, official, kind and category in SPEC order; empty filters are ignored."""
    rows = pledge_list(user, today=today).filter(cycle=cycle)
    if unit:
        rows = rows.filter(official__unit_id=unit)
    if category:
        rows = rows.filter(category=category)
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.filter(is_overdue=overdue == "yes")
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(content__icontains=q) | Q(target__icontains=q)
                           | Q(official__name__icontains=q) | Q(official__unit__name__icontains=q))
    return rows.order_by("official__unit__sort_order", "official__unit__name", "official__name", "official_id",
                         "kind", _category_order(), "id")


def evidence_for(user, pk) -> Evidence | None:
    """The evidence file `pk`, if `user` may read its pledge."""
    return scoped(Evidence.objects.all(), user).filter(pk=pk).first()


def pledge_detail(user, pk: int, *, today: datetime.date) -> Pledge:
    """One pledge with its revisions and progress (with evidence) prefetched; 404s via DoesNotExist."""
    return (
        pledge_list(user, today=today)
        .prefetch_related(
            Prefetch("revisions", queryset=PledgeRevision.objects.select_related("proposed_by", "decided_by")),
            Prefetch(
                "progress",
                queryset=ProgressUpdate.objects.select_related("author").prefetch_related(
                    Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
                ),
            ),
        )
        .get(pk=pk)
    )


@dataclass
class OfficialDeadline:
    """Where one official stands with the pledges due in a cycle."""

    official: Official
    kind: str
    due_on: datetime.date
    filed: int
    submitted: int  # submitted or approved
    state: str  # "complete", "pending", "due_soon", "overdue"
    problems: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return Pledge.Kind(self.kind).label


def deadline_status(user, cycle, *, today: datetime.date) -> list[OfficialDeadline]:
    """Every principal official of the cycle's district that `user` may read, with the kind of
    pledges expected of them, when they are due, and whether they are complete, pending, due
    within DUE_SOON_DAYS, or overdue (missing, or not all submitted, after the due date)."""
    return deadline_status_of(scoped(Official.objects.all(), user), cycle, today=today)


def deadline_status_of(officials: QuerySet, cycle, *, today: datetime.date) -> list[OfficialDeadline]:
    """deadline_status for the given officials (the reminder task passes all of them).
    One query whatever the number of officials."""
    officials = (
        officials.filter(unit__district_id=cycle.district_id, is_principal=True)
        .select_related("unit")
        .annotate(
            annual=Count("pledges", filter=Q(pledges__cycle=cycle, pledges__kind="annual")),
            annual_in=Count("pledges", filter=Q(pledges__cycle=cycle, pledges__kind="annual",
                                                pledges__status__in=("submitted", "approved"))),
            inauguration=Count("pledges", filter=Q(pledges__cycle=cycle, pledges__kind="inauguration")),
            inauguration_in=Count("pledges", filter=Q(pledges__cycle=cycle, pledges__kind="inauguration",
                                                      pledges__status__in=("submitted", "approved"))),
        )
        .order_by("unit__sort_order", "unit__name", "name")
    )
    rows = []
    for official in officials:
        kind = rules.expected_kind(cycle_year=cycle.year, pledge_deadline=cycle.pledge_deadline,
                                   appointed_on=official.appointed_on)
        filed, submitted = getattr(official, kind), getattr(official, f"{kind}_in")
        due_on = rules.due_date(kind=kind, pledge_deadline=cycle.pledge_deadline, appointed_on=official.appointed_on)
        problems = []
        if filed < rules.MIN_PLEDGES:
            problems.append(_("已填报 %(filed)s 项，少于 %(min)s 项") % {"filed": filed, "min": rules.MIN_PLEDGES})
        if submitted < filed:
            problems.append(ngettext("%(n)s 项未提交", "%(n)s 项未提交", filed - submitted)
                            % {"n": filed - submitted})
        if not problems:
            state = "complete"
        elif due_on < today:
            state = "overdue"
        elif (due_on - today).days <= DUE_SOON_DAYS:
            state = "due_soon"
        else:
            state = "pending"
        rows.append(OfficialDeadline(official, kind, due_on, filed, submitted, state, problems))
    return rows


@dataclass
class TimelineEvent:
    when: datetime.datetime
    who: str
    action: str
    reason: str
    changes: list[tuple[str, str, str]]


_ACTION = {"+": pgettext_lazy("history action", "创建"), "~": pgettext_lazy("history action", "修改"),
           "-": pgettext_lazy("history action", "删除")}
# The services' fixed audit reasons (stored in Chinese) as the timeline shows them.
REASONS = {
    services.FILED: pgettext_lazy("audit reason", "填报"),
    services.EDITED: pgettext_lazy("audit reason", "修改"),
    services.DRAFT_DELETED: pgettext_lazy("audit reason", "删除草稿"),
    services.SUBMITTED: pgettext_lazy("audit reason", "提交审核"),
    services.APPROVED: pgettext_lazy("audit reason", "审核通过"),
    services.REVISION_APPROVED: pgettext_lazy("audit reason", "调整通过"),
    services.PROGRESS_FILED: pgettext_lazy("audit reason", "填报进展"),
}
IN_FORCE = pgettext_lazy("audit reason", "调整通过（第 %(number)s 版）：%(reason)s")
_SKIP = {"updated_at", "created_at", "submitted_at", "approved_at", "id"}


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _show(record, name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "milestones" and isinstance(value, list):
        return _("；").join(f"Q{m.get('quarter')} {m.get('description', '')}" for m in value if isinstance(m, dict))
    display = getattr(record, f"get_{name}_display", None)
    return str(display()) if callable(display) else str(value)


# A revision put in force records its number and reason in one text (services.REVISION_IN_FORCE).
_IN_FORCE = re.compile(re.escape(services.REVISION_IN_FORCE).replace(re.escape("%(number)s"), r"(?P<number>\d+)")
                       .replace(re.escape("%(reason)s"), "(?P<reason>.*)"), re.S)


def _reason(text: str) -> str:
    """An audit record's reason in the reader's language when it is one of the services' fixed
    phrases (stored in Chinese as they are); a reason someone wrote stays as written."""
    if text in REASONS:
        return str(REASONS[text])
    match = _IN_FORCE.fullmatch(text)
    return IN_FORCE % match.groupdict() if match else text


def pledge_timeline(pledge: Pledge) -> list[TimelineEvent]:
    """The pledge's audit history, oldest first, as readable events: who, when, what changed
    (field, old → new) and why. Revisions proposed and decided appear as their own events."""
    events = []
    for model, records in (
        (Pledge, list(pledge.history.select_related("history_user").order_by("history_date", "history_id"))),
        (PledgeRevision, list(PledgeRevision.history.filter(pledge_id=pledge.pk)
                              .select_related("history_user").order_by("history_date", "history_id"))),
    ):
        previous_by_id = {}
        for record in records:
            previous = previous_by_id.get(record.id)
            changes = []
            if previous is not None:
                delta = record.diff_against(previous)
                for change in delta.changes:
                    if change.field in _SKIP or change.field.endswith("_by"):
                        continue
                    changes.append((_label(model, change.field), _show(previous, change.field, change.old),
                                    _show(record, change.field, change.new)))
            action = str(_ACTION.get(record.history_type, ""))
            if model is PledgeRevision:
                action = (_("提出调整（第 %(number)s 版）") % {"number": record.number} if record.history_type == "+"
                          else _("调整第 %(number)s 版：%(status)s") % {"number": record.number,
                                                                     "status": record.get_status_display()})
            elif previous is not None and previous.status != record.status:
                action = f"{previous.get_status_display()} → {record.get_status_display()}"
            user = record.history_user
            events.append(TimelineEvent(
                when=record.history_date, who=(user.get_full_name() or user.username) if user else _("系统"),
                action=action, reason=_reason(record.history_change_reason or ""), changes=changes,
            ))
            previous_by_id[record.id] = record
    events.sort(key=lambda e: e.when)
    return events
