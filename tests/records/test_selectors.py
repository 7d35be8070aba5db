"""officials_with_open_warnings: a `warning` entry in the last 12 months not covered by a
tolerance decision in force."""
import datetime

import pytest

from records import selectors, services

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def warn(world, official, day, severity="warning"):
    return services.supervision_entry_record(actor=world.users["staff"], official=official, kind="petition",
                                             occurred_on=day, source="s", summary="x", severity=severity)


def test_a_recent_warning_is_open(world):
    warn(world, world.own_official, datetime.date(2026, 1, 5))
    warn(world, world.other_official, datetime.date(2026, 1, 5), severity="attention")
    ids = [world.own_official.pk, world.other_official.pk]
    assert selectors.officials_with_open_warnings(ids, today=TODAY) == {world.own_official.pk}


def test_the_window_is_the_last_twelve_months(world):
    warn(world, world.own_official, datetime.date(2025, 11, 22))  # a year ago to the day: outside
    warn(world, world.other_official, datetime.date(2025, 11, 23))  # inside
    ids = [world.own_official.pk, world.other_official.pk]
    assert selectors.officials_with_open_warnings(ids, today=TODAY) == {world.other_official.pk}


def test_a_tolerated_warning_is_not_open_and_a_revoked_decision_reopens_it(world):
    entry = warn(world, world.own_official, datetime.date(2026, 6, 1))
    decision = services.tolerance_decision_record(
        actor=world.users["staff"], official=world.own_official, cycle=world.own_cycle, supervision_entry=entry,
        grounds="g", decided_by="区纪委监委", approved_on=datetime.date(2026, 7, 1))
    assert selectors.officials_with_open_warnings([world.own_official.pk], today=TODAY) == set()
    services.tolerance_decision_revoke(actor=world.users["staff"], decision=decision, reason="复查")
    assert selectors.officials_with_open_warnings([world.own_official.pk], today=TODAY) == {world.own_official.pk}


def test_one_query_for_any_number_of_officials(world, django_assert_num_queries):
    warn(world, world.own_official, datetime.date(2026, 6, 1))
    with django_assert_num_queries(1):
        selectors.officials_with_open_warnings(list(range(1, 500)) + [world.own_official.pk], today=TODAY)
    with django_assert_num_queries(0):
        assert selectors.officials_with_open_warnings([], today=TODAY) == set()


def test_the_window_starts_the_day_after_a_year_ago_even_on_29_february():
    assert selectors.warning_window_start(datetime.date(2028, 2, 29)) == datetime.date(2027, 3, 1)
    assert selectors.warning_window_start(TODAY) == datetime.date(2025, 11, 23)
