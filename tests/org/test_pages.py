"""The org pages: staff list, add and edit units and officials of their districts, move an official
to a new post, record that it left, and open a new official together with its account (the first
password shown once). Leaders read and change nothing; officials are refused; another district's
objects are not found. Errors come back on the field they are about; lists run a bounded number
of queries."""
import datetime

import pytest
from django.urls import reverse

from accounts.models import Role, User
from org.models import Official, Post, Unit
from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"org:{name}", args=args)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["staff"])
    return client


def official_data(unit, **extra) -> dict:
    data = {"unit": unit.pk, "name": "陈立新", "position": "党组书记、局长", "rank_level": "division_chief",
            "appointed_on": "2026-03-01", "is_principal": "on", "phone": "", "profile": ""}
    data.update(extra)
    return data


# --- who may open what ------------------------------------------------------------------------------

LISTS = ["officials", "units"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("role,status", [("staff", 200), ("leader", 200), ("admin", 200), ("official", 403)])
def test_the_lists_by_role(client, world, name, role, status):
    client.force_login(world.users[role])
    assert client.get(url(name)).status_code == status


@pytest.mark.parametrize("name", LISTS)
def test_the_lists_ask_anonymous_visitors_to_sign_in(client, name):
    response = client.get(url(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_see_their_districts_officials_and_units_only(staff, world):
    body = html(staff.get(url("officials")))
    assert "张建国" in body and "李红梅" in body and FOREIGN_MARKER not in body
    body = html(staff.get(url("units")))
    assert "区人社局" in body and "辽宁路街道" in body and FOREIGN_MARKER not in body
    # asking for the other district changes nothing
    assert FOREIGN_MARKER not in html(staff.get(url("officials") + f"?district={world.foreign.pk}"))


def test_an_admin_sees_every_district_and_filters_by_one(client, world):
    client.force_login(world.users["admin"])
    body = html(client.get(url("officials")))
    assert "张建国" in body and FOREIGN_MARKER in body
    body = html(client.get(url("officials") + f"?district={world.foreign.pk}"))
    assert "张建国" not in body and FOREIGN_MARKER in body


def test_the_officials_list_filters_by_unit_and_name(staff, world):
    body = html(staff.get(url("officials") + f"?unit={world.own_unit.pk}"))
    assert "张建国" in body and "李红梅" not in body
    body = html(staff.get(url("officials") + "?q=红梅"))
    assert "李红梅" in body and "张建国" not in body


def test_leaders_read_without_any_form(client, world):
    client.force_login(world.users["leader"])
    for page in (url("officials"), url("units"), url("official", world.own_official.pk)):
        body = html(client.get(page))
        assert "张建国" in body or "区人社局" in body
        for action in (url("official_new"), url("unit_new"), url("official_edit", world.own_official.pk),
                       url("official_move", world.own_official.pk), url("official_leave", world.own_official.pk),
                       url("unit_edit", world.own_unit.pk)):
            assert action not in body


WRITE_PAGES = [
    ("official_new", None), ("unit_new", None), ("official_edit", "official"), ("official_move", "official"),
    ("official_leave", "official"), ("unit_edit", "unit"),
]


def _page(world, name, kind, *, foreign=False):
    if kind is None:
        return url(name)
    obj = {"official": world.foreign_official if foreign else world.own_official,
           "unit": world.foreign_unit if foreign else world.own_unit}[kind]
    return url(name, obj.pk)


@pytest.mark.parametrize("name,kind", WRITE_PAGES)
@pytest.mark.parametrize("role", ["leader", "official"])
def test_leaders_and_officials_may_not_change_anything(client, world, name, kind, role):
    client.force_login(world.users[role])
    page = _page(world, name, kind)
    before = (list(Official.objects.values()), list(Unit.objects.values()), list(Post.objects.values()))
    assert client.get(page).status_code == 403
    response = client.post(page, {**official_data(world.own_unit, ended_on="2026-06-30", started_on="2026-06-01"),
                                  "kind": "street", "sort_order": "1", "district": world.own.pk})
    assert response.status_code == 403
    assert (list(Official.objects.values()), list(Unit.objects.values()), list(Post.objects.values())) == before


@pytest.mark.parametrize("name,kind", [(n, k) for n, k in WRITE_PAGES if k])
def test_another_districts_official_or_unit_is_not_found(staff, world, name, kind):
    page = _page(world, name, kind, foreign=True)
    assert staff.get(page).status_code == 404
    assert staff.post(page, official_data(world.own_unit, ended_on="2026-06-30")).status_code == 404
    world.foreign_official.refresh_from_db()
    assert world.foreign_official.name.startswith("王") and world.foreign_official.is_principal


def test_another_districts_official_page_is_not_found(staff, world):
    assert staff.get(url("official", world.foreign_official.pk)).status_code == 404


# --- units -------------------------------------------------------------------------------------------


def test_staff_add_a_unit(staff, world):
    response = staff.post(url("unit_new"), {"district": world.own.pk, "name": "区数据局", "kind": "department",
                                            "sort_order": "5"})
    assert response.status_code == 302
    unit = Unit.objects.get(name="区数据局")
    assert (unit.district, unit.kind, unit.sort_order) == (world.own, "department", 5)
    assert unit.history.latest().history_user == world.users["staff"]


def test_a_units_name_is_unique_in_its_district_and_said_on_the_name(staff, world):
    response = staff.post(url("unit_new"), {"district": world.own.pk, "name": "区人社局", "kind": "department",
                                            "sort_order": "0"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["name"]
    assert Unit.objects.filter(name="区人社局").count() == 1


def test_staff_may_not_add_a_unit_to_another_district(staff, world):
    response = staff.post(url("unit_new"), {"district": world.foreign.pk, "name": "新单位", "kind": "other",
                                            "sort_order": "0"})
    assert response.status_code == 400 and "district" in response.context["form"].errors
    assert not Unit.objects.filter(name="新单位").exists()


def test_staff_edit_a_unit(staff, world):
    response = staff.post(url("unit_edit", world.own_unit.pk), {"name": "区人力资源和社会保障局", "kind": "department",
                                                                "sort_order": "2"})
    assert response.status_code == 302
    world.own_unit.refresh_from_db()
    assert (world.own_unit.name, world.own_unit.sort_order) == ("区人力资源和社会保障局", 2)


def test_a_bad_sort_order_is_said_on_its_field(staff, world):
    response = staff.post(url("unit_edit", world.own_unit.pk), {"name": "区人社局", "kind": "nope", "sort_order": "-1"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"kind", "sort_order"}


# --- a new official, with or without its account -------------------------------------------------------


def test_staff_add_an_official_with_its_first_post(staff, world):
    response = staff.post(url("official_new"), official_data(world.own_unit))
    official = Official.objects.get(name="陈立新")
    assert response.status_code == 302 and response["Location"] == url("official", official.pk)
    post = official.posts.get()
    assert (post.unit, post.started_on, post.ended_on) == (world.own_unit, datetime.date(2026, 3, 1), None)
    assert not User.objects.filter(official=official).exists()


def test_a_new_official_with_an_account_gets_its_password_shown_once(staff, world):
    response = staff.post(url("official_new"), official_data(world.own_unit, create_account="on", username="chenlx"))
    official = Official.objects.get(name="陈立新")
    account = User.objects.get(username="chenlx")
    assert (account.role, account.official, list(account.districts.all())) == (Role.OFFICIAL, official, [world.own])
    assert account.history.latest().history_user == world.users["staff"]
    page = html(staff.get(response["Location"]))
    password = page.split('class="org-password-value">')[1].split("<")[0]
    assert len(password) == 12
    account.refresh_from_db()
    assert account.check_password(password)
    assert "chenlx" in page and "只显示这一次" in page
    assert 'class="org-password-value"' not in html(staff.get(response["Location"]))


def test_an_account_needs_a_username(staff, world):
    response = staff.post(url("official_new"), official_data(world.own_unit, create_account="on", username=""))
    assert response.status_code == 400
    assert response.context["form"].errors == {"username": ["开设账号须填写用户名。"]}
    assert not Official.objects.filter(name="陈立新").exists()


def test_a_taken_username_is_said_on_the_username_and_nothing_is_created(staff, world):
    response = staff.post(url("official_new"), official_data(world.own_unit, create_account="on", username="leader1"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["username"]
    assert not Official.objects.filter(name="陈立新").exists()


def test_staff_may_not_place_an_official_in_another_districts_unit(staff, world):
    response = staff.post(url("official_new"), official_data(world.foreign_unit))
    assert response.status_code == 400 and list(response.context["form"].errors) == ["unit"]
    assert FOREIGN_MARKER not in html(response)
    assert not Official.objects.filter(name="陈立新").exists()


def test_a_missing_date_is_said_on_its_field(staff, world):
    response = staff.post(url("official_new"), official_data(world.own_unit, appointed_on="2026-02-30"))
    assert response.status_code == 400 and list(response.context["form"].errors) == ["appointed_on"]


# --- an official's details, posts and leaving --------------------------------------------------------------


def test_staff_edit_an_officials_details_and_correct_the_start_of_the_post(staff, world):
    official = world.own_official
    response = staff.post(url("official_edit", official.pk), {
        "name": official.name, "phone": "0532-1234567", "profile": "", "is_principal": "on",
        "appointed_on": "2022-04-01", "reason": "档案更正"})
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.phone == "0532-1234567"
    post = official.posts.get()
    assert post.started_on == datetime.date(2022, 4, 1)
    assert official.history.latest().history_change_reason == "档案更正"


def test_staff_move_an_official_to_a_new_post(staff, world):
    official = world.own_official
    street = Unit.objects.get(name="辽宁路街道")
    response = staff.post(url("official_move", official.pk), {
        "unit": street.pk, "position": "党工委书记", "rank_level": "division_chief", "started_on": "2026-07-01",
        "is_principal": "on", "reason": "区委任免〔2026〕12 号"})
    assert response.status_code == 302
    old, new = official.posts.order_by("started_on")
    assert (old.unit, old.ended_on) == (world.own_unit, datetime.date(2026, 6, 30))
    assert (new.unit, new.position, new.started_on) == (street, "党工委书记", datetime.date(2026, 7, 1))
    assert new.ended_on is None
    body = html(staff.get(url("official", official.pk)))
    assert "2026-07-01 — 至今" in body and "2022-03-01 — 2026-06-30" in body and "党工委书记" in body


def test_a_new_post_must_start_after_the_current_one(staff, world):
    official = world.own_official
    response = staff.post(url("official_move", official.pk), {
        "unit": world.own_unit.pk, "position": "局长", "rank_level": "deputy_division_chief",
        "started_on": "2021-01-01", "is_principal": "on"})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["started_on"]
    assert official.posts.count() == 1


def test_a_new_post_equal_to_the_current_one_is_refused(staff, world):
    official = world.own_official
    response = staff.post(url("official_move", official.pk), {
        "unit": official.unit_id, "position": official.position, "rank_level": official.rank_level,
        "started_on": "2026-07-01", "is_principal": "on"})
    assert response.status_code == 400
    assert "新岗位与现任岗位相同" in response.context["form"].non_field_errors()[0]


def test_staff_record_that_an_official_left(staff, world):
    official = world.own_official
    response = staff.post(url("official_leave", official.pk), {"ended_on": "2026-09-30", "reason": "退休"})
    assert response.status_code == 302
    official.refresh_from_db()
    assert not official.is_principal
    assert official.posts.get().ended_on == datetime.date(2026, 9, 30)
    body = html(staff.get(url("official", official.pk)))
    assert "当前没有在任岗位" in body and "2022-03-01 — 2026-09-30" in body
    assert url("official_leave", official.pk) not in body
    again = staff.post(url("official_leave", official.pk), {"ended_on": "2026-10-30"})
    assert again.status_code == 400 and list(again.context["form"].errors) == ["ended_on"]


def test_leaving_before_the_post_started_is_said_on_the_date(staff, world):
    response = staff.post(url("official_leave", world.own_official.pk), {"ended_on": "2020-01-01"})
    assert response.status_code == 400
    assert "不能早于本岗位任职开始日期（2022-03-01）" in response.context["form"].errors["ended_on"][0]
    assert world.own_official.posts.get().ended_on is None


def test_the_home_page_leads_staff_to_the_officials(staff):
    assert url("officials") in html(staff.get(reverse("accounts:home")))


# --- bounded queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_officials_list_runs_a_bounded_number_of_queries(staff, world, count, django_assert_max_num_queries):
    for n in range(count):
        OfficialFactory(unit=UnitFactory(district=world.own, name=f"单位{n}"), name=f"干部{n}")
    with django_assert_max_num_queries(8):
        response = staff.get(url("officials"))
    assert html(response).count('href="/org/officials/') >= count


@pytest.mark.parametrize("count", [3, 30])
def test_the_units_list_runs_a_bounded_number_of_queries(staff, world, count, django_assert_max_num_queries):
    for n in range(count):
        OfficialFactory(unit=UnitFactory(district=world.own, name=f"单位{n}"))
    with django_assert_max_num_queries(6):
        response = staff.get(url("units"))
    assert html(response).count("/org/units/") >= count


def test_an_officials_page_runs_a_bounded_number_of_queries(staff, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert staff.get(url("official", world.own_official.pk)).status_code == 200
