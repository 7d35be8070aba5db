"""The evaluation pages: who may open which page, the score grid (htmx rows and the plain "save
all" fallback), release, year-end inputs, compute with its progress panel, overrides, finalize,
consequences, an official's years with the reasons, the official's own view, and bounded query
counts. Service refusals come back as cell errors or messages, never as a 500."""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cycles import cycle_settings
from cycles import services as cycle_services
from cycles.models import Cycle
from evaluations import compute, services
from evaluations.models import (
    Exemption,
    GradeOverride,
    ListEntry,
    OutcomeExecution,
    PoliticalReview,
    QuarterlyScore,
    QuarterRelease,
    Result,
    SurveyScore,
    UnitScore,
)
from pledges.models import Pledge, ProgressUpdate
from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


# --- helpers ---------------------------------------------------------------------------------------


def signed_in(client, user):
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


def url(name, *args, **query):
    text = reverse(f"evaluations:{name}", args=args)
    if query:
        text += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return text


def row_data(pledge, *, score="", letter="", method="investigation", note="", reason=""):
    prefix = f"row-{pledge.pk}"
    return {f"{prefix}-score": score, f"{prefix}-letter": letter, f"{prefix}-method": method,
            f"{prefix}-note": note, f"{prefix}-reason": reason}


def htmx_save(client, pledge, quarter, **fields):
    return client.post(url("score_row", pledge.pk, quarter=quarter), row_data(pledge, **fields),
                       HTTP_HX_REQUEST="true")


def all_pledges(scored_year):
    return [p for rows in scored_year.values() for p in rows]


def score_all(world, scored_year, quarter, points=Decimal("90")):
    for pledge in all_pledges(scored_year):
        services.quarterly_score_record(actor=world.users["staff"], pledge=pledge, quarter=quarter, score=points)


@pytest.fixture
def staff(client, world):
    return signed_in(client, world.users["staff"])


@pytest.fixture
def evaluating(world, scored_year):
    """Scores in, cycle at year end, but no unit scores, surveys or reviews: everyone incomplete."""
    for quarter in (1, 2, 3, 4):
        score_all(world, scored_year, quarter)
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    world.own_cycle.refresh_from_db()
    return world.own_cycle


@pytest.fixture
def computed(world, full_year):
    compute.cycle_compute(cycle=full_year)
    return full_year


@pytest.fixture
def finalized(world, full_year):
    return compute.cycle_finalize(actor=world.users["staff"], cycle=full_year)


# --- who may open which page -----------------------------------------------------------------------


CYCLE_PAGES = ["cycle", "grid", "inputs", "results"]


@pytest.mark.parametrize("name", CYCLE_PAGES)
@pytest.mark.parametrize("role,status", [("staff", 200), ("leader", 200), ("admin", 200), ("official", 403)])
def test_cycle_pages_by_role(client, world, scored_year, name, role, status):
    response = signed_in(client, world.users[role]).get(url(name, world.own_cycle.pk))
    assert response.status_code == status


@pytest.mark.parametrize("name", CYCLE_PAGES)
def test_cycle_pages_ask_anonymous_visitors_to_sign_in(client, world, name):
    response = client.get(url(name, world.own_cycle.pk))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", CYCLE_PAGES)
def test_a_foreign_cycle_is_not_found(client, world, name):
    response = signed_in(client, world.users["staff"]).get(url(name, world.foreign_cycle.pk))
    assert response.status_code == 404
    assert FOREIGN_MARKER not in html(response)


@pytest.mark.parametrize("role,target", [("official", "mine"), ("staff", None), ("leader", None), ("admin", None)])
def test_index_lists_the_users_cycles_and_sends_officials_to_their_page(client, world, role, target):
    response = signed_in(client, world.users[role]).get(url("index"))
    if target:
        assert response.status_code == 302 and response["Location"] == url(target)
    else:
        assert response.status_code == 200
        assert url("cycle", world.own_cycle.pk) in html(response)
        if role != "admin":
            assert FOREIGN_MARKER not in html(response)


@pytest.mark.parametrize("role,status", [("official", 200), ("staff", 302), ("leader", 302)])
def test_mine_is_the_officials_page(client, world, role, status):
    assert signed_in(client, world.users[role]).get(url("mine")).status_code == status


def test_official_page_by_role(client, world, finalized):
    own, other, foreign = world.own_official, world.other_official, world.foreign_official
    assert signed_in(client, world.users["staff"]).get(url("official", other.pk)).status_code == 200
    assert signed_in(client, world.users["leader"]).get(url("official", own.pk)).status_code == 200
    assert signed_in(client, world.users["staff"]).get(url("official", foreign.pk)).status_code == 404
    official = signed_in(client, world.users["official"])
    assert official.get(url("official", own.pk)).status_code == 200
    assert official.get(url("official", other.pk)).status_code == 404


def test_leader_reads_but_cannot_act(client, world, scored_year):
    leader = signed_in(client, world.users["leader"])
    pledge = all_pledges(scored_year)[0]
    grid = html(leader.get(url("grid", world.own_cycle.pk, quarter=1)))
    assert pledge.title in grid and 'name="row-' not in grid
    assert htmx_save(leader, pledge, 1, score="80").status_code == 403
    for name in ("advance", "compute", "finalize", "release"):
        assert leader.post(url(name, world.own_cycle.pk), {"quarter": 1}).status_code == 403
    assert not QuarterlyScore.objects.exists()
    assert Cycle.objects.get(pk=world.own_cycle.pk).state == "in_progress"


