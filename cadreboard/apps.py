from django.contrib.admin.apps import AdminConfig


class CadreboardAdminConfig(AdminConfig):
    default_site = "cadreboard.admin_site.CadreboardAdminSite"
