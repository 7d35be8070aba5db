from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CadreboardConfig(AppConfig):
    """The project package as an app: its management commands (check_worker) and tasks."""

    name = "cadreboard"
    default = True


class CadreboardAdminConfig(admin_apps.AdminConfig):
    """The Django admin with our site class (role-checked; see admin_site.py)."""

    default = False
    default_site = "cadreboard.admin_site.CadreboardAdminSite"
