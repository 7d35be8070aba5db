"""The official's profile (干部画像 / 成长纪实) and the search of officials (SPEC section 12)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("干部画像")

    def ready(self):
        from . import sections  # noqa: F401  (registers the core profile sections)
