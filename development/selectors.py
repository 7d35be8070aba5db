"""Reads for the development pages, API and profile sections. Each takes the user, reads through
accounts.scoping and owns its query shape (a fixed number of queries for any number of rows)."""
from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.scoping import CHANGE, CREATE, READ, districts_of, get_or_deny, may, scoped
from org.models import Official, Post, Unit
from org.rules import STREET

from .models import DueTalk, MentorPair, Placement, ReserveCategory, Talk


def _street_posts():
    return Post.objects.filter(official=OuterRef("official_id"), unit__kind=STREET)


def categories(user, district_id: int | None = None, *, active_only: bool = False) -> QuerySet:
    """The reserve categories `user` may read (of one district when given), each with the number
    of officials in it now (`placed`), in display order (one query)."""
    rows = scoped(ReserveCategory.objects.select_related("district"), user)
    if district_id is not None:
        rows = rows.filter(district_id=district_id)
    if active_only:
        rows = rows.filter(is_active=True)
    return rows.annotate(placed=Count("placements", filter=Q(placements__removed_on__isnull=True))).order_by(
        "district__code", "sort_order", "name")


def placements(user, *, district_id: int | None = None, category_id: int | None = None, unit_id: int | None = None,
               rank_level: str = "", street_only: bool = False, removed: bool = False) -> QuerySet:
    """The placements `user` may read, current ones (or the removed ones with `removed`), filtered
    by district, category, the official's unit and rank level, and to the officials with street
    experience (`street_only`); official, unit and category joined; `street` annotated: the
    official holds or held a street post (a flagged candidate for a district department head)."""
    rows = scoped(Placement.objects.select_related("official__unit", "category"), user)
    rows = rows.filter(removed_on__isnull=not removed)
    if district_id is not None:
        rows = rows.filter(district_id=district_id)
    if category_id is not None:
        rows = rows.filter(category_id=category_id)
    if unit_id is not None:
        rows = rows.filter(official__unit_id=unit_id)
    if rank_level:
        rows = rows.filter(official__rank_level=rank_level)
    rows = rows.annotate(street=Exists(_street_posts()))
    if street_only:
        rows = rows.filter(street=True)
    return rows.order_by("category__sort_order", "category__name", "official__unit__sort_order", "official__name",
                         "pk")


def street_experienced_officials(user, district_id: int) -> QuerySet:
    """Candidates for district department heads flagged by the front-line rule (seed 004): the
    officials of the district `user` may read who hold or held a street (街道) post, unit joined."""
    has_street = Post.objects.filter(official=OuterRef("pk"), unit__kind=STREET)
    return (scoped(Official.objects.filter(unit__district_id=district_id), user).select_related("unit")
            .filter(Exists(has_street)).order_by("unit__sort_order", "name", "pk"))


def placement_for(user, pk, action: str = READ) -> Placement:
    """The placement `pk` (official and category joined): 403 when only readable, 404 when not."""
    return get_or_deny(scoped(Placement.objects.select_related("official__unit", "category"), user), user, pk, action)


def category_districts(user) -> QuerySet:
    """The districts in which `user` may add reserve categories."""
    return districts_of(user).order_by("code") if may(user, CREATE, ReserveCategory) else districts_of(user).none()


def category_for(user, pk, action: str = READ) -> ReserveCategory:
    return get_or_deny(scoped(ReserveCategory.objects.all(), user), user, pk, action)


def district_units(user, district_id: int) -> QuerySet:
    return scoped(Unit.objects.filter(district_id=district_id), user).order_by("sort_order", "name")


# --- mentors and talks -------------------------------------------------------------------------------


