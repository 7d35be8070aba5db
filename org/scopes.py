"""How org's models reach a district (see accounts.scoping)."""
from django.db.models import Q

from accounts.models import Role
from accounts.scoping import ADMINS, CHANGE, CREATE, DELETE, STAFF, Scope, register

from .models import District, Official, Post, Unit

register(District, Scope(district="pk", writers={CREATE: ADMINS, CHANGE: ADMINS, DELETE: ADMINS}))
register(Unit, Scope(district="district", writers={CREATE: STAFF, CHANGE: STAFF, DELETE: STAFF}))
register(
    Official,
    Scope(
        district="unit__district",
        own=lambda user: Q(pk=user.official_id),
        # An official edits its own profile (the API limits which fields).
        writers={CREATE: STAFF, CHANGE: STAFF | {Role.OFFICIAL}, DELETE: STAFF},
    ),
)
register(
    Post,
    Scope(
        district="unit__district",
        own=lambda user: Q(official_id=user.official_id),
        writers={CREATE: STAFF, CHANGE: STAFF, DELETE: STAFF},
    ),
)
