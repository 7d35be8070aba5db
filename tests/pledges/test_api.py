"""Pledges over the API: filing, the workflow, grading, revisions, permissions, query counts."""
import datetime

import pytest

from cycles.models import Cycle
from pledges.models import Pledge, PledgeRevision
from tests.fixtures.pledges import QUARTERS, pledge_body
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def url(pledge, action=""):
    return f"/api/v1/pledges/{pledge.pk}/" + (f"{action}/" if action else "")


def test_official_files_a_pledge_for_itself(api, world):
    response = api.as_(world.users["official"]).post(
        "/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body()}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["official"] == world.own_official.pk
    assert body["status"] == "draft" and body["grade"] == "" and body["ratings"] is None
    assert body["milestones"] == QUARTERS
    assert body["due_on"] == "2026-01-31"
    for field in ["id", "official", "cycle", "kind", "category", "title", "content", "target", "target_value",
                  "target_unit", "milestones", "status", "grade", "ratings"]:
        assert field in body


def test_official_cannot_file_for_another_official(api, world):
    response = api.as_(world.users["official"]).post(
        "/api/v1/pledges/", {"cycle": world.own_cycle.pk, "official": world.other_official.pk, **pledge_body()},
        format="json",
    )
    assert response.status_code == 400
    assert "official" in response.json()["errors"]


@pytest.mark.parametrize(
    "change,field",
    [
        ({"milestones": QUARTERS[:3]}, "milestones"),
        ({"milestones": [{"quarter": 7, "description": "x"}]}, "milestones"),
        ({"milestones": [dict(q, due_on="2027-01-01") for q in QUARTERS]}, "milestones"),
        ({"title": "标" * 101}, "title"),
        ({"content": "内" * 2001}, "content"),
        ({"category": "sports"}, "category"),
        ({"target_value": "many"}, "target_value"),
        ({"title": ""}, "title"),
    ],
)
def test_invalid_pledges_are_refused_with_the_field(api, world, change, field):
    response = api.as_(world.users["official"]).post(
        "/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body(**change)}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()
    assert not Pledge.objects.exists()


def test_a_sixth_annual_pledge_is_refused(api, world, filed):
    client = api.as_(world.users["official"])
    for _ in range(2):
        assert client.post("/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body()},
                           format="json").status_code == 201
    response = client.post("/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body()}, format="json")
    assert response.status_code == 400
    assert "最多 5 项" in str(response.json())


def test_submit_needs_three_pledges_covering_every_category(api, world):
    client = api.as_(world.users["official"])
    first = client.post("/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body("key_work")},
                        format="json").json()
    client.post("/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body("key_work")}, format="json")
    response = client.post(f"/api/v1/pledges/{first['id']}/submit/")
    assert response.status_code == 400
    messages = " ".join(response.json()["errors"]["pledges"])
    assert "3–5" in messages and "党的建设和干部队伍建设" in messages and "创新创优工作" in messages
    assert Pledge.objects.get(pk=first["id"]).status == "draft"


def test_submit_moves_draft_to_submitted(api, world, filed):
    response = api.as_(world.users["official"]).post(url(filed[0], "submit"))
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_staff_approve_derives_grade_from_ratings(api, world, submitted):
    response = api.as_(world.users["staff"]).post(
        url(submitted[0], "approve"), {"ratings": {"difficulty": 3, "innovation": 2, "contribution": 2}}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["grade"] == "B"
    assert response.json()["ratings"] == {"difficulty": 3, "innovation": 2, "contribution": 2}


def test_grade_rule_follows_the_cycle_settings(api, world, submitted):
    settings = dict(world.own_cycle.settings, pledge_grade_thresholds={"A": 7, "B": 5})
    Cycle.objects.filter(pk=world.own_cycle.pk).update(settings=settings)
    response = api.as_(world.users["staff"]).post(
        url(submitted[0], "approve"), {"ratings": {"difficulty": 3, "innovation": 2, "contribution": 2}}, format="json"
    )
    assert response.json()["grade"] == "A"


def test_grade_override_needs_a_reason(api, world, submitted):
    client = api.as_(world.users["staff"])
    ratings = {"difficulty": 2, "innovation": 2, "contribution": 2}
    refused = client.post(url(submitted[0], "approve"), {"ratings": ratings, "grade": "A"}, format="json")
    assert refused.status_code == 400
    assert "reason" in refused.json()["errors"]
    ok = client.post(url(submitted[0], "approve"), {"ratings": ratings, "grade": "A", "reason": "全区首创"},
                     format="json")
    assert ok.status_code == 200
    assert (ok.json()["grade"], ok.json()["grade_override_reason"]) == ("A", "全区首创")


@pytest.mark.parametrize("ratings", [{"difficulty": 4, "innovation": 2, "contribution": 2},
                                     {"difficulty": 2, "innovation": 2}, {"difficulty": "x", "innovation": 1,
                                                                          "contribution": 1}])
def test_bad_ratings_are_refused(api, world, submitted, ratings):
    response = api.as_(world.users["staff"]).post(url(submitted[0], "approve"), {"ratings": ratings}, format="json")
    assert response.status_code == 400
    assert Pledge.objects.get(pk=submitted[0].pk).status == "submitted"


def test_return_needs_a_reason_and_official_sees_it(api, world, submitted):
    staff = api.as_(world.users["staff"])
    assert staff.post(url(submitted[0], "return"), {}, format="json").status_code == 400
    assert staff.post(url(submitted[0], "return"), {"reason": "目标不够量化"}, format="json").status_code == 200
    body = api.as_(world.users["official"]).get(url(submitted[0])).json()
    assert (body["status"], body["return_reason"]) == ("returned", "目标不够量化")


def test_returned_pledge_is_edited_and_resubmitted(api, world, submitted):
    api.as_(world.users["staff"]).post(url(submitted[0], "return"), {"reason": "请量化"}, format="json")
    official = api.as_(world.users["official"])
    edited = official.patch(url(submitted[0]), {"target": "全年举办招才引智活动30场"}, format="json")
    assert edited.status_code == 200, edited.json()
    assert official.post(url(submitted[0], "submit")).json()["status"] == "submitted"


@pytest.mark.parametrize(
    "status,action,body",
    [
        ("draft", "approve", {"ratings": {"difficulty": 1, "innovation": 1, "contribution": 1}}),
        ("draft", "return", {"reason": "x"}),
        ("approved", "submit", None),
        ("approved", "approve", {"ratings": {"difficulty": 1, "innovation": 1, "contribution": 1}}),
        ("approved", "return", {"reason": "x"}),
        ("submitted", "submit", None),
        ("returned", "approve", {"ratings": {"difficulty": 1, "innovation": 1, "contribution": 1}}),
        ("draft", "regrade", {"ratings": {"difficulty": 1, "innovation": 1, "contribution": 1}, "reason": "x"}),
        ("draft", "revise", {"reason": "x", "title": "新"}),
        ("submitted", "revise", {"reason": "x", "title": "新"}),
    ],
)
def test_forbidden_transitions_answer_400(api, world, filed, status, action, body):
    pledge = filed[0]
    Pledge.objects.filter(pk=pledge.pk).update(
        status=status, difficulty=2, innovation=2, contribution=2, grade="B"
    ) if status == "approved" else Pledge.objects.filter(pk=pledge.pk).update(status=status)
    user = world.users["official" if action in ("submit", "revise") else "staff"]
    response = api.as_(user).post(url(pledge, action), body or {}, format="json")
    assert response.status_code == 400, response.content
    assert Pledge.objects.get(pk=pledge.pk).status == status


def test_approved_pledge_is_frozen(api, world, approved):
    response = api.as_(world.users["official"]).patch(url(approved[0]), {"title": "改"}, format="json")
    assert response.status_code == 400
    assert "提出调整" in str(response.json())
    assert Pledge.objects.get(pk=approved[0].pk).title != "改"


def test_only_drafts_can_be_deleted(api, world, filed, approved):
    response = api.as_(world.users["official"]).delete(url(approved[0]))
    assert response.status_code == 400
    assert Pledge.objects.filter(pk=approved[0].pk).exists()


def test_revision_keeps_the_approved_text_until_staff_approve(api, world, approved):
    pledge = approved[0]
    official = api.as_(world.users["official"])
    proposed = official.post(url(pledge, "revise"), {"reason": "上级调整任务", "target": "新培育特色楼宇3座"},
                             format="json")
    assert proposed.status_code == 201, proposed.json()
    assert proposed.json()["number"] == 2
    again = official.post(url(pledge, "revise"), {"reason": "再改", "target": "4座"}, format="json")
    assert again.status_code == 400
    current = official.get(url(pledge)).json()
    assert current["target"] == "新培育重点产业特色楼宇不少于2座"
    assert current["pending_revision"] is True
    approved_now = api.as_(world.users["staff"]).post(url(pledge, "approve-revision"), {}, format="json")
    assert approved_now.status_code == 200, approved_now.json()
    after = official.get(url(pledge)).json()
    assert (after["target"], after["revision"], after["status"], after["grade"]) == ("新培育特色楼宇3座", 2, "approved",
                                                                                     "A")
    assert [r["status"] for r in after["revisions"]] == ["approved"]


def test_revision_can_be_returned_and_rerated_on_approval(api, world, approved):
    pledge = approved[0]
    official, staff = api.as_(world.users["official"]), api.as_(world.users["staff"])
    official.post(url(pledge, "revise"), {"reason": "r1", "title": "第一次调整"}, format="json")
    assert staff.post(url(pledge, "return-revision"), {"reason": "理由不充分"}, format="json").status_code == 200
    assert Pledge.objects.get(pk=pledge.pk).title != "第一次调整"
    official.post(url(pledge, "revise"), {"reason": "r2", "title": "第二次调整"}, format="json")
    response = staff.post(url(pledge, "approve-revision"),
                          {"ratings": {"difficulty": 1, "innovation": 1, "contribution": 1}}, format="json")
    assert (response.json()["title"], response.json()["grade"], response.json()["revision"]) == ("第二次调整", "C", 3)
    assert list(PledgeRevision.objects.filter(pledge=pledge).values_list("number", "status")) == [
        (2, "returned"), (3, "approved")
    ]


def test_timeline_shows_who_when_what_and_why(api, world, approved):
    pledge = approved[0]
    api.as_(world.users["staff"]).post(
        url(pledge, "regrade"),
        {"ratings": {"difficulty": 1, "innovation": 1, "contribution": 1}, "reason": "常委会复核"}, format="json",
    )
    events = api.as_(world.users["official"]).get(url(pledge, "history")).json()
    actions = [e["action"] for e in events]
    assert actions[0] == "创建"
    assert "草稿 → 待审核" in actions and "待审核 → 已通过" in actions
    regrade = events[-1]
    assert regrade["who"] == "staff1" and regrade["reason"] == "常委会复核"
    assert ["评级", "A 级", "C 级"] in regrade["changes"]


def test_bulk_approve_is_all_or_nothing(api, world, submitted):
    staff = api.as_(world.users["staff"])
    good = {"ratings": {"difficulty": 2, "innovation": 2, "contribution": 2}}
    bad = {"ratings": {"difficulty": 2, "innovation": 2, "contribution": 2}, "grade": "A"}  # no reason
    response = staff.post("/api/v1/pledges/bulk-approve/", {"items": [
        {"id": submitted[0].pk, **good}, {"id": submitted[1].pk, **bad}
    ]}, format="json")
    assert response.status_code == 400
    assert str(submitted[1].pk) in response.json()["errors"]
    assert set(Pledge.objects.values_list("status", flat=True)) == {"submitted"}
    ok = staff.post("/api/v1/pledges/bulk-approve/", {"items": [{"id": p.pk, **good} for p in submitted]},
                    format="json")
    assert ok.status_code == 200
    assert set(Pledge.objects.values_list("status", flat=True)) == {"approved"}


def test_bulk_approve_refuses_foreign_pledges(api, world, submitted):
    from pledges import services
    from tests.factories import CycleFactory  # noqa: F401

    foreign = Pledge.objects.create(
        official=world.foreign_official, cycle=world.foreign_cycle, category="key_work", title=FOREIGN_MARKER,
        content="c", target="t", milestones=QUARTERS, status="submitted", due_on=datetime.date(2026, 1, 31),
    )
    response = api.as_(world.users["staff"]).post("/api/v1/pledges/bulk-approve/", {"items": [
        {"id": foreign.pk, "ratings": {"difficulty": 2, "innovation": 2, "contribution": 2}}
    ]}, format="json")
    assert response.status_code == 400
    assert FOREIGN_MARKER not in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.status == "submitted"
    assert services  # imported for the side effect of nothing; keeps the import honest


def test_official_cannot_read_or_change_another_officials_draft(api, world):
    from pledges import services

    other = services.pledge_create(
        actor=world.users["staff"], official=world.other_official, cycle=world.own_cycle, **pledge_body()
    )
    client = api.as_(world.users["official"])
    assert client.get(url(other)).status_code == 404
    assert client.patch(url(other), {"title": "偷改"}, format="json").status_code == 404
    assert client.post(url(other, "submit")).status_code == 404
    assert other.pk not in [p["id"] for p in client.get("/api/v1/pledges/").json()["results"]]
    other.refresh_from_db()
    assert other.title != "偷改"


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_staff_and_leader_cannot_edit_an_officials_draft(api, world, filed, role):
    response = api.as_(world.users[role]).patch(url(filed[0]), {"title": "代改"}, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["official", "leader"])
def test_only_staff_review(api, world, submitted, role):
    response = api.as_(world.users[role]).post(
        url(submitted[0], "approve"), {"ratings": {"difficulty": 3, "innovation": 3, "contribution": 3}}, format="json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize("state", ["evaluating", "finalized"])
def test_no_filing_or_review_after_in_progress(api, world, filed, state):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state=state)
    assert api.as_(world.users["official"]).post(url(filed[0], "submit")).status_code == 400
    response = api.as_(world.users["official"]).post(
        "/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body()}, format="json"
    )
    assert response.status_code == 400
    assert "阶段" in str(response.json())


def test_overdue_filter_and_flag(api, world, filed):
    """The demo cycle's deadline (31 January 2026) has passed: drafts are overdue."""
    client = api.as_(world.users["staff"])
    body = client.get("/api/v1/pledges/", {"overdue": "true"}).json()
    assert body["count"] == 3 and all(p["is_overdue"] for p in body["results"])
    for pledge in filed:
        api.as_(world.users["official"]).post(url(pledge, "submit"))
    assert client.get("/api/v1/pledges/", {"overdue": "true"}).json()["count"] == 0


def test_changing_the_cycle_deadline_moves_annual_due_dates(api, world, filed):
    response = api.as_(world.users["staff"]).patch(
        f"/api/v1/cycles/{world.own_cycle.pk}/", {"pledge_deadline": "2026-12-31"}, format="json"
    )
    assert response.status_code == 200
    assert set(Pledge.objects.values_list("due_on", flat=True)) == {datetime.date(2026, 12, 31)}


def test_pledge_list_query_count_is_bounded(api, world, django_assert_max_num_queries):
    from pledges import services

    for official in (world.own_official, world.other_official):
        for category in ("party_building", "innovation", "key_work", "key_work", "innovation"):
            services.pledge_create(actor=world.users["staff"], official=official, cycle=world.own_cycle,
                                   **pledge_body(category))
    client = api.as_(world.users["staff"])
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/pledges/", {"page_size": 100}).json()
    assert body["count"] == 10


def test_filing_and_editing_a_pledge_are_a_bounded_number_of_queries_with_their_history(
        api, world, django_assert_max_num_queries):
    """Issue 15: no per-constraint or foreign-key queries of full_clean (the services check
    what they change); every write still leaves its history row, with who and why."""
    official = world.users["official"]
    client = api.as_(official)
    with django_assert_max_num_queries(10):  # token, cycle, official, unit, locked cycle, count, 2 inserts
        response = client.post("/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body()}, format="json")
    assert response.status_code == 201, response.json()
    pledge = Pledge.objects.get(pk=response.json()["id"])
    with django_assert_max_num_queries(9):  # token, pledge, scope, locked pledge, update, history, unit
        response = client.patch(url(pledge), {"title": "新的目标名称"}, format="json")
    assert response.status_code == 200, response.json()
    assert [(h.history_type, h.title, h.history_user_id, h.history_change_reason)
            for h in pledge.history.order_by("history_id")] == [
        ("+", pledge.title, official.pk, "填报"), ("~", "新的目标名称", official.pk, "修改")]


def test_bulk_approve_of_an_id_beyond_any_row_is_a_400_naming_it(api, world, submitted):
    """A number larger than the database's integers is refused by the field, not by a crash."""
    response = api.as_(world.users["staff"]).post("/api/v1/pledges/bulk-approve/", {"items": [
        {"id": 10**30, "ratings": {"difficulty": 2, "innovation": 2, "contribution": 2}}]}, format="json")
    assert response.status_code == 400
    assert "items" in response.json()["errors"]
