"""How development's models reach a district (see accounts.scoping). Every row carries the
district it belongs to for good. Staff write; leaders read; an official reads only the mentor
pairs it belongs to and the talks it held as a mentor — never the reserve pool or due talks,
which are the department's business."""
from django.db.models import Q

from accounts.scoping import CHANGE, CREATE, DELETE, STAFF, Scope, no_rows, register

from .models import DueTalk, MentorPair, Placement, ReserveCategory, Talk

WRITES = {CREATE: STAFF, CHANGE: STAFF, DELETE: STAFF}

register(ReserveCategory, Scope(district="district", own=no_rows, writers=WRITES))
register(Placement, Scope(district="district", own=no_rows, writers=WRITES))
register(MentorPair, Scope(
    district="district", writers=WRITES,
    own=lambda user: Q(mentor_id=user.official_id) | Q(mentee_id=user.official_id),
))
register(Talk, Scope(district="district", writers=WRITES, own=lambda user: Q(pair__mentor_id=user.official_id)))
register(DueTalk, Scope(district="district", own=no_rows, writers=WRITES))
