"""Year end with next year's cycle already open, in the system Chromium: staff land on the year
still being evaluated (home, review queue), read that late approvals need their quarters scored,
and switch to next year through "其他年度", on a desktop and on a phone."""
import pytest
from playwright.sync_api import expect

from cycles.models import Cycle
from pledges import services as pledge_services
from tests.factories import CycleFactory
from tests.fixtures.browser import DESKTOP, PHONE, sign_in
from tests.fixtures.pledges import pledge_body
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    world = build_world()
    pledges = [pledge_services.pledge_create(actor=None, official=world.own_official, cycle=world.own_cycle,
                                             **pledge_body(category))
               for category in ("party_building", "innovation", "key_work")]
    for pledge in pledges:
        pledge_services.pledge_submit(actor=None, pledge=pledge)
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    CycleFactory(district=world.own, year=2025, state="finalized")
    world.next_cycle = CycleFactory(district=world.own, year=2027)
    return world


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_land_on_the_open_year_and_switch_to_the_next(visit, world, screenshots, viewport):
    v = visit(viewport)
    sign_in(v, "staff1")
    page, name = v.page, "desktop" if viewport is DESKTOP else "phone"
    card = page.locator(".district-card")
    expect(card.get_by_role("link", name="2026 考核年度")).to_be_visible()
    expect(card.get_by_role("navigation", name="其他年度")).to_contain_text("2027 年度")
    page.screenshot(path=screenshots / f"year-switch-home-{name}.png", full_page=True)

    v.goto("/pledges/review/")
    expect(page.locator(".page-head")).to_contain_text("2026 年度（年底评定）")
    expect(page.locator(".late-review")).to_contain_text("已发布季度的评分保持不变")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=screenshots / f"year-switch-queue-{name}.png", full_page=True)
    page.locator(".page-head").get_by_role("link", name="2027 年度").click()
    expect(page.locator(".page-head")).to_contain_text("2027 年度（筹备）")

    v.goto(f"/evaluations/cycles/{world.own_cycle.pk}/")
    switch = page.get_by_role("navigation", name="其他年度")
    expect(switch).to_contain_text("2025 年度")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=screenshots / f"year-switch-cycle-{name}.png")
    switch.get_by_role("link", name="2027 年度").click()
    expect(page).to_have_url(f"{v.base}/evaluations/cycles/{world.next_cycle.pk}/")
