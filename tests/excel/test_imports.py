"""Imports: the export is the template (round trip), every row is checked with the API's rules,
any problem → nothing written and every problem listed, a valid file is audited and importing
it again changes nothing."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cycles.models import Cycle
from evaluations import services
from evaluations.models import QuarterlyScore, SurveyScore, UnitScore
from excel import layouts
from excel.models import ImportRecord
from org.models import Official, Post
from pledges.models import Pledge
from tests.fixtures.excel import xlsx

pytestmark = pytest.mark.django_db


def _export(client, cycle, name, **query) -> io.BytesIO:
    response = client.get(f"/api/v1/cycles/{cycle.pk}/exports/{name}.xlsx", query)
    assert response.status_code == 200
    return io.BytesIO(b"".join(response.streaming_content))


def _fill(template: io.BytesIO, layout, fill) -> io.BytesIO:
    """Open the template as staff would in Excel, let `fill(record)` change each data row (a dict
    by header), and save it."""
    book = load_workbook(template)
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[2]]
    assert headers == layout.headers
    for row in sheet.iter_rows(min_row=3):
        record = {h: c.value for h, c in zip(headers, row, strict=True)}
        fill(record)
        for h, c in zip(headers, row, strict=True):
            if record[h] != c.value:
                c.value = record[h]
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "季度评分.xlsx"
    return out


def _import(client, cycle, name, upload):
    upload.seek(0)
    return client.post(f"/api/v1/cycles/{cycle.pk}/imports/{name}/", {"file": upload}, format="multipart")


@pytest.fixture
def staff_api(api, world):
    return api.as_(world.users["staff"])


def _history_count():
    return QuarterlyScore.history.count()


# --- quarterly scores ----------------------------------------------------------------------


def test_quarterly_score_round_trip_export_fill_import(world, scored_year, staff_api):
    cycle = world.own_cycle
    untouched = _export(staff_api, cycle, "quarterly-scores")
    # an untouched template imports and changes nothing
    response = _import(staff_api, cycle, "quarterly-scores", untouched)
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 0 and response.json()["updated"] == 0 and response.json()["rows"] == 24

    def fill(record):
        if record["季度"] == 1:
            record["得分"] = 91.5
            record["评分说明"] = "专题调查，进度符合预期"
        elif record["季度"] == 2:
            record["季度评级"] = "B"
            record["信息采集方式"] = "现场观摩"

    filled = _fill(_export(staff_api, cycle, "quarterly-scores"), layouts.QUARTERLY_SCORES, fill)
    response = _import(staff_api, cycle, "quarterly-scores", filled)
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 12 and response.json()["updated"] == 0
    q1 = QuarterlyScore.objects.filter(pledge__cycle=cycle, quarter=1)
    assert q1.count() == 6 and {s.score for s in q1} == {Decimal("91.5")}
    assert {s.note for s in q1} == {"专题调查，进度符合预期"}
    q2 = QuarterlyScore.objects.filter(pledge__cycle=cycle, quarter=2)
    assert {(s.letter, s.score, s.method) for s in q2} == {("B", None, "site_visit")}
    # audited: who and which file
    record = QuarterlyScore.history.filter(quarter=1).first()
    assert record.history_user == world.users["staff"] and "季度评分.xlsx" in record.history_change_reason
    assert ImportRecord.objects.get(created=12).imported_by == world.users["staff"]
    # the same file again changes nothing; so does the re-exported sheet
    history = _history_count()
    again = _import(staff_api, cycle, "quarterly-scores", filled)
    assert again.json()["created"] == 0 and again.json()["updated"] == 0
    re_exported = _export(staff_api, cycle, "quarterly-scores")
    assert _import(staff_api, cycle, "quarterly-scores", re_exported).json()["updated"] == 0
    assert _history_count() == history


def test_changed_scores_are_updated_and_counted(world, scored_year, staff_api):
    cycle = world.own_cycle
    pledge = scored_year[world.own_official.pk][0]
    services.quarterly_score_record(actor=world.users["staff"], pledge=pledge, quarter=1, score=Decimal("70"))

    def fill(record):
        if record["目标编号"] == pledge.pk and record["季度"] == 1:
            record["得分"] = 75

    response = _import(staff_api, cycle, "quarterly-scores",
                       _fill(_export(staff_api, cycle, "quarterly-scores"), layouts.QUARTERLY_SCORES, fill))
    assert response.json()["updated"] == 1 and response.json()["created"] == 0
    assert QuarterlyScore.objects.get(pledge=pledge, quarter=1).score == Decimal("75")


def test_any_bad_row_writes_nothing_and_every_problem_is_listed(world, scored_year, staff_api):
    cycle = world.own_cycle
    foreign_pledge = Pledge.objects.create(
        official=world.foreign_official, cycle=world.foreign_cycle, category="key_work", title="外区目标", content="c",
        target="t", milestones=[], status="approved", due_on=world.foreign_cycle.pledge_deadline, difficulty=2,
        innovation=2, contribution=2, grade="B")
    mine = [p.pk for p in scored_year[world.own_official.pk]]
    headers = layouts.QUARTERLY_SCORES.headers
    rows = [
        [mine[0], "", "", "", "", 1, "", 88, None, "专题调查", "好", None],  # good
        [mine[1], "", "", "", "", 1, "", 101, None, None, None, None],  # out of range
        [mine[1], "", "", "", "", 2, "", 80.25, None, None, None, None],  # two decimals
        [mine[2], "", "", "", "", 1, "", 80, "A", None, None, None],  # both
        [mine[2], "", "", "", "", 2, "", None, "D", None, None, None],  # bad letter
        [mine[0], "", "", "", "", 1, "", 90, None, None, None, None],  # duplicate of the first
        [foreign_pledge.pk, "", "", "", "", 1, "", 90, None, None, None, None],  # another district's
        [mine[0], "", "", "", "", 5, "", 90, None, None, None, None],  # no such quarter
        ["abc", "", "", "", "", 1, "", 90, None, None, None, None],  # not a number
        [mine[0], "", "", "", "", 3, "", 90, None, "电话", None, None],  # unknown method
    ]
    response = _import(staff_api, cycle, "quarterly-scores", xlsx(rows, title="季度评分", header_row=headers))
    assert response.status_code == 400
    errors = response.json()["errors"]
    by_row = {}
    for e in errors:
        assert set(e) == {"sheet", "row", "column", "message"} and e["sheet"] == "季度评分"
        by_row.setdefault(e["row"], []).append(e)
    assert set(by_row) == {4, 5, 6, 7, 8, 9, 10, 11, 12}
    assert by_row[4][0]["column"] == "H" and "0 到 100" in by_row[4][0]["message"]
    assert "一位小数" in by_row[5][0]["message"] or "1 位小数" in by_row[5][0]["message"]
    assert "只能填写一项" in by_row[6][0]["message"]
    assert by_row[7][0]["column"] == "I"
    assert "重复" in by_row[8][0]["message"]
    assert "找不到" in by_row[9][0]["message"] and "外区" not in str(by_row[9])
    assert by_row[10][0]["column"] == "F"
    assert by_row[11][0]["column"] == "A"
    assert by_row[12][0]["column"] == "J"
    assert QuarterlyScore.objects.count() == 0 and ImportRecord.objects.count() == 0
    assert _history_count() == 0


def test_a_released_quarter_needs_a_reason_per_changed_row(world, scored_year, staff_api):
    cycle = world.own_cycle
    staff = world.users["staff"]
    for rows in scored_year.values():
        for pledge in rows:
            services.quarterly_score_record(actor=staff, pledge=pledge, quarter=1, score=Decimal("80"))
    services.quarter_release(actor=staff, cycle=cycle, quarter=1)
    target = scored_year[world.own_official.pk][0].pk

    def fill(record):
        if record["目标编号"] == target and record["季度"] == 1:
            record["得分"] = 85

    without = _fill(_export(staff_api, cycle, "quarterly-scores"), layouts.QUARTERLY_SCORES, fill)
    response = _import(staff_api, cycle, "quarterly-scores", without)
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["column"] == "L" and "理由" in problem["message"]

    def fill_with_reason(record):
        fill(record)
        if record["目标编号"] == target and record["季度"] == 1:
            record["修改理由"] = "复核后调整"

    response = _import(staff_api, cycle, "quarterly-scores",
                       _fill(_export(staff_api, cycle, "quarterly-scores"), layouts.QUARTERLY_SCORES, fill_with_reason))
    assert response.status_code == 200 and response.json()["updated"] == 1
    assert QuarterlyScore.history.filter(quarter=1, score=85).first().history_change_reason == "复核后调整"


def test_scores_are_refused_in_planning_with_one_clear_message(world, scored_year, staff_api):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="planning")
    rows = [[scored_year[world.own_official.pk][0].pk, "", "", "", "", 1, "", 88, None, None, None, None]]
    response = _import(staff_api, world.own_cycle, "quarterly-scores",
                       xlsx(rows, header_row=layouts.QUARTERLY_SCORES.headers))
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["row"] is None and "筹备" in problem["message"]


# --- year-end scores ------------------------------------------------------------------------


def test_unit_and_survey_scores_round_trip(world, scored_year, staff_api):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    cycle = world.own_cycle

    def units(record):
        record["综合绩效得分"] = 90.5 if record["单位"] == "区人社局" else 87

    response = _import(staff_api, cycle, "unit-scores", _fill(_export(staff_api, cycle, "unit-scores"),
                                                              layouts.UNIT_SCORES, units))
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 2
    assert UnitScore.objects.get(unit=world.own_unit).score == Decimal("90.5")

    def surveys(record):
        record["上级"], record["同级"] = 92, 88.25

    response = _import(staff_api, cycle, "survey-scores", _fill(_export(staff_api, cycle, "survey-scores"),
                                                                layouts.SURVEY_SCORES, surveys))
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 4
    assert SurveyScore.objects.get(official=world.own_official, rater_group="peer").score == Decimal("88.25")
    again = _import(staff_api, cycle, "survey-scores", _export(staff_api, cycle, "survey-scores"))
    assert again.json()["created"] == 0 and again.json()["updated"] == 0
    again = _import(staff_api, cycle, "unit-scores", _export(staff_api, cycle, "unit-scores"))
    assert again.json()["created"] == 0 and again.json()["updated"] == 0


def test_year_end_rows_naming_unknown_units_or_officials_are_listed(world, scored_year, staff_api):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    response = _import(staff_api, world.own_cycle, "unit-scores", xlsx(
        [[None, "不存在的局", "部门", 90], [world.foreign_unit.pk, "x", "部门", 90], [None, "区人社局", "部门", 120]],
        title=layouts.UNIT_SCORES.sheet, header_row=layouts.UNIT_SCORES.headers))
    assert response.status_code == 400
    messages = [(e["row"], e["column"], e["message"]) for e in response.json()["errors"]]
    assert messages[0][:2] == (3, "B") and "不存在的局" in messages[0][2]
    assert messages[1][:2] == (4, "A") and "外区" not in messages[1][2]
    assert messages[2][:2] == (5, "D")
    assert UnitScore.objects.count() == 0


# --- officials and pledges --------------------------------------------------------------------


def test_officials_roster_creates_and_updates_with_post_history(world, staff_api):
    cycle = world.own_cycle

    def fill(record):
        if record["姓名"] == "张建国":
            record["职务"] = "党组书记、局长、一级调研员"
            import datetime
            record["任现职时间"] = datetime.datetime(2026, 6, 1)

    book = load_workbook(_fill(_export(staff_api, cycle, "officials"), layouts.OFFICIALS, fill))
    book.worksheets[0].append([None, "赵新", "辽宁路街道", "党工委书记", "正处级", "是", "2026-03-02", "0532-1234"])
    out = io.BytesIO()
    book.save(out)
    out.name = "干部名册.xlsx"
    response = _import(staff_api, cycle, "officials", out)
    assert response.status_code == 200, response.json()
    assert response.json() == {**response.json(), "created": 1, "updated": 1}
    zhang = Official.objects.get(pk=world.own_official.pk)
    assert zhang.position == "党组书记、局长、一级调研员"
    assert Post.objects.filter(official=zhang).count() == 2  # the old post ended, a new one opened
    zhao = Official.objects.get(name="赵新")
    assert zhao.unit.name == "辽宁路街道" and str(zhao.appointed_on) == "2026-03-02"
    again = _import(staff_api, cycle, "officials", _export(staff_api, cycle, "officials"))
    assert again.json()["created"] == 0 and again.json()["updated"] == 0


def test_officials_rows_with_dates_as_text_or_unknown_units_are_refused(world, staff_api):
    count = Official.objects.count()
    response = _import(staff_api, world.own_cycle, "officials", xlsx([
        [None, "钱一", "区人社局", "局长", "正处级", "是", "2024年3月1日", None],
        [None, "孙二", "无此单位", "局长", "正处级", "是", "2024-03-01", None],
        [None, "李三", "区人社局", "局长", "处长", "是", "2024-03-01", None],
        [None, "周四", "区人社局", "局长", "正处级", "是", "三月", None],
    ], title=layouts.OFFICIALS.sheet, header_row=layouts.OFFICIALS.headers))
    assert response.status_code == 400
    errors = {(e["row"], e["column"]): e["message"] for e in response.json()["errors"]}
    assert "日期" in errors[(3, "G")] and "2024年3月1日" in errors[(3, "G")]
    assert "无此单位" in errors[(4, "C")]
    assert "正处级" in errors[(5, "E")]
    assert (6, "G") in errors
    assert Official.objects.count() == count


def test_pledges_import_files_drafts_for_officials_and_checks_them_like_the_api(world, staff_api):
    cycle = world.own_cycle
    headers = layouts.PLEDGES.headers

    def row(category, title, **extra):
        values = {"干部编号": world.own_official.pk, "干部": "张建国", "承诺类型": "年度承诺", "类别": category,
                  "目标名称": title, "工作内容": "内容", "量化目标": "不少于 2 座", "目标数值": 2, "计量单位": "座",
                  "第一季度节点": "调研", "第二季度节点": "2026-05-10：启动\n推进", "第三季度节点": "验收",
                  "第四季度节点": "总结", **extra}
        return [values.get(h) for h in headers]

    good = [row("党的建设和干部队伍建设", "党建引领"), row("创新创优工作", "创新"), row("服务全区重点工作", "楼宇经济")]
    bad = good + [row("其他", "错误类别"), row("创新创优工作", "缺节点", 第三季度节点=None)]
    response = _import(staff_api, cycle, "pledges", xlsx(bad, title=layouts.PLEDGES.sheet, header_row=headers))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {e["row"] for e in errors} == {6, 7}
    assert any("第 3 季度" in e["message"] for e in errors)
    assert Pledge.objects.count() == 0

    upload = xlsx(good, title=layouts.PLEDGES.sheet, header_row=headers)
    response = _import(staff_api, cycle, "pledges", upload)
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 3
    pledge = Pledge.objects.get(title="楼宇经济")
    assert pledge.status == "draft" and pledge.official == world.own_official
    assert {"quarter": 2, "description": "启动", "due_on": "2026-05-10"} in pledge.milestones
    assert _import(staff_api, cycle, "pledges", upload).json()["created"] == 0
    assert _import(staff_api, cycle, "pledges", _export(staff_api, cycle, "pledges")).json()["created"] == 0
    assert Pledge.objects.count() == 3


# --- who may -----------------------------------------------------------------------------------


def test_only_staff_of_the_district_import_and_readers_export(world, scored_year, api):
    cycle = world.own_cycle
    template = _export(api.as_(world.users["staff"]), cycle, "quarterly-scores")
    assert _import(api.as_(world.users["leader"]), cycle, "quarterly-scores", template).status_code == 403
    assert _import(api.as_(world.users["official"]), cycle, "quarterly-scores", template).status_code == 403
    assert _import(api.as_(world.users["foreign_staff"]), cycle, "quarterly-scores", template).status_code == 404
    assert _import(api, cycle, "quarterly-scores", template).status_code in (401, 403)
    url = f"/api/v1/cycles/{cycle.pk}/exports/results.xlsx"
    assert api.as_(world.users["leader"]).get(url).status_code == 200
    assert api.as_(world.users["official"]).get(url).status_code == 403
    assert api.as_(world.users["foreign_staff"]).get(url).status_code == 404
    assert api.get(url).status_code in (401, 403)
    assert api.as_(world.users["staff"]).get(f"/api/v1/cycles/{cycle.pk}/exports/nothing.xlsx").status_code == 404


def test_a_bad_row_after_rows_already_written_in_batches_still_writes_nothing(world, scored_year, staff_api,
                                                                            monkeypatch):
    """Large files are written in batches while they are clean; a later bad row undoes them."""
    from excel import imports

    monkeypatch.setattr(imports, "FLUSH_ROWS", 2)
    pledges = [p.pk for rows in scored_year.values() for p in rows]
    rows = [[pk, "", "", "", "", q, "", 80, None, None, None, None] for pk in pledges for q in (1, 2)]
    rows.append([pledges[0], "", "", "", "", 3, "", 200, None, None, None, None])
    response = _import(staff_api, world.own_cycle, "quarterly-scores",
                       xlsx(rows, header_row=layouts.QUARTERLY_SCORES.headers))
    assert response.status_code == 400 and len(response.json()["errors"]) == 1
    assert QuarterlyScore.objects.count() == 0 and QuarterlyScore.history.count() == 0


# --- which sheet is read -------------------------------------------------------------------


def test_the_sheet_is_read_by_its_name_not_its_place_even_behind_a_hidden_first_sheet(world, scored_year, staff_api):
    """A hidden first sheet holding other scores must not be what is imported."""
    from openpyxl import Workbook

    headers = layouts.QUARTERLY_SCORES.headers
    pledges = scored_year[world.own_official.pk]
    book = Workbook()
    decoy = book.active
    decoy.title = "旧数据"
    decoy.sheet_state = "hidden"
    decoy.append(["标题"])
    decoy.append(headers)
    for pledge in pledges:
        decoy.append([pledge.pk, "", "", "", "", 1, "", 11, None, None, None, None])
    real = book.create_sheet(layouts.QUARTERLY_SCORES.sheet)
    real.append(["标题"])
    real.append(headers)
    real.append([pledges[0].pk, "", "", "", "", 1, "", 88, None, None, None, None])
    upload = io.BytesIO()
    book.save(upload)
    response = _import(staff_api, world.own_cycle, "quarterly-scores", upload)
    assert response.status_code == 200, response.json()
    assert list(QuarterlyScore.objects.values_list("pledge_id", "quarter", "score")) == [(pledges[0].pk, 1, 88)]


def test_a_workbook_without_the_named_sheet_is_refused_with_the_name(world, scored_year, staff_api):
    rows = [[scored_year[world.own_official.pk][0].pk, "", "", "", "", 1, "", 88, None, None, None, None]]
    upload = xlsx(rows, title="Sheet1", header_row=layouts.QUARTERLY_SCORES.headers)
    response = _import(staff_api, world.own_cycle, "quarterly-scores", upload)
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert "“季度评分”" in problem["message"] and "Sheet1" in problem["message"], problem
    assert QuarterlyScore.objects.count() == 0 and ImportRecord.objects.count() == 0


@pytest.mark.parametrize("name", ["officials", "pledges", "quarterly-scores", "unit-scores", "survey-scores",
                                  "political-reviews"])
def test_every_import_reads_the_sheet_its_export_writes(world, scored_year, staff_api, name):
    from excel.imports import IMPORTS

    book = load_workbook(_export(staff_api, world.own_cycle, name))
    assert book.sheetnames[0] == IMPORTS[name][0].sheet


# --- political reviews ------------------------------------------------------------------------


def _reviews(cycle):
    from evaluations.models import PoliticalReview

    return {r.official.name: (r.qualified, r.note) for r in PoliticalReview.objects.filter(cycle=cycle)
            .select_related("official")}


def test_political_reviews_round_trip_export_fill_import(world, scored_year, staff_api):
    from evaluations.models import PoliticalReview

    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    cycle = world.own_cycle
    template = _export(staff_api, cycle, "political-reviews")
    assert [r[3:] for r in load_workbook(template).worksheets[0].iter_rows(min_row=3, values_only=True)] == [
        (None, None), (None, None)]  # nobody reviewed yet: both cells empty

    def fill(record):
        record["测评结果"] = "不合格" if record["姓名"] == "李红梅" else "合格"
        record["说明"] = "经组织调查不合格" if record["姓名"] == "李红梅" else None

    response = _import(staff_api, cycle, "political-reviews", _fill(template, layouts.POLITICAL_REVIEWS, fill))
    assert response.status_code == 200, response.json()
    assert (response.json()["created"], response.json()["updated"], response.json()["rows"]) == (2, 0, 2)
    assert _reviews(cycle) == {"张建国": (True, ""), "李红梅": (False, "经组织调查不合格")}
    assert {h.history_change_reason for h in PoliticalReview.history.all()} == {"Excel 导入政治素质测评：季度评分.xlsx"}
    assert set(PoliticalReview.history.values_list("history_user", flat=True)) == {world.users["staff"].pk}

    # the export of what is stored imports as "nothing changed"
    again = _import(staff_api, cycle, "political-reviews", _export(staff_api, cycle, "political-reviews"))
    assert (again.json()["created"], again.json()["updated"]) == (0, 0)

    def clear(record):
        record["测评结果"], record["说明"] = "合格", None

    changed = _import(staff_api, cycle, "political-reviews", _fill(_export(staff_api, cycle, "political-reviews"),
                                                                   layouts.POLITICAL_REVIEWS, clear))
    assert (changed.json()["created"], changed.json()["updated"]) == (0, 1)
    assert _reviews(cycle)["李红梅"] == (True, "")
    assert PoliticalReview.history.count() == 3


def test_political_review_rows_are_all_checked_and_nothing_is_written(world, scored_year, staff_api):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    own, other = world.own_official, world.other_official
    rows = [
        [own.pk, "张建国", "区人社局", "合格", None],            # row 3: fine on its own
        [other.pk, "李红梅", "辽宁路街道", "不合格", None],      # row 4: 不合格 without a note
        [None, "不存在的人", "区人社局", "合格", None],          # row 5: unknown official
        [world.foreign_official.pk, "x", "x", "合格", None],   # row 6: another district's
        [own.pk, "张建国", "区人社局", "良好", None],            # row 7: not a result
        [own.pk, "张建国", "区人社局", "合格", "重复"],          # row 8: twice
        [other.pk, "李红梅", "辽宁路街道", None, "只有说明"],    # row 9: a note without a result
    ]
    response = _import(staff_api, world.own_cycle, "political-reviews", xlsx(
        rows, title=layouts.POLITICAL_REVIEWS.sheet, header_row=layouts.POLITICAL_REVIEWS.headers))

    assert response.status_code == 400
    problems = [(e["sheet"], e["row"], e["column"], e["message"]) for e in response.json()["errors"]]
    assert problems == [
        ("政治素质测评", 4, "E", "说明：结论为不合格时须填写说明。"),
        ("政治素质测评", 5, "B", "姓名：找不到干部“不存在的人”；请填写干部编号或正确的名称。"),
        ("政治素质测评", 6, "A", f"干部编号：找不到编号为 {world.foreign_official.pk} 的干部，或它不属于本区。"),
        ("政治素质测评", 7, "D", "测评结果：只能是合格、不合格之一，现为“良好”。"),
        ("政治素质测评", 8, "B", "姓名：与第 3 行是同一名干部。"),
        ("政治素质测评", 9, "D", "测评结果：填写了说明，请同时填写测评结果（合格或不合格）。"),
    ]
    assert _reviews(world.own_cycle) == {} and ImportRecord.objects.count() == 0


def test_political_reviews_are_refused_before_the_year_end_with_one_clear_message(world, scored_year, staff_api):
    upload = xlsx([[world.own_official.pk, "张建国", "区人社局", "合格", None]],
                  title=layouts.POLITICAL_REVIEWS.sheet, header_row=layouts.POLITICAL_REVIEWS.headers)
    response = _import(staff_api, world.own_cycle, "political-reviews", upload)
    assert response.status_code == 400
    [problem] = response.json()["errors"]
    assert problem["row"] is None and "不能录入政治素质测评（仅限“年底评定”阶段）" in problem["message"]
    assert _reviews(world.own_cycle) == {}
