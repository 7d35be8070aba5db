"""Late reviews (SPEC section 3, `evaluating`): staff still approve, return, regrade and decide
revisions at year end, and officials answer a return or propose a revision; new pledges are not
filed any more. Once `finalized`, all of it is refused. Over the API and the pages, and the
score grid takes a late-approved pledge's scores for released quarters with a reason."""
from decimal import Decimal

import pytest
from django.urls import reverse

from cycles.models import Cycle
from evaluations import services as evaluation_services
from evaluations.models import QuarterlyScore
from pledges import services
from pledges.models import Pledge, PledgeRevision
from tests.fixtures.pledges import QUARTERS, pledge_body

pytestmark = pytest.mark.django_db

STATES = ["evaluating", "finalized"]
NEW_TARGET = "新培育特色楼宇3座"
LOW = {"difficulty": 1, "innovation": 1, "contribution": 1}


@pytest.fixture
def returned(world, submitted):
    services.pledge_return(actor=world.users["staff"], pledge=submitted[0], reason="请量化")
    return submitted


@pytest.fixture
def revising(world, approved):
    services.pledge_revise(actor=world.users["official"], pledge=approved[0], reason="区委调整任务",
                           target=NEW_TARGET)
    return approved


def move_to(world, state):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state=state)


def revision_status(pledge):
    return PledgeRevision.objects.filter(pledge=pledge).values_list("status", flat=True).first()


# Each action: the fixture it starts from, who does it, and how to tell it happened.
DONE = {
    "approve": lambda p: p.status == "approved",
    "return": lambda p: p.status == "returned",
    "regrade": lambda p: p.grade == "C",
    "approve_revision": lambda p: p.target == NEW_TARGET,
    "return_revision": lambda p: revision_status(p) == "returned",
    "revise": lambda p: revision_status(p) == "submitted",
    "resubmit": lambda p: p.status == "submitted" and p.target == "全年举办招才引智活动30场",
}
API = {
    "approve": ("submitted", "staff", ["approve"], {"ratings": LOW}),
    "return": ("submitted", "staff", ["return"], {"reason": "目标不够量化"}),
    "regrade": ("approved", "staff", ["regrade"], {"ratings": LOW, "reason": "常委会复核"}),
    "approve_revision": ("revising", "staff", ["approve-revision"], {}),
    "return_revision": ("revising", "staff", ["return-revision"], {"reason": "理由不充分"}),
    "revise": ("approved", "official", ["revise"], {"reason": "区委调整任务", "target": NEW_TARGET}),
    "resubmit": ("returned", "official", ["", "submit"], {"target": "全年举办招才引智活动30场"}),
}


def api_url(pledge, action=""):
    return f"/api/v1/pledges/{pledge.pk}/" + (f"{action}/" if action else "")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", API)
def test_late_review_over_the_api(request, api, world, state, action):
    fixture, role, steps, body = API[action]
    pledge = request.getfixturevalue(fixture)[0]
    move_to(world, state)
    client = api.as_(world.users[role])
    answers = [client.patch(api_url(pledge), body, format="json") if step == "" else
               client.post(api_url(pledge, step), body if step != "submit" else {}, format="json")
               for step in steps]
    pledge.refresh_from_db()
    if state == "evaluating":
        assert all(a.status_code in (200, 201) for a in answers), [a.json() for a in answers]
        assert DONE[action](pledge)
    else:
        assert all(a.status_code == 400 for a in answers)
        assert "“已定档”阶段" in str(answers[0].json())
        assert not DONE[action](pledge)


def test_evaluating_files_no_new_pledge_and_submits_no_draft(api, world, filed):
    move_to(world, "evaluating")
    client = api.as_(world.users["official"])
    created = client.post("/api/v1/pledges/", {"cycle": world.own_cycle.pk, **pledge_body()}, format="json")
    assert created.status_code == 400 and "填报履职践诺目标" in str(created.json())
    submitted = client.post(api_url(filed[0], "submit"))
    assert submitted.status_code == 400 and "“年底评定”阶段" in str(submitted.json())
    assert Pledge.objects.get(pk=filed[0].pk).status == "draft"


# --- pages ------------------------------------------------------------------------------------------


def page(name, pledge):
    return reverse(f"pledges:{name}", args=[pledge.pk])


def pledge_form(pledge, **extra):
    """What the edit and revise forms post: the pledge's text with `extra` over it."""
    data = {"category": pledge.category, "title": pledge.title, "content": pledge.content, "target": pledge.target,
            "target_value": str(pledge.target_value), "target_unit": pledge.target_unit,
            "ms-TOTAL_FORMS": "4", "ms-INITIAL_FORMS": "0", "ms-MIN_NUM_FORMS": "0", "ms-MAX_NUM_FORMS": "14"}
    for i, milestone in enumerate(QUARTERS):
        data.update({f"ms-{i}-quarter": milestone["quarter"], f"ms-{i}-description": milestone["description"],
                     f"ms-{i}-due_on": ""})
    return {**data, **extra}


