"""Exports: every workbook opens in openpyxl with its title, headers, values, frozen header,
widths, number formats and the settings sheet; text that looks like a formula stays text."""
import datetime
from decimal import Decimal

import pytest

from evaluations import compute
from excel import layouts
from pledges.models import Pledge
from tests.fixtures.excel import rows_of, workbook_of

pytestmark = pytest.mark.django_db


def _get(staff_client, cycle, name, **query):
    response = staff_client.get(f"/api/v1/cycles/{cycle.pk}/exports/{name}.xlsx", query)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    return workbook_of(response)


def _check_frame(book, layout, *, district="市北区", year=2026):
    sheet = book.worksheets[0]
    assert sheet.title == layout.sheet
    title = sheet["A1"].value
    assert district in title and f"{year} 年度" in title and layout.title in title
    assert f"{datetime.date.today():%Y-%m-%d}" in title or "导出日期" in title
    assert [c.value for c in sheet[2]] == layout.headers
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width == layout.columns[0].width
    settings = book["考核参数"]
    labels = [r[0] for r in settings.iter_rows(min_row=3, values_only=True)]
    assert "四维权重（单位绩效 / 履职践诺 / 多维测评）" in labels and "“好”等次比例上限" in labels
    return sheet


def test_results_report_has_ranks_grades_as_words_and_outcomes(world, full_year, staff_client):
    compute.cycle_compute(cycle=full_year)
    book = _get(staff_client, full_year, "results")
    sheet = _check_frame(book, layouts.RESULTS)
    rows = rows_of(sheet)
    assert len(rows) == 2
    by_name = {r[2]: dict(zip(layouts.RESULTS.headers, r, strict=True)) for r in rows}
    zhang = by_name["张建国"]
    assert zhang["单位"] == "区人社局" and zhang["职务"] == "党组书记、局长"
    assert zhang["评定等次"] in ("好", "一般", "较差")
    assert zhang["一票否决"] == "否"
    assert isinstance(zhang["综合得分"], (int, float)) and zhang["综合得分"] > 0
    assert zhang["名次"] in (1, 2)
    if zhang["评定等次"] == "好":
        assert "全区通报表扬" in zhang["结果运用"]
    # number formats: two decimals for scores
    score_cell = sheet.cell(row=3, column=layouts.RESULTS.headers.index("综合得分") + 1)
    assert score_cell.number_format == "0.00"


def test_results_report_sheet_protection_is_an_option(world, full_year, staff_client):
    compute.cycle_compute(cycle=full_year)
    assert _get(staff_client, full_year, "results").worksheets[0].protection.sheet is False
    assert _get(staff_client, full_year, "results", protect=1).worksheets[0].protection.sheet is True


def test_incomplete_officials_are_listed_after_the_ranked_with_what_is_missing(world, scored_year, staff_client):
    compute.cycle_compute(cycle=world.own_cycle)
    rows = rows_of(_get(staff_client, world.own_cycle, "results").worksheets[0])
    assert len(rows) == 2
    for row in rows:
        record = dict(zip(layouts.RESULTS.headers, row, strict=True))
        assert record["名次"] is None and record["评定等次"] == "未评定（数据不全）" and record["缺少的数据"]


def test_quarterly_score_sheet_lists_each_approved_pledge_per_quarter(world, scored_year, staff_client):
    from evaluations import services

    pledge = scored_year[world.own_official.pk][0]
    services.quarterly_score_record(actor=world.users["staff"], pledge=pledge, quarter=2, score=Decimal("87.5"),
                                    note="现场查看")
    services.quarterly_score_record(actor=world.users["staff"], pledge=pledge, quarter=3, letter="A")
    sheet = _check_frame(_get(staff_client, world.own_cycle, "quarterly-scores"), layouts.QUARTERLY_SCORES)
    rows = [dict(zip(layouts.QUARTERLY_SCORES.headers, r, strict=True)) for r in rows_of(sheet)]
    assert len(rows) == 6 * 4
    mine = {r["季度"]: r for r in rows if r["目标编号"] == pledge.pk}
    assert mine[2]["得分"] == 87.5 and mine[2]["评分说明"] == "现场查看" and mine[2]["信息采集方式"] == "专题调查"
    assert mine[3]["季度评级"] == "A" and mine[3]["得分"] is None
    assert mine[1]["得分"] is None and mine[1]["季度评级"] is None
    assert mine[1]["类别"] == "党的建设和干部队伍建设"
    # the template offers drop-downs for the letter and the method
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"A,B,C"' in formulas and any("专题调查" in f for f in formulas)


def test_quarterly_score_sheet_for_one_quarter(world, scored_year, staff_client):
    book = _get(staff_client, world.own_cycle, "quarterly-scores", quarter=3)
    rows = rows_of(book.worksheets[0])
    assert len(rows) == 6 and {r[5] for r in rows} == {3}
    assert "第 3 季度" in book.worksheets[0]["A1"].value


