from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_celery_results import apps as celery_results_apps


class CadreboardConfig(AppConfig):
    """The project package as an app: its management commands (check_worker) and tasks."""

    name = "cadreboard"
    default = True


class CadreboardAdminConfig(admin_apps.AdminConfig):
    """The Django admin with our site class (role-checked; see admin_site.py)."""

    default = False
    default_site = "cadreboard.admin_site.CadreboardAdminSite"


class AxesConfig(axes_apps.AppConfig):
    """django-axes under a name the admin shows in Chinese and English (its own is "Axes")."""

    verbose_name = _("登录锁定")


class CeleryResultsConfig(celery_results_apps.CeleryResultConfig):
    """django-celery-results under a name the admin shows in Chinese and English (its own,
    "Celery Results", has no Chinese)."""

    verbose_name = _("后台任务结果")
