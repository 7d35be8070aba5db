from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("履职践诺")

    def ready(self):
        from . import receivers  # noqa: F401 (connects the due-date receivers)
