"""The chart selectors and pages: an official's item scores (rater groups combined with the
cycle's survey weights, groups under turnout left out) against his unit's and the district's
averages, his earlier confirmed years, the district overview; scoped, in constant queries."""
from decimal import Decimal

import pytest
from django.test import Client

from surveys import curves
from tests.factories import OfficialFactory, UnitFactory

from .curve_data import earlier_cycle, survey_with

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def this_year(world):
    """2026, closed: 张建国 (区人社局) rated by superiors and peers, a public group under turnout;
    a colleague in the same unit; 李红梅 in a street."""
    colleague = OfficialFactory(unit=world.own_unit, name="赵卫东")
    o, c, s = world.own_official, colleague, world.other_official
    return survey_with(world.own_cycle, state="closed", officials=[o, c, s], results=[
        (o, "superior", True, {"p1": "90.00", "p2": "80.00", "p3": "70.00"}),
        (o, "peer", True, {"p1": "80.00", "p2": "85.00"}),
        (o, "public", False, {"p1": "10.00", "p2": "10.00", "p3": "10.00"}),  # under turnout: ignored
        (c, "superior", True, {"p1": "70.00", "p2": "70.00", "p3": "90.00"}),
        (s, "peer", True, {"p1": "60.00", "p2": "100.00", "p3": "80.00"}),
    ])


def test_official_item_scores_combine_the_counted_groups_with_the_survey_weights(world, this_year):
    data = curves.survey_curves(this_year)
    assert [i.text for i in data.items] == ["政治素质", "工作能力", "廉洁自律"]  # reverse items have no score
    zhang = data.of(world.own_official.pk)
    # p1: (0.4 × 90 + 0.3 × 80) / 0.7 = 85.714… → 85.71; p2: (0.4 × 80 + 0.3 × 85) / 0.7 = 82.142… → 82.14;
    # p3: only the superiors scored it → 70
    assert zhang.own == [Decimal("85.71"), Decimal("82.14"), Decimal("70.00")]
    # the unit: 张建国 and 赵卫东 (exact means, rounded at the end)
    assert zhang.unit == [Decimal("77.86"), Decimal("76.07"), Decimal("80.00")]
    # the district: all three
    assert zhang.district == [Decimal("71.90"), Decimal("84.05"), Decimal("80.00")]
    li = data.of(world.other_official.pk)
    assert li.unit == li.own == [Decimal("60.00"), Decimal("100.00"), Decimal("80.00")]
    assert data.spread[1] == (Decimal("70.00"), Decimal("100.00"), 3)


def test_earlier_years_come_from_confirmed_surveys_of_the_same_kind_only(world, this_year):
    o = world.own_official
    survey_with(earlier_cycle(world, 2024), officials=[o], results=[(o, "superior", True, {"p1": "75.00",
                                                                                            "p3": "88.00"})])
    survey_with(earlier_cycle(world, 2025), officials=[o], results=[(o, "peer", True, {"p1": "81.00", "p2": "82.00",
                                                                                        "p3": "83.00"})])
    # not confirmed, another kind, a later year: none of them is an earlier year
    survey_with(earlier_cycle(world, 2023), state="closed", officials=[o],
                results=[(o, "peer", True, {"p1": "1.00"})])
    survey_with(earlier_cycle(world, 2022), kind="political", officials=[o], proposals=[(o, {"p1": "2.00"})])
    survey_with(earlier_cycle(world, 2027, state="in_progress"), officials=[o],
                results=[(o, "peer", True, {"p1": "3.00"})])
    years = curves.earlier_years(survey=this_year, official_id=o.pk, codes=["p1", "p2", "p3"])
    assert years == {2024: [Decimal("75.00"), None, Decimal("88.00")],
                     2025: [Decimal("81.00"), Decimal("82.00"), Decimal("83.00")]}


def test_political_curves_use_the_pooled_item_scores_of_the_proposals(world):
    o, s = world.own_official, world.other_official
    survey = survey_with(world.own_cycle, kind="political", state="closed", officials=[o, s],
                         proposals=[(o, {"p1": "90.00", "p2": "70.00", "p3": "80.00"}),
                                    (s, {"p1": "60.00", "p2": "80.00"})])
    data = curves.survey_curves(survey)
    assert data.of(o.pk).own == [Decimal("90.00"), Decimal("70.00"), Decimal("80.00")]
    assert data.of(o.pk).district == [Decimal("75.00"), Decimal("75.00"), Decimal("80.00")]
    assert data.of(s.pk).own[2] is None


def test_a_survey_without_aggregates_has_no_curves(world):
    survey = survey_with(world.own_cycle, state="open", officials=[world.own_official])
    data = curves.survey_curves(survey)
    assert data.officials == [] and data.district == [None, None, None]


def _many(world, cycle, n):
    officials = [OfficialFactory(unit=UnitFactory(district=world.own)) for _ in range(n)]
    return survey_with(cycle, officials=officials, state="closed", results=[
        (o, g, True, {"p1": "80.00", "p2": "90.00", "p3": "85.00"}) for o in officials for g in ("superior", "peer")])


@pytest.mark.parametrize("page", ["curves", "overview"])
def test_pages_run_the_same_queries_for_3_or_30_officials(world, page, django_assert_num_queries):
    small = _many(world, world.own_cycle, 3)
    large = _many(world, earlier_cycle(world, 2025, state="evaluating"), 30)
    client = signed_in(world.users["staff"])
    client.get(f"/surveys/{small.pk}/{page}/")  # warm the session and the caches
    counts = []
    for survey in (small, large):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/surveys/{survey.pk}/{page}/")
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_num_queries(counts[1]):
        client.get(f"/surveys/{large.pk}/{page}/")
    assert counts[1] <= 12


def test_curves_page_shows_the_chosen_officials_charts_and_tables(world, this_year):
    o = world.own_official
    survey_with(earlier_cycle(world, 2025), officials=[o], results=[(o, "peer", True, {"p1": "81.00"})])
    response = signed_in(world.users["leader"]).get(f"/surveys/{this_year.pk}/curves/?official={o.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "张建国 各项得分与本单位、全区平均" in html
    assert html.count('class="chart chart-comparison"') == 2  # wide and narrow
    assert html.count('class="chart chart-years"') == 2
    assert "2025 年" in html and "2026 年" in html
    assert "<td class=\"num\">85.71</td>" in html  # the table fallback
    assert '<option value="%s" selected>' % o.pk in html


def test_curves_of_an_official_not_in_the_survey_or_of_another_district_are_not_found(world, this_year):
    client = signed_in(world.users["staff"])
    assert client.get(f"/surveys/{this_year.pk}/curves/?official={world.foreign_official.pk}").status_code == 404
    assert client.get(f"/surveys/{this_year.pk}/curves/?official=x").status_code == 404
    assert signed_in(world.users["foreign_staff"]).get(f"/surveys/{this_year.pk}/curves/").status_code == 404
    assert signed_in(world.users["official"]).get(f"/surveys/{this_year.pk}/overview/").status_code == 403


def test_overview_lists_item_averages_and_links_every_official(world, this_year):
    response = signed_in(world.users["staff"]).get(f"/surveys/{this_year.pk}/overview/")
    html = response.content.decode()
    assert "市北区各项平均得分" in html
    assert "政治素质：平均 71.9，最低 60，最高 85.71，3 人" in html
    for o in this_year.officials.all():
        assert f"/surveys/{this_year.pk}/curves/?official={o.pk}" in html
