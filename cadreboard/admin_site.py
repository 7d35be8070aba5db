"""The Django admin, opened to the roles that manage data; each ModelAdmin scopes by district."""
from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.admin_base import SAFE_METHODS


def refuse_writes_without_rights(view, model_admin):
    """`view` of `model_admin`, refusing (403) every unsafe request from an account the model
    admin grants no add, change or delete at all: a read-only role's POST changes nothing,
    whichever view of the model it reaches (forms, actions, history entries, custom views)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class CadreboardAdminSite(admin.AdminSite):
    site_header = _("Cadreboard 管理后台")
    site_title = _("Cadreboard")
    index_title = _("数据管理")

    def admin_view(self, view, cacheable=False):
        # Every ModelAdmin view (Django's, simple-history's, contrib.auth's password form and our
        # own) reaches the request through here, bound to its ModelAdmin.
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, admin.ModelAdmin):
            view = refuse_writes_without_rights(view, model_admin)
        return super().admin_view(view, cacheable)

    def login(self, request, extra_context=None):
        """One sign-in page for everyone (with the lockout and the Chinese look): the admin's
        own login form sends people there, keeping where they were going."""
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))

    def has_permission(self, request):
        from accounts.scoping import may_use_admin

        return may_use_admin(request.user)
