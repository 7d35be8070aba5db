"""Every page view states who may open it, with one of these decorators. A test walks every URL
pattern and fails on a view that carries no such decision (see tests/test_url_access.py)."""
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

PUBLIC, SIGNED_IN = "public", "signed_in"


def public(view):
    """Open to anyone, signed in or not (login page, language switch, health check)."""
    view.access = PUBLIC
    return view


def signed_in(view):
    """Any signed-in account; the view scopes what it shows with `scoped()`."""
    wrapped = login_required(view)
    wrapped.access = SIGNED_IN
    return wrapped


def roles(*allowed):
    """Signed in with one of `allowed` roles; others get 403."""

    def decorator(view):
        @wraps(view)
        def check(request, *args, **kwargs):
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped = login_required(check)
        wrapped.access = f"roles:{','.join(allowed)}"
        return wrapped

    return decorator


def about(model):
    """Name the model whose object the view's `pk` parameter identifies (the URL-walking test
    fills it with another district's object of that model)."""

    def decorator(view):
        view.model = model
        return view

    return decorator
