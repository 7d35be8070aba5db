"""The development pages: the reserve pool by category, placing and removing officials; the
mentor pairs, a mentor's pairs and talk log, recording talks; the due talks (四必谈) with their
overdue flags. Staff write; leaders read. Talks are recorded by staff for the mentors (the
department keeps the log); a mentor with an official account reads its own pairs and talk log
(`/development/mentors/<own id>/`). Objects come through the selectors, scoped for the
signed-in user; changes are POST-only and redirect; a service's ValidationError comes back on
the form's field."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import about, roles
from accounts.models import Role
from accounts.scoping import CHANGE, CREATE, may
from core.web import district_filter, errors_onto_form
from growth.selectors import fit_for_officials
from org import selectors as org_selectors
from org.models import Official

from . import selectors, services
from .forms import CategoryForm, DueTalkForm, PairForm, PlacementForm, PoolFilterForm, RemoveForm, TalkForm
from .models import DueTalk, MentorPair, Placement, ReserveCategory, Talk

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
WRITERS = (Role.ADMIN, Role.STAFF)


def _form(request, form, *, title: str, back: str, subject=None, lead: str = ""):
    return render(request, "org/form.html", {"form": form, "title": title, "subject": subject, "back": back,
                                             "lead": lead, "crumb": _("干部培养")},
                  status=400 if form.is_bound else 200)


# --- the reserve pool --------------------------------------------------------------------------------


@roles(*READERS)
def pool(request):
    """The reserve pool of a district by category: counts, the current placements filtered by
    category, unit and rank level, each official linked to its profile and flagged when it holds
    or held a street post (a candidate for a district department head)."""
    user = request.user
    districts = org_selectors.page_districts(user)
    district_id = district_filter(request, districts)
    if district_id is not None and may(user, CREATE, ReserveCategory):
        district = next(d for d in districts if d.pk == district_id)
        services.reserve_categories_ensure(actor=user, district=district)
    cats = list(selectors.categories(user, district_id))
    units = list(selectors.district_units(user, district_id)) if district_id else []
    filters = PoolFilterForm(request.GET, districts=districts, categories=cats, units=units)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = list(selectors.placements(user, district_id=district_id, category_id=chosen.get("category"),
                                     unit_id=chosen.get("unit"), rank_level=chosen.get("rank_level", ""),
                                     street_only=bool(chosen.get("street"))))
    fits = fit_for_officials({p.official_id for p in rows})  # the placements shown are already scoped
    for placement in rows:
        placement.fit = fits.get(placement.official_id)
    return render(request, "development/pool.html", {
        "categories": cats, "placements": rows, "filters": filters, "districts": districts,
        "district_id": district_id, "total": sum(c.placed for c in cats),
        "chosen_category": chosen.get("category"),
        "can_place": may(user, CREATE, Placement),
        "filtered": any(chosen.get(k) for k in ("category", "unit", "rank_level", "street")),
    })


@roles(*READERS)
def categories(request):
    """A district's reserve categories with their current counts, the retired ones too: staff add
    one, rename it, reorder it, retire it (no new placements; the current ones stay) or restore
    it; leaders read."""
    user = request.user
    districts = org_selectors.page_districts(user)
    district_id = district_filter(request, districts)
    can_change = may(user, CREATE, ReserveCategory)
    if district_id is not None and can_change:
        district = next(d for d in districts if d.pk == district_id)
        services.reserve_categories_ensure(actor=user, district=district)
    rows = list(selectors.categories(user, district_id)) if district_id is not None else []
    return render(request, "development/categories.html", {
        "categories": rows, "districts": districts, "district_id": district_id, "can_change": can_change,
    })


def _categories_of(category) -> str:
    return reverse("development:categories") + f"?district={category.district_id}"


@roles(*WRITERS)
def category_new(request):
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = CategoryForm(data, districts=selectors.category_districts(user),
                        initial={"district": district_filter(request, org_selectors.page_districts(user))})
    if data is not None and form.is_valid():
        try:
            category = services.reserve_category_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc, field_map={"__all__": "name"})
        else:
            messages.success(request, _("已新增储备类别“%(name)s”。") % {"name": category.name})
            return redirect(_categories_of(category))
    return _form(request, form, title=_("新增储备类别"), back=reverse("development:categories"))


@about(ReserveCategory)
@roles(*WRITERS)
def category_edit(request, pk: int):
    """Rename a category or change its description or order; its placements keep it."""
    category = selectors.category_for(request.user, pk, CHANGE)
    data = request.POST if request.method == "POST" else None
    form = CategoryForm(data, initial={name: getattr(category, name) for name in services.CATEGORY_FIELDS})
    if data is not None and form.is_valid():
        try:
            services.reserve_category_update(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc, field_map={"__all__": "name"})
        else:
            messages.success(request, _("已保存储备类别“%(name)s”。") % {"name": form.cleaned_data["name"]})
            return redirect(_categories_of(category))
    return _form(request, form, title=_("修改储备类别"), subject=category.name, back=_categories_of(category))


@about(ReserveCategory)
@roles(*WRITERS)
@require_POST
def category_active(request, pk: int):
    """Retire (`active=0`) or restore (`active=1`) a category; retiring keeps its placements."""
    category = selectors.category_for(request.user, pk, CHANGE)
    active = request.POST.get("active") == "1"
    try:
        services.reserve_category_set_active(actor=request.user, category=category, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("已恢复储备类别“%(name)s”。") if active else _("已停用储备类别“%(name)s”，现有入库记录保留。")
        messages.success(request, done % {"name": category.name})
    return redirect(_categories_of(category))


@roles(*WRITERS)
def placement_new(request):
    user = request.user
    data = request.POST if request.method == "POST" else None
    cats = selectors.placeable_categories(user)
    form = PlacementForm(data, request.FILES or None, officials=selectors.writable_officials(user), categories=cats,
                         initial={"placed_on": timezone.localdate(), "official": request.GET.get("official"),
                                  "category": request.GET.get("category")})
    if data is not None and form.is_valid():
        try:
            placement = services.placement_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已将“%(name)s”纳入“%(category)s”。") % {
                "name": placement.official.name, "category": placement.category.name})
            return redirect(reverse("development:pool") + f"?district={placement.district_id}")
    return _form(request, form, title=_("纳入储备干部库"), back=reverse("development:pool"))


@about(Placement)
@roles(*WRITERS)
def placement_remove(request, pk: int):
    """Take an official out of a category (出库) with a reason; the placement stays in the history."""
    placement = selectors.placement_for(request.user, pk, CHANGE)
    data = request.POST if request.method == "POST" else None
    form = RemoveForm(data, initial={"removed_on": timezone.localdate()})
    if data is not None and form.is_valid():
        try:
            services.placement_remove(actor=request.user, placement=placement, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已将“%(name)s”移出“%(category)s”。") % {
                "name": placement.official.name, "category": placement.category.name})
            return redirect(reverse("development:pool") + f"?district={placement.district_id}")
    return _form(request, form, title=_("移出储备干部库"), subject=placement.official,
                 back=reverse("development:pool"),
                 lead=_("类别：%(category)s；入库时间：%(day)s。出库后入库记录保留在历史中。") % {
                     "category": placement.category.name, "day": placement.placed_on})


# --- mentors and talks -------------------------------------------------------------------------------


@roles(*READERS)
def mentor_pairs(request):
    """Every mentor pair of the district, by mentor, with its number of talks."""
    user = request.user
    districts = org_selectors.page_districts(user)
    district_id = district_filter(request, districts)
    rows = list(selectors.pairs(user, district_id=district_id))
    return render(request, "development/pairs.html", {
        "pairs": rows, "districts": districts, "district_id": district_id,
        "can_change": may(user, CREATE, MentorPair),
    })


@about(Official)
@roles(*READERS, Role.OFFICIAL)
def mentor(request, pk: int):
    """A mentor's pairs and talk log. Staff and leaders open any mentor of their districts; an
    official only its own page."""
    user = request.user
    person = org_selectors.official_for(user, pk)
    if user.role == Role.OFFICIAL and person.pk != user.official_id:
        raise PermissionDenied
    return render(request, "development/mentor.html", {
        "mentor": person, "pairs": list(selectors.pairs(user, mentor_id=person.pk)),
        "talks": list(selectors.mentor_talks(user, person.pk)),
        "can_change": may(user, CREATE, Talk),
    })


@roles(*WRITERS)
def pair_new(request):
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = PairForm(data, officials=selectors.writable_officials(user),
                    initial={"started_on": timezone.localdate(), "mentor": request.GET.get("mentor")})
    if data is not None and form.is_valid():
        try:
            pair = services.pair_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已结对：%(mentor)s → %(mentee)s。") % {
                "mentor": pair.mentor.name, "mentee": pair.mentee.name})
            return redirect("development:mentor", pk=pair.mentor_id)
    return _form(request, form, title=_("新建师徒结对"), back=reverse("development:pairs"))


@roles(*WRITERS)
def talk_new(request):
    """Record a talk (谈心谈话); it closes the official's open due talks."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    pair_choices = selectors.open_pairs(user)
    initial = {"held_on": timezone.localdate(), "official": request.GET.get("official"),
               "pair": request.GET.get("pair"), "occasion": request.GET.get("occasion", "")}
    form = TalkForm(data, officials=selectors.writable_officials(user), pairs=pair_choices, initial=initial)
    if data is not None and form.is_valid():
        try:
            talk = services.talk_record(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已记录与“%(name)s”的谈话。") % {"name": talk.official.name})
            if talk.pair_id:
                return redirect("development:mentor", pk=talk.pair.mentor_id)
            return redirect("development:due_talks")
    return _form(request, form, title=_("记录谈心谈话"), back=reverse("development:pairs"))


@roles(*READERS)
def due_talks(request):
    """The must-talks (四必谈) owed: open ones soonest due first, overdue ones flagged;
    `?overdue=1` only the overdue ones, `?all=1` the closed ones too."""
    user = request.user
    districts = org_selectors.page_districts(user)
    district_id = district_filter(request, districts)
    today = timezone.localdate()
    overdue_only = request.GET.get("overdue") == "1"
    show_all = request.GET.get("all") == "1"
    rows = list(selectors.due_talks(user, district_id=district_id, open_only=not show_all,
                                    overdue_only=overdue_only, today=today))
    for row in rows:
        row.overdue = row.is_overdue(today)
    return render(request, "development/due_talks.html", {
        "rows": rows, "districts": districts, "district_id": district_id, "overdue_only": overdue_only,
        "show_all": show_all, "can_change": may(user, CREATE, DueTalk),
    })


@roles(*WRITERS)
def due_talk_new(request):
    """A must-talk staff record by hand (工作遇到困难, 家庭发生变故)."""
    user = request.user
    data = request.POST if request.method == "POST" else None
    form = DueTalkForm(data, officials=selectors.writable_officials(user))
    if data is not None and form.is_valid():
        try:
            official = form.cleaned_data["official"]
            due = services.due_talk_raise(
                actor=user, official=official, occasion=form.cleaned_data["occasion"],
                detail=form.cleaned_data["detail"],
                source=f"manual:{timezone.now():%Y%m%d%H%M%S%f}")
        except ValidationError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("已登记，须在 %(day)s 前谈话。") % {"day": due.due_on})
            return redirect("development:due_talks")
    return _form(request, form, title=_("登记四必谈"), back=reverse("development:due_talks"))


