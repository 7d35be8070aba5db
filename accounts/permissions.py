"""DRF permission: signed in, and the role may perform the request's action on the view's model.

Row-level scoping is done by the view's queryset (`scoped()`); this class adds the role checks
for writes, so a leader can read but never write, and an official writes only its own rows.
"""
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .scoping import CHANGE, CREATE, DELETE, is_signed_in, may, scoped

_ACTION_BY_METHOD = {"POST": CREATE, "PUT": CHANGE, "PATCH": CHANGE, "DELETE": DELETE}


def _model_of(view):
    return view.get_queryset().model


def _action_of(request, view):
    # A custom viewset action (e.g. a cycle's advance) names the write it performs.
    named = getattr(view, "write_actions", {}).get(getattr(view, "action", None))
    return named or _ACTION_BY_METHOD.get(request.method)


class RolePermission(BasePermission):
    message = _("您没有执行此操作的权限。")

    def has_permission(self, request, view):
        if not is_signed_in(request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        action = _action_of(request, view)
        return action is not None and may(request.user, action, _model_of(view))

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        action = _action_of(request, view)
        model = type(obj)
        return scoped(model.objects.filter(pk=obj.pk), request.user, action).exists()
