"""One official across years (with the reasons for each grade), and the official's own view."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import about, signed_in
from accounts.models import Role
from cycles import cycle_settings
from org import selectors as org_selectors
from org.models import Official

from .. import charts, labels, rules, selectors
from .common import missing_messages, outcome_labels


@about(Official)
@signed_in
def official(request, pk: int):
    """An official's years: the four dimensions, composite, rank, grade, outcomes and the reasons;
    a chart of composite and grade across years. Staff and leaders see every year of the
    officials of their districts; an official sees itself, finalized years only (scoping)."""
    user = request.user
    person = selectors.official_for(user, pk, related=("unit__district",))
    if person is None:
        raise Http404
    years = selectors.official_years(user, person)
    results = years.results
    for result in results:
        settings = result.cycle.settings
        result.grade_label = labels.grade_label(result.grade)
        result.computed_label = labels.grade_label(result.computed_grade)
        result.outcome_labels = outcome_labels(result.outcomes)
        result.missing_labels = missing_messages(result)
        result.reasons = rules.grade_reasons(
            composite=result.composite, grade=result.grade, computed_grade=result.computed_grade, veto=result.veto,
            good_rank=None if result.veto else result.eligible_above + 1,
            exempt_label=result.get_exempt_reason_display() if result.exempt_reason else "",
            quota_places=rules.good_quota(result.complete_n, settings["good_quota"]), settings=settings,
            veto_detail=years.vetoes.get(result.cycle_id, []), override_reason=years.overrides.get(result.cycle_id, ""),
            gettext=_,
        )
    latest = results[0].cycle.settings if results else cycle_settings.DEFAULTS
    points = [charts.YearPoint(r.cycle.year, r.composite, r.grade or None, r.grade_label) for r in results]
    chart_args = {"poor_threshold": latest["poor_threshold"], "good_threshold": latest["good_threshold"],
                  "title": _("%(name)s 历年综合得分与等次") % {"name": person.name}}
    return render(request, "evaluations/official.html", {
        "person": person, "results": results, "is_self": user.official_id == person.pk,
        "chart": charts.composite_trend(points, **chart_args),
        "chart_narrow": charts.composite_trend(points, width=360, height=250, font_size=13, ident="trend-narrow",
                                               **chart_args),
    })


@signed_in
def mine(request):
    """An official's released quarterly scores per pledge and quarter, and its finalized results.
    Other roles go to the cycles."""
    user = request.user
    if user.role != Role.OFFICIAL:
        return redirect("evaluations:index")
    person = org_selectors.official_of_user(user)
    sections = []
    if person is not None:
        for year in selectors.own_years(user, person):
            result = year.result
            if result is not None:
                result.grade_label = labels.grade_label(result.grade)
                result.outcome_labels = outcome_labels(result.outcomes)
            sections.append({"cycle": year.cycle, "pledges": year.pledges, "released": year.released,
                             "result": result})
    return render(request, "evaluations/mine.html", {"person": person, "sections": sections})
