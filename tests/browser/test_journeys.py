"""The journeys people take through the app, in the system Chromium at phone and desktop sizes."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.browser import DESKTOP, PHONE
from tests.fixtures.world import FOREIGN_MARKER, build_world

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"
BRAND_RED = "rgb(168, 23, 29)"


@pytest.fixture
def world(transactional_db):
    """The shared data, committed so that the live server's thread sees it."""
    world = build_world()
    for n in range(4):
        OfficialFactory(unit=UnitFactory(district=world.own, name=f"第{n + 1}街道", kind="street"))
    return world


def _sign_in(page, username, password=PASSWORD):
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _assert_styled(page):
    """app.css is served and applied: the top bar carries the brand colour."""
    colour = page.locator(".topbar").evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == BRAND_RED
    sheets = page.evaluate("() => Array.from(document.styleSheets, s => s.cssRules.length)")
    assert sheets and all(n > 0 for n in sheets)


def _assert_fits(page, width):
    """Nothing forces sideways scrolling at this width."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_staff_signs_in_on_a_phone_and_sees_home(world, visit, screenshots):
    # given a phone
    v = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = v.page

    # when the staff member opens the app, it asks to sign in first
    v.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    expect(page.get_by_text("该账号将被暂时锁定")).to_be_visible()
    _assert_styled(page)
    _assert_fits(page, PHONE["width"])
    page.screenshot(path=screenshots / "login-phone.png", full_page=True)

    # a wrong password is refused with a visible error
    _sign_in(page, "staff1", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    page.screenshot(path=screenshots / "login-error-phone.png", full_page=True)

    # the right one leads home
    _sign_in(page, "staff1")
    expect(page).to_have_url(v.base + "/")
    expect(page.get_by_role("heading", name="您好，staff1")).to_be_visible()
    expect(page.locator(".nav-user-role")).to_have_text("组织部工作人员")
    district = page.locator(".district-card")
    expect(district).to_have_count(1)
    expect(district).to_contain_text("市北区")
    expect(district.locator(".stat dd")).to_have_text(["6", "6"])
    expect(district).to_contain_text("2026 考核年度")
    expect(district.locator(".state")).to_have_text("筹备")
    expect(page.get_by_role("link", name=re.compile("维护单位与干部"))).to_be_visible()
    expect(page.get_by_role("link", name="数据管理")).to_be_visible()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    expect(page.get_by_text(FOREIGN_MARKER)).to_have_count(0)
    _assert_styled(page)
    _assert_fits(page, PHONE["width"])
    page.screenshot(path=screenshots / "home-phone.png", full_page=True)

    # then nothing was loaded from any other host
    assert v.foreign_requests() == []


def test_staff_home_on_a_desktop(world, visit, screenshots):
    v = visit(DESKTOP)
    page = v.page
    v.goto("/accounts/login/")
    page.screenshot(path=screenshots / "login-desktop.png", full_page=True)
    _sign_in(page, "staff1")

    expect(page.get_by_role("heading", name="您好，staff1")).to_be_visible()
    # The desktop bar holds brand, account and actions in one row and the sections in a second,
    # every link in view (none cut off at the edge).
    bar_height = page.locator(".topbar").evaluate("el => el.getBoundingClientRect().height")
    assert bar_height < 110
    overflow = page.locator(".nav-main").evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0
    cards = page.locator(".grid-actions > li")
    expect(cards).to_have_count(6)  # the sixth: 管理账号 (the account pages)
    tops = cards.evaluate_all("els => els.map(e => e.getBoundingClientRect().top)")
    assert tops[0] == tops[1], "action cards sit side by side on a desktop"
    _assert_styled(page)
    _assert_fits(page, DESKTOP["width"])
    page.screenshot(path=screenshots / "home-desktop.png", full_page=True)
    assert v.foreign_requests() == []


def test_official_sees_own_profile_and_switches_to_english(world, visit, screenshots):
    v = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = v.page
    v.goto("/")
    _sign_in(page, "official1")

    profile = page.locator(".profile-card")
    expect(profile).to_contain_text("张建国")
    expect(profile).to_contain_text("党组书记、局长")
    expect(profile).to_contain_text("正处级")
    expect(page.get_by_role("link", name="数据管理")).to_have_count(0)
    page.screenshot(path=screenshots / "home-official-phone.png", full_page=True)

    # when the official switches the language
    page.get_by_role("button", name="English").click()

    # then the same page comes back in English, and the switch offers the way back
    expect(page).to_have_url(v.base + "/")
    expect(page.get_by_role("heading", name="Hello, official1")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".nav-user-role")).to_have_text("Principal official")
    expect(page.get_by_text("My profile")).to_be_visible()
    expect(page.get_by_role("button", name="中文")).to_be_visible()
    _assert_fits(page, PHONE["width"])
    page.screenshot(path=screenshots / "home-official-phone-en.png", full_page=True)

    # and signing out (a POST) returns to the sign-in page, still in English
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert v.foreign_requests() == []


def test_missing_page_shows_the_404_page(world, visit, screenshots):
    v = visit(PHONE)
    page = v.page

    response = v.goto("/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    _assert_styled(page)
    page.screenshot(path=screenshots / "404-phone.png", full_page=True)


def test_fifth_wrong_password_shows_the_locked_page(world, visit, screenshots):
    v = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = v.page
    v.goto("/accounts/login/")

    for _ in range(5):
        _sign_in(page, "leader1", "not-the-password")

    expect(page.get_by_role("heading", name="账号已暂时锁定")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("连续 5 次登录失败")
    _assert_styled(page)
    page.screenshot(path=screenshots / "locked-phone.png", full_page=True)

    # the right password is refused as well
    page.get_by_role("link", name="返回登录页").click()
    _sign_in(page, "leader1")
    expect(page.get_by_role("heading", name="账号已暂时锁定")).to_be_visible()
    assert v.foreign_requests() == []