def pairs(user, *, district_id: int | None = None, mentor_id: int | None = None, current: bool = False) -> QuerySet:
    """The mentor pairs `user` may read, mentor and mentee (with units) joined, with the number of
    talks held in each (`talk_count`)."""
    rows = scoped(MentorPair.objects.select_related("mentor__unit", "mentee__unit"), user)
    if district_id is not None:
        rows = rows.filter(district_id=district_id)
    if mentor_id is not None:
        rows = rows.filter(mentor_id=mentor_id)
    if current:
        rows = rows.filter(ended_on__isnull=True)
    return rows.annotate(talk_count=Count("talks")).order_by("mentor__name", "mentor_id", "-started_on", "pk")


def mentor_talks(user, mentor_id: int) -> QuerySet:
    """The talk log of a mentor: the talks held within its pairs, newest first, mentee joined."""
    return (scoped(Talk.objects.filter(pair__mentor_id=mentor_id), user)
            .select_related("official__unit", "recorded_by").order_by("-held_on", "-pk"))


def pair_for(user, pk, action: str = READ) -> MentorPair:
    return get_or_deny(scoped(MentorPair.objects.select_related("mentor", "mentee"), user), user, pk, action)


def due_talks(user, *, district_id: int | None = None, open_only: bool = True, overdue_only: bool = False,
              today=None) -> QuerySet:
    """The due talks `user` may read (open ones by default; only the overdue ones with
    `overdue_only`), official (with unit) and the closing talk joined, soonest due first."""
    today = today or timezone.localdate()
    rows = scoped(DueTalk.objects.select_related("official__unit", "closed_by"), user)
    if district_id is not None:
        rows = rows.filter(district_id=district_id)
    if open_only or overdue_only:
        rows = rows.filter(closed_on__isnull=True)
    if overdue_only:
        rows = rows.filter(due_on__lt=today)
    return rows.order_by("closed_on", "due_on", "pk")


def due_talk_for(user, pk, action: str = READ) -> DueTalk:
    return get_or_deny(scoped(DueTalk.objects.select_related("official"), user), user, pk, action)


def talk_officials(user, district_id: int) -> QuerySet:
    """The officials of a district a talk or a pair may name (unit joined)."""
    return scoped(Official.objects.filter(unit__district_id=district_id), user).select_related("unit").order_by(
        "unit__sort_order", "name", "pk")


# --- the profile -------------------------------------------------------------------------------------


def official_placements(user, official) -> list[Placement]:
    """Every placement of the official `user` may read, current and removed, category joined (one query)."""
    return list(scoped(Placement.objects.filter(official=official).select_related("category"), user)
                .order_by("-placed_on", "-pk"))


def official_mentoring(user, official) -> tuple[list[MentorPair], list[Talk], list[DueTalk]]:
    """The pairs the official is in (as mentor or mentee), the talks held with it, and its open due
    talks, as `user` may read them (three queries)."""
    pairs_ = list(scoped(MentorPair.objects.filter(Q(mentor=official) | Q(mentee=official)), user)
                  .select_related("mentor", "mentee").order_by("-started_on", "-pk"))
    talks = list(scoped(Talk.objects.filter(official=official), user).select_related("pair__mentor")
                 .order_by("-held_on", "-pk")[:50])
    due = list(scoped(DueTalk.objects.filter(official=official, closed_on__isnull=True), user).order_by("due_on"))
    return pairs_, talks, due


# --- the forms' choices ------------------------------------------------------------------------------


def writable_officials(user) -> QuerySet:
    """The officials `user` may record development rows for (unit joined): those it may change."""
    return scoped(Official.objects.select_related("unit"), user, CHANGE).order_by("unit__sort_order", "name", "pk")


def placeable_categories(user) -> QuerySet:
    """The active reserve categories `user` may place officials in."""
    return scoped(ReserveCategory.objects.filter(is_active=True).select_related("district"), user, CREATE)


def open_pairs(user) -> QuerySet:
    """The current mentor pairs `user` may record talks in (mentor and mentee joined)."""
    return scoped(MentorPair.objects.filter(ended_on__isnull=True).select_related("mentor", "mentee"), user, CHANGE)
