"""Reads of the signed-in account's own notifications (scoped by accounts.scoping as well)."""
from __future__ import annotations

from django.db.models import QuerySet

from accounts.scoping import READ, get_or_deny, scoped

from .models import Notification


def notifications_of(user) -> QuerySet:
    """`user`'s notifications, newest first. Always the account's own rows, whatever its role
    (a system administrator's `scoped()` alone would read everyone's)."""
    return scoped(Notification.objects.filter(user_id=user.pk), user)


def unread_count(user) -> int:
    """The number of `user`'s unread notifications: one query (on a partial index)."""
    return notifications_of(user).filter(read_at__isnull=True).count()


def notification_for(user, pk, action: str = READ) -> Notification:
    """One of `user`'s notifications; 404 for any other (another account's is never revealed)."""
    return get_or_deny(notifications_of(user), user, pk, action)
