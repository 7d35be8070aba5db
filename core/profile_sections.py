"""The official's profile (干部画像 / 成长纪实) is assembled from sections that each app provides.

An app registers a provider in its `AppConfig.ready()` (importing its `profile` module is
enough, the decorator registers). The profile page (profiles app) calls every provider in
`order` and renders the sections it returns, so a lower app never imports the profile, and the
profile never needs a hand list of apps.

A provider is `provider(*, official, viewer, years) -> ProfileSection | None`:
- `official`: org.models.Official; `viewer`: the signed-in user (already allowed to see the
  official's profile: staff or leader of a district the official served in, or the official);
- `years`: the cycle years to show (a list of ints), or None for all;
- it returns None when it has nothing to show to this viewer;
- it runs a fixed number of queries whatever the history length (the profile page has a budget
  of 15 queries in all).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class ProfileSection:
    key: str  # stable id, used as the HTML anchor and by the kind filter, e.g. "supervision"
    title: str  # shown as the section heading (a translated string)
    template: str  # rendered with `section` (this object) and `official` in its context
    context: dict = field(default_factory=dict)
    order: int = 100  # sections are shown by order, then key


Provider = Callable[..., "ProfileSection | None"]
_PROVIDERS: list[tuple[int, str, Provider]] = []


def profile_section(order: int = 100):
    """Register a section provider (decorator)."""

    def register(func: Provider) -> Provider:
        name = f"{func.__module__}.{func.__qualname__}"
        if not any(n == name for _, n, _f in _PROVIDERS):
            _PROVIDERS.append((order, name, func))
            _PROVIDERS.sort(key=lambda t: (t[0], t[1]))
        return func

    return register


def providers() -> list[Provider]:
    return [func for _, _, func in _PROVIDERS]
