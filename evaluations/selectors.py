"""Reads for evaluations: results with their officials."""
from __future__ import annotations

from django.db.models import QuerySet

from accounts.scoping import scoped

from .models import Result


def results_for_cycle(user, cycle) -> QuerySet:
    """A cycle's results that `user` may read, with official and unit joined, ranked first."""
    return (
        scoped(Result.objects.filter(cycle=cycle), user)
        .select_related("official", "unit")
        .order_by("rank", "official__name", "official_id")
    )
