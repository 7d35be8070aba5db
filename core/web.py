"""Helpers the pages of every app share: a service's refusal or a form's errors shown as messages
or put back on the form, and the way back to where a form came from (only ever this site).

Infrastructure only: Django and the standard library, no project app."""
from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def report(request, exc: ValidationError) -> None:
    """Each message of a service's ValidationError as an error message of the next page."""
    for message in exc.messages:
        messages.error(request, message)


def report_form(request, form: forms.Form, *, who: str = "", labels: bool = True) -> None:
    """Each error of an invalid form as an error message, "who：label：error" (`who` and the
    field's label only where there are some; no labels at all when `labels` is false)."""
    prefix = _("%(who)s：") % {"who": who} if who else ""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if labels and field is not None and field.label else ""
        for error in errors:
            text = _("%(label)s：%(error)s") % {"label": label, "error": error} if label else str(error)
            messages.error(request, prefix + text)


def errors_onto_form(form: forms.Form, exc: ValidationError, *, field_map: dict | None = None,
                     fields: Iterable[str] | None = None, apart: Iterable[str] = ()) -> list[str]:
    """Put a service's ValidationError on the form: each message on the field it names (or the
    field `field_map` maps that name to) when the form has that field (and it is one of `fields`,
    when given), else above the form. The messages of the names in `apart` are not put on the
    form but returned (e.g. a formset's, which belong to its rows)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return []
    allowed = set(form.fields) if fields is None else set(fields) & set(form.fields)
    apart = set(apart)
    kept = []
    for name, errors in exc.message_dict.items():
        if name in apart:
            kept += errors
            continue
        name = (field_map or {}).get(name, name)
        form.add_error(name if name in allowed else None, errors)
    return kept


def safe_next(request, default: str) -> str:
    """The `next` the form posted, if it is an address on this site; else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def back(request, default: str):
    """Redirect back to where the form came from (see safe_next), else to `default`."""
    return redirect(safe_next(request, default))


def district_filter(request, districts) -> int | None:
    """The district a list page shows: `?district=` if it is one of `districts` (those the user
    may read), else the only one; None (all of them) when there are several and none is chosen."""
    raw = request.GET.get("district", "")
    ids = [d.pk for d in districts]
    if raw.isdigit() and int(raw) in ids:
        return int(raw)
    return ids[0] if len(ids) == 1 else None
