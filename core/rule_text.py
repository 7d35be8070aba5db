"""Translation for the pure rule modules (pledges.rules, cycles.cycle_settings), which import no
Django (the import contracts): they mark a message with `_("…")` — makemessages extracts it — and
`_` translates it with the function the cycles app installs when the apps are ready (Django's
gettext, so the request's language). Until then, and for a rule run outside Django, the Chinese
source text is returned as it is.

Labels defined at import time are marked with `gettext_noop` (extracted, not translated) and
passed through `_` where they are shown."""
from __future__ import annotations

from collections.abc import Callable

_installed: dict[str, Callable[[str], str]] = {}


def install(translate: Callable[[str], str]) -> None:
    """Use `translate` (Django's gettext) for every later `_` call."""
    _installed["translate"] = translate


def _(text: str) -> str:
    translate = _installed.get("translate")
    return translate(text) if translate else text


def gettext_noop(text: str) -> str:
    return text
