"""The Markdown of the project's own documents (docs/rules.md) as HTML, for the help pages.

Only the subset those documents use, so the app needs no Markdown library: headings (`#` to
`###`), paragraphs, flat lists (`- ` or `1. `; an indented line continues the item), pipe tables,
`---` rules, and inline `**bold**` and `` `code` ``. Everything else is shown as written. All text is
escaped first: the output carries no HTML the document did not put there through these forms.
"""
from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_HEADING = re.compile(r"^(#{1,3}) +(.*)$")
_UNORDERED = re.compile(r"^- +(.*)$")
_ORDERED = re.compile(r"^\d+\. +(.*)$")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    html = escape(text)
    parts = re.split(r"(<code>.*?</code>)", _CODE.sub(r"<code>\1</code>", html))
    # No bold inside code spans.
    return "".join(part if part.startswith("<code>") else _BOLD.sub(r"<strong>\1</strong>", part) for part in parts)


def _join(lines: list[str]) -> str:
    """Lines of one paragraph or item, joined with a space between Latin words and with nothing
    between Chinese characters (a line break there is not a space)."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and line and (text[-1].isascii() and line[0].isascii()):
            text += " "
        text += line
    return text


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table(lines: list[str]) -> str:
    head, body = _cells(lines[0]), [_cells(line) for line in lines[2:]]
    out = ['<div class="table-wrap"><table class="table"><thead><tr>']
    out += [f"<th>{_inline(cell)}</th>" for cell in head]
    out.append("</tr></thead><tbody>")
    for row in body:
        out.append("<tr>" + "".join(f"<td>{_inline(cell)}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def render(text: str) -> SafeString:
    """`text` (Markdown of the subset above) as HTML."""
    blocks: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
        elif heading := _HEADING.match(stripped):
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            i += 1
        elif stripped == "---":
            blocks.append("<hr>")
            i += 1
        elif stripped.startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1].strip()):
            end = i + 2
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            blocks.append(_table(lines[i:end]))
            i = end
        elif _UNORDERED.match(stripped) or _ORDERED.match(stripped):
            tag, marker = ("ul", _UNORDERED) if _UNORDERED.match(stripped) else ("ol", _ORDERED)
            items: list[list[str]] = []
            while i < len(lines) and lines[i].strip():
                item = marker.match(lines[i].strip()) if not lines[i].startswith(" ") else None
                if item:
                    items.append([item.group(1)])
                elif lines[i].startswith(" ") and items:
                    items[-1].append(lines[i])
                else:
                    break
                i += 1
            blocks.append(f"<{tag}>" + "".join(f"<li>{_inline(_join(item))}</li>" for item in items) + f"</{tag}>")
        else:
            paragraph = []
            while i < len(lines) and lines[i].strip() and not _starts_block(lines, i):
                paragraph.append(lines[i])
                i += 1
            blocks.append(f"<p>{_inline(_join(paragraph))}</p>")
    return mark_safe("\n".join(blocks))  # every piece of text went through escape() in _inline


def _starts_block(lines: list[str], i: int) -> bool:
    stripped = lines[i].strip()
    return bool(
        _HEADING.match(stripped) or stripped == "---" or _UNORDERED.match(stripped) or _ORDERED.match(stripped)
        or (stripped.startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1].strip()))
    )
