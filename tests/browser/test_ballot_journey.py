"""Ballots in the system Chromium: staff define a survey, issue codes on the page (printable
slips with QR codes) and open it; a rater fills the phone ballot at 390 px without an account —
first with too many 不了解 (warned, nothing saved), then properly — and the code is spent; staff
close, read the results and confirm. Screenshots at phone and desktop sizes."""
import re

import pytest
from playwright.sync_api import expect

from cycles.models import Cycle
from evaluations.models import SurveyScore
from surveys import services
from surveys.models import Ballot, Survey
from tests.factories import OfficialFactory
from tests.fixtures.browser import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.browser


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_staff_issue_codes_a_rater_fills_the_phone_ballot_and_staff_confirm(world, visit, screenshots):
    cycle = world.own_cycle
    OfficialFactory(unit=world.own_unit, name="王海涛", position="副局长", is_principal=False)
    Cycle.objects.filter(pk=cycle.pk).update(state="evaluating")

    staff = visit(DESKTOP)
    page = staff.page
    sign_in(staff, "staff1")
    staff.goto(f"/evaluations/cycles/{cycle.pk}/")
    page.get_by_role("navigation", name="考核年度页面").get_by_role("link", name="民主测评").click()
    page.screenshot(path=screenshots / "survey-list-empty-desktop.png", full_page=True)
    page.get_by_role("link", name="新建测评").click()
    page.get_by_label("名称").fill("2026 年度多维测评")
    page.get_by_label("测评题目").fill("de｜德：政治品质和道德品行\nneng｜能：履职能力和专业素养\nqin｜勤：工作作风")
    page.screenshot(path=screenshots / "survey-form-desktop.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".message-success")).to_contain_text("已新建测评")
    survey = Survey.objects.get()
    page.screenshot(path=screenshots / "survey-detail-desktop.png", full_page=True)

    page.get_by_label("测评主体").select_option("peer")
    page.get_by_label("数量").fill("3")
    page.get_by_role("button", name="发放并打印票码条").click()
    expect(page.get_by_role("heading", name="票码条")).to_be_visible()
    expect(page.locator(".sv-slip")).to_have_count(3)
    expect(page.locator(".sv-slip img").first).to_have_js_property("complete", True)
    assert page.locator(".sv-slip img").first.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=screenshots / "survey-slips-desktop.png", full_page=True)
    codes = re.findall(r"/ballots/([a-z2-7]{16})/", page.content())
    assert len(set(codes)) == 3
    page.get_by_role("link", name="返回测评").click()
    page.get_by_role("button", name="开始测评").click()
    expect(page.locator(".message-success")).to_contain_text("测评已开始")

    # the rater, on a phone, no account
    rater = visit(PHONE)
    phone = rater.page
    rater.goto(f"/ballots/{codes[0]}/")
    expect(phone.get_by_role("heading", name="2026 年度多维测评")).to_be_visible()
    expect(phone.locator("fieldset.sv-person")).to_have_count(2)  # the principal officials only
    _fits(phone, PHONE["width"])
    phone.screenshot(path=screenshots / "ballot-phone.png", full_page=True)
    zhang, li = world.own_official.pk, world.other_official.pk
    phone.locator(f'label[for="a-{zhang}-de-100"]').click()
    phone.locator(f'label[for="a-{zhang}-neng-85"]').click()
    phone.get_by_role("button", name="提交测评").click()
    expect(phone.locator("#invalid-warning")).to_contain_text("无效票")
    expect(phone.locator(f'#a-{zhang}-de-100')).to_be_checked()
    assert not Ballot.objects.exists()
    _fits(phone, PHONE["width"])
    phone.screenshot(path=screenshots / "ballot-phone-warning.png", full_page=True)
    for official in (zhang, li):
        for item, points in (("de", 100), ("neng", 85), ("qin", 85)):
            phone.locator(f'label[for="a-{official}-{item}-{points}"]').click()
    phone.get_by_role("button", name="提交测评").click()
    expect(phone.get_by_role("heading", name="提交成功")).to_be_visible()
    phone.screenshot(path=screenshots / "ballot-phone-thanks.png", full_page=True)
    assert Ballot.objects.get().valid
    rater.goto(f"/ballots/{codes[0]}/")
    expect(phone.get_by_role("heading", name="无法测评")).to_be_visible()
    expect(phone.get_by_text("票码无效或已经使用过。")).to_be_visible()
    phone.screenshot(path=screenshots / "ballot-phone-spent.png", full_page=True)

    second = visit(PHONE)
    second.goto(f"/ballots/{codes[1]}/")
    for official in (zhang, li):
        for item in ("de", "neng", "qin"):
            second.page.locator(f'label[for="a-{official}-{item}-70"]').click()
    second.page.get_by_role("button", name="提交测评").click()
    expect(second.page.get_by_role("heading", name="提交成功")).to_be_visible()

    # staff close, read and confirm: 2 valid of 3 codes → the peer group counts
    staff.goto(f"/surveys/{survey.pk}/")
    page.get_by_role("button", name="结束测评并汇总").click()
    expect(page.locator(".message-success")).to_contain_text("测评已结束")
    # de (100 + 70)/2 = 85, neng and qin (85 + 70)/2 = 77.5 → 240/3
    expect(page.locator(f"#official-{zhang}")).to_contain_text("80.00")
    page.screenshot(path=screenshots / "survey-results-desktop.png", full_page=True)
    page.get_by_role("button", name="确认并记入年度考核").click()
    expect(page.locator(".message-success")).to_contain_text("测评结果已确认")
    assert {str(s.score) for s in SurveyScore.objects.filter(rater_group="peer")} == {"80.00"}

    small = visit(PHONE)
    sign_in(small, "staff1")
    small.goto(f"/surveys/{survey.pk}/results/")
    _fits(small.page, PHONE["width"])
    small.page.screenshot(path=screenshots / "survey-results-phone.png", full_page=True)


