"""Issue 14 in the system Chromium: the score grid's "save all" names the refused rows at the top
and moves the focus to the first of them (and each link to its row), the unscored count reaches
the release confirmation, leaders read the grid without a field; an official sees what its
pledges still lack, then submits all its drafts at once. Screenshots at phone and desktop sizes."""
import pytest
from playwright.sync_api import expect

from evaluations.models import QuarterlyScore
from pledges import services as pledge_services
from pledges.models import Pledge
from tests.fixtures.browser import DESKTOP, PHONE, sign_in
from tests.fixtures.pledges import pledge_body
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser

PHONE_OPTIONS = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def world(transactional_db):
    """The shared data, committed so that the live server's thread sees it (scored_year builds on it)."""
    return build_world()


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _shot(page, screenshots, name):
    page.screenshot(path=screenshots / f"i14-{name}.png", full_page=True)


def _save_all_with_two_bad_rows(page):
    """Fill the first row right and the second and fourth wrong, then "全部保存" at the top."""
    rows = page.locator("tr.ev-row")
    ids = rows.evaluate_all("els => els.map(e => e.id)")
    rows.nth(0).locator(".col-score input").fill("91")
    rows.nth(1).locator(".col-score input").fill("120")
    rows.nth(3).locator(".col-score input").fill("80")
    rows.nth(3).locator(".col-letter select").select_option("A")
    page.locator(".ev-save-bar-top").get_by_role("button", name="全部保存").click()
    return ids


def test_save_all_errors_are_named_and_focused_and_leaders_only_read(world, scored_year, visit, screenshots):
    cycle = world.own_cycle
    staff = visit(DESKTOP)
    page = staff.page
    sign_in(staff, "staff1")
    staff.goto(f"/evaluations/cycles/{cycle.pk}/scores/?quarter=1")
    expect(page.get_by_role("heading", name="第 1 季度打分")).to_be_visible()
    expect(page.locator("[data-unscored]")).to_contain_text("还有 6 项目标未评分")

    # The help: the letters' points on its summary line, the methods inside.
    help_ = page.locator("details.ev-help")
    expect(help_.locator("summary")).to_contain_text("A = 95 分")
    help_.locator("summary").click()
    expect(help_.locator(".ev-method-help")).to_contain_text("谈心谈话")

    ids = _save_all_with_two_bad_rows(page)
    summary = page.locator("[data-save-errors]")
    expect(summary).to_contain_text("1 项已保存，2 项有误未保存")
    links = summary.locator("a[data-row-link]")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_contain_text("第 2 行")
    expect(links.nth(1)).to_contain_text("第 4 行")
    expect(links.nth(1)).to_contain_text("只能填写一项")
    second, fourth = page.locator(f"#{ids[1]}"), page.locator(f"#{ids[3]}")
    expect(second).to_have_class("ev-row is-error")
    expect(fourth).to_have_class("ev-row is-error")
    expect(second.locator(".ev-rownum")).to_be_visible()
    # The focus is on the first refused field, which was scrolled into view.
    expect(second.locator(".col-score input")).to_be_focused()
    expect(second.locator(".col-score input")).to_be_in_viewport()
    _fits(page, DESKTOP["width"])
    _shot(page, screenshots, "grid-errors-desktop")
    # Each link leads to its row's field.
    links.nth(1).click()
    expect(fourth.locator(".col-score input")).to_be_focused()
    assert QuarterlyScore.objects.filter(quarter=1).count() == 1

    # The fix saves from the bottom bar; the release confirmation gives the unscored count.
    second.locator(".col-score input").fill("88")
    fourth.locator(".col-letter select").select_option("")
    page.locator(".ev-save-bar").last.get_by_role("button", name="全部保存").click()
    expect(page.locator(".message-success")).to_contain_text("已保存 2 项评分")
    expect(page.locator("[data-unscored]")).to_contain_text("还有 3 项目标未评分")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("button", name="发布第 1 季度评分").click()
    assert asked and "还有 3 项目标未评分" in asked[0]

    # The same on a phone: one card per row, the summary at the top, the focus on the first.
    phone = visit(PHONE, **PHONE_OPTIONS)
    sign_in(phone, "staff1")
    phone.goto(f"/evaluations/cycles/{cycle.pk}/scores/?quarter=2")
    phone_ids = _save_all_with_two_bad_rows(phone.page)
    expect(phone.page.locator("[data-save-errors] a[data-row-link]")).to_have_count(2)
    expect(phone.page.locator(f"#{phone_ids[1]} .col-score input")).to_be_focused()
    _fits(phone.page, PHONE["width"])
    phone.page.screenshot(path=screenshots / "i14-grid-errors-phone-focus.png")  # what the phone shows
    _shot(phone.page, screenshots, "grid-errors-phone")
    phone.page.evaluate("() => window.scrollTo(0, 0)")
    phone.page.screenshot(path=screenshots / "i14-grid-errors-phone-top.png")

    # A leader reads the grid: "查看评分", no field and no button in it.
    for viewport, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        leader = visit(viewport, **({} if viewport is DESKTOP else PHONE_OPTIONS))
        sign_in(leader, "leader1")
        leader.goto(f"/evaluations/cycles/{cycle.pk}/scores/?quarter=1")
        expect(leader.page.get_by_role("heading", name="查看评分 · 第 1 季度")).to_be_visible()
        expect(leader.page.locator("tr.ev-row")).to_have_count(6)
        expect(leader.page.locator("table.ev-grid").locator("input, select, button")).to_have_count(0)
        expect(leader.page.get_by_role("button", name="全部保存")).to_have_count(0)
        _fits(leader.page, viewport["width"])
        _shot(leader.page, screenshots, f"grid-leader-{name}")


