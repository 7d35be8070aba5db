"""org's part of the home page (accounts.selectors.home_for): the districts with their counts,
and an official's own profile."""
from django.db.models import Count, Q

from accounts.models import Role
from accounts.scoping import districts_of
from accounts.selectors import home_part

from .models import Official


@home_part
def districts_and_profile(user, context: dict) -> None:
    context["districts"] = list(
        districts_of(user)
        .annotate(
            unit_count=Count("units", distinct=True),
            official_count=Count("units__officials", filter=Q(units__officials__is_principal=True), distinct=True),
        )
        .order_by("code")
    )
    if user.role == Role.OFFICIAL and user.official_id:
        context["official"] = Official.objects.select_related("unit").filter(pk=user.official_id).first()