def test_pledge_register_has_every_pledge_with_words_for_codes(world, scored_year, staff_client):
    sheet = _check_frame(_get(staff_client, world.own_cycle, "pledges"), layouts.PLEDGES)
    rows = [dict(zip(layouts.PLEDGES.headers, r, strict=True)) for r in rows_of(sheet)]
    assert len(rows) == Pledge.objects.filter(cycle=world.own_cycle).count() == 6
    first = next(r for r in rows if r["干部"] == "张建国" and r["类别"] == "党的建设和干部队伍建设")
    assert first["承诺类型"] == "年度承诺" and first["状态"] == "已通过" and first["评级"] == "A 级"
    assert first["工作难度"] == 3 and first["第二季度节点"] == "第2季度完成阶段任务"
    assert first["目标数值"] == 2


def test_officials_roster_and_year_end_sheets(world, full_year, staff_client):
    roster = _check_frame(_get(staff_client, full_year, "officials"), layouts.OFFICIALS)
    rows = [dict(zip(layouts.OFFICIALS.headers, r, strict=True)) for r in rows_of(roster)]
    assert {r["姓名"] for r in rows} == {"张建国", "李红梅"}
    zhang = next(r for r in rows if r["姓名"] == "张建国")
    assert zhang["党政正职"] == "是" and zhang["职级"] == "正处级"
    assert isinstance(zhang["任现职时间"], datetime.datetime)
    units = rows_of(_check_frame(_get(staff_client, full_year, "unit-scores"), layouts.UNIT_SCORES))
    assert {r[1]: r[3] for r in units}["区人社局"] == 88
    surveys = rows_of(_check_frame(_get(staff_client, full_year, "survey-scores"), layouts.SURVEY_SCORES))
    assert {r[1]: r[3] for r in surveys}["张建国"] == 85


FORMULA_LIKE = ["=1+2", "+SUM(A1:A9)", "-2+3", "@cmd", "\tTAB", "\r=HYPERLINK(\"x\")"]


@pytest.mark.parametrize("value", FORMULA_LIKE)
def test_text_that_looks_like_a_formula_is_written_as_text(world, scored_year, staff_client, value):
    """CWE-1236: names and pledge text starting with = + - @ tab or CR never become formulas."""
    official = world.own_official
    official.name = value + "张"
    official.save()
    Pledge.objects.filter(official=official).update(title=value + "目标", content=value)
    for name, column in (("pledges", "目标名称"), ("officials", "姓名"), ("quarterly-scores", "目标名称")):
        sheet = _get(staff_client, world.own_cycle, name).worksheets[0]
        layout = {"pledges": layouts.PLEDGES, "officials": layouts.OFFICIALS,
                  "quarterly-scores": layouts.QUARTERLY_SCORES}[name]
        index = layout.headers.index(column) + 1
        cells = [sheet.cell(row=r, column=index) for r in range(3, sheet.max_row + 1)]
        # (XML reads a leading carriage return back as a line feed: still text.)
        hostile = [c for c in cells if isinstance(c.value, str) and value.strip() in c.value]
        assert hostile, name
        for cell in hostile:
            assert cell.data_type == "s", (name, cell.value)
            assert cell.quotePrefix is True
        assert all(not (isinstance(c.value, str) and c.data_type == "f") for c in cells)


def test_reports_print_as_reports(world, full_year, staff_client):
    """A4 landscape, one page wide, title and header repeated on every page, page numbers, and
    rows tall enough for their wrapped text."""
    compute.cycle_compute(cycle=full_year)
    sheet = _get(staff_client, full_year, "results").worksheets[0]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$2"
    assert "&P" in sheet.oddFooter.center.text
    outcomes = layouts.RESULTS.headers.index("结果运用") + 1
    for row in range(3, sheet.max_row + 1):
        text = sheet.cell(row=row, column=outcomes).value or ""
        if len(text) > 25:
            assert sheet.row_dimensions[row].height >= 30, text
    assert sheet.cell(row=3, column=outcomes).alignment.wrap_text is True


def test_political_review_sheet_lists_each_principal_official_with_the_result_in_words(world, full_year,
                                                                                      staff_client):
    from evaluations import services
    from tests.factories import OfficialFactory

    OfficialFactory(unit=world.own_unit, name="副职干部", is_principal=False)
    services.political_review_record(actor=world.users["staff"], official=world.other_official, cycle=full_year,
                                     qualified=False, note="=违反纪律")
    book = _get(staff_client, full_year, "political-reviews")
    sheet = _check_frame(book, layouts.POLITICAL_REVIEWS)
    assert rows_of(sheet) == [
        [world.own_official.pk, "张建国", "区人社局", "合格", None],
        [world.other_official.pk, "李红梅", "辽宁路街道", "不合格", "=违反纪律"],
    ]
    assert sheet["E4"].data_type == "s" and sheet["E4"].quotePrefix  # formula-like text stays text
    assert '"合格,不合格"' in {dv.formula1 for dv in sheet.data_validations.dataValidation}
