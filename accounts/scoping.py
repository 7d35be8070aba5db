"""Who may see and change what: the one engine that decides district scoping.

Every queryset a user can reach — pages, API views, the admin, exports — goes through `scoped()`.
Each app declares how its models reach a district in its own `scopes.py` (`register`), imported
at start-up by `autodiscover()`; this module imports no app. A model that is not registered
cannot be scoped: `scoped()` refuses it loudly, and the start-up check (accounts.checks) fails
when a project model has neither a scope nor an `unscoped()` declaration with its reason.

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

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.module_loading import autodiscover_modules

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
    writable: for every role but admin, a function of the user giving a Q that narrows the rows
        it may write (every action but reading) among those it reads (e.g. staff change only the
        leader and official accounts that serve none but their districts).
    """

    district: str | None
    own: Callable[[object], Q] | None = None
    writers: dict[str, frozenset[str]] | None = None
    distinct: bool = False
    within: Callable[[object], Q] | None = None
    writable: Callable[[object], Q] | None = None


# The role sets `Scope.writers` is made of.
ADMINS = frozenset({Role.ADMIN})
STAFF = frozenset({Role.ADMIN, Role.STAFF})
OWNERS = frozenset({Role.OFFICIAL})
READERS = frozenset({Role.ADMIN, Role.STAFF, Role.LEADER})

_REGISTRY: dict[type[Model], Scope] = {}
UNSCOPED: dict[type[Model], str] = {}


def register(model: type[Model], scope: Scope) -> None:
    """Declare how `model`'s rows reach a district (each app does it in its `scopes.py`)."""
    if model in _REGISTRY:
        raise ImproperlyConfigured(f"{model._meta.label} already has a district scope.")
    _REGISTRY[model] = scope


def registered() -> dict[type[Model], Scope]:
    """Every registered model with its scope (for the start-up check and the tests)."""
    return dict(_REGISTRY)


def scope_for(model: type[Model]) -> Scope:
    # Historical (simple-history) models scope like the model they record.
    model = getattr(model, "instance_type", model)
    try:
        return _REGISTRY[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no district scope; register it in its app's scopes.py."
        ) from None


def _user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def _own_district_ids(user):
    return user.districts.values("pk")


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
    if action != READ and scope.writable is not None:
        qs = qs.filter(scope.writable(user))
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
    District = _user_model().districts.field.related_model
    return scoped(District.objects.all(), user)


def no_rows(user) -> Q:
    """For the official role: none of these rows (they reach them through their Result)."""
    return Q(pk__in=[])


def autodiscover() -> None:
    """Import every installed app's `scopes` module, where it registers its models (at start-up,
    from AccountsConfig.ready)."""
    autodiscover_modules("scopes")


def unscoped(model: type[Model], *, why: str) -> None:
    """Declare that `model` is never reached through `scoped()` (and say why), so the start-up
    check (accounts.checks) does not ask for its scope."""
    UNSCOPED[model] = why


def get_or_deny(readable: QuerySet, user, pk, action: str = READ):
    """The row `pk` of `readable` (a queryset already scoped for reading) if `user` may perform
    `action` on it; PermissionDenied (403) if the user may only read it; Http404 if it may not
    even read it — so a page never reveals that another district's row exists."""
    row = (readable if action == READ else scoped(readable, user, action)).filter(pk=pk).first()
    if row is None:
        if action != READ and readable.filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    return row
