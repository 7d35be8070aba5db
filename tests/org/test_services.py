"""org's services for the setup pages: units, leaving a post, and a new official with its account
in one transaction."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role, User
from org import services
from org.models import Official, Unit

pytestmark = pytest.mark.django_db


def test_a_unit_is_created_and_changed_with_its_history(world):
    staff = world.users["staff"]
    unit = services.unit_create(actor=staff, district=world.own, name="区数据局", kind="department", sort_order=4)
    services.unit_update(actor=staff, unit=unit, name="区大数据局", reason="机构改革")
    latest = Unit.objects.get(pk=unit.pk).history.latest()
    assert (latest.name, latest.history_user, latest.history_change_reason) == ("区大数据局", staff, "机构改革")


def test_a_units_district_is_not_changed_by_unit_update(world):
    with pytest.raises(ValidationError) as caught:
        services.unit_update(actor=world.users["staff"], unit=world.own_unit, district=world.foreign)
    assert "district" in caught.value.message_dict
    assert Unit.objects.get(pk=world.own_unit.pk).district == world.own


def test_leaving_ends_the_current_post_and_the_review(world):
    official = services.official_leave(actor=world.users["staff"], official=world.own_official,
                                       ended_on=datetime.date(2026, 6, 30), reason="调离本区")
    assert not official.is_principal
    post = official.posts.get()
    assert post.ended_on == datetime.date(2026, 6, 30)
    assert post.history.latest().history_change_reason == "调离本区"


def test_the_account_and_the_official_are_created_together_or_not_at_all(world):
    with pytest.raises(ValidationError):
        services.official_create_with_account(
            actor=world.users["staff"], username="staff1", unit=world.own_unit, name="陈立新", position="局长",
            rank_level="division_chief", appointed_on=datetime.date(2026, 3, 1))
    assert not Official.objects.filter(name="陈立新").exists()
    official, account, password = services.official_create_with_account(
        actor=world.users["staff"], username="chenlx", unit=world.own_unit, name="陈立新", position="局长",
        rank_level="division_chief", appointed_on=datetime.date(2026, 3, 1))
    assert (account.role, account.official, str(account)) == (Role.OFFICIAL, official, "陈立新")
    assert account.check_password(password) and password not in User.objects.get(pk=account.pk).password


def test_first_passwords_are_random_and_unambiguous():
    passwords = {services.initial_password() for _n in range(50)}
    assert len(passwords) == 50
    assert not any(set(p) & set("0O1lI") for p in passwords)
