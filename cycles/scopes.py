"""How cycles' models reach a district (see accounts.scoping)."""
from django.db.models import Q

from accounts.scoping import ADMINS, CHANGE, CREATE, DELETE, EXPORT, READERS, STAFF, Scope, register

from .models import Cycle, TaskRecord

register(Cycle, Scope(district="district", writers={CREATE: STAFF, CHANGE: STAFF, DELETE: ADMINS, EXPORT: READERS}))
# Rows of a cycle belong to the cycle's district for good (SPEC section 1): every model with a
# cycle reaches its district through the cycle, never through an official's or a unit's current
# district, which changes when the official (or the unit) moves — the old district keeps them,
# the new one never sees them. tests/accounts/test_scoping.py checks this for every such model.
register(TaskRecord, Scope(district="cycle__district", own=lambda user: Q(requested_by_id=user.pk)))
