"""Staff configure the reserve pool's categories in the system Chromium, never through /admin/:
from the pool page they open the categories, add one (a duplicate name is refused on the name
field), rename it and retire it (the official placed in it stays) and restore it; on a phone
(390 px) and a desktop (1280 px). A leader reads the page without the buttons."""
import datetime

import pytest
from playwright.sync_api import expect

from development import services
from development.models import ReserveCategory
from tests.fixtures.browser import DESKTOP, PHONE, save_shot, sign_in
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    world = build_world()
    services.reserve_categories_ensure(actor=world.users["staff"], district=world.own)
    services.placement_create(actor=world.users["staff"], official=world.own_official,
                              category=ReserveCategory.objects.get(district=world.own, name="党政综合类"),
                              placed_on=datetime.date(2026, 3, 1), grounds="年度考核“好”等次")
    return world


@pytest.mark.parametrize("viewport,label", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_staff_add_rename_retire_and_restore_a_category(world, visit, screenshots, viewport, label):
    v = visit(viewport)
    page = v.page
    sign_in(v, "staff1")
    v.goto("/development/pool/")
    page.get_by_role("link", name="管理储备类别（新增、改名、停用）").click()
    expect(page.get_by_role("heading", name="储备类别", level=1)).to_be_visible()
    expect(page.locator("tbody tr", has_text="党政综合类")).to_contain_text("1")

    page.get_by_role("link", name="新增类别").click()
    page.get_by_label("类别名称").fill("党政综合类")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field-error")).to_contain_text("本区已有名为“党政综合类”的储备类别。")
    save_shot(page, screenshots, f"categories-duplicate-{label}.png", full_page=True)
    page.get_by_label("类别名称").fill("专业技术类")
    page.get_by_label("说明").fill("专业技术岗位干部")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已新增储备类别“专业技术类”。")).to_be_visible()

    row = page.locator("tbody tr", has_text="专业技术类")
    row.get_by_role("link", name="修改").click()
    page.get_by_label("类别名称").fill("专业技术人才类")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存储备类别“专业技术人才类”。")).to_be_visible()

    page.locator("tbody tr", has_text="党政综合类").get_by_role("button", name="停用").click()
    expect(page.get_by_text("已停用储备类别“党政综合类”，现有入库记录保留。")).to_be_visible()
    expect(page.locator("tbody tr", has_text="党政综合类")).to_contain_text("已停用")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    save_shot(page, screenshots, f"categories-{label}.png", full_page=True)
    v.goto("/development/pool/")
    expect(page.locator("tbody tr", has_text="张建国")).to_contain_text("党政综合类")  # the placement stays
    v.goto(f"/development/pool/categories/?district={world.own.pk}")
    page.locator("tbody tr", has_text="党政综合类").get_by_role("button", name="恢复").click()
    expect(page.get_by_text("已恢复储备类别“党政综合类”。")).to_be_visible()
    assert ReserveCategory.objects.get(district=world.own, name="党政综合类").is_active


def test_leaders_read_the_categories_without_buttons(world, visit, screenshots):
    v = visit(PHONE)
    page = v.page
    sign_in(v, "leader1")
    v.goto("/development/pool/")
    page.get_by_role("link", name="查看全部储备类别").click()
    expect(page.locator("tbody tr", has_text="党政综合类")).to_be_visible()
    expect(page.get_by_role("link", name="新增类别")).to_have_count(0)
    expect(page.get_by_role("button", name="停用")).to_have_count(0)
    save_shot(page, screenshots, "categories-leader-phone.png", full_page=True)
