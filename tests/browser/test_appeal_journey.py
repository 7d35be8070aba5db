"""Appeals in the system Chromium: an official files an appeal of a released quarterly score from
"我的考评" on a phone and follows it; a staff member who did not enter the score decides it on a
desktop (the one who entered it is recused); the official reads the decision. Screenshots go to
SHOTS (default /work/shots/ap)."""
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from appeals.models import Appeal
from cycles.models import Cycle
from evaluations import services as evaluation_services
from evaluations.models import QuarterlyScore
from pledges import services as pledge_services
from tests.factories import UserFactory
from tests.fixtures.browser import DESKTOP, PHONE, sign_in
from tests.fixtures.pledges import pledge_body
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("APPEAL_SHOTS", "/work/shots/ap"))


@pytest.fixture
def world(transactional_db):
    """Committed data: the own official's three pledges approved, Q1 scored by staff1 and released;
    a second staff account, staff2, that entered nothing."""
    world = build_world()
    staff, official = world.users["staff"], world.users["official"]
    rows = [pledge_services.pledge_create(actor=official, official=world.own_official, cycle=world.own_cycle,
                                          **pledge_body(category))
            for category in ("party_building", "innovation", "key_work")]
    for row in rows:
        pledge_services.pledge_submit(actor=official, pledge=row)
        pledge_services.pledge_approve(actor=staff, pledge=row, difficulty=2, innovation=2, contribution=2)
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    for row in rows:
        evaluation_services.quarterly_score_record(actor=staff, pledge=row, quarter=1, score=Decimal("78"),
                                                   note="专题调查")
    evaluation_services.quarter_release(actor=staff, cycle=world.own_cycle, quarter=1)
    world.staff2 = UserFactory(username="staff2", role=Role.STAFF, districts=[world.own])
    world.score = QuarterlyScore.objects.get(pledge=rows[0], quarter=1)
    return world


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_an_official_files_an_appeal_and_staff_decide_it(world, visit):
    SHOTS.mkdir(parents=True, exist_ok=True)
    # the official, on a phone: 我的考评 → 申请复核
    v = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = v.page
    sign_in(v, "official1")
    v.goto("/evaluations/mine/")
    links = page.get_by_role("link", name="申请复核")
    expect(links.first).to_be_visible()
    assert links.count() >= 4  # three scores and at least one pledge grade
    page.screenshot(path=SHOTS / "mine-with-appeal-links-phone.png", full_page=True)
    page.locator(f'a[href$="subject=quarterly_score&object={world.score.pk}"]').click()
    expect(page.get_by_role("heading", name="申请复核")).to_be_visible()
    page.get_by_label("申请理由").fill("第一季度现场观摩未计入，请求复核。")
    _fits(page, PHONE["width"])
    page.screenshot(path=SHOTS / "file-phone.png", full_page=True)
    page.get_by_role("button", name="提交复核申请").click()
    expect(page).to_have_url(re.compile(r"/appeals/\d+/$"))
    expect(page.get_by_text("复核申请已提交")).to_be_visible()
    expect(page.locator(".appeal-state-open")).to_be_visible()
    _fits(page, PHONE["width"])
    page.screenshot(path=SHOTS / "detail-open-phone.png", full_page=True)
    appeal = Appeal.objects.get()
    v.goto("/appeals/")
    expect(page.get_by_role("link", name=re.compile("季度评分"))).to_be_visible()
    page.screenshot(path=SHOTS / "my-appeals-phone.png", full_page=True)

    # staff1 entered the score: recused
    s1 = visit(DESKTOP)
    sign_in(s1, "staff1")
    s1.goto(f"/appeals/{appeal.pk}/")
    expect(s1.page.get_by_text("回避规则")).to_be_visible()
    expect(s1.page.get_by_role("button", name="保存复核决定")).to_have_count(0)
    s1.page.screenshot(path=SHOTS / "detail-recused-desktop.png", full_page=True)

    # staff2 finds it in the queue and corrects the score
    s2 = visit(DESKTOP)
    sign_in(s2, "staff2")
    s2.goto("/appeals/queue/")
    expect(s2.page.get_by_role("link", name=world.own_official.name)).to_be_visible()
    s2.page.screenshot(path=SHOTS / "queue-desktop.png", full_page=True)
    s2.page.get_by_role("link", name=world.own_official.name).click()
    s2.page.get_by_label("更正", exact=True).check()
    s2.page.get_by_label("更正后结果").fill("85")
    s2.page.get_by_label("复核意见").fill("经核实现场观摩情况，更正为 85 分。")
    s2.page.get_by_role("button", name="保存复核决定").click()
    expect(s2.page.get_by_text("复核决定已保存")).to_be_visible()
    expect(s2.page.locator(".appeal-state-changed")).to_be_visible()
    s2.page.screenshot(path=SHOTS / "detail-decided-desktop.png", full_page=True)
    world.score.refresh_from_db()
    assert world.score.score == Decimal("85")

    # the official is told and reads the decision
    v.goto("/notifications/")
    expect(page.get_by_text(re.compile("复核申请已办结"))).to_be_visible()
    v.goto(f"/appeals/{appeal.pk}/")
    expect(page.locator("dd.appeal-reason", has_text="经核实现场观摩情况")).to_be_visible()
    _fits(page, PHONE["width"])
    page.screenshot(path=SHOTS / "detail-decided-phone.png", full_page=True)
    assert v.goto("/appeals/queue/").status == 403  # the queue is not for officials


def test_the_queue_on_a_phone(world, visit):
    SHOTS.mkdir(parents=True, exist_ok=True)
    from appeals import services

    services.appeal_file(actor=world.users["official"], subject="quarterly_score", target=world.score,
                         reason="请复核")
    Appeal.objects.update(due_on="2026-01-01")  # overdue
    v = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    sign_in(v, "staff2")
    v.goto("/appeals/queue/")
    expect(v.page.locator(".appeal-overdue")).to_be_visible()
    v.page.screenshot(path=SHOTS / "queue-overdue-phone.png", full_page=True)
