"""Every admin URL refuses a write from every account that may not make it.

Generated from the admin registry, like the URL walk: for each registered ModelAdmin, each of its
URL patterns (add, change, delete, history, history entry, the changelist's actions, the account
password form, and any custom view a ModelAdmin adds later) is POSTed a real form — the one the
system administrator's change page shows for that object, every text changed and the role set to
administrator — as each role of the object's own district and of the other district that
scoping does not let make that change. The answer must be 403 or 404 (a sign-in redirect for
accounts that have no admin at all), and the database must be exactly as before.

A history entry (simple-history's "revert") refuses every write, the system administrator's too:
a revert saves an old version past the services' state rules, reasons and locks.
"""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.urls.resolvers import RegexPattern

from accounts.models import AuditEvent, Role, User
from accounts.scoping import CHANGE, CREATE, DELETE, may_use_admin, scope_for, scoped
from tests.test_url_access import _district, _is_system_model

pytestmark = pytest.mark.django_db

# Rows that a refused request writes by design (the audit of the refusal, the session, the
# lockout's access log) are not "a change"; everything else is compared.
NOT_COMPARED = {AuditEvent, *(m for m in apps.get_models() if m._meta.app_label in ("sessions", "axes"))}

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _kind(name: str) -> str:
    """What an admin URL does, from its name: add, change, delete, history, entry, list, password
    or custom."""
    for suffix, kind in (("_simple_history", "entry"), ("_password_change", "password"), ("_changelist", "list"),
                         ("_history", "history"), ("_delete", "delete"), ("_change", "change"), ("_add", "add")):
        if name.endswith(suffix):
            return kind
    return "custom"


# The scoping action each kind of URL would perform; None: nobody may write there.
ACTION = {"add": CREATE, "change": CHANGE, "delete": DELETE, "history": CHANGE, "password": CHANGE,
          "list": DELETE, "entry": None, "custom": CHANGE}


def _urls(model_admin, obj) -> list[tuple[str, str]]:
    """(kind, url) for each named URL pattern of `model_admin`, filled with `obj`."""
    found = []
    for pattern in model_admin.get_urls():
        if not pattern.name:
            continue  # the bare `<object_id>/` pattern: a redirect to the change page, no view
        if obj is None:
            values = ["1", "1"]  # a system model without rows here: only the admin role gets in
        else:
            values = [str(obj.pk), str(obj.history.latest().history_id) if hasattr(obj, "history") else "1"]
        if isinstance(pattern.pattern, RegexPattern):
            args = values[: pattern.pattern.regex.groups]
        else:
            args = values[: len(pattern.pattern.converters)]
        found.append((_kind(pattern.name), reverse(f"admin:{pattern.name}", args=args)))
    return found


class _FormFields(HTMLParser):
    """The fields a browser would send back from the admin's main form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "reset"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def _attack(system_admin: Client, url: str) -> dict:
    """The form the system administrator's page at `url` shows, as an attacker would send it
    back: every free text changed, the role raised to administrator."""
    parser = _FormFields()
    parser.feed(system_admin.get(url).content.decode())
    data = parser.data
    for name, values in data.items():
        if name == "role":
            data[name] = [Role.ADMIN]
        elif not name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS", "-id",
                                "csrfmiddlewaretoken")) and values and values[0] and not values[0].isdigit():
            data[name] = [values[0] + "改"]
    return data


def _snapshot(models) -> dict:
    return {m._meta.label: list(m._base_manager.order_by("pk").values_list()) for m in models}


def _may(user, model, obj, action) -> bool:
    """Whether scoping lets `user` make this change through the admin."""
    if action is None or not may_use_admin(user) or _is_system_model(model):
        return False
    rows = model._default_manager.all() if obj is None else model._default_manager.filter(pk=obj.pk)
    return scoped(rows, user, action).exists()


@pytest.fixture
def world(db):
    return {"a": _district("a"), "b": _district("b"), "admin": User.objects.create(
        username="writes-admin", role=Role.ADMIN, is_staff=True, is_superuser=True)}


def _related(model) -> list:
    """The model, its history table and the admin's change log: where one request's write lands."""
    history = getattr(model, "history", None)
    related = [model, LogEntry] + ([history.model] if history is not None else [])
    return [m for m in related if m not in NOT_COMPARED]


@pytest.mark.parametrize("model,model_admin", ADMINS, ids=[m._meta.label for m, _ in ADMINS])
def test_no_account_writes_through_the_admin_what_it_may_not_change(model, model_admin, world):
    # Signing in writes (last_login and its history): every client signs in before the snapshot.
    clients = {}
    for user in [*world["a"]["users"].values(), world["admin"]]:
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)
    system_admin = clients[world["admin"].pk]
    every_model = [m for m in apps.get_models(include_auto_created=True) if m not in NOT_COMPARED]
    whole_before = _snapshot(every_model)
    failures, tried = [], 0
    for target in ("a", "b"):
        obj = world[target]["by_model"].get(model)
        if obj is None and not _is_system_model(model):
            obj = model._default_manager.first()  # a shared catalog row (ListItem)
        for kind, url in _urls(model_admin, obj):
            if kind == "delete":
                payload = {"post": "yes"}
            elif kind == "list":
                payload = {"action": "delete_selected", "_selected_action": [str(obj.pk) if obj else "1"],
                           "post": "yes", "index": "0"}
            elif kind == "add":
                change_url = next((u for k, u in _urls(model_admin, obj) if k == "change"), url) if obj else url
                payload = _attack(system_admin, change_url)
            else:
                payload = _attack(system_admin, url)
            users = list(world["a"]["users"].values()) + ([world["admin"]] if kind == "entry" else [])
            for user in users:
                if _may(user, model, obj if kind not in ("add", "list") else None, ACTION[kind]):
                    continue
                client = clients[user.pk]
                before = _snapshot(_related(model))
                response = client.post(url, payload)
                tried += 1
                status = response.status_code
                to_login = status == 302 and "/login" in response.get("Location", "") and not may_use_admin(user)
                if status not in (403, 404) and not to_login:
                    failures.append(f"{user.role}@a POST {url} ({kind}, {target}'s object) → {status}")
                if _snapshot(_related(model)) != before:
                    failures.append(f"{user.role}@a POST {url} ({kind}, {target}'s object) changed the data")
    assert tried, "no write was tried: the walk would pass vacuously"
    assert failures == []
    assert _snapshot(every_model) == whole_before, "a refused write changed some other table"


def test_the_walk_covers_every_kind_of_admin_url():
    """The registry yields the history entry (the revert) and the account password form, so a
    new kind of admin URL would be walked too."""
    kinds = {kind for model, model_admin in ADMINS for kind, _ in _urls(model_admin, None)}
    assert {"add", "change", "delete", "history", "entry", "list", "password"} <= kinds
    assert all(scope_for(model) for model, _ in ADMINS if not _is_system_model(model))
