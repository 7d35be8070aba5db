"""Cycles over the API: creation with settings, validation, state rules, audit."""
import pytest

from cycles.models import Cycle
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def test_cycle_fields_are_the_contract(api, world):
    body = api.as_(world.users["staff"]).get(f"/api/v1/cycles/{world.own_cycle.pk}/").json()
    assert {"id", "district", "year", "state", "settings"} <= set(body)
    assert body["state"] == "planning"
    assert body["settings"]["weights"] == {"unit": 0.3, "pledge": 0.5, "survey": 0.2}


def test_staff_opens_a_cycle_with_partial_settings(api, world):
    response = api.as_(world.users["staff"]).post(
        "/api/v1/cycles/",
        {"district": world.own.pk, "year": 2027, "settings": {"good_quota": 0.25}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    cycle = Cycle.objects.get(district=world.own, year=2027)
    assert cycle.state == "planning"
    assert cycle.settings["good_quota"] == 0.25
    assert cycle.settings["weights"]["unit"] == 0.3
    assert str(cycle.pledge_deadline) == "2027-01-31"
    assert cycle.history.first().history_user == world.users["staff"]


def test_invalid_settings_are_refused_with_every_reason(api, world):
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/cycles/{world.own_cycle.pk}/",
        {"settings": {"weights": {"unit": 0.5}, "good_quota": 0}},
        format="json",
    )
    assert response.status_code == 400
    messages = " ".join(response.json()["errors"]["settings"])
    assert "weights" in messages and "good_quota" in messages
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.settings["weights"]["unit"] == 0.3


def test_settings_change_is_audited_with_old_and_new(api, world):
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/cycles/{world.own_cycle.pk}/",
        {"settings": {"bonus_cap": 3}, "reason": "区委常委会决定"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    latest, previous = world.own_cycle.history.all()[:2]
    assert (previous.settings["bonus_cap"], latest.settings["bonus_cap"]) == (5, 3)
    assert latest.history_change_reason == "区委常委会决定"
    assert latest.history_user == world.users["staff"]


def test_second_cycle_for_the_same_year_is_refused(api, world):
    response = api.as_(world.users["staff"]).post(
        "/api/v1/cycles/", {"district": world.own.pk, "year": 2026}, format="json"
    )
    assert response.status_code == 400


def test_staff_cannot_open_a_cycle_in_a_foreign_district(api, world):
    response = api.as_(world.users["staff"]).post(
        "/api/v1/cycles/", {"district": world.foreign.pk, "year": 2030}, format="json"
    )
    assert response.status_code == 400
    assert FOREIGN_MARKER not in response.content.decode()
    assert not Cycle.objects.filter(year=2030).exists()


def test_advance_walks_planning_in_progress_evaluating(api, world):
    client = api.as_(world.users["staff"])
    url = f"/api/v1/cycles/{world.own_cycle.pk}/advance/"
    assert client.post(url).json()["state"] == "in_progress"
    assert client.post(url).json()["state"] == "evaluating"
    refused = client.post(url)
    assert refused.status_code == 400
    assert "定档" in str(refused.json())
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.state == "evaluating"


@pytest.mark.parametrize("state", ["in_progress", "evaluating", "finalized"])
def test_settings_change_only_while_planning(api, world, state):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state=state)
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/cycles/{world.own_cycle.pk}/", {"settings": {"bonus_cap": 3}}, format="json"
    )
    assert response.status_code == 400
    assert "筹备" in str(response.json())
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.settings["bonus_cap"] == 5


def test_finalized_cycle_refuses_deadline_change(api, world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="finalized")
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/cycles/{world.own_cycle.pk}/", {"pledge_deadline": "2026-02-28"}, format="json"
    )
    assert response.status_code == 400


def test_state_cannot_be_written_directly(api, world):
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/cycles/{world.own_cycle.pk}/", {"state": "finalized"}, format="json"
    )
    assert response.status_code == 200
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.state == "planning"


def test_year_and_district_are_fixed_after_creation(api, world):
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/cycles/{world.own_cycle.pk}/", {"year": 2031}, format="json"
    )
    assert response.status_code == 400


def test_leader_and_official_cannot_advance(api, world):
    for role in ("leader", "official"):
        response = api.as_(world.users[role]).post(f"/api/v1/cycles/{world.own_cycle.pk}/advance/")
        assert response.status_code == 403
    world.own_cycle.refresh_from_db()
    assert world.own_cycle.state == "planning"


@pytest.mark.parametrize("body", ["not json", '{"settings": [1,2]}', '{"settings": "x"}', '{"year": "MMXXVI"}'])
def test_malformed_cycle_bodies_answer_400(api, world, body):
    response = api.as_(world.users["staff"]).generic(
        "POST", "/api/v1/cycles/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_list_items_catalog_is_loaded(api, world):
    body = api.as_(world.users["official"]).get("/api/v1/list-items/", {"page_size": 100}).json()
    items = body["results"]
    positive = [i for i in items if i["kind"] == "positive"]
    negative = [i for i in items if i["kind"] == "negative"]
    assert len(positive) == 8 and len(negative) == 15
    assert {i["aspect"] for i in positive} == {"攻坚克难", "创新突破", "担当精神", "资源争取"}
    assert {i["aspect"] for i in negative} == {"政治忠诚", "政治定力", "政治担当", "政治能力", "政治纪律"}
    assert all(i["points"] == "1.00" for i in positive)
    assert {"code", "kind", "aspect", "title", "points"} <= set(items[0])


@pytest.mark.parametrize("role", ["staff", "foreign_staff", "leader", "official"])
def test_only_the_admin_changes_the_shared_list_catalog(api, world, role):
    """The catalog is every district's bonus and veto: no district's account may rewrite it."""
    from evaluations.models import ListItem

    before = ListItem.objects.get(code="P01")
    client = api.as_(world.users[role])
    assert client.patch("/api/v1/list-items/P01/", {"title": "改写", "points": "3"}, format="json").status_code == 403
    assert client.put("/api/v1/list-items/P01/", {"code": "P01", "kind": "positive", "aspect": "攻坚克难",
                                                   "title": "改写", "points": "3"}, format="json").status_code == 403
    assert client.delete("/api/v1/list-items/P01/").status_code == 403
    after = ListItem.objects.get(code="P01")
    assert (after.title, after.points) == (before.title, before.points)


def test_admin_edits_a_list_item_title_with_audit(api, world):
    response = api.as_(world.users["admin"]).patch(
        "/api/v1/list-items/P01/", {"title": "牵头攻克重大项目"}, format="json"
    )
    assert response.status_code == 200
    from evaluations.models import ListItem

    item = ListItem.objects.get(code="P01")
    assert item.title == "牵头攻克重大项目"
    assert item.history.first().history_user == world.users["admin"]


def test_negative_item_cannot_carry_points(api, world):
    response = api.as_(world.users["admin"]).patch("/api/v1/list-items/N01/", {"points": "2"}, format="json")
    assert response.status_code == 400