def test_changes_are_post_only(client, world, scored_year):
    staff = signed_in(client, world.users["staff"])
    for name in ("advance", "compute", "finalize", "release", "override", "unit_score", "official_inputs",
                 "entry_add"):
        assert staff.get(url(name, world.own_cycle.pk)).status_code == 405


def test_staff_cannot_score_a_foreign_pledge(client, world, scored_year):
    from pledges import services as pledge_services
    from tests.fixtures.pledges import pledge_body

    foreign = pledge_services.pledge_create(actor=world.users["foreign_staff"], official=world.foreign_official,
                                            cycle=world.foreign_cycle, **pledge_body())
    response = htmx_save(signed_in(client, world.users["staff"]), foreign, 1, score="80")
    assert response.status_code == 404
    assert not QuarterlyScore.objects.exists()


# --- the cycle dashboard ---------------------------------------------------------------------------


def test_dashboard_shows_state_settings_releases_and_counts(staff, world, scored_year):
    score_all(world, {0: scored_year[world.own_official.pk]}, 1)
    page = html(staff.get(url("cycle", world.own_cycle.pk)))
    for label in cycle_settings.LABELS.values():
        assert label in page
    assert "已评 3 / 应评 6" in page  # one official's three pledges scored in Q1
    assert "还有 3 项未评分" in page and 'data-confirm="第 1 季度还有 3 项目标未评分' in page
    assert 'data-confirm="第 2 季度还有 6 项目标未评分' in page
    assert "推进至“年底评定”" in page
    assert url("grid", world.own_cycle.pk) in page and url("results", world.own_cycle.pk) in page


def test_advance_from_the_dashboard(staff, world, scored_year):
    response = staff.post(url("advance", world.own_cycle.pk), follow=True)
    assert Cycle.objects.get(pk=world.own_cycle.pk).state == "evaluating"
    assert "已进入“年底评定”阶段" in html(response)


def test_settings_rows_give_every_setting_a_label_and_readable_value():
    rows = dict(cycle_settings.display_rows(cycle_settings.defaults()))
    assert len(rows) == len(cycle_settings.DEFAULTS)
    assert rows["四维权重（单位绩效 / 履职践诺 / 多维测评）"] == "单位绩效 0.3 / 履职践诺 0.5 / 多维测评 0.2"
    assert rows["“好”等次比例上限"] == "0.3（30%）"
    assert rows["公示具体分数"] == "否"


# --- the score grid ----------------------------------------------------------------------------------


