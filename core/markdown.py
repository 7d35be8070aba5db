"""The Markdown of the project's own documents (docs/rules.md) as HTML, for the help pages.

markdown-it-py (CommonMark, with pipe tables) with raw HTML off: any HTML in the text is escaped,
so the output carries only what the Markdown itself makes. Tables get the app's table classes.
"""
from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def render(text: str) -> SafeString:
    """`text` (Markdown) as HTML, safe to put in a page."""
    html = _MD.render(text)
    html = html.replace("<table>", '<div class="table-wrap"><table class="table">').replace("</table>",
                                                                                          "</table></div>")
    return mark_safe(html)  # markdown-it escaped every raw HTML tag and attribute in the text
