"""Pages on which staff run their districts' units and officials without the Django admin: the
lists, an official's page with its post history, and the forms (a unit, a new official with its
account, an official's details, a new post, leaving). Leaders read the lists and pages (no form
is offered, every form URL answers 403); officials are refused. Objects come through the
selectors, scoped for the signed-in user: one it may read but not change answers 403, one it
may not read 404. Changes are POST-only and redirect; a service's ValidationError comes back on
the form's field."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import about, roles
from accounts.models import Role
from accounts.scoping import CHANGE, CREATE, may
from core.web import district_filter, errors_onto_form

from . import selectors, services
from .forms import LeaveForm, MoveForm, OfficialEditForm, OfficialFilterForm, OfficialForm, UnitForm
from .models import Official, Unit

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
WRITERS = (Role.ADMIN, Role.STAFF)
# The session key under which a new account's first password waits for the one page that shows it.
NEW_PASSWORD = "org:new-password"


# --- units -----------------------------------------------------------------------------------------


@roles(*READERS)
def units(request):
    """The units of the user's districts with their number of principal officials."""
    districts = selectors.page_districts(request.user)
    district_id = district_filter(request, districts)
    return render(request, "org/units.html", {
        "units": list(selectors.unit_list(request.user, district_id)),
        "districts": districts, "district_id": district_id,
        "can_change": may(request.user, CHANGE, Unit),
    })


@roles(*WRITERS)
def unit_new(request):
    districts = selectors.page_districts(request.user)
    data = request.POST if request.method == "POST" else None
    form = UnitForm(data, districts=selectors.unit_districts(request.user),
                    initial={"district": district_filter(request, districts)})
    if data is not None and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc, field_map={"__all__": "name"})
        else:
            messages.success(request, _("已新建单位“%(name)s”。") % {"name": unit.name})
            return redirect(reverse("org:units") + f"?district={unit.district_id}")
    return _form(request, form, title=_("新建单位"), back=reverse("org:units"))


@about(Unit)
@roles(*WRITERS)
def unit_edit(request, pk: int):
    unit = selectors.unit_for(request.user, pk, CHANGE)
    data = request.POST if request.method == "POST" else None
    form = UnitForm(data, initial={name: getattr(unit, name) for name in services.UNIT_FIELDS})
    if data is not None and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc, field_map={"__all__": "name"})
        else:
            messages.success(request, _("已保存单位“%(name)s”。") % {"name": form.cleaned_data["name"]})
            return redirect(reverse("org:units") + f"?district={unit.district_id}")
    return _form(request, form, title=_("修改单位"), subject=unit.name, back=reverse("org:units"))


# --- officials -------------------------------------------------------------------------------------


@roles(*READERS)
def officials(request):
    """The officials of the user's districts, by district, unit or a part of the name."""
    user = request.user
    districts = selectors.page_districts(user)
    district_id = district_filter(request, districts)
    unit_choices = list(selectors.unit_list(user, district_id))
    filters = OfficialFilterForm(request.GET, districts=districts, units=unit_choices)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = list(selectors.official_list(user, district_id=district_id, unit_id=chosen.get("unit"),
                                        q=chosen.get("q", "")))
    return render(request, "org/officials.html", {
        "officials": rows, "filters": filters, "districts": districts, "district_id": district_id,
        "can_create": may(user, CREATE, Official),
        "filtered": bool(chosen.get("unit") or chosen.get("q")),
    })


@about(Official)
@roles(*READERS)
def official(request, pk: int):
    """An official: the current post, the post history, the account; for staff the actions."""
    user = request.user
    person = selectors.official_for(user, pk)
    posts = selectors.official_posts(user, person)
    new_password = request.session.pop(NEW_PASSWORD, None)
    if new_password and new_password.get("official") != person.pk:
        new_password = None
    return render(request, "org/official.html", {
        "official": person, "posts": posts, "current": selectors.current_post(person, posts),
        "can_change": may(user, CHANGE, Official), "new_password": new_password,
        "account": getattr(person, "account", None),
    })


