"""Cadre development: reserve pool, mentors and talks, front-line rules, learning points, contests
and competency (SPEC section 12)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = _("干部培养")

    def ready(self):
        from . import profile, receivers  # noqa: F401 (registers the profile sections, connects the must-talks)
