"""How evaluations' models reach a district: through their cycle (see cycles/scopes.py)."""
from django.db.models import Exists, OuterRef, Q

from accounts.scoping import ADMINS, CHANGE, CREATE, DELETE, STAFF, Scope, no_rows, register

from .models import (
    Exemption,
    GradeOverride,
    ListEntry,
    ListItem,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    QuarterRelease,
    Result,
    SurveyScore,
    UnitScore,
)

# The positive/negative list catalog is every district's bonus and veto: shared, so only the
# system administrator changes it (SPEC section 1).
register(ListItem, Scope(district=None, writers={CREATE: ADMINS, CHANGE: ADMINS, DELETE: ADMINS}))

staff_writes = {CREATE: STAFF, CHANGE: STAFF, DELETE: STAFF}
register(
    QuarterlyScore,
    Scope(
        district="pledge__cycle__district",
        # An official sees its own scores once the quarter is released (SPEC section 1).
        own=lambda user: Q(pledge__official_id=user.official_id) & Q(Exists(
            QuarterRelease.objects.filter(cycle_id=OuterRef("pledge__cycle_id"), quarter=OuterRef("quarter"))
        )),
        writers=staff_writes,
    ),
)
register(QuarterRelease, Scope(district="cycle__district", writers={CREATE: STAFF}))
register(UnitScore, Scope(district="cycle__district", own=no_rows, writers=staff_writes))
register(SurveyScore, Scope(district="cycle__district", own=no_rows, writers=staff_writes))
register(PoliticalReview, Scope(district="cycle__district", own=no_rows, writers=staff_writes))
register(ListEntry, Scope(district="cycle__district", own=no_rows, writers=staff_writes))
register(Exemption, Scope(district="cycle__district", own=no_rows, writers=staff_writes))
register(GradeOverride, Scope(district="cycle__district", own=no_rows, writers=staff_writes))
register(
    Result,
    Scope(
        district="cycle__district",
        # An official reads its own result once the cycle is finalized.
        own=lambda user: Q(official_id=user.official_id, cycle__state="finalized"),
    ),
)
register(
    OutcomeExecution,
    Scope(
        district="result__cycle__district",
        own=lambda user: Q(result__official_id=user.official_id, result__cycle__state="finalized"),
        writers={CHANGE: STAFF},
    ),
)