def test_staff_read_a_political_surveys_proposals_and_change_one_with_a_reason(world, visit, screenshots):
    """Two officials; 李's reverse item is answered 是 by 2 of 3 raters (2/3 > 1/3): not qualified
    is proposed, and staff change it with a reason, on a phone."""
    staff_user = world.users["staff"]
    survey = services.survey_create(actor=staff_user, cycle=world.own_cycle, kind="political",
                                    title="2026 年度正反向政治素质测评",
                                    items=[services.ItemInput("p1", "对党忠诚"),
                                           services.ItemInput("r1", "存在当面一套、背后一套的情况", reverse=True)])
    codes = services.codes_issue(actor=staff_user, survey=survey, rater_group="superior", count=3)
    services.survey_open(actor=staff_user, survey=survey)
    zhang, li = world.own_official, world.other_official
    for code, answer in zip(codes, ("yes", "yes", "no"), strict=True):
        services.ballot_submit(code=code, answers=[
            services.AnswerInput(zhang.pk, "p1", 85), services.AnswerInput(zhang.pk, "r1", choice="no"),
            services.AnswerInput(li.pk, "p1", 70), services.AnswerInput(li.pk, "r1", choice=answer)])
    services.survey_close(actor=staff_user, survey=survey)

    staff = visit(PHONE)
    page = staff.page
    sign_in(staff, "staff1")
    staff.goto(f"/surveys/cycles/{world.own_cycle.pk}/")
    _fits(page, PHONE["width"])
    page.screenshot(path=screenshots / "survey-list-phone.png", full_page=True)
    page.get_by_role("link", name="查看结果").click()
    row = page.locator(f"#official-{li.pk}")
    expect(row).to_contain_text("0.6667")
    expect(row.locator(".ev-flag-bad")).to_have_text("不合格")
    _fits(page, PHONE["width"])
    page.screenshot(path=screenshots / "survey-political-results-phone.png", full_page=True)
    row.get_by_label("认定").select_option("1")
    row.get_by_label("理由").fill("经核实，反映的问题已澄清")
    row.get_by_role("button", name="调整建议").click()
    expect(page.locator(".message-success")).to_contain_text("已保存对 李红梅 的认定")
    expect(page.locator(f"#official-{li.pk}")).to_contain_text("经核实，反映的问题已澄清")
    page.screenshot(path=screenshots / "survey-political-changed-phone.png", full_page=True)
