"""What-if in the system Chromium: staff open the simulation from the results page, raise the
share of 好, run it, read the counts and the one official who changes (the hand-computed
district of tests/fixtures/simulations.py), and download the comparison; on a desktop and a phone."""
import io

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import DESKTOP, PHONE, sign_in
from tests.fixtures.simulations import build_hand_district

pytestmark = pytest.mark.browser


@pytest.fixture
def hand(transactional_db):
    return build_hand_district()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_run_a_simulation_and_export_it(visit, hand, screenshots, viewport):
    v = visit(viewport, accept_downloads=True)
    sign_in(v, "cesuan_staff")
    page, name = v.page, "desktop" if viewport is DESKTOP else "phone"
    v.goto(f"/evaluations/cycles/{hand.cycle.pk}/results/")
    page.get_by_role("link", name="参数测算", exact=True).click()
    expect(page.get_by_role("heading", name="2026 年度参数测算")).to_be_visible()
    quota = page.get_by_label("“好”等次比例上限")
    expect(quota).to_have_value("0.3")
    page.screenshot(path=screenshots / f"simulation-form-{name}.png", full_page=True)

    quota.fill("0.5")
    page.get_by_role("button", name="开始测算").click()
    counts = page.locator("#simulation-counts")
    expect(counts.locator("tr[data-grade=good]")).to_contain_text("3")
    expect(counts.locator("tr[data-grade=good]")).to_contain_text("+1")
    changes = page.locator("#simulation-changes tbody tr")
    expect(changes).to_have_count(1)
    expect(changes.first).to_contain_text("乙")
    expect(changes.first).to_contain_text("职级晋升予以倾斜")
    expect(page.get_by_label("“好”等次比例上限")).to_have_value("0.5")  # the form keeps what was run
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    page.locator("#simulation-result").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"simulation-result-{name}.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="导出对比（Excel）").click()
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    rows = list(workbook["等次或结果运用变化"].iter_rows(min_row=3, values_only=True))
    assert [row[:2] for row in rows] == [("乙", "乙所在单位")]

    # Invalid settings come back on their field, nothing run.
    page.get_by_label("“好”分数线（不低于此分）").fill("50")
    page.get_by_role("button", name="开始测算").click()
    expect(page.locator(".field-error").first).to_contain_text("“较差”分数线必须低于“好”分数线")
    expect(page.locator("#simulation-result")).to_have_count(0)
