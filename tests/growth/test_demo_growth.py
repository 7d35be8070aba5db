"""demo.growth: a few of each growth record, through the services; a second run adds nothing."""
import pytest

from demo.growth import build_demo_growth
from growth.models import CompetencyAssessment, ContestEvent, JudgeScore, LearningActivity
from growth.selectors import fit_for_officials
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db


def test_the_demo_builds_each_kind_of_record_once(world, today):
    for _ in range(4):
        OfficialFactory(unit=world.own_unit)
    counts = build_demo_growth(world.own, today=today)
    assert counts["contest events"] == 3 and counts["contest participants"] == 15
    assert LearningActivity.objects.filter(district=world.own).count() == counts["learning activities"] > 0
    assert JudgeScore.objects.count() == 15 * 5 and CompetencyAssessment.objects.exists()
    assert any(fit is not None for fit in fit_for_officials([world.own_official.pk]).values())
    assert build_demo_growth(world.own, today=today) == {}
    assert ContestEvent.objects.count() == 3
