"""The English catalog is whole: every string the code marks is in it, translated, not fuzzy,
with the same placeholders as its source, and the compiled .mo the app loads says the same.

`makemessages` runs on a copy of the source (it needs gettext's xgettext); CI installs gettext.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

PO = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
NOT_SOURCE = (".venv", ".git", "tests", "bench", "node_modules", "docs", "media", "staticfiles", "__pycache__")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}|%[sdif]")


@pytest.fixture(scope="module")
def catalog():
    return polib.pofile(str(PO))


def test_every_entry_is_translated_and_none_is_fuzzy(catalog):
    untranslated = [e.msgid for e in catalog if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalog if "fuzzy" in e.flags]
    obsolete = [e.msgid for e in catalog.obsolete_entries()]
    assert (untranslated, fuzzy, obsolete) == ([], [], [])


def test_no_english_text_is_left_in_chinese(catalog):
    """Chinese in an English text only as the words a person types into a workbook's cell."""
    from tests.test_english import WORKBOOK_WORDS

    def chinese(text):
        return re.search(r"[\u4e00-\u9fff]", WORKBOOK_WORDS.sub("", text))

    left = [e.msgid for e in catalog if e.msgstr and chinese(e.msgstr)]
    left += [e.msgid for e in catalog if e.msgstr_plural and any(chinese(s) for s in e.msgstr_plural.values())]
    assert left == []


def test_translations_keep_their_placeholders(catalog):
    def names(text):
        return sorted(m.group(0) for m in PLACEHOLDER.finditer(text))

    broken = []
    for entry in catalog:
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            if translated and names(entry.msgid) != names(translated) and \
                    names(entry.msgid_plural or entry.msgid) != names(translated):
                broken.append((entry.msgid, translated))
    assert broken == []


def test_the_compiled_catalog_is_the_source_catalog(catalog):
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(MO))}
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in catalog if e.translated()}
    assert {k: v for k, v in source.items() if compiled.get(k) != v} == {}


def _xgettext_or_skip():
    if shutil.which("xgettext"):
        return
    if os.environ.get("REQUIRE_SERVICES") or os.environ.get("REQUIRE_BROWSER"):
        pytest.fail("gettext (xgettext) is not installed; .ci/run installs it")
    pytest.skip("gettext's xgettext is not installed")


def test_every_marked_string_is_in_the_catalog(catalog, tmp_path):
    """What makemessages would write today has exactly the catalog's entries: none missing (a new
    string someone marked and nobody translated), none left over."""
    _xgettext_or_skip()
    copy = tmp_path / "src"
    shutil.copytree(settings.BASE_DIR, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE, "*.pyc"))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(copy)},
    )
    fresh = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))

    def keys(po):
        return {(e.msgctxt, e.msgid) for e in po if not e.obsolete}

    assert sorted(keys(fresh) - keys(catalog)) == []  # marked in the code, missing from the catalog
    assert sorted(keys(catalog) - keys(fresh)) == []  # in the catalog, no longer in the code
