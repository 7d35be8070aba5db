"""Staff walk the growth pages on a phone and a desktop, without JavaScript being needed: the
overview, learning points (recording one through the form), an arena contest (adding a judge's
score) and the competency model with each official's fit; every page screenshotted."""
import datetime

import pytest
from playwright.sync_api import expect

from demo.growth import build_demo_growth
from growth.models import ContestEvent, JudgeScore, LearningActivity
from tests.factories import OfficialFactory
from tests.fixtures.browser import DESKTOP, PHONE, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def grown(world):
    for name in ("赵立新", "钱文华", "孙海涛", "周晓梅"):
        OfficialFactory(unit=world.own_unit, name=name)
    build_demo_growth(world.own, today=datetime.date.today())
    return world


@pytest.mark.parametrize("viewport,label", [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_staff_use_the_growth_pages(grown, visit, screenshots, viewport, label):
    staff = visit(viewport)
    page = staff.page
    sign_in(staff, "staff1")
    staff.goto("/growth/")
    expect(page.get_by_role("heading", name="干部成长", exact=True)).to_be_visible()
    page.screenshot(path=screenshots / f"growth-index-{label}.png", full_page=True)

    page.get_by_role("navigation", name="干部成长").get_by_role("link", name="学习积分").click()
    expect(page.locator("table").first).to_contain_text("张建国")
    before = LearningActivity.objects.count()
    form = page.locator("form", has=page.get_by_role("heading", name="登记学习积分"))
    form.get_by_label("干部").select_option(label="张建国（区人社局）")
    form.get_by_label("日期").fill(f"{datetime.date.today():%Y-%m-%d}")
    form.get_by_label("类型").select_option(label="职业资格")
    form.get_by_label("名称").fill("注册会计师")
    form.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("已登记学习积分")
    assert LearningActivity.objects.count() == before + 1
    page.screenshot(path=screenshots / f"growth-points-{label}.png", full_page=True)

    event = ContestEvent.objects.filter(kind="arena").order_by("held_on").first()
    page.get_by_role("navigation", name="干部成长").get_by_role("link", name="擂台赛与评辩会").click()
    page.screenshot(path=screenshots / f"growth-events-{label}.png", full_page=True)
    page.get_by_role("link", name=event.title).click()
    expect(page.locator("table").first).to_contain_text("张雷")
    scores = page.locator("form", has=page.get_by_role("heading", name="评委打分"))
    scores.get_by_label("参赛干部").select_option(index=1)
    scores.get_by_label("评委", exact=True).fill("吴新")
    scores.get_by_label("得分").fill("88")
    scores.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    assert JudgeScore.objects.filter(judge_name="吴新").exists()
    page.screenshot(path=screenshots / f"growth-event-{label}.png", full_page=True)

    page.get_by_role("navigation", name="干部成长").get_by_role("link", name="胜任力模型").click()
    expect(page.locator("table").first).to_contain_text("统筹协调")
    page.screenshot(path=screenshots / f"growth-competencies-{label}.png", full_page=True)
