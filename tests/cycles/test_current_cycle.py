"""Which cycle a page opens by default (cycles.selectors.current_cycle): the oldest year of the
district not yet finalized, else the newest — so a 2027 cycle in planning does not pull the pages
away from a 2026 still being evaluated — and the "其他年度" switch to the district's other years."""
import pytest
from django.urls import reverse

from cycles.models import Cycle
from cycles.selectors import current_cycle, current_cycles
from org.models import District
from pledges import services as pledge_services
from tests.factories import CycleFactory
from tests.fixtures.pledges import pledge_body

SHIBEI, LICANG = District(pk=1, code="shibei"), District(pk=2, code="licang")


def cycle(district, year, state):
    return Cycle(district=district, year=year, state=state)


@pytest.mark.parametrize("years,expected", [
    ([(2025, "finalized"), (2026, "evaluating"), (2027, "planning")], 2026),
    ([(2027, "planning"), (2026, "in_progress")], 2026),
    ([(2025, "finalized"), (2026, "finalized")], 2026),
    ([(2024, "evaluating"), (2025, "finalized"), (2026, "planning")], 2024),
    ([(2026, "planning")], 2026),
])
def test_the_oldest_unfinished_year_comes_first_else_the_newest(years, expected):
    assert current_cycle([cycle(SHIBEI, y, s) for y, s in years]).year == expected


def test_no_cycles_no_current_one():
    assert current_cycle([]) is None


def test_several_districts_each_have_their_own_and_the_page_default_is_the_first_by_code():
    cycles = [cycle(SHIBEI, 2026, "evaluating"), cycle(SHIBEI, 2027, "planning"),
              cycle(LICANG, 2026, "finalized"), cycle(LICANG, 2027, "in_progress")]
    by_district = current_cycles(cycles)
    assert {d: c.year for d, c in by_district.items()} == {1: 2026, 2: 2027}
    assert current_cycle(cycles).district is LICANG  # "licang" < "shibei"


# --- pages ------------------------------------------------------------------------------------------


@pytest.fixture
def two_years(world):
    """2026 being evaluated (one pledge waiting for review) and 2027 in planning; a foreign 2027 too."""
    pledges = [pledge_services.pledge_create(actor=None, official=world.own_official, cycle=world.own_cycle,
                                             **pledge_body(c)) for c in ("party_building", "innovation", "key_work")]
    for pledge in pledges:
        pledge_services.pledge_submit(actor=None, pledge=pledge)
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    world.own_cycle.refresh_from_db()
    CycleFactory(district=world.foreign, year=2027)
    return world.own_cycle, CycleFactory(district=world.own, year=2027), pledges


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_home_shows_the_year_still_open_and_links_to_the_next(client, world, two_years):
    y2026, y2027, _pledges = two_years
    body = signed_in(client, world.users["staff"]).get(reverse("accounts:home")).content.decode()
    card = body[body.index('class="district-cycle"'):]
    assert f'<a href="{reverse("evaluations:cycle", args=[y2026.pk])}">2026 考核年度</a>' in card
    switch = card[card.index("其他年度"):]
    assert reverse("evaluations:cycle", args=[y2027.pk]) in switch and "2027 年度" in switch


@pytest.mark.django_db
def test_review_queue_defaults_to_the_year_still_open_and_links_to_the_next(client, world, two_years):
    y2026, y2027, pledges = two_years
    body = signed_in(client, world.users["staff"]).get(reverse("pledges:queue")).content.decode()
    assert "2026 年度（年底评定）" in body
    assert all(p.title in body for p in pledges)
    switch = body[body.index('class="year-switch"'):]
    assert f'href="{reverse("pledges:queue")}?cycle={y2027.pk}"' in switch
    assert f"?cycle={y2026.pk}\"" not in switch  # the page's own year is not in its switch
    assert world.foreign_cycle.district.name not in switch


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["evaluations:cycle", "evaluations:grid", "evaluations:inputs",
                                  "evaluations:results", "excel:cycle", "boards:manage"])
def test_pages_about_one_cycle_switch_to_the_same_page_of_another_year(client, world, two_years, page):
    y2026, y2027, _pledges = two_years
    body = signed_in(client, world.users["leader"]).get(reverse(page, args=[y2026.pk])).content.decode()
    switch = body[body.index('class="year-switch"'):]
    switch = switch[:switch.index("</nav>")]
    assert f'href="{reverse(page, args=[y2027.pk])}"' in switch
    assert switch.count('class="year-switch-link"') == 1  # the foreign 2027 is not the district's


@pytest.mark.django_db
def test_evaluations_index_marks_the_current_year(client, world, two_years):
    y2026, y2027, _pledges = two_years
    body = signed_in(client, world.users["staff"]).get(reverse("evaluations:index")).content.decode()
    card_2026 = body[body.index(reverse("evaluations:cycle", args=[y2026.pk])):]
    card_2027 = body[body.index(reverse("evaluations:cycle", args=[y2027.pk])):body.index(
        reverse("evaluations:cycle", args=[y2026.pk]))]
    assert "当前年度" in card_2026[:card_2026.index("</div>")]
    assert "当前年度" not in card_2027
