"""The Excel app in English: pages and import problems in English for an English-language user,
exports with English headers on request (?headers=en), Chinese workbooks by default whatever the
page language, and a workbook exported with English headers imports back."""
import io
from urllib.parse import unquote

import pytest
from django.conf import settings
from openpyxl import load_workbook

from evaluations.models import QuarterlyScore
from excel import layouts
from excel.models import ImportRecord
from tests.fixtures.excel import rows_of, workbook_of, xlsx

pytestmark = pytest.mark.django_db

ENGLISH_SCORE_HEADERS = ["Pledge ID", "Official", "Unit", "Category", "Title", "Quarter", "Released", "Score",
                         "Quarterly letter grade", "Information gathering method", "Scoring note",
                         "Reason for the change"]


@pytest.fixture
def english(staff_client):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return staff_client


def _export(client, cycle, name, **query):
    response = client.get(f"/excel/cycles/{cycle.pk}/exports/{name}.xlsx", query)
    assert response.status_code == 200
    return response


def test_a_bad_row_is_reported_in_english_naming_row_column_and_field(world, scored_year, english):
    pledge = scored_year[world.own_official.pk][0]
    rows = [[pledge.pk, "", "", "", "", 1, "", 130, None, None, None, None],
            [pledge.pk, "", "", "", "", 2, "", None, "Z", None, None, None]]
    upload = xlsx(rows, title="季度评分", header_row=layouts.QUARTERLY_SCORES.headers)
    response = english.post(f"/excel/cycles/{world.own_cycle.pk}/imports/quarterly-scores/", {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Import of “Quarterly score sheet” failed: 2 problems; nothing was written." in html
    assert "<th scope=\"col\">Sheet</th>" in html and "<th scope=\"col\">Problem</th>" in html
    assert ("<td>季度评分</td><td class=\"num\">3</td><td>H</td>"
            "<td>Score: Should be between 0 and 100, not 130.</td>") in html
    assert "<td class=\"num\">4</td><td>I</td><td>Quarterly letter grade: Should be one of" in html
    assert "导入失败" not in html and "应在" not in html
    assert QuarterlyScore.objects.count() == 0


def test_the_api_answers_problems_in_english_for_an_english_user(world, scored_year, api):
    client = api.as_(world.users["staff"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = [["abc", "", "", "", "", 1, "", 90, None, None, None, None]]
    upload = xlsx(rows, title="季度评分", header_row=layouts.QUARTERLY_SCORES.headers)
    response = client.post(f"/api/v1/cycles/{world.own_cycle.pk}/imports/quarterly-scores/", {"file": upload},
                           format="multipart")
    assert response.status_code == 400
    assert response.json()["detail"] == "Import failed: 1 problem; nothing was written."
    assert response.json()["errors"] == [{"sheet": "季度评分", "row": 3, "column": "A",
                                          "message": "Pledge ID: Should be a whole number, not “abc”."}]


def test_a_file_refused_as_a_whole_is_explained_in_english(world, scored_year, english):
    upload = io.BytesIO(b"name,score\n")
    upload.name = "scores.xlsx"
    response = english.post(f"/excel/cycles/{world.own_cycle.pk}/imports/quarterly-scores/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Not a valid Excel file (.xlsx); CSV, text or renamed files cannot be imported." in html
    assert "不是有效的" not in html


def test_an_export_with_english_headers_opens_with_the_english_header_row(world, scored_year, staff_client):
    response = _export(staff_client, world.own_cycle, "quarterly-scores", headers="en")
    assert "Quarterly score sheet.xlsx" in unquote(response["Content-Disposition"])
    book = workbook_of(response)
    sheet = book.worksheets[0]
    assert sheet.title == "Quarterly score"
    assert [c.value for c in sheet[2]] == ENGLISH_SCORE_HEADERS
    assert "Quarterly score sheet (exported " in sheet["A1"].value
    assert len(rows_of(sheet)) == 24
    # the cell values are the words the import reads, in Chinese
    assert {row[6] for row in rows_of(sheet)} == {"否"}
    settings_sheet = book["Review settings"]
    assert [c.value for c in settings_sheet[2]] == ["Setting", "Value"]


def test_exports_stay_chinese_by_default_even_for_an_english_user(world, scored_year, english):
    response = _export(english, world.own_cycle, "quarterly-scores")
    assert "季度评分表.xlsx" in unquote(response["Content-Disposition"])
    book = workbook_of(response)
    sheet = book.worksheets[0]
    assert sheet.title == "季度评分"
    assert [c.value for c in sheet[2]] == layouts.QUARTERLY_SCORES.headers
    assert [c.value for c in sheet[2]][:3] == ["目标编号", "干部", "单位"]
    assert "年度 季度评分表（导出日期：" in sheet["A1"].value
    assert [c.value for c in book["考核参数"][2]] == ["参数", "取值"]


def test_an_unknown_headers_value_gives_the_chinese_workbook(world, scored_year, staff_client):
    sheet = workbook_of(_export(staff_client, world.own_cycle, "officials", headers="fr")).worksheets[0]
    assert [c.value for c in sheet[2]] == layouts.OFFICIALS.headers


def test_a_workbook_exported_with_english_headers_imports_back(world, scored_year, english):
    cycle = world.own_cycle
    book = load_workbook(io.BytesIO(b"".join(
        _export(english, cycle, "quarterly-scores", headers="en").streaming_content)))
    sheet = book["Quarterly score"]
    score = ENGLISH_SCORE_HEADERS.index("Score") + 1
    quarter = ENGLISH_SCORE_HEADERS.index("Quarter") + 1
    for row in sheet.iter_rows(min_row=3):
        if row[quarter - 1].value == 1:
            row[score - 1].value = 86
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "scores-en.xlsx"
    response = english.post(f"/excel/cycles/{cycle.pk}/imports/quarterly-scores/", {"file": upload}, follow=True)
    html = response.content.decode()
    assert "“Quarterly score sheet” imported: 24 rows, 6 added, 0 changed." in html
    assert QuarterlyScore.objects.filter(quarter=1, score=86).count() == 6
    assert ImportRecord.objects.get().created == 6


def test_the_page_offers_the_header_language_and_speaks_english(world, scored_year, english):
    html = english.get(f"/excel/cycles/{world.own_cycle.pk}/").content.decode()
    assert '<select name="headers"' in html and '<option value="en">English</option>' in html
    assert "Chinese (default)" in html and "Quarterly score sheet" in html and "Download template" in html
