from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from . import checks, scoping  # noqa: F401 (checks registers the start-up check)

        scoping.autodiscover()
