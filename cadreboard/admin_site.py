"""The Django admin, opened to the roles that manage data; each ModelAdmin scopes by district."""
from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CadreboardAdminSite(admin.AdminSite):
    site_header = _("Cadreboard 管理后台")
    site_title = _("Cadreboard")
    index_title = _("数据管理")

    def login(self, request, extra_context=None):
        """One sign-in page for everyone (with the lockout and the Chinese look): the admin's
        own login form sends people there, keeping where they were going."""
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))

    def has_permission(self, request):
        from accounts.scoping import may_use_admin

        return may_use_admin(request.user)
