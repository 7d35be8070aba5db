"""Request middleware of the accounts layer: every refusal becomes an audit event; an account
with a temporary password goes nowhere but to the password change."""
import logging

from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect

from . import audit
from .access import PUBLIC
from .tokens import MUST_CHANGE_PASSWORD

log = logging.getLogger(__name__)


class AuditDeniedMiddleware:
    """Records every denied access as an audit event (accounts.audit): any 401 or 403 — a
    refused role, a write outside the user's scope, a bad token, a CSRF failure — and a 404 on an
    existing URL for a signed-in user, which is how another district's object answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if status in (401, 403, 404):
            try:
                self._record(request, response, status)
            except DatabaseError:  # the refusal still goes out; the log says what was not recorded
                log.exception("audit event not recorded: %s %s → %s", request.method, request.path, status)
        return response

    @staticmethod
    def _record(request, response, status):
        user = getattr(request, "user", None)  # DRF puts the token's user here too
        signed_in = bool(user is not None and user.is_authenticated)
        match = request.resolver_match
        if status == 404 and not (signed_in and match is not None):
            return  # a path that exists nowhere, or an anonymous visitor: not an access to data
        action = {401: audit.AUTH_FAILED, 403: audit.DENIED, 404: audit.NOT_FOUND}[status]
        target = ""
        if match is not None:
            target = " ".join([match.view_name or "", *(f"{k}={v}" for k, v in match.kwargs.items())])
        data = getattr(response, "data", None)
        detail = str(data.get("detail", "")) if isinstance(data, dict) else ""
        audit.audit_event(actor=user if signed_in else None, action=action, target=target, detail=detail,
                          request=request, status=status)


class PasswordChangeRequiredMiddleware:
    """An account whose password staff reset to a temporary one (`must_change_password`) is led
    from every page to the password change page, except that page, signing out and the public
    pages (sign-in, language, public boards); the API answers 403 saying why. Token requests are
    refused by the token authentication itself (accounts.tokens), which runs after this."""

    ALLOWED = {"accounts:password_change", "accounts:logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not (user is not None and user.is_authenticated and getattr(user, "must_change_password", False)):
            return None
        match = request.resolver_match
        if (match is not None and match.view_name in self.ALLOWED) or getattr(view_func, "access", None) == PUBLIC:
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": MUST_CHANGE_PASSWORD, "errors": {}}, status=403)
        return redirect("accounts:password_change")
