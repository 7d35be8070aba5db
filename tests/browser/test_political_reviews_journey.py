"""Political reviews in bulk in the system Chromium: staff open the district's page from the
year-end inputs, see every principal official 合格 by default, mark one 不合格 — first without a
note (refused, the row and the official named, nothing saved), then with one — and save the whole
district at once. Screenshots at desktop and phone sizes."""
import pytest
from playwright.sync_api import expect

from cycles.models import Cycle
from evaluations.models import PoliticalReview
from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.browser import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.browser

UNITS = {"区发展和改革局": ["赵志远", "钱文静"], "区财政局": ["孙立新"], "敦化路街道": ["周海燕", "吴国栋"],
         "区教育和体育局": ["郑晓光", "冯雪梅", "陈思远"]}


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_staff_mark_one_official_unqualified_and_save_the_district(world, visit, screenshots):
    cycle = world.own_cycle
    for unit_name, names in UNITS.items():
        unit = UnitFactory(district=world.own, name=unit_name)
        for name in names:
            OfficialFactory(unit=unit, name=name)
    Cycle.objects.filter(pk=cycle.pk).update(state="evaluating")
    everyone = 2 + sum(len(names) for names in UNITS.values())
    target = world.other_official

    staff = visit(DESKTOP)
    page = staff.page
    sign_in(staff, "staff1")
    staff.goto(f"/evaluations/cycles/{cycle.pk}/inputs/")
    page.get_by_role("link", name="全区政治素质测评一页录入").click()
    expect(page.get_by_role("heading", name="政治素质测评")).to_be_visible()
    rows = page.locator("tr.ev-review-row")
    expect(rows).to_have_count(everyone)
    expect(page.locator('input[type="radio"][value="yes"]:checked')).to_have_count(everyone)

    # 不合格 without a note: refused, the official named, nothing saved.
    row = page.locator(f"#review-{target.pk}")
    row.get_by_label("不合格").check()
    page.get_by_role("button", name=f"保存全部（{everyone} 人）").click()
    expect(page.locator(".ev-problems")).to_contain_text("李红梅（辽宁路街道）：说明：结论为不合格时须填写说明。")
    row = page.locator(f"#review-{target.pk}")
    expect(row).to_have_class("ev-review-row is-error is-unqualified")
    expect(row.get_by_label("不合格")).to_be_checked()
    assert not PoliticalReview.objects.exists()
    page.screenshot(path=screenshots / "political-reviews-error-desktop.png", full_page=True)

    # With a note: one save writes the whole district.
    row.get_by_label("李红梅的说明").fill("经组织调查，存在违反政治纪律问题")
    page.get_by_role("button", name=f"保存全部（{everyone} 人）").click()
    expect(page.locator(".message-success")).to_contain_text(f"新增 {everyone} 人，修改 0 人，0 人无变化")
    assert PoliticalReview.objects.filter(cycle=cycle, qualified=True).count() == everyone - 1
    assert PoliticalReview.objects.get(cycle=cycle, qualified=False).official_id == target.pk
    row = page.locator(f"#review-{target.pk}")
    expect(row.get_by_label("不合格")).to_be_checked()
    expect(row.get_by_label("李红梅的说明")).to_have_value("经组织调查，存在违反政治纪律问题")
    expect(page.locator(".ev-review-summary")).to_contain_text("不合格 1 名")
    _fits(page, DESKTOP["width"])
    page.screenshot(path=screenshots / "political-reviews-desktop.png", full_page=True)

    phone = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    sign_in(phone, "staff1")
    phone.goto(f"/evaluations/cycles/{cycle.pk}/political-reviews/")
    expect(phone.page.locator("tr.ev-review-row")).to_have_count(everyone)
    _fits(phone.page, PHONE["width"])
    phone.page.screenshot(path=screenshots / "political-reviews-phone.png", full_page=True)
    assert staff.foreign_requests() == [] and phone.foreign_requests() == []
