"""Front-line rules (seed 004): a new street head serves two years before a move — a sooner move
needs a confirmation with a reason (audited), through the service, the API and the move page;
the street-experience flag; the district's average posts per cadre (人均岗位经历)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import AuditEvent
from org import rules, selectors, services
from org.models import Official, Post

STARTED = datetime.date(2022, 3, 1)  # the world's street head 李红梅 started on this day
FREE_FROM = datetime.date(2024, 3, 1)
DAY_BEFORE = FREE_FROM - datetime.timedelta(days=1)


# --- the pure rule -----------------------------------------------------------------------------------


def needs(**kw):
    args = {"unit_kind": "street", "is_principal": True, "started_on": STARTED, "new_post_on": DAY_BEFORE,
            "leaves_post": True}
    return rules.street_head_move_needs_confirmation(**{**args, **kw})


def test_a_street_head_moved_the_day_before_two_years_needs_confirmation():
    assert needs(new_post_on=DAY_BEFORE)


def test_a_street_head_moved_on_the_two_year_day_needs_none():
    assert not needs(new_post_on=FREE_FROM)


def test_the_rule_holds_only_for_principal_officials_leaving_a_street_post():
    assert not needs(unit_kind="department")
    assert not needs(is_principal=False)
    assert not needs(leaves_post=False)  # a new rank on the same post is not a move


def test_a_street_head_who_started_on_29_february_serves_until_1_march():
    assert rules.street_head_free_from(datetime.date(2024, 2, 29)) == datetime.date(2026, 3, 1)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31)),
       st.integers(min_value=-800, max_value=800))
def test_confirmation_is_needed_exactly_before_the_free_day(started, offset):
    free = rules.street_head_free_from(started)
    assert (free - started).days in (730, 731)
    moved = free + datetime.timedelta(days=offset)
    assert needs(started_on=started, new_post_on=moved) == (moved < free)


@pytest.mark.parametrize("posts,officials,expected", [(0, 0, None), (4, 1, 4.0), (463, 115, 4.0), (5, 2, 2.5),
                                                      (1, 3, 0.3), (2, 3, 0.7)])
def test_posts_per_official_is_rounded_to_one_decimal(posts, officials, expected):
    assert rules.posts_per_official(posts, officials) == expected


def test_street_experience_counts_current_and_former_posts():
    assert rules.has_street_experience(["department", "street"])
    assert not rules.has_street_experience(["department", "other"])


# --- the service, the API and the move page ------------------------------------------------------------


def move(world, day, **kw):
    return services.official_update(actor=world.users["staff"], official=world.other_official,
                                    unit=world.own_unit, position="副局长", appointed_on=day, **kw)


@pytest.mark.django_db
def test_moving_a_street_head_before_two_years_is_refused_naming_the_rule(world):
    with pytest.raises(ValidationError) as refused:
        move(world, DAY_BEFORE, reason="工作需要")
    assert "confirm_front_line" in refused.value.message_dict
    assert "一线规则" in refused.value.message_dict["confirm_front_line"][0]
    assert Post.objects.filter(official=world.other_official).count() == 1  # nothing written


@pytest.mark.django_db
def test_a_confirmation_without_a_reason_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        move(world, DAY_BEFORE, confirm_front_line=True, reason="  ")
    assert "confirm_front_line" in refused.value.message_dict


@pytest.mark.django_db
def test_a_confirmed_early_move_with_a_reason_is_recorded_and_audited(world):
    move(world, DAY_BEFORE, confirm_front_line=True, reason="区委常委会研究决定")
    official = Official.objects.get(pk=world.other_official.pk)
    assert official.unit == world.own_unit
    reason = official.history.latest().history_change_reason
    assert "一线规则" in reason and "区委常委会研究决定" in reason
    event = AuditEvent.objects.get(action="front_line_confirm")
    assert event.actor == world.users["staff"] and str(official.pk) in event.target


@pytest.mark.django_db
def test_moving_a_street_head_on_the_two_year_day_needs_no_confirmation(world):
    move(world, FREE_FROM)
    assert Official.objects.get(pk=world.other_official.pk).unit == world.own_unit


@pytest.mark.django_db
def test_the_api_answers_400_naming_the_rule_unless_confirmed(world, api):
    client = api.as_(world.users["staff"])
    path = f"/api/v1/officials/{world.other_official.pk}/"
    body = {"unit": world.own_unit.pk, "position": "副局长", "appointed_on": DAY_BEFORE.isoformat()}
    refused = client.patch(path, body, format="json")
    assert refused.status_code == 400
    assert "confirm_front_line" in refused.json()["errors"]
    done = client.patch(path, {**body, "confirm_front_line": True, "reason": "工作需要"}, format="json")
    assert done.status_code == 200, done.content


@pytest.mark.django_db
def test_the_move_page_asks_for_the_confirmation(client, world):
    client.force_login(world.users["staff"])
    path = reverse("org:official_move", args=[world.other_official.pk])
    data = {"unit": world.own_unit.pk, "position": "副局长", "rank_level": "division_chief",
            "started_on": DAY_BEFORE.isoformat(), "is_principal": "on", "reason": "工作需要"}
    refused = client.post(path, data)
    assert refused.status_code == 400 and "一线规则" in refused.content.decode()
    done = client.post(path, {**data, "confirm_front_line": "on"})
    assert done.status_code == 302


@pytest.mark.django_db
def test_the_overview_shows_the_average_posts_per_cadre(world):
    # 张建国 one post, 李红梅 two after a move
    move(world, FREE_FROM)
    officials, average = selectors.principal_post_counts(world.users["staff"], world.own.pk)
    assert (officials, average) == (2, 1.5)
