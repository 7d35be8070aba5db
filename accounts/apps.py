from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from . import checks, scoping  # noqa: F401 (checks registers the start-up check)

        self._name_the_district_links()
        scoping.autodiscover()  # each app's scopes.py
        autodiscover_modules("home")  # each app's part of the home page (accounts.selectors.home_part)
        autodiscover_modules("profile")  # each app's part of the profile page (accounts.profile)

    def _name_the_district_links(self):
        """Django names an automatic many-to-many table with `"%(from)s-%(to)s relationship" %
        …` when it imports: a string in the default language, shown in Chinese on English admin
        pages. Named lazily here, in the page's language."""
        from django.utils.functional import lazy

        through = self.get_model("User").districts.through

        def name():
            return _("%(from)s与%(to)s的关系") % {"from": _("账号"), "to": _("区")}

        through._meta.verbose_name = lazy(name, str)()
        through._meta.verbose_name_plural = lazy(name, str)()
