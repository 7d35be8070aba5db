"""Staff set up a new year without the Django admin, in the system Chromium: open next year's cycle
from the home page, copy last year's settings, see a wrong weight refused on its field, change one
setting and save; add a unit, then a new official with its account, whose first password the
official then signs in with. Screenshots at desktop and phone sizes."""
import re

import pytest
from playwright.sync_api import expect

from cycles import cycle_settings
from cycles.models import Cycle
from org.models import Official
from tests.fixtures.browser import DESKTOP, PHONE, sign_in
from tests.fixtures.world import FOREIGN_MARKER, build_world

pytestmark = pytest.mark.browser

PHONE_OPTIONS = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def world(transactional_db):
    """The shared data, committed so that the live server's thread sees it; the 2026 cycle has a
    bonus cap of 4 (not the default 5), so that copying it shows."""
    world = build_world()
    Cycle.objects.filter(pk=world.own_cycle.pk).update(
        settings=cycle_settings.merge(cycle_settings.defaults(), {"bonus_cap": 4}))
    return world


def _fits(page, width):
    """Nothing forces sideways scrolling at this width."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_staff_open_a_cycle_and_add_a_unit_and_an_official_with_an_account(world, visit, screenshots):
    v = visit(DESKTOP)
    page = v.page
    sign_in(v, "staff1")

    # the home page's next step opens the new cycle page: next year, the defaults
    page.get_by_role("link", name=re.compile("管理考核年度")).click()
    expect(page.get_by_role("heading", name="新建考核年度")).to_be_visible()
    expect(page.get_by_label("考核年度")).to_have_value("2027")
    expect(page.get_by_label("正面清单加分上限")).to_have_value("5")
    expect(page.get_by_label("年度承诺提交截止日")).to_have_value("")

    # copy last year's settings: the bonus cap of 2026 comes along
    page.get_by_role("button", name="复制 2026 年度参数").click()
    expect(page.get_by_text("已复制 市北区 2026 年度的参数")).to_be_visible()
    expect(page.get_by_label("正面清单加分上限")).to_have_value("4")

    # a wrong weight: refused, the reason on the weights group, nothing created
    weights = page.locator("#group-weights")
    weights.get_by_label("单位绩效").fill("0.4")
    page.get_by_role("button", name="新建考核年度").click()
    expect(page.get_by_role("alert")).to_contain_text("请按提示修改")
    expect(page.locator("#group-weights")).to_contain_text("各项之和必须等于 1（现为 1.1）")
    page.screenshot(path=screenshots / "setup-cycle-error-desktop.png", full_page=True)
    assert not Cycle.objects.filter(year=2027).exists()

    # put it right and change one setting: the cycle opens in planning with it
    page.locator("#group-weights").get_by_label("单位绩效").fill("0.3")
    page.get_by_label("“好”等次比例上限").fill("0.25")
    page.get_by_role("button", name="新建考核年度").click()
    expect(page.get_by_text("已新建 市北区 2027 考核年度（筹备阶段）")).to_be_visible()
    expect(page.get_by_text("年度承诺提交截止日：2027-01-31")).to_be_visible()
    expect(page.locator(".ev-settings")).to_contain_text("0.25（25%）")
    cycle = Cycle.objects.get(district=world.own, year=2027)
    assert (cycle.settings["good_quota"], cycle.settings["bonus_cap"], cycle.state) == (0.25, 4, "planning")
    page.screenshot(path=screenshots / "setup-cycle-created-desktop.png", full_page=True)

    # a unit
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="单位与干部").click()
    page.get_by_role("link", name="单位", exact=True).click()
    page.get_by_role("link", name="新建单位").click()
    page.get_by_label("名称").fill("区数据局")
    page.get_by_label("排序").fill("3")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已新建单位“区数据局”")).to_be_visible()
    expect(page.get_by_role("link", name="区数据局")).to_be_visible()
    page.screenshot(path=screenshots / "setup-units-desktop.png", full_page=True)

    # an official with its account, in one step
    page.get_by_role("link", name="干部名册").click()
    page.get_by_role("link", name="新建干部").click()
    page.get_by_label("姓名").fill("陈立新")
    page.get_by_label("单位", exact=True).select_option(label="区数据局")
    page.get_by_label("职务").fill("党组书记、局长")
    page.get_by_label("任现职时间").fill("2026-11-01")
    page.get_by_label("同时开设党政正职账号").check()
    page.get_by_label("用户名").fill("chenlixin")
    page.screenshot(path=screenshots / "setup-official-new-desktop.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="陈立新")).to_be_visible()
    expect(page.get_by_text("已开设党政正职账号")).to_be_visible()
    password = page.locator(".org-password-value").inner_text()
    expect(page.locator(".org-posts")).to_contain_text("2026-11-01 — 至今")
    page.screenshot(path=screenshots / "setup-official-desktop.png", full_page=True)
    official = Official.objects.get(name="陈立新")
    assert official.account.username == "chenlixin" and official.unit.name == "区数据局"

    # shown once: the page again has no password
    page.reload()
    expect(page.locator(".org-password-value")).to_have_count(0)

    # the official signs in with it
    o = visit(PHONE, **PHONE_OPTIONS)
    o.goto("/accounts/login/")
    o.page.get_by_label("用户名").fill("chenlixin")
    o.page.get_by_label("密码").fill(password)
    o.page.get_by_role("button", name="登录").click()
    expect(o.page.get_by_role("heading", name="您好，陈立新")).to_be_visible()
    expect(o.page.locator(".profile-card")).to_contain_text("区数据局")


def test_the_setup_pages_on_a_phone(world, visit, screenshots):
    v = visit(PHONE, **PHONE_OPTIONS)
    page = v.page
    sign_in(v, "staff1")
    pages = [
        ("/evaluations/cycles/new/", "新建考核年度", "setup-cycle-new-phone.png"),
        (f"/evaluations/cycles/{world.own_cycle.pk}/settings/", "2026 年度考核参数", "setup-cycle-settings-phone.png"),
        ("/org/officials/", "干部名册", "setup-officials-phone.png"),
        ("/org/units/", "单位", "setup-units-phone.png"),
        ("/org/officials/new/", "新建干部", "setup-official-new-phone.png"),
        (f"/org/officials/{world.own_official.pk}/", "张建国", "setup-official-phone.png"),
        (f"/org/officials/{world.own_official.pk}/move/", "岗位变动 · 张建国", "setup-official-move-phone.png"),
    ]
    for path, heading, shot in pages:
        v.goto(path)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_text(FOREIGN_MARKER)).to_have_count(0)
        _fits(page, PHONE["width"])
        page.screenshot(path=screenshots / shot, full_page=True)
