"""Reads for cadre records: every queryset goes through `scoped()` for the user."""
from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from accounts.scoping import READ, get_or_deny, scoped
from cycles.models import Cycle
from evaluations.models import ListEntry, ListItem
from org.models import Official

from .models import Attachment, SupervisionEntry, ToleranceDecision

DECISION_RELATED = ("official__unit", "cycle__district", "list_entry__item", "supervision_entry", "recorded_by")


def _in_force(**link) -> QuerySet:
    return ToleranceDecision.objects.filter(revoked_on__isnull=True, **link)


def supervision_entries(user, *, district_id: int | None = None, kind: str = "", severity: str = "",
                        official: int | None = None, start: datetime.date | None = None,
                        end: datetime.date | None = None) -> QuerySet:
    """The supervision entries `user` may read, filtered, newest first, with official, unit,
    district, proposal and attachments loaded (a fixed number of queries for any page), and
    `tolerated` (a decision in force covers the entry)."""
    rows = scoped(SupervisionEntry.objects.all(), user).select_related(
        "official__unit", "district", "proposed_item", "proposed_cycle", "list_entry").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id"))).annotate(
        tolerated=Exists(_in_force(supervision_entry=OuterRef("pk"))))
    if district_id:
        rows = rows.filter(district_id=district_id)
    if kind:
        rows = rows.filter(kind=kind)
    if severity:
        rows = rows.filter(severity=severity)
    if official:
        rows = rows.filter(official_id=official)
    if start:
        rows = rows.filter(occurred_on__gte=start)
    if end:
        rows = rows.filter(occurred_on__lte=end)
    return rows.order_by("-occurred_on", "-id")


def supervision_entry_for(user, pk, action: str = READ) -> SupervisionEntry:
    rows = scoped(SupervisionEntry.objects.select_related(
        "official__unit", "district", "proposed_item", "proposed_cycle", "list_entry__item", "recorded_by"), user)
    return get_or_deny(rows, user, pk, action)


def attachment_for(user, pk, action: str = READ) -> Attachment | None:
    return scoped(Attachment.objects.select_related("entry"), user, action).filter(pk=pk).first()


def attachments_of(user, entry: SupervisionEntry) -> list[Attachment]:
    return list(scoped(Attachment.objects.filter(entry=entry), user))


def history_of(row) -> list:
    """The newest 50 history rows of an entry or a decision, with who made them."""
    return list(row.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])


def tolerance_decisions(user, *, district_id: int | None = None, official: int | None = None) -> QuerySet:
    rows = scoped(ToleranceDecision.objects.select_related(*DECISION_RELATED), user)
    if district_id:
        rows = rows.filter(cycle__district_id=district_id)
    if official:
        rows = rows.filter(official_id=official)
    return rows.order_by("-approved_on", "-id")


def tolerance_decision_for(user, pk, action: str = READ) -> ToleranceDecision:
    rows = scoped(ToleranceDecision.objects.select_related(*DECISION_RELATED), user)
    return get_or_deny(rows, user, pk, action)


def tolerable_list_entries(user, official: Official) -> QuerySet:
    """The official's negative list entries `user` may read that no decision in force covers."""
    return scoped(ListEntry.objects.filter(official=official, item__kind=ListItem.Kind.NEGATIVE), user).exclude(
        Exists(_in_force(list_entry=OuterRef("pk")))).select_related("item", "cycle").order_by("-cycle__year", "id")


def tolerable_supervision_entries(user, official: Official) -> QuerySet:
    return scoped(SupervisionEntry.objects.filter(official=official), user).exclude(
        Exists(_in_force(supervision_entry=OuterRef("pk")))).order_by("-occurred_on", "-id")


def open_cycles(user) -> QuerySet:
    """The cycles a negative list entry may still be proposed in (not finalized), district joined."""
    return scoped(Cycle.objects.exclude(state=Cycle.State.FINALIZED), user).select_related("district").order_by(
        "district__code", "year")


def cycles(user) -> QuerySet:
    return scoped(Cycle.objects.select_related("district"), user).order_by("district__code", "-year")


def negative_items() -> QuerySet:
    return ListItem.objects.filter(kind=ListItem.Kind.NEGATIVE).order_by("sort_order", "code")


def warning_window_start(today: datetime.date | None = None) -> datetime.date:
    """The first day of the 12 months that end today (the open-warnings window)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28) + datetime.timedelta(days=1)


def officials_with_open_warnings(official_ids, *, today: datetime.date | None = None) -> set[int]:
    """The ids among `official_ids` with an open warning, in one query.

    Rule: an official has an open warning when a supervision entry about it has severity
    `warning`, occurred in the last 12 months (from the same day a year ago, exclusive, to today
    inclusive), and no tolerance decision in force (not revoked) concerns that entry. Internal
    entries count (the search is for staff); any district's entries count, so pass only ids the
    searching user may read (the search scopes its officials itself)."""
    ids = list(official_ids)
    if not ids:
        return set()
    today = today or timezone.localdate()
    return set(SupervisionEntry.objects.filter(
        official_id__in=ids, severity=SupervisionEntry.Severity.WARNING,
        occurred_on__gte=warning_window_start(today), occurred_on__lte=today,
    ).exclude(Exists(_in_force(supervision_entry=OuterRef("pk")))).values_list("official_id", flat=True).distinct())
