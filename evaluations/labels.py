"""The texts of the pure rules (rules.py, scoring.py) and of the first list catalog
(catalog.py) in the active language.

Those modules import no Django (or are data), so their texts stay Chinese — marked with
gettext_noop for the catalog — and are stored that way (Result.missing_detail, ListItem titles).
A page translates them here, when it shows them; the codes and stored values never change."""
from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext

from . import rules, scoring


def grade_label(code: str | None) -> str:
    """好 / 一般 / 较差 of a grade code; "" for no grade."""
    label = rules.GRADE_LABELS.get(code or "")
    return gettext(label) if label else ""


def grade_choices() -> list[tuple[str, str]]:
    return [(code, gettext(label)) for code, label in rules.GRADE_LABELS.items()]


def outcome_label(code: str) -> str:
    label = rules.OUTCOME_LABELS.get(code)
    return gettext(label) if label else code


def missing_label(code: str) -> str:
    label = scoring.MISSING_LABELS.get(code)
    return gettext(label) if label else code


def missing_message(item: scoring.MissingItem | Mapping) -> str:
    """One missing item (a MissingItem, or its as_dict() as stored in Result.missing_detail) in
    the active language. A stored item does not keep whether a pending review is a revision: its
    stored (Chinese) message tells."""
    if isinstance(item, scoring.MissingItem):
        code, title, quarters, revision = item.code, item.title, item.quarters, item.revision
    else:
        code, title, quarters = item.get("code", ""), item.get("pledge_title", ""), item.get("quarters") or ()
        revision = item.get("message") == scoring.PENDING_REVISION % {"title": title}
    if code == scoring.MISSING_PLEDGE_SCORE:
        if quarters:
            return gettext(scoring.MISSING_QUARTERS) % {
                "title": title, "quarters": gettext(scoring.MISSING_QUARTERS_SEPARATOR).join(str(q) for q in quarters)}
        return gettext(scoring.MISSING_ALL_QUARTERS) % {"title": title}
    if code == scoring.MISSING_PENDING_REVIEW:
        return gettext(scoring.PENDING_REVISION if revision else scoring.PENDING_PLEDGE) % {"title": title}
    if code in scoring.MISSING_LABELS:
        return missing_label(code)
    return item.get("message", code) if isinstance(item, Mapping) else code


def catalog_text(text: str) -> str:
    """A list item's aspect or title as first loaded (catalog.py) in the active language; a text
    staff have since edited is data and is shown as written."""
    return gettext(text) if text else text
