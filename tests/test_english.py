"""English mode shows no Chinese but the data people typed, on every page the project has.

The URL walk's world (tests/test_url_access.py: a district with a year of every kind of row) is
built, then every text a user could have typed is rewritten in Latin letters. Every pattern is
then opened in English as every role, the administrator and anonymous: any Chinese character
left on a page is a string nobody marked for translation, or a translation missing from the
catalog. Nothing is hand-listed; a new page is walked the day it is added.

The one Chinese a page may show in English is the language switch's own name for Chinese
(`lang="zh-hans"`, the way a language is named in its own tongue) and the decorative mark of
the brand (`aria-hidden`).
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client

from accounts.models import Role
from tests.factories import UserFactory
from tests.test_url_access import LEAVES, _body, _district, _fill, _is_api

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")
# What a person types into a workbook's cell, quoted in English instructions: the import reads
# these words, whatever the header language (excel/layouts.py).
WORKBOOK_WORDS = re.compile("不合格|合格|是|否")
SHOWN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "value", "content", "data-confirm"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Shown(HTMLParser):
    """The text a reader meets: text nodes and the attributes browsers show or read out, outside
    <script>/<style> and outside an element that declares itself Chinese."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from this check)
        self.found: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = tag in ("script", "style") or (attrs.get("lang") or "").startswith("zh") \
            or attrs.get("aria-hidden") == "true"
        if not (hidden or self._hidden()):
            for name in SHOWN_ATTRIBUTES & attrs.keys():
                if attrs[name] and CJK.search(attrs[name]):
                    self.found.append(f"<{tag} {name}={attrs[name]!r}>")
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._hidden() and CJK.search(WORKBOOK_WORDS.sub("", data)):
            self.found.append(data.strip()[:80])


def chinese_shown(response) -> list[str]:
    """The Chinese a response shows a reader: in an HTML page's text, or in a JSON body's strings."""
    content_type = response.get("Content-Type", "")
    body = _body(response)
    if "json" in content_type:
        return [s[:80] for s in _strings(json.loads(body or "null")) if CJK.search(s)]
    if "html" in content_type:
        parser = _Shown()
        parser.feed(body)
        return parser.found
    return []


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _latin(value, label: str):
    """`value` with every Chinese string replaced by a Latin one (JSON structures kept)."""
    if isinstance(value, str):
        return f"{label}-{abs(hash(value)) % 10_000}" if CJK.search(value) else value
    if isinstance(value, dict):
        return {k: _latin(v, label) for k, v in value.items()}
    if isinstance(value, list):
        return [_latin(v, label) for v in value]
    return value


def latinize_typed_text() -> int:
    """Rewrite, in every project table, every text a user typed that holds Chinese; returns how
    many rows changed. Files are left as they are (their names are rewritten with the rows)."""
    changed = 0
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField, models.JSONField))
                  and not f.primary_key and not f.choices]
        if not fields:
            continue
        for row in model._base_manager.all():
            update = {}
            for field in fields:
                value = getattr(row, field.attname)
                latin = _latin(value, field.name)
                if latin != value:
                    update[field.attname] = latin
            if update:
                model._base_manager.filter(pk=row.pk).update(**update)
                changed += 1
    return changed


@pytest.fixture
def latin_world(db):
    world = _district("a")
    world["admin"] = UserFactory(username="walk-admin", role=Role.ADMIN)
    assert latinize_typed_text() > 10
    # The accounts as stored now: signing in saves the account (its last login), and a stale
    # object would write its Chinese name back into the history.
    world["users"] = {role: type(user).objects.get(pk=user.pk) for role, user in world["users"].items()}
    return world


def _english(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


def test_the_check_sees_chinese_where_a_reader_would():
    parser = _Shown()
    parser.feed('<p title="标题">x</p><button lang="zh-hans">中文</button><span aria-hidden="true">考</span>'
                '<script>var a="脚本";</script><input placeholder="请输入"><em>未译</em>')
    assert parser.found == ["<p title='标题'>", "<input placeholder='请输入'>", "未译"]


@pytest.mark.django_db
def test_the_world_has_no_chinese_data_left(latin_world):
    assert latinize_typed_text() == 0


WHO = ["staff", "leader", "official", "admin", "anonymous"]


def _user(world, who):
    if who == "admin":
        return world["admin"]
    return None if who == "anonymous" else world["users"][who]


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_english_pages_show_no_untranslated_chinese(who, latin_world):
    """Every pattern (pages, the admin, the API), opened in English as one role. One world per
    role, not per pattern: the walk is the same, and a world takes a second to build."""
    client = _english(_user(latin_world, who))
    failures = []
    for leaf in LEAVES:
        url = _fill(leaf, latin_world)
        response = client.get(url, HTTP_ACCEPT="application/json" if _is_api(leaf) else "text/html")
        failures += [f"{url} ({response.status_code}): {text}" for text in chinese_shown(response)]
    assert failures == [], "\n".join(failures)
