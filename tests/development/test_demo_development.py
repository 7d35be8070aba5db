"""The demo's development data: a few placements, the official account's holder mentoring two
officials with talks, one overdue and one due must-talk; a second run adds nothing."""
import datetime

import pytest

from demo.development import build_demo_development
from development.models import DueTalk, MentorPair, Placement, Talk
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)


def test_the_demo_builds_placements_pairs_talks_and_due_talks_once(world):
    for n in range(6):
        OfficialFactory(unit=world.own_unit, name=f"演示{n}")
    added = build_demo_development(world.own, today=TODAY)
    assert added == {"placements": 6, "mentor pairs": 2, "talks": 4, "due talks": 2}
    assert set(MentorPair.objects.values_list("mentor", flat=True)) == {world.own_official.pk}
    assert Talk.objects.count() == 4
    assert [d.is_overdue(TODAY) for d in DueTalk.objects.order_by("due_on")] == [True, False]
    assert Placement.objects.filter(official=world.other_official).exists()  # the street head
    assert build_demo_development(world.own, today=TODAY)["placements"] == 0
    assert Placement.objects.count() == 6
