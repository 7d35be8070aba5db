"""No Chinese text in the source that is not marked for translation: templates outside
{% translate %}/{% blocktranslate %}, and Python string literals outside a gettext call. It
catches what the English page walk (tests/test_english.py) cannot reach: an error message that
no walk provokes, an e-mail, a file's header.

Docstrings and comments are not read. What is Chinese on purpose is listed in ALLOWED with the
reason: data (the demo's, the list catalog's seed), and Chinese an import must recognise.
"""
from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]")
NOT_SOURCE = {".venv", "tests", "bench", "node_modules", "docs", "locale", "migrations", ".git", "demo"}
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy",
           "npgettext", "npgettext_lazy", "gettext_noop"}  # the names makemessages extracts
TRANSLATED_IN_TEMPLATE = re.compile(
    r"{%\s*(?:translate|trans)\s+(?:\"[^\"]*\"|'[^']*')[^%]*%}"
    r"|{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|_\((?:\"[^\"]*\"|'[^']*')\)"  # a filter or tag argument: {% include … with what=_("…") %}
    r"|{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
    re.S,
)
# Chinese on purpose, where the language is the point (the switch names Chinese in Chinese) or the
# mark is decoration hidden from readers.
TEMPLATE_EXCEPTIONS = (re.compile(r'lang="zh-hans"'), re.compile(r'aria-hidden="true">考<'))

# file → why its Chinese literals are not user interface
_WORKBOOK = ("the workbook's own words (SPEC section 7): the Chinese column names the import looks a "
             "header up by, and the cell values it reads back (是/否, 合格/不合格, A 级); an export with "
             "English headers names its columns through the layouts' marked labels")
ALLOWED: dict[str, str] = {
    "excel/imports.py": _WORKBOOK,
    "excel/exports.py": _WORKBOOK,
    "excel/layouts.py": _WORKBOOK,
    "records/imports.py": _WORKBOOK,
    "boards/views/public.py": "the language switch names Chinese in Chinese (中文), whatever the page's language",
}


def _sources(root, suffix):
    for path in sorted(root.rglob(f"*{suffix}")):
        if not NOT_SOURCE & set(path.relative_to(root).parts):
            yield path


def unmarked_in_templates(root=ROOT) -> list[str]:
    found = []
    for path in _sources(root, ".html"):
        text = TRANSLATED_IN_TEMPLATE.sub("", path.read_text(encoding="utf-8"))
        for line in text.splitlines():
            if CJK.search(line) and not any(p.search(line) for p in TEMPLATE_EXCEPTIONS):
                found.append(f"{path.relative_to(root)}: {line.strip()[:100]}")
    return found


def _is_docstring(tokens, index) -> bool:
    k = index - 1
    while k >= 0 and tokens[k].type in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                                        tokenize.COMMENT):
        k -= 1
    return k < 0 or tokens[k].string == ":" or tokens[k].type == tokenize.NEWLINE


def unmarked_in_python(root=ROOT) -> list[str]:
    """String literals with Chinese that are neither docstrings nor an argument of a gettext
    call (any argument: ngettext's plural, pgettext's message)."""
    found = []
    for path in _sources(root, ".py"):
        name = str(path.relative_to(root))
        if name in ALLOWED:
            continue
        tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
        calls: list[str] = []  # the callee of each open bracket, innermost last
        previous = None
        for index, token in enumerate(tokens):
            if token.type == tokenize.OP and token.string in "([{":
                callee = previous.string if token.string == "(" and previous is not None \
                    and previous.type == tokenize.NAME else ""
                calls.append(callee)
            elif token.type == tokenize.OP and token.string in ")]}":
                calls and calls.pop()
            elif token.type == tokenize.STRING and CJK.search(token.string):
                marked = bool(calls) and calls[-1] in GETTEXT
                docstring = _is_docstring(tokens, index) and \
                    token.string.lstrip("rbuRBU").startswith(('"""', "'''"))
                if not (marked or docstring):
                    found.append(f"{name}:{token.start[0]}: {token.string[:80]}")
            if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
                previous = token
    return found


def test_templates_mark_every_chinese_text_for_translation():
    assert unmarked_in_templates() == []


def test_python_marks_every_chinese_string_for_translation():
    assert unmarked_in_python() == []


def test_the_check_finds_an_unmarked_string(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text(
        'def f(n):\n    """说明"""\n    return _("已译"), ngettext("一项", "%(n)s 项", n), _("{x}").format(x="未译")\n')
    (tmp_path / "app" / "page.html").write_text('{% translate "已译" %}<p>未译</p>\n<p lang="zh-hans">中文</p>\n')

    assert unmarked_in_python(tmp_path) == ['app/views.py:3: "未译"']  # format()'s argument is not marked
    assert unmarked_in_templates(tmp_path) == ["app/page.html: <p>未译</p>"]
