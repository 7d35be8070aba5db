"""The Django admin, opened to the roles that manage data; each ModelAdmin scopes by district."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class CadreboardAdminSite(admin.AdminSite):
    site_header = _("Cadreboard 管理后台")
    site_title = _("Cadreboard")
    index_title = _("数据管理")

    def has_permission(self, request):
        from accounts.scoping import may_use_admin

        return may_use_admin(request.user)
