"""Records' sections of the official's profile (core.profile_sections): supervision entries and
tolerance decisions (with the 澄清正名 note). Each provider runs a fixed number of queries
whatever the history length: the supervision section two (the entries with their tolerance flag,
their attachments), the tolerance section one."""
from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _

from accounts.scoping import scoped
from core.profile_sections import ProfileSection, profile_section

from .models import Attachment, SupervisionEntry, ToleranceDecision


@profile_section(order=70)
def supervision_section(*, official, viewer, years) -> ProfileSection | None:
    """The official's supervision entries the viewer may read (scoping hides the internal ones
    from the official themself, and other districts' entries from their staff), newest first."""
    rows = scoped(SupervisionEntry.objects.filter(official=official), viewer).select_related("district") \
        .prefetch_related(Prefetch("attachments", queryset=scoped(Attachment.objects.order_by("id"), viewer))) \
        .annotate(tolerated=Exists(ToleranceDecision.objects.filter(supervision_entry=OuterRef("pk"),
                                                                    revoked_on__isnull=True))) \
        .order_by("-occurred_on", "-id")
    if years is not None:
        rows = rows.filter(occurred_on__year__in=list(years))
    entries = list(rows)
    if not entries:
        return None
    return ProfileSection(key="supervision", title=_("监督信息"), template="records/profile_supervision.html",
                          context={"entries": entries}, order=70)


@profile_section(order=75)
def tolerance_section(*, official, viewer, years) -> ProfileSection | None:
    """The tolerance decisions about the official the viewer may read, in force and revoked,
    with the clearing-of-name (澄清正名) note."""
    rows = scoped(ToleranceDecision.objects.filter(official=official), viewer).select_related(
        "cycle", "list_entry__item", "supervision_entry").order_by("-approved_on", "-id")
    if years is not None:
        rows = rows.filter(cycle__year__in=list(years))
    decisions = list(rows)
    if not decisions:
        return None
    return ProfileSection(key="tolerance", title=_("容错纠错、澄清正名"), template="records/profile_tolerance.html",
                          context={"decisions": decisions}, order=75)
