"""Ballots: surveys, one-time codes, anonymous ballots, aggregates and charts (SPEC section 10)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("民主测评")

    def ready(self):
        from . import profile  # noqa: F401 (registers the 德才表现曲线 profile section)
