"""Audit: django-simple-history records every change of data (who, when, old → new and why);
`audit_event` records the other security-relevant events (denied accesses, exports) as
accounts.AuditEvent rows, shown read-only to system administrators in the admin."""
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from .models import AuditEvent

log = logging.getLogger(__name__)

# Action codes written by the project; callers may add their own short codes (e.g. "export").
AUTH_FAILED = "auth_failed"  # 401: no or a bad token/session where one is needed
DENIED = "denied"  # 403: signed in, but the role or the object's scope does not allow it
NOT_FOUND = "not_found"  # 404 on an existing URL: unknown, or another district's object


_LEFT_TO_DATABASE = ContextVar("audited_save_left_to_database", default=False)


@contextmanager
def checks_left_to_database():
    """Inside this block `audited_save` still checks each field (length, choices, blank, its
    validators) and the model's `clean()`, but leaves foreign keys, uniqueness and the models'
    constraints to the database, which enforces every one of them: a violation is then an
    IntegrityError instead of a ValidationError naming the field. Each of those checks is a query
    of its own, and together they were two thirds of the demo build's time.

    Only for builders of known-good data (the demo, whose every row its tests check); never around
    anything a user sent."""
    token = _LEFT_TO_DATABASE.set(True)
    try:
        yield
    finally:
        _LEFT_TO_DATABASE.reset(token)


@cache
def _foreign_keys(model) -> tuple[str, ...]:
    return tuple(field.name for field in model._meta.concrete_fields if field.is_relation)


def audited_save(obj, *, actor, reason: str = "", checked_by_caller: bool = False) -> None:
    """Validate and save `obj`, recording `actor` and `reason` on the history row it writes.

    checked_by_caller: the caller loaded every related object itself, looked the row's unique key
    up under a lock and checked the model's constraints with its own rules (naming the field), so
    only the field checks run here, as in `checks_left_to_database` (each of the others is a query;
    the database still enforces them all)."""
    obj._history_user = actor
    obj._change_reason = reason or None
    if checked_by_caller or _LEFT_TO_DATABASE.get():
        obj.full_clean(exclude=_foreign_keys(type(obj)), validate_unique=False, validate_constraints=False)
    else:
        obj.full_clean()
    obj.save()


def audited_delete(obj, *, actor, reason: str = "") -> None:
    obj._history_user = actor
    obj._change_reason = reason or None
    obj.delete()


def audit_event(*, actor, action: str, target: str = "", detail: str = "", request=None, status=None):
    """Record one audit event and return it (an accounts.AuditEvent).

    actor: the User, or None (anonymous; also accepts an AnonymousUser).
    action: a short code, e.g. "denied", "export".
    target: what it was about, e.g. "cycle 12 results.xlsx" (no personal data beyond names).
    detail: free text. Never pass passwords, tokens or request bodies.
    request: when given, its method, path (without the query string), client IP and the
        response status (`status`) are recorded too.

    Example: ``audit_event(actor=request.user, action="export", target=f"cycle {cycle.pk} results",
    request=request)``
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        actor=actor, actor_username=actor.get_username() if actor else "", action=action[:40],
        target=str(target)[:300], detail=str(detail), status=status,
    )
    if request is not None:
        event.method = request.method or ""
        event.path = request.path[:500]
        event.ip = _client_ip(request)
    event.save()
    log.info("audit %s actor=%s status=%s path=%s target=%s", event.action, event.actor_username or "-",
             status, event.path, event.target)
    return event


def _client_ip(request):
    """The client's address as the login lockout reads it (TRUSTED_PROXY_COUNT)."""
    from axes.helpers import get_client_ip_address

    ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return ip or None
