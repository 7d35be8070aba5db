"""How accounts' models reach a district (see accounts.scoping)."""
from django.db.models import Q

from .models import AuditEvent, User
from .scoping import ADMINS, CHANGE, CREATE, DELETE, Scope, register, unscoped

register(
    User,
    Scope(
        district="districts",
        own=lambda user: Q(pk=user.pk),
        writers={CREATE: ADMINS, CHANGE: ADMINS, DELETE: ADMINS},
        distinct=True,
    ),
)
unscoped(AuditEvent, why="read only by system administrators, in the admin (AuditEventAdmin)")
