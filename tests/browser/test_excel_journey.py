"""Staff take the quarterly score template from the Excel page, fill it, upload a version with
mistakes (every problem shown in a table, nothing written), fix it and import it."""
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from evaluations.models import QuarterlyScore
from tests.fixtures.browser import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.browser
def _filled(template: bytes, score) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=3):
        if row[5].value == 1:
            row[7].value = score
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_staff_export_fill_and_import_the_quarterly_scores(world, scored_year, visit, screenshots, tmp_path):
    cycle = world.own_cycle
    staff = visit(DESKTOP)
    page = staff.page
    sign_in(staff, "staff1")
    staff.goto(f"/evaluations/cycles/{cycle.pk}/")
    page.get_by_role("link", name="Excel 导入导出").first.click()
    expect(page.get_by_role("heading", name="Excel 导入导出")).to_be_visible()
    expect(page.locator("#export-results")).to_contain_text("考评结果报告")

    # the template is the export: download it as a user would
    card = page.locator("#export-quarterly-scores")
    with page.expect_download() as download:
        card.get_by_role("button", name="下载 .xlsx").click()
    assert download.value.suggested_filename.endswith("季度评分表.xlsx")
    template = (tmp_path / "template.xlsx")
    download.value.save_as(template)
    page.screenshot(path=screenshots / "excel-desktop.png", full_page=True)

    # a file with mistakes: every problem in a table, nothing written
    bad = tmp_path / "有误的评分表.xlsx"
    bad.write_bytes(_filled(template.read_bytes(), 120))
    page.locator("#file-quarterly-scores").set_input_files(str(bad))
    page.locator("#import-quarterly-scores").get_by_role("button", name="上传导入").click()
    expect(page.locator("#problems")).to_contain_text("未写入任何数据")
    expect(page.locator(".xl-problems tbody tr")).to_have_count(6)
    expect(page.locator(".xl-problems")).to_contain_text("得分：应在 0 到 100 之间，现为 120。")
    page.screenshot(path=screenshots / "excel-errors-desktop.png", full_page=True)
    assert QuarterlyScore.objects.count() == 0

    # fixed: imported, and said so
    good = tmp_path / "评分表.xlsx"
    good.write_bytes(_filled(template.read_bytes(), 92.5))
    page.locator("#file-quarterly-scores").set_input_files(str(good))
    page.locator("#import-quarterly-scores").get_by_role("button", name="上传导入").click()
    expect(page.locator(".messages")).to_contain_text("新增 6 条")
    expect(page.locator("#history")).to_contain_text("评分表.xlsx")
    assert QuarterlyScore.objects.filter(quarter=1).count() == 6

    phone = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    sign_in(phone, "staff1")
    phone.goto(f"/excel/cycles/{cycle.pk}/")
    assert phone.page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    phone.page.screenshot(path=screenshots / "excel-phone.png", full_page=True)
    phone.page.locator("#history").screenshot(path=screenshots / "excel-history-phone.png")
    assert staff.foreign_requests() == [] and phone.foreign_requests() == []