PAGES = {
    "approve": ("submitted", "staff", lambda p: [("approve", LOW)]),
    "return": ("submitted", "staff", lambda p: [("return", {"reason": "目标不够量化"})]),
    "regrade": ("approved", "staff", lambda p: [("regrade", {**LOW, "reason": "常委会复核"})]),
    "approve_revision": ("revising", "staff", lambda p: [("revision_approve", {})]),
    "return_revision": ("revising", "staff", lambda p: [("revision_return", {"reason": "理由不充分"})]),
    "revise": ("approved", "official", lambda p: [("revise", pledge_form(p, target=NEW_TARGET,
                                                                          reason="区委调整任务"))]),
    "resubmit": ("returned", "official", lambda p: [("edit", pledge_form(p, target="全年举办招才引智活动30场")),
                                                     ("submit", {})]),
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", PAGES)
def test_late_review_on_the_pages(request, client, world, state, action):
    fixture, role, posts = PAGES[action]
    pledge = request.getfixturevalue(fixture)[0]
    move_to(world, state)
    client.force_login(world.users[role])
    answers = [client.post(page(name, pledge), data) for name, data in posts(pledge)]
    assert all(a.status_code == 302 for a in answers), [a.content.decode()[:300] for a in answers]
    pledge.refresh_from_db()
    assert DONE[action](pledge) is (state == "evaluating")


def test_review_page_in_evaluating_offers_the_review_and_says_what_to_score(client, world, submitted):
    approved = services.pledge_approve(actor=world.users["staff"], pledge=submitted[1], **LOW)
    move_to(world, "evaluating")
    client.force_login(world.users["staff"])
    for pledge, form in ((submitted[0], 'action="%s"' % page("approve", submitted[0])),
                         (approved, 'action="%s"' % page("regrade", approved))):
        body = client.get(page("detail", pledge)).content.decode()
        assert form in body
        assert "已发布季度的评分保持不变" in body
        assert reverse("evaluations:grid", args=[world.own_cycle.pk]) in body
    queue = client.get(reverse("pledges:queue") + f"?cycle={world.own_cycle.pk}").content.decode()
    assert "已发布季度的评分保持不变" in queue


def test_review_page_in_finalized_offers_nothing(client, world, submitted):
    move_to(world, "finalized")
    client.force_login(world.users["staff"])
    body = client.get(page("detail", submitted[0])).content.decode()
    assert page("approve", submitted[0]) not in body and page("return", submitted[0]) not in body
    assert "已发布季度的评分保持不变" not in body


def test_official_sees_edit_and_submit_on_a_pledge_returned_late(client, world, returned):
    move_to(world, "evaluating")
    client.force_login(world.users["official"])
    body = client.get(page("detail", returned[0])).content.decode()
    assert page("edit", returned[0]) in body and page("submit", returned[0]) in body
    assert page("submit", returned[1]) not in client.get(page("detail", returned[1])).content.decode()


def test_a_late_approved_pledge_is_scored_for_a_released_quarter_with_a_reason(client, world, submitted):
    """Q1 was released before the pledge was approved; approved in evaluating, the grid takes its
    Q1 score only with a reason, and the release stays."""
    staff = world.users["staff"]
    move_to(world, "in_progress")
    evaluation_services.quarter_release(actor=staff, cycle=world.own_cycle, quarter=1)
    move_to(world, "evaluating")
    client.force_login(staff)
    pledge = submitted[0]
    client.post(page("approve", pledge), LOW)
    assert Pledge.objects.get(pk=pledge.pk).status == "approved"

    grid = client.get(reverse("evaluations:grid", args=[world.own_cycle.pk]) + "?quarter=1").content.decode()
    assert f'id="row-{pledge.pk}"' in grid and "修改理由" in grid
    row = reverse("evaluations:score_row", args=[pledge.pk]) + "?quarter=1"
    prefix = f"row-{pledge.pk}"
    data = {f"{prefix}-score": "82", f"{prefix}-letter": "", f"{prefix}-method": "investigation",
            f"{prefix}-note": "", f"{prefix}-reason": ""}
    refused = client.post(row, data, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and "须说明理由" in refused.content.decode()
    assert not QuarterlyScore.objects.filter(pledge=pledge).exists()
    accepted = client.post(row, {**data, f"{prefix}-reason": "年底补审通过，补录第一季度评分"}, HTTP_HX_REQUEST="true")
    assert accepted.status_code == 200
    score = QuarterlyScore.objects.get(pledge=pledge, quarter=1)
    assert score.score == Decimal("82")
    assert score.history.latest("history_date").history_change_reason == "年底补审通过，补录第一季度评分"