@roles(*WRITERS)
def official_new(request):
    """A new official with its first post and, if asked, its `official` account in one step; the
    account's first password is shown once, on the official's page."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = OfficialForm(data, units=selectors.placeable_units(user))
    if data is not None and form.is_valid():
        fields = form.official_fields()
        try:
            if form.cleaned_data["create_account"]:
                created, account, password = services.official_create_with_account(
                    actor=user, username=form.cleaned_data["username"], **fields)
                request.session[NEW_PASSWORD] = {"official": created.pk, "username": account.username,
                                                 "password": password}
            else:
                created = services.official_create(actor=user, **fields)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已新建干部“%(name)s”。") % {"name": created.name})
            return redirect("org:official", pk=created.pk)
    return _form(request, form, title=_("新建干部"), back=reverse("org:officials"))


@about(Official)
@roles(*WRITERS)
def official_edit(request, pk: int):
    person = selectors.official_for(request.user, pk, CHANGE)
    data = request.POST if request.method == "POST" else None
    form = OfficialEditForm(data, initial={name: getattr(person, name) for name in OfficialEditForm.FIELDS})
    if data is not None and form.is_valid():
        done = _official_change(request, form, person, form.changes(person), done=_("已保存“%(name)s”的信息。"))
        if done:
            return done
    return _form(request, form, title=_("修改干部信息"), subject=person, back=_official_url(person))


@about(Official)
@roles(*WRITERS)
def official_move(request, pk: int):
    """A new post for the official (org.services.official_update opens it and ends the current one)."""
    person = selectors.official_for(request.user, pk, CHANGE)
    data = request.POST if request.method == "POST" else None
    form = MoveForm(data, units=selectors.placeable_units(request.user), official=person,
                    initial={"unit": person.unit_id, "position": person.position, "rank_level": person.rank_level,
                             "is_principal": True})
    if data is not None and form.is_valid():
        done = _official_change(request, form, person, form.changes(), field_map={"appointed_on": "started_on"},
                                done=_("已记录“%(name)s”的岗位变动。"),
                                confirm_front_line=form.cleaned_data["confirm_front_line"])
        if done:
            return done
    current = selectors.current_post(person, selectors.official_posts(request.user, person))
    if current is None:
        lead = _("当前没有在任岗位：新岗位从任职时间开始。")
    else:
        lead = _("现任：%(unit)s · %(position)s（%(day)s 起）。新岗位从任职时间开始，现任岗位在前一天结束，"
                 "任职经历保留两者。") % {"unit": current.unit.name, "position": current.position,
                                         "day": current.started_on}
    return _form(request, form, title=_("岗位变动"), subject=person, back=_official_url(person), lead=lead)


@about(Official)
@roles(*WRITERS)
def official_leave(request, pk: int):
    """End the official's current post (离任); it no longer takes part in the yearly review."""
    person = selectors.official_for(request.user, pk, CHANGE)
    data = request.POST if request.method == "POST" else None
    form = LeaveForm(data)
    if data is not None and form.is_valid():
        try:
            services.official_leave(actor=request.user, official=person, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已记录“%(name)s”离任。") % {"name": person.name})
            return redirect(_official_url(person))
    return _form(request, form, title=_("离任"), subject=person, back=_official_url(person),
                 lead=_("结束现任岗位：任职经历保留，该干部不再参加年度考评（不再列为党政正职）。"))


def _official_change(request, form, person: Official, changes: dict, *, done: str, field_map=None,
                     confirm_front_line: bool = False):
    """Apply `changes` through org.services.official_update and answer the redirect back to the
    official; None when the service refused (its errors are then on the form's fields)."""
    if not changes:
        messages.info(request, _("没有修改。"))
        return redirect(_official_url(person))
    try:
        services.official_update(actor=request.user, official=person, reason=form.cleaned_data["reason"],
                                 confirm_front_line=confirm_front_line, **changes)
    except ValidationError as exc:
        errors_onto_form(form, exc, field_map=field_map)
        return None
    messages.success(request, done % {"name": changes.get("name", person.name)})
    return redirect(_official_url(person))


def _official_url(person: Official) -> str:
    return reverse("org:official", args=[person.pk])


def _form(request, form, *, title: str, back: str, subject=None, lead: str = ""):
    """The form page; a bound form is shown again only when it was refused (400)."""
    return render(request, "org/form.html", {"form": form, "title": title, "subject": subject, "back": back,
                                             "lead": lead}, status=400 if form.is_bound else 200)
