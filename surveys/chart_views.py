"""The 德才表现曲线图 pages of a survey: one official's curves (against the unit and the district,
and across earlier years) and the district overview of the item averages. Results are for the
roles that read a district's surveys (staff and leaders, scoped); an official sees his own curves
on his profile once the year is finalized (surveys.profile)."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.access import about, roles
from accounts.models import Role
from accounts.scoping import get_or_deny, scoped

from . import charts, curves
from .models import Survey

READERS = (Role.ADMIN, Role.STAFF, Role.LEADER)
NARROW = {"layout": "rows", "width": 360, "font_size": 13}


def _survey(request, pk) -> Survey:
    return get_or_deny(scoped(Survey.objects.select_related("cycle__district"), request.user), request.user, pk)


def official_charts(items: list[curves.Item], curve: curves.OfficialCurve, years: dict, *, ident: str,
                    this_year: int | None = None) -> dict:
    """The wide and narrow SVGs and the tables of one official's two charts (template context)."""
    texts = [i.text for i in items]
    # Alone in his unit (or the unit's average not shown to him), the unit line would hide under his.
    unit_alone = curve.unit == curve.own or all(v is None for v in curve.unit)
    unit = None if unit_alone else curve.unit
    series = charts.comparison_series(official_label=curve.name, official=curve.own, unit=unit,
                                      district=curve.district)
    all_years = dict(years)
    if this_year is not None:
        all_years[this_year] = curve.own
    args = {"official_label": curve.name, "official": curve.own, "unit": unit, "district": curve.district}
    return {
        "comparison": charts.comparison_curves(texts, ident=f"{ident}-cmp", **args),
        "comparison_narrow": charts.comparison_curves(texts, ident=f"{ident}-cmp-n", **args, **NARROW),
        "comparison_table": charts.values_table(texts, series, caption=_("%(name)s 各项得分与本单位、全区平均") % {
            "name": curve.name}),
        "years": charts.year_curves(texts, all_years, official_label=curve.name, ident=f"{ident}-yrs"),
        "years_narrow": charts.year_curves(texts, all_years, official_label=curve.name, ident=f"{ident}-yrs-n",
                                           **NARROW),
        "years_table": charts.values_table(texts, charts.year_series(all_years), caption=_(
            "%(name)s 历年各项得分") % {"name": curve.name}),
        "year_count": len(all_years),
        "unit_alone": unit_alone,
    }


@about(Survey)
@roles(*READERS)
def official_curves(request, pk: int):
    """One official's curves in a survey (?official=<id>, the first official by default), with a
    plain form to choose another. A fixed number of queries whatever the survey's size."""
    survey = _survey(request, pk)
    data = curves.survey_curves(survey)
    chosen = None
    wanted = request.GET.get("official", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404
        chosen = data.of(int(wanted))
        if chosen is None:
            raise Http404
    elif data.officials:
        chosen = data.officials[0]
    context = {"survey": survey, "data": data, "chosen": chosen}
    if chosen is not None:
        years = curves.earlier_years(survey=survey, official_id=chosen.official_id,
                                     codes=[i.code for i in data.items])
        context["charts"] = official_charts(data.items, chosen, years, ident="curves", this_year=survey.cycle.year)
    return render(request, "surveys/curves.html", context)


@about(Survey)
@roles(*READERS)
def overview(request, pk: int):
    """The district overview of a survey: each item's average with the lowest and highest
    official, and every official's score with a link to his curves."""
    survey = _survey(request, pk)
    data = curves.survey_curves(survey)
    rows = [charts.OverviewRow(item.text, mean, low, high, count)
            for item, mean, (low, high, count) in zip(data.items, data.district, data.spread, strict=True)]
    title = _("%(district)s各项平均得分") % {"district": survey.cycle.district.name}
    return render(request, "surveys/overview.html", {
        "survey": survey, "data": data,
        "chart": charts.overview_dots(rows, title=title),
        "chart_narrow": charts.overview_dots(rows, title=title, width=360, font_size=13, ident="overview-n"),
        "table": charts.overview_table(rows, caption=title),
    })
