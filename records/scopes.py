"""How records' models reach a district. A supervision entry belongs to the district where it
was recorded (its own `district`, not its official's current unit), so it stays there when the
official moves; a tolerance decision belongs to its cycle's district. An official reads its own
rows, never those marked internal (内部掌握)."""
from django.db.models import Q

from accounts.scoping import CHANGE, CREATE, DELETE, STAFF, Scope, register

from .models import Attachment, SupervisionEntry, ToleranceDecision

staff_writes = {CREATE: STAFF, CHANGE: STAFF, DELETE: STAFF}
register(SupervisionEntry, Scope(
    district="district",
    own=lambda user: Q(official_id=user.official_id, internal=False),
    writers=staff_writes,
))
register(Attachment, Scope(
    district="entry__district",
    own=lambda user: Q(entry__official_id=user.official_id, entry__internal=False),
    writers={CREATE: STAFF, DELETE: STAFF},
))
register(ToleranceDecision, Scope(
    district="cycle__district",
    own=lambda user: Q(official_id=user.official_id) & (
        Q(supervision_entry__isnull=True) | Q(supervision_entry__internal=False)),
    writers={CREATE: STAFF, CHANGE: STAFF},
))
