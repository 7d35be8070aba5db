"""The supervision information import: all-or-nothing, every problem listed by row and column."""
import datetime

import pytest
from django.urls import reverse

from cycles.models import Cycle
from records.models import SupervisionEntry
from tests.fixtures.excel import xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["干部编号", "干部", "单位", "信息类别", "发生日期", "信息来源", "内容摘要", "程度", "内部掌握",
           "建议负面清单编号"]


def upload(client, rows, world):
    file = xlsx(rows, title="监督信息", header_row=HEADERS)
    return client.post(reverse("records:import"), {"district": world.own.pk, "file": file})


def test_a_valid_file_is_imported_through_the_service(staff_client, world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    response = upload(staff_client, [
        [world.own_official.pk, None, None, "信访举报", datetime.date(2026, 3, 1), "区信访局", "反映问题", "关注", "否",
         None],
        [None, "李红梅", None, "媒体报道", "2026-04-02", "《市北日报》", "先进事迹", None, None, None],
        [None, "张建国", None, "安全生产通报", "2026-05-03", "区应急局", "隐患未整改", "预警", "是", "N07"],
    ], world)
    assert response.status_code == 302
    rows = list(SupervisionEntry.objects.order_by("occurred_on"))
    assert [(r.official, r.kind, r.severity, r.internal) for r in rows] == [
        (world.own_official, "petition", "attention", False), (world.other_official, "media_report", "info", False),
        (world.own_official, "safety_notice", "warning", True)]
    assert rows[2].proposed_item_id == "N07" and rows[2].proposed_cycle == world.own_cycle
    assert "导入" in rows[0].history.latest().history_change_reason


def test_any_bad_row_writes_nothing_and_every_problem_is_listed(staff_client, world):
    response = upload(staff_client, [
        [None, "张建国", None, "信访举报", "2026-03-01", "区信访局", "好行", None, None, None],
        [None, "无此人", None, "谣言", "2026-13-01", None, "x", "红色", None, "Z99"],
        [999999, None, None, "其他", "2099-01-01", "s", "未来", None, None, None],
    ], world)
    assert response.status_code == 400
    assert not SupervisionEntry.objects.exists()
    problems = [(p.row, p.column) for p in response.context["problems"]]
    # the header is row 2: data rows are 3, 4, 5
    assert (4, "B") in problems  # 干部
    assert (4, "D") in problems  # 信息类别
    assert (4, "E") in problems  # 发生日期
    assert (4, "F") in problems  # 信息来源
    assert (4, "H") in problems  # 程度
    assert (4, "J") in problems  # 建议负面清单编号
    assert (5, "A") in problems  # 干部编号
    page = response.content.decode()
    assert "第 4 行" in page and "信息类别" in page


def test_a_service_refusal_in_a_later_row_is_listed_too(staff_client, world):
    response = upload(staff_client, [
        [None, "张建国", None, "其他", "2026-03-01", "s", "首行有错", "红色", None, None],
        [None, "张建国", None, "其他", "2099-03-01", "s", "未来日期", None, None, None],
    ], world)
    assert response.status_code == 400
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert (3, "H") in problems and (4, "E") in problems
    assert not SupervisionEntry.objects.exists()


def test_another_districts_official_is_not_found(staff_client, world):
    response = upload(staff_client, [
        [world.foreign_official.pk, None, None, "其他", "2026-03-01", "s", "x", None, None, None]], world)
    assert response.status_code == 400 and not SupervisionEntry.objects.exists()
    assert "崂山" not in response.content.decode()


def test_a_file_that_is_not_an_xlsx_is_refused(staff_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff_client.post(reverse("records:import"), {
        "district": world.own.pk, "file": SimpleUploadedFile("a.xlsx", b"name,kind\n", content_type="text/csv")})
    assert response.status_code == 400 and response.context["problems"]
    assert not SupervisionEntry.objects.exists()


def test_the_template_imports_back(staff_client, world):
    import io

    from openpyxl import load_workbook

    template = load_workbook(io.BytesIO(b"".join(staff_client.get(reverse("records:template")).streaming_content)))
    sheet = template["监督信息"]
    book_rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=2)]
    assert book_rows[0] == HEADERS
    response = upload(staff_client, [[None, "张建国", None, "其他", "2026-03-01", "s", "x", None, None, None]], world)
    assert response.status_code == 302 and SupervisionEntry.objects.count() == 1


def test_leaders_cannot_import(client, world):
    client.force_login(world.users["leader"])
    assert client.get(reverse("records:import")).status_code == 403
