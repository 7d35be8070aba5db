"""Who may see and change what: the one place where district scoping is decided.

Every queryset a user can reach — pages, API views, the admin, exports — goes through `scoped()`.
A model that is not registered here cannot be scoped, and `scoped()` refuses it loudly, so a new
model cannot leak by being forgotten.

Roles (SPEC section 1):
- admin: everything, every district.
- staff: read and write in its own districts.
- leader: read everything in its own districts, write nothing.
- official: read its district's shared data (units, cycles) and its own records; change only
  what `WRITE_RULES` grants it on its own records.
- anonymous: nothing (public boards are served from published snapshots, not from here).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

from .models import Role

READ, CREATE, CHANGE, DELETE = "read", "create", "change", "delete"
# Pledge workflow actions (SPEC section 3): the owner submits, revises and reports progress;
# staff review (approve, return, regrade, decide revisions).
SUBMIT, REVISE, PROGRESS, REVIEW = "submit", "revise", "progress", "review"
# Taking a district's data away as an Excel file: the roles that read a whole district.
EXPORT = "export"


@dataclass(frozen=True)
class Scope:
    """How a model's rows belong to districts and officials.

    district: lookup from the model to org.District, or None for a shared catalog (every
        signed-in account may read it).
    own: for the official role, a function of the user giving the Q of the rows that are its own;
        None means the official reads every row of its districts (e.g. units, cycles).
    writers: for each action other than reading, the roles that may perform it (within their
        scope): the writes, the workflow actions, and EXPORT.
    distinct: the district lookup crosses a many-to-many relation, so rows may repeat.
    within: for every role but admin, a function of the user giving a Q that narrows the rows
        further (e.g. an export file only for the requester's role).
    """

    district: str | None
    own: Callable[[object], Q] | None = None
    writers: dict[str, frozenset[str]] | None = None
    distinct: bool = False
    within: Callable[[object], Q] | None = None


_ADMIN = frozenset({Role.ADMIN})
_STAFF = frozenset({Role.ADMIN, Role.STAFF})
_OWNER = frozenset({Role.OFFICIAL})
_READERS = frozenset({Role.ADMIN, Role.STAFF, Role.LEADER})

_REGISTRY: dict[type[Model], Scope] = {}


def register(model: type[Model], scope: Scope) -> None:
    _REGISTRY[model] = scope


def scope_for(model: type[Model]) -> Scope:
    # Historical (simple-history) models scope like the model they record.
    model = getattr(model, "instance_type", model)
    try:
        return _REGISTRY[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no district scope; register it in accounts.scoping."
        ) from None


def _own_district_ids(user):
    from org.models import District

    return District.objects.filter(accounts=user).values("pk")


def is_signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def scoped(qs: QuerySet, user, action: str = READ) -> QuerySet:
    """Return the rows of `qs` that `user` may perform `action` on (read by default)."""
    scope = scope_for(qs.model)
    if not is_signed_in(user):
        return qs.none()
    if action != READ and user.role not in (scope.writers or {}).get(action, ()):
        return qs.none()
    if user.role == Role.ADMIN:
        return qs
    if scope.district is None:
        # A shared catalog: readable (and, per `writers`, writable) by every signed-in role.
        return qs
    qs = qs.filter(**{f"{scope.district}__in": _own_district_ids(user)})
    if scope.within is not None:
        qs = qs.filter(scope.within(user))
    if user.role == Role.OFFICIAL and scope.own is not None:
        qs = qs.filter(scope.own(user))
    return qs.distinct() if scope.distinct else qs


def may(user, action: str, model: type[Model]) -> bool:
    """Whether `user`'s role may perform `action` on some rows of `model` at all."""
    if not is_signed_in(user):
        return False
    if action == READ:
        return True
    return user.role in (scope_for(model).writers or {}).get(action, ())


def may_use_admin(user) -> bool:
    """The Django admin is for the roles that manage data, and for leaders to read it."""
    return is_signed_in(user) and user.role in (Role.ADMIN, Role.STAFF, Role.LEADER)


def districts_of(user) -> QuerySet:
    """The districts `user` works in (all of them for an admin)."""
    from org.models import District

    return scoped(District.objects.all(), user)


def _nothing(user) -> Q:
    """For the official role: none of these rows (they reach them through their Result)."""
    return Q(pk__in=[])


def _register_models():
    from django.db.models import Exists, OuterRef

    from evaluations.models import (
        Cycle, GradeOverride, ListEntry, ListItem, OutcomeExecution, PoliticalReview, QuarterlyScore,
        QuarterRelease, Result, SurveyScore, TaskRecord, UnitScore,
    )
    from org.models import District, Official, Post, Unit
    from pledges.models import Evidence, Pledge, PledgeRevision, ProgressUpdate, Reminder

    from .models import User

    register(District, Scope(district="pk", writers={CREATE: _ADMIN, CHANGE: _ADMIN, DELETE: _ADMIN}))
    register(Unit, Scope(district="district", writers={CREATE: _STAFF, CHANGE: _STAFF, DELETE: _STAFF}))
    register(
        Official,
        Scope(
            district="unit__district",
            own=lambda user: Q(pk=user.official_id),
            # An official edits its own profile (the API limits which fields).
            writers={CREATE: _STAFF, CHANGE: _STAFF | {Role.OFFICIAL}, DELETE: _STAFF},
        ),
    )
    register(
        Post,
        Scope(
            district="unit__district",
            own=lambda user: Q(official_id=user.official_id),
            writers={CREATE: _STAFF, CHANGE: _STAFF, DELETE: _STAFF},
        ),
    )
    register(Cycle, Scope(district="district",
                          writers={CREATE: _STAFF, CHANGE: _STAFF, DELETE: _ADMIN, EXPORT: _READERS}))
    # The positive/negative list catalog is every district's bonus and veto: shared, so only the
    # system administrator changes it (SPEC section 1).
    register(ListItem, Scope(district=None, writers={CREATE: _ADMIN, CHANGE: _ADMIN, DELETE: _ADMIN}))
    register(
        User,
        Scope(
            district="districts",
            own=lambda user: Q(pk=user.pk),
            writers={CREATE: _ADMIN, CHANGE: _ADMIN, DELETE: _ADMIN},
            distinct=True,
        ),
    )
    # Rows of a cycle belong to the cycle's district for good (SPEC section 1): their district is
    # reached through the cycle, never through an official's or a unit's current district, which
    # changes when the official (or the unit) moves — the old district keeps them, the new one
    # never sees them. tests/accounts/test_scoping.py checks this for every model with a cycle.
    register(
        Pledge,
        Scope(
            district="cycle__district",
            own=lambda user: Q(official_id=user.official_id),
            # Only the owner edits, deletes (drafts), submits and revises; staff may file on an
            # official's behalf (imports) and review.
            writers={
                CREATE: _STAFF | _OWNER, CHANGE: _OWNER, DELETE: _OWNER, SUBMIT: _OWNER,
                REVISE: _OWNER, PROGRESS: _OWNER, REVIEW: _STAFF,
            },
        ),
    )
    register(
        PledgeRevision,
        Scope(
            district="pledge__cycle__district",
            own=lambda user: Q(pledge__official_id=user.official_id),
            writers={REVIEW: _STAFF},
        ),
    )
    register(
        ProgressUpdate,
        Scope(
            district="pledge__cycle__district",
            own=lambda user: Q(pledge__official_id=user.official_id),
            writers={CREATE: _OWNER},
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
            writers={CHANGE: _OWNER},
        ),
    )
    staff_writes = {CREATE: _STAFF, CHANGE: _STAFF, DELETE: _STAFF}
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
    register(QuarterRelease, Scope(district="cycle__district", writers={CREATE: _STAFF}))
    register(UnitScore, Scope(district="cycle__district", own=_nothing, writers=staff_writes))
    register(SurveyScore, Scope(district="cycle__district", own=_nothing, writers=staff_writes))
    register(PoliticalReview, Scope(district="cycle__district", own=_nothing, writers=staff_writes))
    register(ListEntry, Scope(district="cycle__district", own=_nothing, writers=staff_writes))
    register(GradeOverride, Scope(district="cycle__district", own=_nothing, writers=staff_writes))
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
            writers={CHANGE: _STAFF},
        ),
    )
    register(TaskRecord, Scope(district="cycle__district", own=lambda user: Q(requested_by_id=user.pk)))
    from boards.models import Board, BoardVersion, Feedback

    register(Board, Scope(district="cycle__district", own=_nothing, writers={CHANGE: _STAFF}))
    register(BoardVersion, Scope(district="board__cycle__district", own=_nothing))
    register(Feedback, Scope(district="board__cycle__district", own=_nothing, writers={CHANGE: _STAFF}))
    from excel.models import ExportFile, ImportRecord

    register(ImportRecord, Scope(district="cycle__district", own=_nothing))
    # An export file is for accounts of the requester's role in the cycle's district: a staff
    # member's export is not a leader's to take.
    register(ExportFile, Scope(district="cycle__district", own=lambda user: Q(requested_by_id=user.pk),
                               writers={EXPORT: _READERS}, within=lambda user: Q(role=user.role)))


def get_or_deny(readable: QuerySet, user, pk, action: str = READ):
    """The row `pk` of `readable` (a queryset already scoped for reading) if `user` may perform
    `action` on it; PermissionDenied (403) if the user may only read it; Http404 if it may not
    even read it — so a page never reveals that another district's row exists."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    row = (readable if action == READ else scoped(readable, user, action)).filter(pk=pk).first()
    if row is None:
        if action != READ and readable.filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    return row
