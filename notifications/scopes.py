"""Notifications belong to one account: every role reads and marks only its own (`within`), in the
districts it works in. The system administrator's `scoped()` is unrestricted, as everywhere; the
pages (selectors) always ask for the signed-in account's own rows."""
from django.db.models import Q

from accounts.models import Role
from accounts.scoping import CHANGE, Scope, register

from .models import Notification

register(
    Notification,
    Scope(
        district="district",
        own=lambda user: Q(user_id=user.pk),
        within=lambda user: Q(user_id=user.pk),
        writers={CHANGE: frozenset(Role.values)},  # marking one's own notifications read
    ),
)
