"""The official's profile page (干部画像 / 成长纪实, printable on A4) and the search of officials.
Objects come through the selectors, scoped for the signed-in user: another district's official,
or another official's profile, answers 404."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import about, roles, signed_in
from accounts.models import Role
from growth.selectors import fit_for_officials
from org.models import Official

from . import search as official_search
from . import selectors
from .forms import ProfileFilterForm

SEARCH_PAGE_SIZE = 20
SEARCHERS = (Role.ADMIN, Role.STAFF, Role.LEADER)


@about(Official)
@signed_in
def profile(request, pk: int):
    """One official's profile: every section registered by the apps, filtered by year and kind."""
    user = request.user
    person = selectors.profile_official(user, pk)
    years_all = selectors.profile_years(user, person)
    data = request.GET if ("year" in request.GET or "kind" in request.GET) else None
    wanted = [int(y) for y in request.GET.getlist("year") if y.isdigit() and int(y) in years_all] or None
    sections = selectors.profile_sections(official=person, viewer=user, years=wanted)
    kinds = [(s.key, s.title) for s in sections]
    form = ProfileFilterForm(data, years=years_all, kinds=kinds)
    years, chosen_kinds = form.chosen()
    shown = [s for s in sections if not chosen_kinds or s.key in chosen_kinds]
    return render(request, "profiles/profile.html", {
        "official": person, "sections": shown, "form": form, "years": years, "kinds": chosen_kinds,
        "filtered": bool(years or chosen_kinds), "own": user.official_id == person.pk,
        "page_address": request.build_absolute_uri(),
    })


@roles(*SEARCHERS)
def search(request):
    """Find officials of the user's districts by conditions; a page of results with links to
    their profiles."""
    user = request.user
    filters = official_search.OfficialSearch(request.GET or None, queryset=official_search.search_base(user),
                                             request=request)
    if not filters.is_bound:
        rows = filters.queryset
    else:
        rows = filters.qs if filters.is_valid() else filters.queryset.none()
    page = Paginator(rows, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    officials = list(page.object_list)
    grades, warned = official_search.recent_grades(user, officials), official_search.warned(officials)
    fits = fit_for_officials([o.pk for o in officials])  # the officials shown are already scoped
    for person in officials:
        person.recent_grades, person.warned = grades.get(person.pk, []), person.pk in warned
        person.fit = fits.get(person.pk)
    return render(request, "profiles/search.html", {"filters": filters, "page": page, "officials": officials})