def test_grid_lists_each_approved_pledge_with_progress_and_evidence(staff, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    ProgressUpdate.objects.create(pledge=pledge, text="已完成楼宇党组织组建<b>首批</b>", percent=40)
    page = html(staff.get(url("grid", world.own_cycle.pk, quarter=2)))
    assert page.count('<tr id="row-') == 6
    assert reverse("pledges:detail", args=[pledge.pk]) in page
    assert "第2季度完成阶段任务" in page  # that quarter's milestone
    assert "40%" in page and "&lt;b&gt;首批" in page
    assert FOREIGN_MARKER not in page


def test_grid_filters_by_unit(staff, world, scored_year):
    page = html(staff.get(url("grid", world.own_cycle.pk, quarter=1, unit=world.own_official.unit_id)))
    assert page.count('<tr id="row-') == 3
    assert world.other_official.name not in page.split("<tbody>")[1]


def test_htmx_row_save_returns_the_row_with_the_saved_value(staff, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    response = htmx_save(staff, pledge, 2, score="87.5", method="site_visit", note="现场查看台账")
    assert response.status_code == 200
    body = html(response)
    assert body.lstrip().startswith(f'<tr id="row-{pledge.pk}"') and "is-saved" in body
    assert 'value="87.5"' in body and "已保存" in body
    row = QuarterlyScore.objects.get(pledge=pledge, quarter=2)
    assert (row.score, row.letter, row.method, row.note) == (Decimal("87.5"), "", "site_visit", "现场查看台账")
    assert row.entered_by == world.users["staff"]


def test_a_letter_counts_instead_of_points(staff, world, scored_year):
    pledge = scored_year[world.own_official.pk][1]
    assert htmx_save(staff, pledge, 1, letter="A").status_code == 200
    row = QuarterlyScore.objects.get(pledge=pledge, quarter=1)
    assert (row.score, row.letter) == (None, "A")


@pytest.mark.parametrize("fields,message", [
    ({"score": "101"}, "100"),
    ({"score": "abc"}, "数字"),
    ({"score": "88.25"}, "1 位"),
    ({"score": "80", "letter": "B"}, "只能填写一项"),
    ({}, "二选一"),
])
def test_a_bad_row_comes_back_with_the_error_and_nothing_is_saved(staff, world, scored_year, fields, message):
    pledge = scored_year[world.own_official.pk][0]
    response = htmx_save(staff, pledge, 1, **fields)
    assert response.status_code == 422
    body = html(response)
    assert "is-error" in body and "ev-cell-error" in body and message in body
    assert 'aria-invalid="true"' in body
    assert not QuarterlyScore.objects.exists()


def test_a_released_quarter_needs_a_reason(staff, world, scored_year):
    score_all(world, scored_year, 1)
    services.quarter_release(actor=world.users["staff"], cycle=world.own_cycle, quarter=1)
    pledge = scored_year[world.own_official.pk][0]
    page = html(staff.get(url("grid", world.own_cycle.pk, quarter=1)))
    assert "修改理由" in page and "已发布并锁定" in page

    refused = htmx_save(staff, pledge, 1, score="70")
    assert refused.status_code == 422 and "须说明理由" in html(refused)
    assert QuarterlyScore.objects.get(pledge=pledge, quarter=1).score == Decimal("90")

    accepted = htmx_save(staff, pledge, 1, score="70", reason="复核台账后更正")
    assert accepted.status_code == 200
    assert QuarterlyScore.objects.get(pledge=pledge, quarter=1).score == Decimal("70")
    record = QuarterlyScore.history.filter(pledge_id=pledge.pk, quarter=1).latest("history_date")
    assert record.history_change_reason == "复核台账后更正"


def test_a_row_without_htmx_saves_and_redirects(staff, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    response = staff.post(url("score_row", pledge.pk, quarter=3), row_data(pledge, score="75"))
    assert response.status_code == 302 and response["Location"].endswith(f"#row-{pledge.pk}")
    assert QuarterlyScore.objects.get(pledge=pledge, quarter=3).score == Decimal("75")


def test_row_endpoint_needs_a_quarter_the_pledge_spans(staff, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    assert staff.post(url("score_row", pledge.pk), row_data(pledge, score="75"),
                      HTTP_HX_REQUEST="true").status_code == 400
    assert staff.get(url("score_row", pledge.pk, quarter=1), HTTP_HX_REQUEST="true").status_code == 200


def test_save_all_saves_changed_rows_and_reports_each_bad_row(staff, world, scored_year):
    own = scored_year[world.own_official.pk]
    other = scored_year[world.other_official.pk]
    data = {}
    for pledge in own + other:
        data.update(row_data(pledge))
    data.update(row_data(own[0], score="91"))
    data.update(row_data(own[1], letter="B"))
    data.update(row_data(other[0], score="120"))
    data.update(row_data(other[1], score="70", letter="A"))
    data["save_all"] = "1"
    response = staff.post(url("grid", world.own_cycle.pk, quarter=1), data)
    assert response.status_code == 400
    body = html(response)
    assert "2 项已保存，2 项有误" in body
    assert body.count("is-error") == 2 and body.count("is-saved") == 2
    assert set(QuarterlyScore.objects.values_list("pledge_id", flat=True)) == {own[0].pk, own[1].pk}


def test_save_all_without_errors_redirects_with_a_message(staff, world, scored_year):
    data = {"save_all": "1"}
    for pledge in all_pledges(scored_year):
        data.update(row_data(pledge, score="80"))
    response = staff.post(url("grid", world.own_cycle.pk, quarter=1), data, follow=True)
    assert "已保存 6 项评分" in html(response)
    assert QuarterlyScore.objects.filter(quarter=1).count() == 6


def test_release_refused_lists_the_unscored_pledges(staff, world, scored_year):
    score_all(world, {0: scored_year[world.own_official.pk]}, 1)
    response = staff.post(url("release", world.own_cycle.pk),
                          {"quarter": 1, "next": url("grid", world.own_cycle.pk, quarter=1)}, follow=True)
    body = html(response)
    assert "第 1 季度未能发布" in body
    assert "还有 3 项目标未评分" in body
    for pledge in scored_year[world.other_official.pk]:
        assert f"{world.other_official.name}：{pledge.title}" in body
    assert not QuarterRelease.objects.exists()
    # the list is shown once (the count of unscored pledges stays on the grid)
    again = html(staff.get(url("grid", world.own_cycle.pk, quarter=1)))
    assert "第 1 季度未能发布" not in again and "ev-problem-list" not in again


def test_release_once_everything_is_scored(staff, world, scored_year):
    score_all(world, scored_year, 1)
    response = staff.post(url("release", world.own_cycle.pk), {"quarter": 1}, follow=True)
    assert "已发布第 1 季度评分" in html(response)
    assert QuarterRelease.objects.filter(cycle=world.own_cycle, quarter=1).exists()


# --- year-end inputs ---------------------------------------------------------------------------------


def test_year_end_inputs_explain_why_they_wait_for_the_year_end(staff, world, scored_year):
    page = html(staff.get(url("inputs", world.own_cycle.pk)))
    assert "当前为“年度推进”阶段，不能录入单位综合绩效" in page
    assert 'action="' + url("unit_score", world.own_cycle.pk) not in page
    assert url("entry_add", world.own_cycle.pk) in page  # list entries happen all year
    response = staff.post(url("unit_score", world.own_cycle.pk), {"unit": world.own_unit.pk, "score": "90"},
                          follow=True)
    assert "不能录入单位综合绩效" in html(response)
    assert not UnitScore.objects.exists()


def test_year_end_inputs_are_recorded_through_the_forms(staff, world, evaluating):
    cycle = evaluating
    page = html(staff.get(url("inputs", cycle.pk)))
    assert url("official_inputs", cycle.pk) in page
    staff.post(url("unit_score", cycle.pk), {"unit": world.own_unit.pk, "score": "88.5"})
    assert UnitScore.objects.get(unit=world.own_unit, cycle=cycle).score == Decimal("88.5")

    data = {"official": world.own_official.pk, "survey_superior": "91", "survey_peer": "86.5",
            "survey_subordinate": "", "survey_public": "", "qualified": "yes", "review_note": "合格"}
    response = staff.post(url("official_inputs", cycle.pk), data, follow=True)
    assert "已保存张建国的年底测评" in html(response)
    assert dict(SurveyScore.objects.filter(official=world.own_official).values_list("rater_group", "score")) == {
        "superior": Decimal("91"), "peer": Decimal("86.5")}
    assert PoliticalReview.objects.get(official=world.own_official).qualified is True

    bad = staff.post(url("official_inputs", cycle.pk), {**data, "survey_peer": "105"}, follow=True)
    assert "同级" in html(bad) and "100" in html(bad)
    assert SurveyScore.objects.get(official=world.own_official, rater_group="peer").score == Decimal("86.5")


def test_list_entries_are_added_and_removed_with_a_reason(staff, world, scored_year):
    cycle = world.own_cycle
    staff.post(url("entry_add", cycle.pk), {"official": world.own_official.pk, "item": "P01", "note": "获评先进"})
    entry = ListEntry.objects.get()
    assert (entry.official, entry.item_id, entry.note) == (world.own_official, "P01", "获评先进")
    assert "获评先进" in html(staff.get(url("inputs", cycle.pk)))

    refused = staff.post(url("entry_remove", entry.pk), {"reason": ""}, follow=True)
    assert "须说明理由" in html(refused) and ListEntry.objects.exists()
    staff.post(url("entry_remove", entry.pk), {"reason": "录入有误"})
    assert not ListEntry.objects.exists()


def test_list_entry_for_a_foreign_official_is_refused(staff, world, scored_year):
    response = staff.post(url("entry_add", world.own_cycle.pk),
                          {"official": world.foreign_official.pk, "item": "P01"}, follow=True)
    assert not ListEntry.objects.exists()
    assert FOREIGN_MARKER not in html(response)


# --- results: compute, override, finalize, consequences ------------------------------------------------


def test_compute_from_the_results_page_shows_the_progress_and_the_results(staff, world, full_year):
    response = staff.post(url("compute", full_year.pk))
    assert response.status_code == 302
    match = re.search(r"task=([0-9a-f-]+)", response["Location"])
    assert match
    page = html(staff.get(response["Location"]))
    assert 'data-state="success"' in page and 'value="100"' in page and "计算完成" in page
    assert reverse("task-status", args=[match.group(1)]) in page
    assert "张建国" in page and "88.40" in page and "ev-level-good" in page
    assert "<svg" in page and "chart-threshold-good" in page
    for label in cycle_settings.LABELS.values():
        assert label in page


def test_a_task_of_another_cycle_is_not_shown(staff, world, full_year):
    response = staff.post(url("compute", full_year.pk))
    task = re.search(r"task=([0-9a-f-]+)", response["Location"]).group(1)
    other = Cycle.objects.create(district=world.own, year=2025, pledge_deadline=datetime.date(2025, 1, 31))
    assert "ev-task" not in html(staff.get(url("results", other.pk, task=task)))


def test_compute_when_the_queue_is_down_says_so(staff, world, full_year, monkeypatch):
    def unavailable(**kwargs):
        raise cycle_services.QueueUnavailable("任务队列暂时不可用，请稍后再试或联系系统管理员。")

    monkeypatch.setattr(cycle_services, "task_start", unavailable)
    response = staff.post(url("compute", full_year.pk), follow=True)
    assert "任务队列暂时不可用" in html(response)


def test_compute_in_planning_is_refused_with_the_reason(staff, world):
    response = staff.post(url("compute", world.own_cycle.pk), follow=True)
    assert "不能计算考核结果" in html(response)
    assert not Result.objects.exists()


def test_incomplete_officials_are_listed_with_what_is_missing(staff, world, evaluating):
    compute.cycle_compute(cycle=evaluating)
    page = html(staff.get(url("results", evaluating.pk)))
    assert "数据不全，未排名" in page
    assert "所在单位没有综合绩效考核分" in page and "没有政治素质测评" in page


def test_results_filter_and_sort(staff, world, computed):
    page = html(staff.get(url("results", computed.pk, q="李红")))
    assert "李红梅" in page and 'href="/evaluations/officials/%s/"' % world.own_official.pk not in page
    by_name = html(staff.get(url("results", computed.pk, sort="name")))
    assert by_name.index("张建国") > by_name.index("李红梅") or by_name.index("张建国") < by_name.index("李红梅")
    assert "没有符合条件的结果" in html(staff.get(url("results", computed.pk, grade="poor")))
    assert html(staff.get(url("results", computed.pk, unit="abc"))).count('class="ev-result-row"') == 2


def test_override_with_a_reason_and_clear_it(staff, world, computed):
    back = url("results", computed.pk)
    refused = staff.post(url("override", computed.pk), {"official": world.own_official.pk, "grade": "average",
                                                         "reason": " ", "next": back}, follow=True)
    assert "调整等次必须说明理由" in html(refused)
    assert not GradeOverride.objects.exists()

    response = staff.post(url("override", computed.pk), {"official": world.own_official.pk, "grade": "average",
                                                         "reason": "区委常委会研究决定", "next": back}, follow=True)
    page = html(response)
    assert "已将张建国的等次调整为“一般”" in page
    assert "计算为“好”" in page and "区委常委会研究决定" in page
    result = Result.objects.get(official=world.own_official)
    assert (result.grade, result.computed_grade) == ("average", "good")
    assert "admonishment" in result.outcomes

    staff.post(url("override", computed.pk), {"official": world.own_official.pk, "clear": "True", "reason": "撤回"})
    assert Result.objects.get(official=world.own_official).grade == "good"
    assert not GradeOverride.objects.exists()


def test_override_of_a_foreign_official_is_not_found(staff, world, computed):
    response = staff.post(url("override", computed.pk), {"official": world.foreign_official.pk, "grade": "poor",
                                                         "reason": "x"})
    assert response.status_code == 404


def test_finalize_refused_lists_every_problem(staff, world, evaluating):
    response = staff.post(url("finalize", evaluating.pk), follow=True)
    page = html(response)
    assert "未能定档：2 名干部数据不全" in page
    for official in (world.own_official, world.other_official):
        assert f"{official.name}（{official.unit.name}）：" in page
    assert "所在单位没有综合绩效考核分；没有多维测评分；没有政治素质测评" in page
    assert Cycle.objects.get(pk=evaluating.pk).state == "evaluating"


def test_finalize_then_record_a_consequence(staff, world, full_year):
    response = staff.post(url("finalize", full_year.pk), follow=True)
    page = html(response)
    assert "已定档" in page and "结果运用落实情况" in page and "全区通报表扬" in page
    execution = OutcomeExecution.objects.get(result__official=world.own_official, code="commendation")

    missing_date = staff.post(url("outcome", execution.pk), {"carried_out": "yes", "carried_out_on": "",
                                                             "note": ""}, follow=True)
    assert "请填写落实日期" in html(missing_date)
    staff.post(url("outcome", execution.pk), {"carried_out": "yes", "carried_out_on": "2027-01-15",
                                              "note": "区委通报第 3 号"})
    execution.refresh_from_db()
    assert (execution.carried_out, execution.carried_out_on, execution.note) == (
        True, datetime.date(2027, 1, 15), "区委通报第 3 号")
    assert "已落实 2027-01-15" in html(staff.get(url("results", full_year.pk)))


def test_leader_cannot_record_a_consequence(client, world, finalized):
    execution = OutcomeExecution.objects.first()
    leader = signed_in(client, world.users["leader"])
    assert leader.post(url("outcome", execution.pk), {"carried_out": "yes",
                                                      "carried_out_on": "2027-01-15"}).status_code == 403
    assert "ev-exec-form" not in html(leader.get(url("results", finalized.pk)))


# --- an official's years and the official's own view ---------------------------------------------------


def test_official_page_explains_the_grade(client, world, finalized):
    page = html(signed_in(client, world.users["official"]).get(url("official", world.own_official.pk)))
    assert "综合得分 88.40 ≥ 85，未被一票否决且得分更高的有 0 人，在“好”等次名额（1 人）之内" in page
    assert "全区通报表扬" in page and "<svg" in page and "chart-trend" in page


def test_official_sees_only_finalized_years(client, world, computed):
    official = signed_in(client, world.users["official"])
    page = html(official.get(url("official", world.own_official.pk)))
    assert "88.40" not in page and "还没有已定档的年度评定结果" in page
    staff_page = html(signed_in(client, world.users["staff"]).get(url("official", world.own_official.pk)))
    assert "88.40" in staff_page and "尚未定档" in staff_page


def test_mine_shows_only_released_quarters_and_own_data(client, world, scored_year):
    staff_user = world.users["staff"]
    own, other = scored_year[world.own_official.pk], scored_year[world.other_official.pk]
    for quarter, points in ((1, "77.5"), (2, "66.5")):
        for pledge in own:
            services.quarterly_score_record(actor=staff_user, pledge=pledge, quarter=quarter, score=Decimal(points))
        for pledge in other:
            services.quarterly_score_record(actor=staff_user, pledge=pledge, quarter=quarter, score=Decimal("88.5"))
    services.quarter_release(actor=staff_user, cycle=world.own_cycle, quarter=1)
    page = html(signed_in(client, world.users["official"]).get(url("mine")))
    assert page.count("77.5") == 3
    assert "66.5" not in page and "88.5" not in page
    assert "未发布" in page
    assert world.other_official.name not in page


def test_mine_shows_the_finalized_result_with_a_link_to_the_reasons(client, world, finalized):
    page = html(signed_in(client, world.users["official"]).get(url("mine")))
    assert "88.40" in page and "好" in page and url("official", world.own_official.pk) in page


# --- pages are safe to serve under a strict CSP ----------------------------------------------------------


def test_pages_have_no_inline_script_or_style(client, world, finalized):
    staff_client = signed_in(client, world.users["staff"])
    pages = [url(name, finalized.pk) for name in CYCLE_PAGES] + [url("index"), url("official", world.own_official.pk)]
    for path in pages:
        body = html(staff_client.get(path))
        assert "style=" not in body, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", body), path
        assert "django_htmx/htmx-2.min.js" in body or "evaluations.css" in body, path
    assert "htmx-2.min.js" in html(staff_client.get(url("grid", finalized.pk)))


# --- bounded query counts ----------------------------------------------------------------------------------


# --- the grid's help, its read-only form, save-all errors, the unscored count -------------------


def grid_part(page: str) -> str:
    """The grid page below its title, quarter tabs and unit filter: status, help and rows."""
    return page[page.index('class="ev-grid-status"'):page.index("</main>")]


def title_of(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1) + re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)


def test_leader_sees_a_read_only_grid_to_view_the_scores(client, world, scored_year):
    pledge = scored_year[world.own_official.pk][0]
    services.quarterly_score_record(actor=world.users["staff"], pledge=pledge, quarter=1, score=Decimal("88.5"),
                                    method="interview", note="与班子成员谈话")
    page = html(signed_in(client, world.users["leader"]).get(url("grid", world.own_cycle.pk, quarter=1)))
    assert "查看评分" in title_of(page) and "打分" not in title_of(page)
    assert "填写得分" not in page and "只读" in page
    part = grid_part(page)
    for tag in ("<input", "<select", "<textarea", "<button", 'method="post"'):
        assert tag not in part, tag
    assert "全部保存" not in page and "发布第" not in page and "季度打分" not in page  # the tab too
    assert "尚未发布，全部单位还有 <strong>5</strong> 项目标未评分" in page
    assert "88.5" in part and "谈心谈话" in part and "与班子成员谈话" in part  # the scores are shown


def test_staff_grid_is_read_only_once_the_state_stops_scoring(staff, world, finalized):
    page = html(staff.get(url("grid", world.own_cycle.pk, quarter=2)))
    assert "查看评分" in title_of(page)
    assert "<input" not in grid_part(page) and "<button" not in grid_part(page)


def test_staff_grid_offers_save_all_at_the_top_and_the_bottom(staff, world, scored_year):
    page = html(staff.get(url("grid", world.own_cycle.pk, quarter=1)))
    assert "第 1 季度打分" in title_of(page)
    saves = [m.start() for m in re.finditer(r'<button type="submit" name="save_all"', page)]
    assert len(saves) == 2
    assert saves[0] < page.index("<table") < page.index("</table>") < saves[1]


def test_grid_explains_the_letter_points_of_the_cycle_and_the_methods(staff, world, scored_year):
    settings = dict(world.own_cycle.settings, letter_points={"A": 92.5, "B": 81, "C": 100})
    Cycle.objects.filter(pk=world.own_cycle.pk).update(settings=settings)
    part = grid_part(html(staff.get(url("grid", world.own_cycle.pk, quarter=1))))
    assert "A = 92.5 分" in part and "B = 81 分" in part and "C = 100 分" in part
    assert '<option value="A">A（92.5分）</option>' in part  # the letter select says it too
    for method in ("专题调查", "现场观摩", "列席活动", "谈心谈话", "其他"):
        assert re.search(rf"<dt>{method}</dt><dd>[^<]{{8,}}</dd>", part), method
    row = htmx_save(staff, scored_year[world.own_official.pk][0], 1, score="x")
    assert "A（92.5分）" in html(row)  # a row re-rendered alone keeps the points


def test_save_all_names_each_refused_row_at_the_top_with_a_link(staff, world, scored_year):
    own, other = scored_year[world.own_official.pk], scored_year[world.other_official.pk]
    order = re.findall(r'<tr id="row-(\d+)"', html(staff.get(url("grid", world.own_cycle.pk, quarter=1))))
    data = {"save_all": "1"}
    for pledge in own + other:
        data.update(row_data(pledge))
    data.update(row_data(own[0], score="91"))
    data.update(row_data(other[0], score="120"))
    data.update(row_data(other[2], score="70", letter="A"))
    response = staff.post(url("grid", world.own_cycle.pk, quarter=1), data)
    assert response.status_code == 400
    body = html(response)
    summary = body[body.index("data-save-errors"):body.index("</ol>", body.index("data-save-errors"))]
    assert "1 项已保存，2 项有误未保存" in summary
    links = re.findall(r'<a href="#row-(\d+)" data-row-link>(.*?)</a>', summary)
    assert [int(pk) for pk, _text in links] == [other[0].pk, other[2].pk]
    first, second = (text for _pk, text in links)
    n0, n2 = order.index(str(other[0].pk)) + 1, order.index(str(other[2].pk)) + 1
    assert first.startswith(f"第 {n0} 行 李红梅 “{other[0].title}”：得分：") and "100" in first
    assert second == f"第 {n2} 行 李红梅 “{other[2].title}”：得分：得分和季度评级只能填写一项。"  # said once
    assert body.index("data-save-errors") < body.index("<table")
    for pledge in (other[0], other[2]):
        assert re.search(rf'<tr id="row-{pledge.pk}" class="ev-row is-error', body)
    assert body.count('class="ev-cell-error"') == 2  # the untouched rows show no "fill in a score"
    assert set(QuarterlyScore.objects.values_list("pledge_id", flat=True)) == {own[0].pk}


def test_a_service_refusal_in_save_all_is_named_too(staff, world, scored_year):
    score_all(world, scored_year, 1)
    services.quarter_release(actor=world.users["staff"], cycle=world.own_cycle, quarter=1)
    pledge = scored_year[world.own_official.pk][1]
    data = {"save_all": "1", **row_data(pledge, score="70")}
    body = html(staff.post(url("grid", world.own_cycle.pk, quarter=1), data))
    assert re.search(rf'<a href="#row-{pledge.pk}" data-row-link>第 \d 行 张建国 “{pledge.title}”：修改理由：', body)


def unscored_line(page: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<p [^>]*data-unscored>(.*?)</p>", page, re.S).group(1))


def test_grid_counts_the_quarters_unscored_pledges_before_release(staff, world, scored_year):
    own, other = scored_year[world.own_official.pk], scored_year[world.other_official.pk]
    for pledge in own[:2]:
        services.quarterly_score_record(actor=world.users["staff"], pledge=pledge, quarter=1, score=Decimal("80"))
    services.quarterly_score_record(actor=world.users["staff"], pledge=other[0], quarter=2, score=Decimal("80"))
    # whole quarter, even when the grid shows one unit only
    page = html(staff.get(url("grid", world.own_cycle.pk, quarter=1, unit=world.own_official.unit_id)))
    assert "还有 4 项目标未评分" in unscored_line(page)
    assert 'data-confirm="第 1 季度还有 4 项目标未评分' in page
    assert "还有 5 项目标未评分" in unscored_line(html(staff.get(url("grid", world.own_cycle.pk, quarter=2))))

    score_all(world, scored_year, 1)
    page = html(staff.get(url("grid", world.own_cycle.pk, quarter=1)))
    assert "已全部评分" in unscored_line(page) and "所有目标均已评分" in page
    services.quarter_release(actor=world.users["staff"], cycle=world.own_cycle, quarter=1)
    assert "data-unscored" not in html(staff.get(url("grid", world.own_cycle.pk, quarter=1)))


def test_the_unscored_count_leaves_out_quarters_a_pledge_does_not_span(staff, world, scored_year):
    """An inauguration pledge from an appointment in Q3 is not expected in Q1 or Q2."""
    newcomer = OfficialFactory(unit=world.own_unit, name="新任干部", appointed_on=datetime.date(2026, 8, 1))
    cycle = world.own_cycle
    Pledge.objects.create(official=newcomer, cycle=cycle, kind="inauguration", category="key_work", title="任职目标",
                          content="c", target="t", milestones=[], status="approved", due_on=datetime.date(2026, 9, 1),
                          difficulty=2, innovation=2, contribution=2, grade="B")
    from evaluations import selectors

    staff_user = world.users["staff"]
    assert [selectors.quarter_unscored(staff_user, cycle, q) for q in (1, 2, 3, 4)] == [6, 6, 7, 7]
    score_all(world, scored_year, 3)
    assert selectors.quarter_unscored(staff_user, cycle, 3) == 1
    with pytest.raises(Exception, match="还有 1 项目标未评分"):
        services.quarter_release(actor=staff_user, cycle=cycle, quarter=3)  # the service agrees


def _more_officials(world, n, *, scored=True, results=False):
    """n more officials in a new unit, each with three approved pledges scored in every quarter
    (and, if asked, progress and a Result)."""
    from django.utils import timezone

    cycle = world.own_cycle
    for i in range(n):
        official = OfficialFactory(unit=UnitFactory(district=world.own, name=f"新单位{i}"), name=f"新干部{i}")
        for category in ("party_building", "innovation", "key_work"):
            pledge = Pledge.objects.create(
                official=official, cycle=cycle, category=category, title=f"目标{i}{category}", content="c",
                target="t", milestones=[{"quarter": q, "description": f"节点{q}"} for q in (1, 2, 3, 4)],
                status="approved", due_on=cycle.pledge_deadline, difficulty=2, innovation=2, contribution=2,
                grade="B",
            )
            ProgressUpdate.objects.create(pledge=pledge, text="进展", percent=50)
            if scored:
                QuarterlyScore.objects.bulk_create(
                    [QuarterlyScore(pledge=pledge, quarter=q, score=80) for q in (1, 2, 3, 4)])
        if results:
            Result.objects.create(cycle=cycle, official=official, unit=official.unit, composite=Decimal("80"),
                                  rank=i + 3,
                                  computed_grade="average", grade="average", outcomes=["admonishment"],
                                  computed_at=timezone.now())


GRID_QUERIES = 10  # with the head's "其他年度" switch and the top bar's unread notifications
RESULTS_QUERIES = 12  # with the head's "其他年度" switch and the top bar's unread notifications


@pytest.mark.parametrize("extra", [0, 12])
def test_grid_runs_a_bounded_number_of_queries(staff, world, scored_year, extra, django_assert_max_num_queries):
    score_all(world, scored_year, 1)
    _more_officials(world, extra)
    with django_assert_max_num_queries(GRID_QUERIES):
        response = staff.get(url("grid", world.own_cycle.pk, quarter=1))
    assert html(response).count('<tr id="row-') == 6 + 3 * extra


@pytest.mark.parametrize("extra", [0, 12])
def test_results_runs_a_bounded_number_of_queries(staff, world, computed, extra, django_assert_max_num_queries):
    _more_officials(world, extra, results=True)
    with django_assert_max_num_queries(RESULTS_QUERIES):
        response = staff.get(url("results", computed.pk))
    assert html(response).count('class="ev-result-row"') == 2 + extra


@pytest.mark.parametrize("extra", [0, 12])
def test_finalized_results_with_consequences_run_a_bounded_number_of_queries(
        staff, world, finalized, extra, django_assert_max_num_queries):
    _more_officials(world, extra, results=True)
    for result in Result.objects.filter(official__name__startswith="新干部"):
        OutcomeExecution.objects.create(result=result, code="admonishment")
    with django_assert_max_num_queries(RESULTS_QUERIES + 1):
        response = staff.get(url("results", finalized.pk))
    assert html(response).count('class="ev-exec"') == OutcomeExecution.objects.count()


@pytest.mark.parametrize("extra", [0, 12])
def test_inputs_page_runs_a_bounded_number_of_queries(staff, world, evaluating, extra, django_assert_max_num_queries):
    _more_officials(world, extra, scored=False)
    with django_assert_max_num_queries(13):
        response = staff.get(url("inputs", evaluating.pk))
    assert response.status_code == 200


def _earlier_years(world, years):
    """Finalized earlier cycles with a Result for the own official."""
    from django.utils import timezone

    for year in years:
        cycle = Cycle.objects.create(district=world.own, year=year, state="finalized",
                                     pledge_deadline=datetime.date(year, 1, 31), finalized_at=timezone.now())
        Result.objects.create(cycle=cycle, official=world.own_official, unit=world.own_unit, composite=Decimal("86"),
                              rank=1, computed_grade="good", grade="good", outcomes=["commendation"],
                              computed_at=timezone.now())


@pytest.mark.parametrize("years", [(), (2020, 2021, 2022, 2023, 2024, 2025)])
def test_official_and_mine_pages_run_a_bounded_number_of_queries(client, world, finalized, years,
                                                                  django_assert_max_num_queries):
    _earlier_years(world, years)
    official = signed_in(client, world.users["official"])
    with django_assert_max_num_queries(8):
        page = html(official.get(url("official", world.own_official.pk)))
    assert page.count('class="card ev-year"') == 1 + len(years)
    # + 2: the "申请复核" links (appeals.selectors.own_links: release times, open appeals)
    with django_assert_max_num_queries(11):
        page = html(official.get(url("mine")))
    assert page.count("ev-mine-result") == 1 + len(years)


# --- exemptions (不确定等次) and readiness ---------------------------------------------------------------


@pytest.fixture
def evaluating_year(world, full_year):
    return full_year


def test_staff_record_change_and_withdraw_an_exemption_on_the_page(client, world, evaluating_year):
    staff = signed_in(client, world.users["staff"])
    cycle = evaluating_year
    staff.post(url("exemption_add", cycle.pk), {"official": world.own_official.pk, "reason": "leave", "note": "病休"})
    staff.post(url("exemption_add", cycle.pk), {"official": world.own_official.pk, "reason": "disciplined",
                                                "note": "受处分影响期"})
    exemption = Exemption.objects.get()
    assert (exemption.reason, exemption.note) == ("disciplined", "受处分影响期")  # one per official: changed
    refused = staff.post(url("exemption_remove", exemption.pk), {"reason": ""}, follow=True)
    assert "撤销不确定等次须说明理由" in html(refused) and Exemption.objects.exists()
    staff.post(url("exemption_remove", exemption.pk), {"reason": "处分期满"})
    assert not Exemption.objects.exists()
    assert [h.history_change_reason for h in Exemption.history.order_by("history_id")][-1] == "处分期满"


def test_leaders_read_the_exemptions_and_change_nothing(client, world, evaluating_year):
    Exemption.objects.create(official=world.own_official, cycle=evaluating_year, reason="leave", note="病休")
    leader = signed_in(client, world.users["leader"])
    page = html(leader.get(url("exemptions", evaluating_year.pk)))
    assert "长期病休等不在岗" in page and 'name="reason"' not in page
    response = leader.post(url("exemption_add", evaluating_year.pk), {"official": world.other_official.pk,
                                                                      "reason": "leave"})
    assert response.status_code == 403 and Exemption.objects.count() == 1


def test_officials_never_see_exemptions_or_readiness(client, world, evaluating_year, api):
    official = signed_in(client, world.users["official"])
    assert official.get(url("exemptions", evaluating_year.pk)).status_code in (403, 404)
    assert official.get(url("readiness", evaluating_year.pk)).status_code in (403, 404)
    response = api.as_(world.users["official"]).get(f"/api/v1/cycles/{evaluating_year.pk}/readiness/")
    assert response.status_code in (403, 404)
    foreign = api.as_(world.users["foreign_staff"]).get(f"/api/v1/cycles/{evaluating_year.pk}/readiness/")
    assert foreign.status_code == 404


def test_a_planning_cycle_refuses_exemptions_and_says_why(client, world):
    staff = signed_in(client, world.users["staff"])
    page = html(staff.get(url("exemptions", world.own_cycle.pk)))
    assert "不能记录或撤销不确定等次（仅限“年度推进”、“年底评定”阶段）" in page and 'id="ex_reason"' not in page


def test_the_new_in_post_suggestion_follows_the_cycle_setting(client, world, evaluating_year):
    # appointed 8 October: inside the last 6 months of the year, outside the last 2
    OfficialFactory(unit=world.own_unit, name="周新任", appointed_on=datetime.date(2026, 10, 8))
    staff = signed_in(client, world.users["staff"])
    assert "周新任" in html(staff.get(url("exemptions", evaluating_year.pk)))
    Cycle.objects.filter(pk=evaluating_year.pk).update(settings={**evaluating_year.settings, "new_in_post_months": 2})
    assert "建议确认：任职时间较短" not in html(staff.get(url("exemptions", evaluating_year.pk)))


def test_the_exemption_endpoint_upserts_and_withdraws_with_a_reason(api, world, evaluating_year):
    client = api.as_(world.users["staff"])
    body = {"official": world.own_official.pk, "cycle": evaluating_year.pk, "reason": "leave", "note": "病休"}
    assert client.post("/api/v1/exemptions/", body).status_code == 201
    changed = client.post("/api/v1/exemptions/", {**body, "reason": "other", "note": "借调"})
    assert changed.status_code == 200 and changed.json()["reason_display"] == "其他"
    row = Exemption.objects.get()
    assert client.delete(f"/api/v1/exemptions/{row.pk}/").status_code == 400  # no reason
    withdrawn = client.delete(f"/api/v1/exemptions/{row.pk}/?reason=结束借调")
    assert withdrawn.status_code == 204, withdrawn.content.decode()
    foreign = client.post("/api/v1/exemptions/", {**body, "official": world.foreign_official.pk})
    assert foreign.status_code == 400 and "official" in foreign.json()["errors"]
    leader = api.as_(world.users["leader"]).post("/api/v1/exemptions/", body)
    assert leader.status_code == 403 and not Exemption.objects.exists()


@pytest.mark.parametrize("extra", [0, 12])
def test_exemption_and_readiness_pages_run_a_bounded_number_of_queries(
        client, world, evaluating_year, extra, django_assert_max_num_queries):
    _more_officials(world, extra)
    staff = signed_in(client, world.users["staff"])
    with django_assert_max_num_queries(13):
        assert staff.get(url("exemptions", evaluating_year.pk)).status_code == 200
    with django_assert_max_num_queries(21):
        assert staff.get(url("readiness", evaluating_year.pk)).status_code == 200
    with django_assert_max_num_queries(25):
        assert staff.get(url("cycle", evaluating_year.pk)).status_code == 200


@pytest.mark.parametrize("extra", [0, 12])
def test_the_readiness_endpoint_runs_a_bounded_number_of_queries(api, world, evaluating_year, extra,
                                                                 django_assert_max_num_queries):
    _more_officials(world, extra)
    client = api.as_(world.users["staff"])
    with django_assert_max_num_queries(20):
        body = client.get(f"/api/v1/cycles/{evaluating_year.pk}/readiness/").json()
    assert body["state"] == "evaluating" and body["next_state"] == "finalized"
