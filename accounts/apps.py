from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from . import checks, scoping  # noqa: F401 (checks registers the start-up check)

        scoping.autodiscover()  # each app's scopes.py
        autodiscover_modules("home")  # each app's part of the home page (accounts.selectors.home_part)
        autodiscover_modules("profile")  # each app's part of the profile page (accounts.profile)
