"""How accounts' models reach a district (see accounts.scoping)."""
from django.db.models import Q

from .models import STAFF_MANAGED_ROLES, AuditEvent, User
from .scoping import ADMINS, CHANGE, CREATE, DELETE, STAFF, Scope, register, unscoped


def _managed_by(user) -> Q:
    """The accounts staff may write among those they read: leaders and officials that serve
    none but the staff's districts (an account of two districts is not one district's to change)."""
    District = User.districts.field.related_model
    elsewhere = District.objects.exclude(pk__in=user.districts.values("pk"))
    return Q(role__in=STAFF_MANAGED_ROLES) & ~Q(districts__in=elsewhere)


register(
    User,
    Scope(
        district="districts",
        own=lambda user: Q(pk=user.pk),
        writers={CREATE: STAFF, CHANGE: STAFF, DELETE: ADMINS},
        distinct=True,
        writable=_managed_by,
    ),
)
unscoped(AuditEvent, why="read only by system administrators, in the admin (AuditEventAdmin)")
