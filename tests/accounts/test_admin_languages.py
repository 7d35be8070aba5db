"""Every page of the admin in both languages: each registered ModelAdmin's changelist renders, and
the names the admin shows (apps, models, columns, filters) are words of the chosen language, never
a raw method name such as "Get full name" and never English left in the Chinese admin."""
import re

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import result_headers
from django.urls import reverse

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# Chinese admin texts may be these alone (abbreviations Chinese uses as they are).
LATIN_IN_CHINESE = {"ID", "IP", "URL", "Cadreboard"}
# Apps whose own texts other helpers translate on their branches (issue 14 item 8): their English
# admin may still show Chinese until those catalogs are merged. Empty this set at the merge.
PENDING: set[str] = set()  # apps whose English admin names are still to come (none)

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _pairs():
    """(language, model) for every registered model in both languages."""
    for language in ("zh-hans", "en"):
        for model, _model_admin in REGISTRY:
            marks = []
            if language == "en" and model._meta.app_label in PENDING:
                marks = [pytest.mark.xfail(reason="translated on another helper's branch", strict=False)]
            yield pytest.param(language, model, id=f"{language}-{model._meta.label}", marks=marks)


def _undescribed_columns(model, model_admin):
    """The columns that are a method or property without a description: the admin would show
    the attribute's name prettified ("Get full name")."""
    field_names = {f.name for f in model._meta.get_fields()}
    undescribed = []
    for name in model_admin.list_display:
        if not isinstance(name, str) or name in field_names or name == "__str__":
            continue
        attr = getattr(model_admin, name, None) or getattr(model, name, None)
        if isinstance(attr, property):
            attr = attr.fget
        if getattr(attr, "short_description", None) is None:
            undescribed.append(name)
    return undescribed


def _names_shown(response):
    """The changelist's column headers (not the select-all box) and its filters' titles."""
    cl = response.context["cl"]
    headers = [str(h["text"]) for h in result_headers(cl) if "action-checkbox-column" not in h.get("class_attrib", "")]
    filters = [str(spec.title) for spec in cl.filter_specs]
    return headers, filters


def _wrong_language(texts, language):
    if language == "en":
        return [t for t in texts if CJK.search(t)]
    return [t for t in texts if not CJK.search(t) and t not in LATIN_IN_CHINESE]


@pytest.fixture
def admin_client_in(client, world):
    def signed_in(language):
        client.cookies["django_language"] = language
        client.force_login(world.users["admin"])
        return client
    return signed_in


@pytest.mark.parametrize(("language", "model"), list(_pairs()))
def test_each_changelist_renders_with_names_in_the_language(admin_client_in, language, model):
    label = model._meta.label
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client_in(language).get(url)
    assert response.status_code == 200, label
    headers, filters = _names_shown(response)
    assert headers, label
    assert not _undescribed_columns(model, admin.site._registry[model]), label
    assert not [h for h in headers if re.fullmatch(r"[a-z]+(_[a-z]+)+", h)], (label, headers)
    texts = headers + filters + [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]
    assert not _wrong_language(texts, language), (label, language, texts)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_admin_index_names_apps_and_models_in_the_language(admin_client_in, language):
    response = admin_client_in(language).get(reverse("admin:index"))
    assert response.status_code == 200
    names = []
    for app in response.context["app_list"]:
        if language == "en" and app["app_label"] in PENDING:
            continue
        names.append(str(app["name"]))
        names += [str(m["name"]) for m in app["models"]]
    assert "Axes" not in names and "Celery Results" not in names
    assert not _wrong_language(names, language), names
    page = response.content.decode()
    assert "get_full_name" not in page and "Get full name" not in page


def test_the_account_list_describes_its_name_column(admin_client_in, world):
    response = admin_client_in("en").get(reverse("admin:accounts_user_changelist"))
    headers, _filters = _names_shown(response)
    assert "Name" in headers and "Get full name" not in headers
    response = admin_client_in("zh-hans").get(reverse("admin:accounts_user_changelist"))
    assert "姓名" in _names_shown(response)[0]
