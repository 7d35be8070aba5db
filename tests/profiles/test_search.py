"""The search of officials (/profiles/search/): staff and leaders find the officials of their
districts by unit, rank level, years in post, street experience and the grades of recent
finalized years; officials are refused; another district's officials never show; bad input is a
form error on its field; a search is a fixed number of queries whatever the number of officials."""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import Cycle
from evaluations.models import Result
from org.models import Post, RankLevel
from profiles.search import years_ago
from tests.factories import OfficialFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db
URL = reverse("profiles:search")


def result(official, cycle, grade):
    return Result.objects.create(cycle=cycle, official=official, unit=official.unit, composite=Decimal("80"),
                                 grade=grade, computed_grade=grade, computed_at=timezone.now())


@pytest.fixture
def people(world, history):
    """own_official: 2021–2025 finalized, 好 好 一般 好 好 (2026 in progress), a street post before;
    other_official (a street head): 好 in 2024 and 2025; weak: 一般 in 2025."""
    cycles = {c.year: c for c in history(years=6)}
    result(world.other_official, cycles[2024], "good")
    result(world.other_official, cycles[2025], "good")
    weak = OfficialFactory(unit=world.own_unit, name="赵一般", rank_level=RankLevel.DEPUTY_DIVISION_CHIEF,
                           appointed_on=timezone.localdate() - datetime.timedelta(days=200))
    result(weak, cycles[2025], "average")
    return {"own": world.own_official, "street": world.other_official, "weak": weak}


def names(client, user, query=""):
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    body = response.content.decode()
    return {name for name in ("张建国", "李红梅", "赵一般") if f">{name}</a>" in body}, body


def test_staff_see_their_districts_officials_linked_to_profiles(client, world, people):
    found, body = names(client, world.users["staff"])
    assert found == {"张建国", "李红梅", "赵一般"}
    assert reverse("profiles:profile", args=[people["own"].pk]) in body
    assert FOREIGN_MARKER not in body


def test_leaders_read_officials_are_refused(client, world, people):
    assert names(client, world.users["leader"])[0] == {"张建国", "李红梅", "赵一般"}
    client.force_login(world.users["official"])
    assert client.get(URL).status_code == 403


def test_foreign_staff_never_see_this_district(client, world, people):
    found, _body = names(client, world.users["foreign_staff"], "?name=张")
    assert found == set()


def test_by_unit_and_rank_level(client, world, people):
    assert names(client, world.users["staff"], f"?unit={world.own_unit.pk}")[0] == {"张建国", "赵一般"}
    assert names(client, world.users["staff"], "?rank_level=deputy_division_chief")[0] == {"赵一般"}


def test_another_districts_unit_is_a_form_error(client, world, people):
    found, body = names(client, world.users["staff"], f"?unit={world.foreign_unit.pk}")
    assert found == set() and "field-error" in body


def test_by_street_experience(client, world, people):
    # own_official held a street post before; other_official serves in one now.
    assert names(client, world.users["staff"], "?street=yes")[0] == {"张建国", "李红梅"}
    assert names(client, world.users["staff"], "?street=no")[0] == {"赵一般"}


def test_by_years_in_post(client, world, people):
    today = timezone.localdate()
    people["own"].appointed_on = years_ago(today, 5)
    people["own"].save()
    people["street"].appointed_on = years_ago(today, 2) - datetime.timedelta(days=30)
    people["street"].save()
    assert names(client, world.users["staff"], "?years_min=3")[0] == {"张建国"}
    assert names(client, world.users["staff"], "?years_min=2&years_max=2")[0] == {"李红梅"}
    assert names(client, world.users["staff"], "?years_max=0")[0] == {"赵一般"}


def test_good_in_each_of_the_last_n_finalized_years(client, world, people):
    assert names(client, world.users["staff"], "?good_years=2")[0] == {"张建国", "李红梅"}
    assert names(client, world.users["staff"], "?good_years=3")[0] == set()
    # More years than the district has finalized: nobody.
    assert names(client, world.users["staff"], "?good_years=9")[0] == set()


def test_any_average_or_poor_in_the_last_n(client, world, people):
    assert names(client, world.users["staff"], "?weak_years=1")[0] == {"赵一般"}
    assert names(client, world.users["staff"], "?weak_years=3")[0] == {"张建国", "赵一般"}


def test_a_cycle_not_finalized_does_not_count(client, world, people):
    Cycle.objects.filter(district=world.own, year=2025).update(state=Cycle.State.EVALUATING)
    # The last finalized years are now 2024 and 2023.
    assert names(client, world.users["staff"], "?weak_years=2")[0] == {"张建国"}


@pytest.mark.parametrize("query,field", [("?years_min=abc", "years_min"), ("?good_years=0", "good_years"),
                                         ("?rank_level=emperor", "rank_level"), ("?street=maybe", "street")])
def test_bad_input_is_an_error_on_its_field(client, world, people, query, field):
    found, body = names(client, world.users["staff"], query)
    assert found == set()
    assert re.search(rf'field-invalid">\s*<label for="id_{field}"', body)


def test_results_are_paginated(client, world, people):
    for n in range(25):
        OfficialFactory(unit=world.own_unit, name=f"分页{n:02d}")
    client.force_login(world.users["staff"])
    first = client.get(URL).content.decode()
    second = client.get(URL + "?page=2").content.decode()
    assert "共 28 人" in first and 'rel="next"' in first and "rel=\"prev\"" in second


def test_a_search_is_a_fixed_number_of_queries(client, world, people, django_assert_max_num_queries):
    """9 for the search and its columns, 3 for the person–post fit (growth.selectors)."""
    client.force_login(world.users["staff"])
    query = "?street=yes&good_years=2&weak_years=3&years_min=0&rank_level=division_chief"
    with django_assert_max_num_queries(12):
        assert client.get(URL + query).status_code == 200
    for n in range(30):
        person = OfficialFactory(unit=world.own_unit, name=f"多人{n}")
        Post.objects.create(official=person, unit=world.other_official.unit, position="书记",
                            rank_level=person.rank_level, started_on=datetime.date(2010, 1, 1),
                            ended_on=datetime.date(2012, 1, 1))
        for cycle in Cycle.objects.filter(district=world.own, state=Cycle.State.FINALIZED):
            result(person, cycle, "good")
    with django_assert_max_num_queries(12):
        assert client.get(URL + query).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_years_ago_keeps_the_day_and_moves_29_february_to_the_28th():
    assert years_ago(datetime.date(2026, 12, 3), 3) == datetime.date(2023, 12, 3)
    assert years_ago(datetime.date(2024, 2, 29), 1) == datetime.date(2023, 2, 28)


# --- open warnings (records.selectors.officials_with_open_warnings) -----------------------------------


def test_by_open_warnings_and_flagged_in_the_results(client, world, people):
    from records.models import SupervisionEntry

    today = timezone.localdate()
    SupervisionEntry.objects.create(official=people["weak"], district=world.own, kind="petition",
                                    occurred_on=today - datetime.timedelta(days=10), source="信访办",
                                    summary="预警事项", severity="warning")
    SupervisionEntry.objects.create(official=people["street"], district=world.own, kind="petition",
                                    occurred_on=today - datetime.timedelta(days=10), source="信访办",
                                    summary="一般事项", severity="info")
    found, body = names(client, world.users["staff"], "?warnings=on")
    assert found == {"赵一般"}
    found, body = names(client, world.users["staff"])
    assert body.count("ev-flag-bad") == 1  # the warning flag on 赵一般's row only
