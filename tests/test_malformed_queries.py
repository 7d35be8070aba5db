"""Malformed query strings on every page: every URL pattern of the project (the API's too), as a
signed-in staff member and anonymous, with a NUL byte and with huge numbers in every query
parameter any view reads. Nothing may answer 5xx (security finding 9b).

Nothing is hand-listed: the patterns and their arguments come from tests/test_url_access.py's
walk, and the parameter names from the views' own sources (every `GET.get("…")`,
`query_params.get("…")`, … in the project and in the Django admin), the fields of the filter
forms, the filter fields of the API views and the admin's list filters.
"""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import django.contrib.admin
import pytest
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views import main as changelist
from django.utils.module_loading import import_string

from accounts.models import Role
from tests.test_url_access import LEAVES, _district, _fill, _session

PROJECT_APPS = ("accounts", "boards", "cadreboard", "core", "cycles", "evaluations", "excel", "org", "pledges")
READ = re.compile(r"""(?:GET|query_params)(?:\.get|\.getlist|\.pop)?[(\[]\s*["']([\w\-\[\]]+)["']""")
HUGE = "9" * 30  # beyond 64 bits
VALUES = {"NUL": "1\x00", "huge": HUGE, "negative huge": "-" + HUGE, "huge float": "1e308"}


def _sources() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / app for app in PROJECT_APPS] + [Path(django.contrib.admin.__file__).parent]
    return [path for root in roots for path in root.rglob("*.py") if "migrations" not in path.parts]


def _form_fields() -> set[str]:
    """The fields of every Form a page binds to request.GET (the filter forms)."""
    names = set()
    for app in PROJECT_APPS:
        try:
            module = import_string(f"{app}.forms")
        except ImportError:
            continue
        for _, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__ and "Filter" in form.__name__:
                names |= set(form.base_fields)
    return names


def _api_filter_fields() -> set[str]:
    names = set()
    for leaf in LEAVES:
        view = getattr(leaf.callback, "cls", None)
        fields = getattr(view, "filterset_fields", None) or []
        names |= set(fields)
        filterset = getattr(view, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
    return names


def _admin_parameters() -> set[str]:
    names = {changelist.PAGE_VAR, changelist.SEARCH_VAR, changelist.ORDER_VAR, changelist.ALL_VAR}
    for model_admin in admin.site._registry.values():
        for entry in model_admin.list_filter:
            if isinstance(entry, str):
                names |= {f"{entry}__exact", f"{entry}__id__exact", entry}
            elif isinstance(entry, (tuple, list)):
                names |= {f"{entry[0]}__exact", entry[0]}
            elif getattr(entry, "parameter_name", None):
                names.add(entry.parameter_name)
        if model_admin.date_hierarchy:
            names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    return names


def _autocomplete_fields() -> list[dict]:
    """The admin autocomplete's own parameters for every field the admin completes."""
    return [{"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field}
            for model, model_admin in admin.site._registry.items() for field in model_admin.autocomplete_fields]


def project_names() -> set[str]:
    """What the project's own views read: scanned from their sources, and their filter forms."""
    project = [path for path in _sources() if "django" not in path.parts]
    return {name for path in project for name in READ.findall(path.read_text(encoding="utf-8"))} | _form_fields()


def parameter_names() -> list[str]:
    """Every query parameter name any view reads, the Django admin's included."""
    admin_read = {name for path in _sources() if "django" in path.parts
                  for name in READ.findall(path.read_text(encoding="utf-8"))}
    return sorted(project_names() | admin_read | _api_filter_fields() | _admin_parameters() | {"page", "format"})


def test_the_parameter_names_are_found_in_the_sources():
    names = parameter_names()
    # a few the views are known to read, so the scan cannot silently find nothing
    assert {"task", "page", "version", "quarter", "cycle", "term", "q", "year", "p", "o"} <= set(names), names
    assert {"task", "page", "version", "quarter", "cycle", "unit"} <= project_names()


NAMES = parameter_names()
PROJECT_NAMES = sorted(project_names())


def _is_project_page(leaf) -> bool:
    return not leaf.template.startswith(("admin/", "api/")) and not hasattr(leaf.callback, "cls")


@pytest.mark.django_db
@pytest.mark.parametrize("leaf", LEAVES, ids=lambda leaf: leaf.id)
def test_no_page_answers_malformed_query_strings_with_a_server_error(leaf):
    """Every parameter at once with each malformed value, as staff and anonymous; on the
    project's own pages also each parameter alone with the huge numbers (a parameter refused
    early must not hide another)."""
    world = _district("a")
    url = _fill(leaf, world)
    requests = [(label, {name: value for name in NAMES}) for label, value in VALUES.items()]
    if _is_project_page(leaf):
        requests += [(label, {name: VALUES[label]}) for label in ("NUL", "huge", "negative huge")
                     for name in PROJECT_NAMES]
    if leaf.name == "admin:autocomplete":  # it searches only for a field that has an autocomplete
        requests += [(label, {**field, name: value}) for field in _autocomplete_fields()
                     for label, value in VALUES.items() for name in ("term", "page")]
    failures = []
    for who, user in (("staff", world["users"][Role.STAFF]), ("anonymous", None)):
        client = _session(user)
        for label, query in requests:
            response = client.get(url, query)
            if response.status_code >= 500:
                failures.append(f"{who} {url} {label} {sorted(query)[:3]} → {response.status_code}")
    assert failures == []
