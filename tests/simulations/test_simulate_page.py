"""The what-if page and its workbook, on the hand-computed district (tests/fixtures/simulations.py)."""
import io

import openpyxl
import pytest

from tests.fixtures.simulations import build_hand_district

pytestmark = pytest.mark.django_db


def page(client, hand, user="staff", query=None, path=""):
    client.force_login(hand.users[user])
    return client.get(f"/simulations/cycles/{hand.cycle.pk}/{path}", query or {})


def run_query(**changes):
    """The form as the page fills it (the cycle's settings), with `changes`, and the run button."""
    fields = {"weights_unit": "0.3", "weights_pledge": "0.5", "weights_survey": "0.2",
              "grade_coefficients_A": "1.2", "grade_coefficients_B": "1.0", "grade_coefficients_C": "0.8",
              "survey_weights_superior": "0.4", "survey_weights_peer": "0.3", "survey_weights_subordinate": "0.2",
              "survey_weights_public": "0.1", "letter_points_A": "95", "letter_points_B": "80", "letter_points_C": "60",
              "poor_threshold": "60", "good_threshold": "85", "good_quota": "0.3", "bonus_cap": "5",
              "exemplary_top": "10"}
    return {**fields, **changes, "run": "1"}


def test_the_form_is_prefilled_with_the_cycles_settings(client, hand_district):
    response = page(client, hand_district)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["good_quota"].value() == form.fields["good_quota"].initial
    assert str(form.fields["good_quota"].initial) == "0.3"
    assert "pledge_deadline" not in form.fields and "publish_scores" not in form.fields
    assert response.context["simulation"] is None


def test_a_run_shows_the_counts_and_the_changed_officials(client, hand_district, django_assert_max_num_queries):
    client.force_login(hand_district.users["staff"])
    with django_assert_max_num_queries(25):
        response = client.get(f"/simulations/cycles/{hand_district.cycle.pk}/", run_query(good_quota="0.5"))
    assert response.status_code == 200
    counts = {row["key"]: (row["before"], row["after"]) for row in response.context["counts"]}
    assert counts == {"good": (3, 4), "average": (2, 1), "poor": (1, 1), "incomplete": (1, 1), "exempt": (1, 1)}
    [row] = response.context["changes"]
    assert row["name"] == "乙" and (row["grade_before"], row["grade_after"]) == ("一般", "好")
    text = response.content.decode()
    assert "乙所在单位" in text and "职级晋升予以倾斜" in text and "诫勉处理" in text


def test_invalid_values_come_back_on_their_field(client, hand_district):
    response = page(client, hand_district, query=run_query(good_threshold="50"))
    assert response.status_code == 400
    assert response.context["form"].errors["poor_threshold"] == ["“较差”分数线必须低于“好”分数线。"]
    response = page(client, hand_district, query=run_query(weights_unit="0.4"))
    assert response.status_code == 400 and response.context["simulation"] is None
    assert "各项之和必须等于 1" in response.content.decode()
    response = page(client, hand_district, query=run_query(bonus_cap="abc"))
    assert response.status_code == 400 and "bonus_cap" in response.context["form"].errors


def test_leaders_may_run_it_officials_never_other_districts_not_found(client, hand_district):
    assert page(client, hand_district, "leader", run_query(good_quota="0.5")).status_code == 200
    assert page(client, hand_district, "official").status_code == 403
    other = build_hand_district("qita", "其他区")
    client.force_login(other.users["staff"])
    assert client.get(f"/simulations/cycles/{hand_district.cycle.pk}/").status_code == 404
    assert client.get(f"/simulations/cycles/{hand_district.cycle.pk}/export.xlsx").status_code == 404


def test_a_finalized_cycle_can_be_simulated(client, hand_district):
    from cycles.models import Cycle

    Cycle.objects.filter(pk=hand_district.cycle.pk).update(state=Cycle.State.FINALIZED)
    response = page(client, hand_district, query=run_query(good_quota="0.5"))
    assert response.status_code == 200 and len(response.context["changes"]) == 1


def test_the_settings_and_results_pages_link_to_it(client, hand_district):
    client.force_login(hand_district.users["staff"])
    url = f"/simulations/cycles/{hand_district.cycle.pk}/"
    for path in ("settings/", "results/"):
        assert f'href="{url}"' in client.get(f"/evaluations/cycles/{hand_district.cycle.pk}/{path}").content.decode()


def test_the_comparison_exports_to_a_workbook_with_chinese_headers(client, hand_district):
    response = page(client, hand_district, query=run_query(weights_unit="0.2", weights_pledge="0.6"),
                    path="export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["等次人数对比", "等次或结果运用变化", "考核参数"]
    counts = list(workbook["等次人数对比"].iter_rows(values_only=True))
    assert counts[1] == ("等次", "本年度参数（人）", "测算参数（人）", "增减（人）")
    assert counts[2:] == [("好", 3, 3, 0), ("一般", 2, 2, 0), ("较差", 1, 1, 0), ("数据不全", 1, 1, 0),
                          ("不确定等次", 1, 1, 0)]
    changes = list(workbook["等次或结果运用变化"].iter_rows(values_only=True))
    assert changes[1] == ("干部", "单位", "综合得分（调整前）", "综合得分（调整后）", "名次（调整前）",
                          "名次（调整后）", "等次（调整前）", "等次（调整后）", "新增结果运用", "取消结果运用")
    assert changes[2][:8] == ("乙", "乙所在单位", 85.5, 87, 4, 3, "一般", "好")
    assert changes[2][8].split("\n") == ["全区通报表扬", "授予“担当作为好干部”荣誉称号",
                                         "作为向上级组织部门推荐优秀干部的重要来源", "职级晋升予以倾斜"]
    assert changes[3][:8] == ("丙", "丙所在单位", 86.5, 85.4, 3, 4, "好", "一般")
    assert changes[3][9].split("\n")[0] == "全区通报表扬"
    assert len(changes) == 4
    settings = {row[0]: row[1:] for row in workbook["考核参数"].iter_rows(min_row=3, values_only=True)}
    assert settings["四维权重（单位绩效 / 履职践诺 / 多维测评）"] == (
        "单位绩效 0.3 / 履职践诺 0.5 / 多维测评 0.2", "单位绩效 0.2 / 履职践诺 0.6 / 多维测评 0.2")
