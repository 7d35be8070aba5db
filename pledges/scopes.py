"""How pledges' models reach a district: through their cycle (see cycles/scopes.py)."""
from django.db.models import Q

from accounts.scoping import (
    CHANGE,
    CREATE,
    DELETE,
    OWNERS,
    PROGRESS,
    REVIEW,
    REVISE,
    STAFF,
    SUBMIT,
    Scope,
    register,
)

from .models import Evidence, Pledge, PledgeRevision, ProgressUpdate, Reminder

register(
    Pledge,
    Scope(
        district="cycle__district",
        own=lambda user: Q(official_id=user.official_id),
        # Only the owner edits, deletes (drafts), submits and revises; staff may file on an
        # official's behalf (imports) and review.
        writers={
            CREATE: STAFF | OWNERS, CHANGE: OWNERS, DELETE: OWNERS, SUBMIT: OWNERS,
            REVISE: OWNERS, PROGRESS: OWNERS, REVIEW: STAFF,
        },
    ),
)
register(
    PledgeRevision,
    Scope(
        district="pledge__cycle__district",
        own=lambda user: Q(pledge__official_id=user.official_id),
        writers={REVIEW: STAFF},
    ),
)
register(
    ProgressUpdate,
    Scope(
        district="pledge__cycle__district",
        own=lambda user: Q(pledge__official_id=user.official_id),
        writers={CREATE: OWNERS},
    ),
)
register(
    Evidence,
    Scope(
        district="progress__pledge__cycle__district",
        own=lambda user: Q(progress__pledge__official_id=user.official_id),
    ),
)
register(
    Reminder,
    Scope(
        district="cycle__district",
        own=lambda user: Q(official_id=user.official_id),
        writers={CHANGE: OWNERS},
    ),
)
