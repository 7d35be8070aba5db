"""The districts, units and officials API: SPEC section 8 fields, filters, pagination, writes."""
import pytest

from org.models import Official, Post
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def test_official_fields_are_the_contract(api, world):
    # given / when
    response = api.as_(world.users["staff"]).get(f"/api/v1/officials/{world.own_official.pk}/")
    # then
    assert response.status_code == 200
    body = response.json()
    for field in ["id", "district", "unit", "name", "position", "rank_level", "is_principal", "appointed_on"]:
        assert field in body
    assert body["district"] == world.own.pk
    assert body["unit"] == world.own_unit.pk
    assert body["appointed_on"] == "2022-03-01"


def test_units_and_districts_have_contract_fields(api, world):
    client = api.as_(world.users["staff"])
    unit = client.get(f"/api/v1/units/{world.own_unit.pk}/").json()
    assert {"id", "district", "name", "kind"} <= set(unit)
    district = client.get(f"/api/v1/districts/{world.own.pk}/").json()
    assert district == {"id": world.own.pk, "name": "市北区", "code": "shibei"}


def test_lists_are_paginated_and_filterable(api, world):
    client = api.as_(world.users["admin"])
    body = client.get("/api/v1/officials/", {"district": world.own.pk, "page_size": 1}).json()
    assert body["count"] == 2
    assert len(body["results"]) == 1
    assert body["next"] is not None
    names = {o["name"] for o in client.get("/api/v1/officials/", {"unit": world.own_unit.pk}).json()["results"]}
    assert names == {"张建国"}
    by_name = client.get("/api/v1/officials/", {"name": "红梅"}).json()["results"]
    assert [o["name"] for o in by_name] == ["李红梅"]


def test_staff_list_shows_only_own_district(api, world):
    body = api.as_(world.users["staff"]).get("/api/v1/officials/").json()
    assert {o["name"] for o in body["results"]} == {"张建国", "李红梅"}
    assert FOREIGN_MARKER not in str(body)


def test_official_sees_only_itself_in_officials(api, world):
    body = api.as_(world.users["official"]).get("/api/v1/officials/").json()
    assert [o["name"] for o in body["results"]] == ["张建国"]


def test_staff_creates_official_with_first_post(api, world):
    response = api.as_(world.users["staff"]).post(
        "/api/v1/officials/",
        {"unit": world.own_unit.pk, "name": "赵志强", "position": "局长", "rank_level": "division_chief",
         "is_principal": True, "appointed_on": "2026-05-06"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    official = Official.objects.get(name="赵志强")
    assert list(official.posts.values_list("position", "started_on", "ended_on")) == [
        ("局长", official.appointed_on, None)
    ]
    assert official.history.first().history_user == world.users["staff"]


def test_moving_an_official_closes_the_old_post_and_opens_a_new_one(api, world):
    street = world.other_official.unit
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/officials/{world.own_official.pk}/",
        {"unit": street.pk, "position": "党工委书记", "appointed_on": "2026-07-01", "reason": "交流任职"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    posts = list(Post.objects.filter(official=world.own_official).order_by("started_on"))
    assert [(p.unit_id, str(p.started_on), str(p.ended_on)) for p in posts] == [
        (world.own_unit.pk, "2022-03-01", "2026-06-30"),
        (street.pk, "2026-07-01", "None"),
    ]
    assert world.own_official.history.first().history_change_reason == "交流任职"


def test_staff_cannot_create_official_in_foreign_unit(api, world):
    response = api.as_(world.users["staff"]).post(
        "/api/v1/officials/",
        {"unit": world.foreign_unit.pk, "name": "钱", "position": "局长", "rank_level": "division_chief",
         "appointed_on": "2026-05-06"},
        format="json",
    )
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]
    assert FOREIGN_MARKER not in response.content.decode()
    assert not Official.objects.filter(name="钱").exists()


def test_leader_reads_but_cannot_write(api, world):
    client = api.as_(world.users["leader"])
    assert client.get("/api/v1/officials/").status_code == 200
    response = client.patch(f"/api/v1/officials/{world.own_official.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403
    world.own_official.refresh_from_db()
    assert world.own_official.name == "张建国"


def test_official_edits_own_profile_only(api, world):
    client = api.as_(world.users["official"])
    ok = client.patch(f"/api/v1/officials/{world.own_official.pk}/", {"phone": "0532-1234567"}, format="json")
    assert ok.status_code == 200, ok.json()
    refused = client.patch(f"/api/v1/officials/{world.own_official.pk}/", {"position": "区长"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["position"] == ["只能由组织部修改。"]
    other = client.patch(f"/api/v1/officials/{world.other_official.pk}/", {"phone": "1"}, format="json")
    assert other.status_code == 404
    world.own_official.refresh_from_db()
    assert (world.own_official.phone, world.own_official.position) == ("0532-1234567", "党组书记、局长")


def test_deleting_a_unit_with_officials_answers_conflict(api, world):
    response = api.as_(world.users["staff"]).delete(f"/api/v1/units/{world.own_unit.pk}/")
    assert response.status_code == 409
    assert response.json()["detail"] == "仍有其他数据引用此记录，不能删除。"


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "x" * 500},
        {"rank_level": "emperor"},
        {"appointed_on": "not-a-date"},
        {"unit": "abc"},
        {"unit": [1, 2]},
        {"is_principal": {"a": 1}},
    ],
)
def test_malformed_official_input_answers_400_with_field_errors(api, world, payload):
    body = {"unit": world.own_unit.pk, "name": "孙", "position": "局长", "rank_level": "division_chief",
            "appointed_on": "2026-01-01", **payload}
    response = api.as_(world.users["staff"]).post("/api/v1/officials/", body, format="json")
    assert response.status_code == 400
    assert set(payload) <= set(response.json()["errors"])


def test_officials_list_query_count_does_not_grow(api, world, django_assert_max_num_queries):
    from tests.factories import OfficialFactory

    client = api.as_(world.users["staff"])
    for i in range(30):
        OfficialFactory(unit=world.own_unit, name=f"批量{i}")
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/officials/", {"page_size": 100})
    assert response.json()["count"] == 32


def test_correcting_the_appointment_date_corrects_the_current_post(api, world):
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/officials/{world.own_official.pk}/", {"appointed_on": "2022-02-15"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert list(world.own_official.posts.values_list("started_on", "ended_on")) == [
        (__import__("datetime").date(2022, 2, 15), None)
    ]


def test_a_move_dated_before_the_current_post_is_refused(api, world):
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/officials/{world.own_official.pk}/",
        {"unit": world.other_official.unit_id, "appointed_on": "2021-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "appointed_on" in response.json()["errors"]
    assert world.own_official.posts.count() == 1


def test_a_patch_answers_the_official_as_updated(api, world):
    """Security finding 11: the answer is the data after the update (fields and post history)."""
    street = world.other_official.unit
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/officials/{world.own_official.pk}/",
        {"unit": street.pk, "position": "党工委书记", "appointed_on": "2030-01-01", "name": "张建华"}, format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    fresh = api.as_(world.users["staff"]).get(f"/api/v1/officials/{world.own_official.pk}/").json()
    assert body == fresh
    assert (body["name"], body["unit"], body["unit_name"], body["position"]) == ("张建华", street.pk, street.name,
                                                                                 "党工委书记")
    assert len(body["posts"]) == 2
