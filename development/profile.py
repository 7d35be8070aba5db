"""Development's sections of the official's profile (core.profile_sections): the reserve
placements (current and removed), and the mentor pairs with talks and open due talks. One and
three queries, whatever the history's length; an official reading its own profile does not see
the reserve pool (the department's business, scoped away)."""
from django.utils import timezone
from django.utils.translation import gettext as _

from core.profile_sections import ProfileSection, profile_section

from . import selectors


@profile_section(order=60)
def reserve_section(*, official, viewer, years):
    placements = selectors.official_placements(viewer, official)
    if not placements:
        return None
    return ProfileSection(key="reserve", title=_("储备干部库"), template="development/_profile_reserve.html",
                          context={"placements": placements}, order=60)


@profile_section(order=65)
def mentoring_section(*, official, viewer, years):
    pairs, talks, due = selectors.official_mentoring(viewer, official)
    if not (pairs or talks or due):
        return None
    today = timezone.localdate()
    for row in due:
        row.overdue = row.is_overdue(today)
    return ProfileSection(key="mentoring", title=_("导师与谈心谈话"), template="development/_profile_mentoring.html",
                          context={"pairs": pairs, "talks": talks, "due": due}, order=65)
