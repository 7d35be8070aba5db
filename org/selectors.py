"""Reads for org: the units and officials of a district that a user may read, and an
official's own record."""
from __future__ import annotations

from django.db.models import QuerySet

from accounts.scoping import scoped

from .models import Official, Unit


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
