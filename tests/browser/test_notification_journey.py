"""Notifications in the system Chromium: an official sees the unread badge on a phone, opens the
list, follows a returned pledge's notification and marks the rest read; staff see theirs on a
desktop."""
import re

import pytest
from playwright.sync_api import expect

from pledges import services
from tests.fixtures.browser import DESKTOP, PHONE
from tests.fixtures.pledges import pledge_body
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def world(transactional_db):
    """Committed data: the official's three pledges submitted; staff return one and approve two."""
    world = build_world()
    official, staff = world.users["official"], world.users["staff"]
    pledges = [services.pledge_create(actor=official, official=world.own_official, cycle=world.own_cycle,
                                      **pledge_body(category))
               for category in ("party_building", "innovation", "key_work")]
    for pledge in pledges:
        services.pledge_submit(actor=official, pledge=pledge)
    services.pledge_return(actor=staff, pledge=pledges[0], reason="量化目标过于笼统，请写明新建党组织数量")
    for pledge in pledges[1:]:
        services.pledge_approve(actor=staff, pledge=pledge, difficulty=3, innovation=3, contribution=2)
    world.pledges = pledges
    return world


def _sign_in(v, username):
    v.goto("/accounts/login/")
    v.page.get_by_label("用户名").fill(username)
    v.page.get_by_label("密码").fill(PASSWORD)
    v.page.get_by_role("button", name="登录").click()
    expect(v.page.get_by_role("heading", name=f"您好，{username}")).to_be_visible()


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_official_reads_notifications_on_a_phone(world, visit, screenshots):
    v = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = v.page
    _sign_in(v, "official1")
    # the top bar shows three unread
    badge = page.locator(".nav-notify")
    expect(badge.locator(".nav-notify-count")).to_have_text("3")
    expect(badge).to_be_visible()
    _fits(page, PHONE["width"])
    page.screenshot(path=screenshots / "notifications-badge-phone.png")

    badge.click()
    expect(page).to_have_url(re.compile(r"/notifications/$"))
    expect(page.get_by_role("heading", name="我的通知")).to_be_visible()
    items = page.locator(".notify-item")
    expect(items).to_have_count(3)
    expect(page.locator(".notify-item.is-unread")).to_have_count(3)
    _fits(page, PHONE["width"])
    page.screenshot(path=screenshots / "notifications-phone.png", full_page=True)

    # the returned pledge's notification leads to the pledge, with the reason, and is read
    returned = items.filter(has_text="被退回")
    returned.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(rf"/pledges/{world.pledges[0].pk}/$"))
    expect(page.get_by_text("量化目标过于笼统").first).to_be_visible()
    expect(page.locator(".nav-notify-count")).to_have_text("2")

    # mark the rest read: the badge empties
    page.locator(".nav-notify").click()
    page.get_by_role("button", name="全部标为已读").click()
    expect(page.get_by_text("已将 2 条通知标为已读")).to_be_visible()
    expect(page.locator(".nav-notify-count")).to_have_count(0)
    expect(page.locator(".notify-item.is-unread")).to_have_count(0)


def test_staff_see_what_waits_for_them_on_a_desktop(world, visit, screenshots):
    v = visit(DESKTOP)
    page = v.page
    _sign_in(v, "staff1")
    expect(page.locator(".nav-notify-count")).to_have_text("1")
    page.locator(".nav-notify").click()
    item = page.locator(".notify-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("待审核")
    _fits(page, DESKTOP["width"])
    page.screenshot(path=screenshots / "notifications-desktop.png", full_page=True)
    item.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(r"/pledges/review/\?cycle=\d+$"))
    expect(page.locator(".nav-notify-count")).to_have_count(0)
