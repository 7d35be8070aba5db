"""Cadre records: supervision information and error tolerance (SPEC section 12)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = _("干部监督信息")

    def ready(self):
        from . import profile  # noqa: F401  (registers the profile sections)
