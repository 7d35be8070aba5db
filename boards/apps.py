from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = _("公示")

    def ready(self):
        import_module(f"{self.name}.receivers")  # connects the republish-after-release receiver
