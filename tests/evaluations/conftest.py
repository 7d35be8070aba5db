import datetime
from decimal import Decimal

import pytest

from cycles.models import Cycle
from pledges import services as pledge_services
from tests.pledges.conftest import approved, filed, pledge_body, submitted  # noqa: F401 (fixtures)


@pytest.fixture
def scored_year(world):
    """The own district's cycle with both officials' three pledges approved, moved to
    in_progress: ready for quarterly scores."""
    cycle = world.own_cycle
    pledges = {}
    for official, account in ((world.own_official, world.users["official"]), (world.other_official, None)):
        rows = [
            pledge_services.pledge_create(actor=account, official=official, cycle=cycle, **pledge_body(category))
            for category in ("party_building", "innovation", "key_work")
        ]
        for row in rows:
            pledge_services.pledge_submit(actor=account, pledge=row)
        pledges[official.pk] = [
            pledge_services.pledge_approve(actor=world.users["staff"], pledge=row, difficulty=d, innovation=i,
                                           contribution=c)
            for row, (d, i, c) in zip(rows, ((3, 3, 2), (2, 2, 2), (1, 2, 2)))  # sums 8, 6, 5: grades A, B, C
        ]
    Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
    cycle.refresh_from_db()
    return pledges


def fill_year(world, scored_year, *, points=Decimal("90"), unit=Decimal("88"), survey=Decimal("85")):
    """Every input for both officials, through the services, ending in `evaluating`."""
    from evaluations import services

    staff = world.users["staff"]
    cycle = world.own_cycle
    for rows in scored_year.values():
        for row in rows:
            for quarter in (1, 2, 3, 4):
                services.quarterly_score_record(actor=staff, pledge=row, quarter=quarter, score=points)
    Cycle.objects.filter(pk=cycle.pk).update(state="evaluating")
    cycle.refresh_from_db()
    for unit_obj in {world.own_official.unit, world.other_official.unit}:
        services.unit_score_record(actor=staff, unit=unit_obj, cycle=cycle, score=unit)
    for official in (world.own_official, world.other_official):
        services.survey_score_record(actor=staff, official=official, cycle=cycle, rater_group="superior", score=survey)
        services.political_review_record(actor=staff, official=official, cycle=cycle, qualified=True)
    return cycle


@pytest.fixture
def full_year(world, scored_year):
    return fill_year(world, scored_year)


@pytest.fixture
def today():
    return datetime.date(2026, 11, 22)
