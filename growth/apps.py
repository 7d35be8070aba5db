"""Cadre growth: learning points, contests and presentations, the competency model and person-post
fit, and the pay-and-post (绩岗薪) export (SPEC section 12)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrowthConfig(AppConfig):
    name = "growth"
    verbose_name = _("干部成长")

    def ready(self):
        from . import profile  # noqa: F401  (registers the profile sections)
