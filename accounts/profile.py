"""The profile page's parts that the apps above contribute (each in its `profile.py`, imported at
start-up like the scopes), so this layer shows and saves an official's own details without
importing org. A part gives its form for the signed-in user (None where it does not apply) and
saves it through its app's service."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class ProfilePart:
    """key: the form's prefix and the value of its submit button. title: the section's heading.
    form(user, data): the form, bound to `data` when posted, or None. save(user, form): write the
    valid form (a ValidationError is put back on the form). template: renders the section, with
    `part` and `form` in its context. saved: the message after a save."""

    key: str
    title: str
    form: Callable[[object, object], forms.Form | None]
    save: Callable[[object, forms.Form], None]
    template: str
    saved: str


_PARTS: list[ProfilePart] = []


def profile_part(part: ProfilePart) -> ProfilePart:
    """Register a part of the profile page (in the order of INSTALLED_APPS)."""
    _PARTS.append(part)
    return part


def profile_forms(user, data=None, *, posted: str = "") -> list[tuple[ProfilePart, forms.Form]]:
    """The parts that apply to `user` with their forms; only the part named `posted` is bound
    to `data`."""
    found = []
    for part in _PARTS:
        form = part.form(user, data if part.key == posted else None)
        if form is not None:
            found.append((part, form))
    return found
