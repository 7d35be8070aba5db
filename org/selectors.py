"""Reads for org: the units and officials of a district that a user may read, and an
official's own record; for the org pages the lists, one official with its post history, and the
units a user may place an official in."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts.scoping import CREATE, READ, districts_of, get_or_deny, may, scoped

from . import rules
from .models import Official, Post, Unit


def official_of_user(user) -> Official | None:
    """The official the signed-in account is (unit joined), or None for other accounts."""
    if not user.official_id:
        return None
    return scoped(Official.objects.select_related("unit"), user).filter(pk=user.official_id).first()


def district_units(user, district_id: int) -> QuerySet:
    """The units of a district that `user` may read, in their display order."""
    return scoped(Unit.objects.filter(district_id=district_id), user).order_by("sort_order", "name")


def district_officials(user, district_id: int, *, principal: bool = False) -> QuerySet:
    """The officials of a district that `user` may read (unit joined); only the principal ones
    (党政正职, those under review) when `principal`."""
    officials = Official.objects.filter(unit__district_id=district_id)
    if principal:
        officials = officials.filter(is_principal=True)
    return scoped(officials, user).select_related("unit")


def district_unit(user, district_id: int, pk) -> Unit | None:
    """The unit `pk` of the district, if `user` may read it."""
    return district_units(user, district_id).filter(pk=pk).first()


def district_official(user, district_id: int, pk) -> Official | None:
    """The official `pk` of the district (unit joined), if `user` may read it."""
    return district_officials(user, district_id).filter(pk=pk).first()


def page_districts(user) -> list:
    """The districts the org pages offer `user` to choose from (its own; every one for an admin)."""
    return list(districts_of(user).order_by("code"))


def unit_districts(user) -> QuerySet:
    """The districts in which `user` may create units."""
    return districts_of(user).order_by("code") if may(user, CREATE, Unit) else districts_of(user).none()


def unit_list(user, district_id: int | None = None) -> QuerySet:
    """The units `user` may read (of one district when given), district joined, with the number of
    their principal officials (`principal_count`), in their display order."""
    units = scoped(Unit.objects.select_related("district"), user)
    if district_id is not None:
        units = units.filter(district_id=district_id)
    return units.annotate(
        principal_count=Count("officials", filter=Q(officials__is_principal=True)),
    ).order_by("district__code", "sort_order", "name")


def official_list(user, *, district_id: int | None = None, unit_id: int | None = None, q: str = "") -> QuerySet:
    """The officials `user` may read, filtered by district, unit and a part of the name; unit,
    district and account joined; in the units' order."""
    officials = scoped(Official.objects.select_related("unit__district", "account"), user)
    if district_id is not None:
        officials = officials.filter(unit__district_id=district_id)
    if unit_id is not None:
        officials = officials.filter(unit_id=unit_id)
    if q:
        officials = officials.filter(name__icontains=q)
    return officials.order_by("unit__district__code", "-is_principal", "unit__sort_order", "unit__name", "name", "pk")


def official_for(user, pk, action: str = READ) -> Official:
    """The official `pk` (unit, district and account joined) for `action`: 403 when `user` may
    only read it, 404 when it may not even read it."""
    return get_or_deny(scoped(Official.objects.select_related("unit__district", "account"), user), user, pk, action)


def unit_for(user, pk, action: str = READ) -> Unit:
    """The unit `pk` (district joined) for `action` (403 / 404 as official_for)."""
    return get_or_deny(scoped(Unit.objects.select_related("district"), user), user, pk, action)


def official_posts(user, official: Official) -> list[Post]:
    """The official's posts that `user` may read (those in its districts), newest first, unit joined."""
    return list(scoped(Post.objects.filter(official=official).select_related("unit__district"), user)
                .order_by("-started_on", "-pk"))


def current_post(official: Official, posts: list[Post]) -> Post | None:
    """The open post among `posts` (official_posts), if any."""
    return next((post for post in posts if post.ended_on is None), None)


def placeable_units(user) -> QuerySet:
    """The units in which `user` may place an official (create one there or move one there),
    district joined, in the districts' and units' order."""
    units = scoped(Unit.objects.select_related("district"), user, CREATE)
    return units.order_by("district__code", "sort_order", "name")


def principal_post_counts(user, district_id: int) -> tuple[int, float | None]:
    """The number of principal officials of the district `user` may read and their average number
    of posts held (人均岗位经历, seed 003; org.rules.posts_per_official), in one query."""
    counts = scoped(Official.objects.filter(unit__district_id=district_id, is_principal=True), user).aggregate(
        officials=Count("pk", distinct=True), posts=Count("posts"))
    return counts["officials"], rules.posts_per_official(counts["posts"], counts["officials"])
