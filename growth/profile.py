"""growth's sections of the official's profile (core.profile_sections): learning points by year,
contests and presentations with results, competency levels and fit. Each runs a fixed number of
queries (selectors)."""
from django.utils.translation import gettext as _

from core.profile_sections import ProfileSection, profile_section

from . import rules, selectors


@profile_section(order=60)
def learning_points(*, official, viewer, years):
    """Learning activities by year with each year's total (one query)."""
    by_year = selectors.profile_points(viewer, official, years)
    if not by_year:
        return None
    return ProfileSection(key="learning-points", title=_("学习积分"), template="growth/_profile_points.html",
                          context={"by_year": by_year}, order=60)


@profile_section(order=61)
def contests(*, official, viewer, years):
    """擂台赛 / 评辩会 entries with topic, result and place (two queries)."""
    entries = selectors.profile_entries(viewer, official, years)
    if not entries:
        return None
    return ProfileSection(key="contests", title=_("擂台赛与评辩会"), template="growth/_profile_contests.html",
                          context={"entries": entries}, order=61)


@profile_section(order=62)
def competency(*, official, viewer, years):
    """Latest assessed level of each competency against the post's requirement, and the fit (four queries)."""
    kind, fit, rows = selectors.profile_competencies(viewer, official)
    if not rows:
        return None
    return ProfileSection(key="competency", title=_("胜任力与人岗适配"), template="growth/_profile_competency.html",
                          context={"post_kind": _(rules.POST_KIND_LABELS[kind]), "fit": fit, "rows": rows}, order=62)