def test_official_sees_what_is_missing_then_submits_all_drafts(world, visit, screenshots):
    actor, official, cycle = world.users["official"], world.own_official, world.own_cycle
    for category in ("key_work", "innovation"):
        pledge_services.pledge_create(actor=actor, official=official, cycle=cycle, **pledge_body(category))

    v = visit(PHONE, **PHONE_OPTIONS)
    page = v.page
    sign_in(v, "official1")
    v.goto("/pledges/")
    rule = page.locator(".rule-summary").first
    expect(rule).to_contain_text("需至少提交 3 项，覆盖党的建设和干部队伍建设、创新创优工作、服务全区重点工作三类")
    expect(rule).to_contain_text("已填报 2 项，还差 1 项")
    expect(rule).to_contain_text("尚缺：党的建设和干部队伍建设")
    expect(page.get_by_role("button", name="提交审核")).to_have_count(0)
    expect(page.get_by_role("button", name="一次提交全部 2 项草稿")).to_have_count(0)
    expect(page.locator(".pledge-wait").first).to_have_text("补齐目标后即可提交")
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "pledges-missing-phone")

    # The form says the same while filing the missing one.
    page.get_by_role("link", name="新建目标").click()
    expect(page.locator("#set-hint")).to_contain_text("尚缺：党的建设和干部队伍建设")
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "pledges-form-hint-phone")

    pledge_services.pledge_create(actor=actor, official=official, cycle=cycle, **pledge_body("party_building"))
    desk = visit(DESKTOP)
    sign_in(desk, "official1")
    desk.goto("/pledges/")
    expect(desk.page.locator(".rule-summary").first).to_contain_text("可以提交审核")
    expect(desk.page.get_by_role("button", name="一次提交全部 3 项草稿")).to_be_visible()
    _fits(desk.page, DESKTOP["width"])
    _shot(desk.page, screenshots, "pledges-submit-all-desktop")

    v.goto("/pledges/")
    submit_all = page.get_by_role("button", name="一次提交全部 3 项草稿")
    expect(submit_all).to_be_visible()
    _shot(page, screenshots, "pledges-submit-all-phone")
    submit_all.click()
    expect(page.locator(".message-success")).to_contain_text("已一并提交 3 项目标")
    expect(page.locator(".pledge-card .state-submitted")).to_have_count(3)
    assert set(Pledge.objects.values_list("status", flat=True)) == {"submitted"}
    _fits(page, PHONE["width"])
    assert v.foreign_requests() == [] and desk.foreign_requests() == []
