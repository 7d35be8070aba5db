"""How appeals reach a district: through their cycle, for good (SPEC section 1: an official who
moves away leaves its appeals with the old district). An official reads its own; staff of the
district decide; the official files and withdraws its own."""
from django.db.models import Q

from accounts.scoping import CREATE, OWNERS, STAFF, Scope, register

from .models import Appeal

DECIDE, WITHDRAW = "decide", "withdraw"

register(
    Appeal,
    Scope(
        district="cycle__district",
        own=lambda user: Q(official_id=user.official_id),
        writers={CREATE: OWNERS, WITHDRAW: OWNERS, DECIDE: STAFF},
    ),
)
