"""Start-up check: every project model has a district scope (accounts.scoping.register in its
app's scopes.py) or is declared unscoped with the reason — so a new model cannot be reached
unscoped by being forgotten."""
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks

from . import scoping


def _project_models():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if Path(config.path).resolve().parent != base:
            continue  # Django's and third-party apps (wherever they are installed)
        for model in config.get_models():
            if hasattr(model, "instance_type"):
                continue  # a simple-history table: scoped like the model it records
            yield model


@checks.register(checks.Tags.security)
def every_model_has_a_scope(app_configs=None, **kwargs):
    registered, unscoped = scoping.registered(), scoping.UNSCOPED
    return [
        checks.Error(
            f"{model._meta.label} has no district scope.",
            hint="Register it in its app's scopes.py (accounts.scoping.register), or declare it with "
                 "accounts.scoping.unscoped(model, why=...) if no user ever reaches it through scoped().",
            obj=model, id="accounts.E001",
        )
        for model in _project_models()
        if model not in registered and model not in unscoped
    ]
