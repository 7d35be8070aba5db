"""The 德才表现曲线 section of an official's profile: staff and leaders of his district see his
latest confirmed multi-rater survey and his years; he sees only finalized years, and his unit's
average only where it cannot reveal a colleague; three queries whatever the history."""
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from core.profile_sections import providers
from surveys.profile import survey_curves_section
from tests.factories import OfficialFactory

from .curve_data import earlier_cycle, survey_with

pytestmark = pytest.mark.django_db


def history(world, years=(2024, 2025), colleagues=0):
    o, s = world.own_official, world.other_official
    others = [OfficialFactory(unit=world.own_unit) for _ in range(colleagues)]
    for year in years:
        cycle = earlier_cycle(world, year)
        survey_with(cycle, officials=[o, s, *others], results=[
            (o, "superior", True, {"p1": f"{year - 1940}.00", "p2": "80.00", "p3": "90.00"}),
            (s, "superior", True, {"p1": "70.00", "p2": "70.00", "p3": "70.00"}),
            *[(c, "superior", True, {"p1": "60.00", "p2": "60.00", "p3": "60.00"}) for c in others],
        ])
    # this year's survey is closed, not confirmed: not on the profile
    survey_with(world.own_cycle, state="closed", officials=[o], results=[(o, "superior", True, {"p1": "1.00"})])


def test_the_section_is_registered():
    assert survey_curves_section in providers()


def test_staff_see_the_latest_confirmed_survey_against_the_averages_and_the_years(world):
    history(world)
    section = survey_curves_section(official=world.own_official, viewer=world.users["staff"], years=None)
    assert section.key == "survey-curves" and section.title == "德才表现曲线"
    curve = section.context["curve"]
    assert section.context["survey"].cycle.year == 2025
    assert curve.own == [Decimal("85.00"), Decimal("80.00"), Decimal("90.00")]
    assert curve.district == [Decimal("77.50"), Decimal("75.00"), Decimal("80.00")]
    assert curve.unit == curve.own  # alone in his unit
    html = render_to_string(section.template, {"section": section, "official": world.own_official})
    assert html.count('class="chart chart-comparison"') == 2
    assert "2024 年" in html and "2025 年" in html and "1.00" not in html


def test_the_years_asked_for_limit_the_section(world):
    history(world)
    section = survey_curves_section(official=world.own_official, viewer=world.users["leader"], years=[2024])
    assert section.context["survey"].cycle.year == 2024
    assert section.context["charts"]["year_count"] == 1
    assert survey_curves_section(official=world.own_official, viewer=world.users["leader"], years=[2019]) is None


def test_the_official_sees_finalized_years_only_and_no_unit_average_of_two(world):
    history(world, colleagues=1)
    from cycles.models import Cycle

    Cycle.objects.filter(district=world.own, year=2025).update(state="evaluating")
    me = world.users["official"]
    section = survey_curves_section(official=world.own_official, viewer=me, years=None)
    assert section.context["survey"].cycle.year == 2024
    assert section.context["curve"].unit == [None, None, None]  # a unit of two would reveal the colleague
    assert survey_curves_section(official=world.other_official, viewer=me, years=None) is None


def test_the_official_sees_the_unit_average_of_three_or_more(world):
    history(world, colleagues=2)
    section = survey_curves_section(official=world.own_official, viewer=world.users["official"], years=None)
    assert section.context["curve"].unit[1] == Decimal("66.67")


def test_another_districts_staff_see_nothing(world):
    history(world)
    assert survey_curves_section(official=world.own_official, viewer=world.users["foreign_staff"], years=None) is None


def test_three_queries_whatever_the_history(world, django_assert_num_queries):
    history(world, years=(2021, 2022, 2023, 2024, 2025), colleagues=5)
    with django_assert_num_queries(3):
        section = survey_curves_section(official=world.own_official, viewer=world.users["staff"], years=None)
    assert section.context["charts"]["year_count"] == 5
