"""The official's profile section 德才表现曲线 (core.profile_sections): the curves of his latest
confirmed multi-rater survey against his unit's and the district's averages, and his item scores
across the years of his confirmed surveys.

Staff and leaders see the surveys of their districts (scoped). The official himself sees only
surveys of finalized years, as he sees his other scores (SPEC section 10: officials see their own
confirmed scores only after finalize); scoped() gives the official role no survey rows at all, so
his rows are chosen here explicitly, his own and finalized only. He sees his unit's average only
where at least three officials of the unit were scored, so that it never reveals a colleague's
score. Three queries, whatever the number of years or officials.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scoping import scoped
from core.profile_sections import ProfileSection, profile_section

from . import curves
from .chart_views import official_charts
from .models import Survey, SurveyItem, SurveyResult

UNIT_MINIMUM_FOR_OFFICIALS = 3


@profile_section(order=45)
def survey_curves_section(*, official, viewer, years) -> ProfileSection | None:
    if viewer.role == Role.OFFICIAL:
        if viewer.official_id != official.pk:
            return None
        results = SurveyResult.objects.filter(official=official, survey__cycle__state="finalized")
    else:
        results = scoped(SurveyResult.objects.all(), viewer).filter(official=official)
    results = results.filter(survey__state=Survey.State.CONFIRMED, survey__kind=Survey.Kind.MULTI_RATER, counted=True)
    if years is not None:
        results = results.filter(survey__cycle__year__in=list(years))
    rows = list(results.values_list(*curves.YEAR_ROW))  # query 1: his aggregates, every year
    if not rows:
        return None
    latest_id = max(rows, key=lambda r: (r[1], r[0]))[0]
    items = list(SurveyItem.objects.filter(survey_id=latest_id, reverse=False).select_related("survey__cycle")
                 .order_by("order", "id"))  # query 2: the latest survey's items, with the survey
    if not items:
        return None
    survey = items[0].survey
    chart_items = [curves.Item(i.code, i.text) for i in items]
    codes = [i.code for i in chart_items]
    minimum = UNIT_MINIMUM_FOR_OFFICIALS if viewer.role == Role.OFFICIAL else 1
    # query 3: the survey's aggregates of every official, for the averages
    data = curves.survey_curves(survey, items=chart_items, ordered=False, unit_minimum=minimum)
    curve = data.of(official.pk)
    if curve is None:
        return None
    per_survey = {pk: {"year": year, "items": values} for pk, (year, values) in
                  curves.years_of_rows(rows, codes).items()}
    by_year = curves.by_year(per_survey, codes)
    charts = official_charts(chart_items, curve, {y: v for y, v in by_year.items() if y != survey.cycle.year},
                             ident=f"profile-curves-{official.pk}", this_year=survey.cycle.year)
    return ProfileSection(key="survey-curves", title=_("德才表现曲线"), template="surveys/_profile_curves.html",
                          context={"charts": charts, "survey": survey, "curve": curve}, order=45)
