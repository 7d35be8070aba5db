from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = _("考核年度")

    def ready(self):
        from core import rule_text

        from .receivers import connect

        connect()
        rule_text.install(gettext)  # the pure rules' messages in the request's language
