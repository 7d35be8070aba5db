"""The pledge journey in the system Chromium: an official files three pledges on a phone and submits
them; staff return one from a desktop; the official reads the reason, edits and resubmits; staff
approve all three from the review queue with ratings, and the grades follow."""
import re

import pytest
from playwright.sync_api import expect

from pledges.models import Pledge
from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.browser import DESKTOP, PHONE
from tests.fixtures.world import FOREIGN_MARKER, build_world
from tests.pledges.test_pages import png_bytes

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"
PLEDGES = [
    ("party_building", "建强“红色楼宇”党建联盟", "推动楼宇党组织和党的工作全覆盖，培育一批党建品牌。",
     "新建楼宇党组织 12 个", "12", "个"),
    ("innovation", "人才服务“一站通”改革", "整合人才政策兑现、住房、子女入学等事项，实行一窗受理、限时办结。",
     "人才事项平均办理时限压缩 50%", "50", "%"),
    ("key_work", "楼宇经济提质增效", "整合楼宇载体资源，成立楼宇经济发展协会，精准招引总部企业。",
     "新培育重点产业特色楼宇不少于 2 座", "2", "座"),
]
RETURN_REASON = "量化目标过于笼统，请写明新引进企业数量"
PHONE_OPTIONS = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture
def world(transactional_db):
    """The shared data, committed so that the live server's thread sees it, plus more officials
    so the deadline panel has people to list."""
    world = build_world()
    for n in range(3):
        OfficialFactory(unit=UnitFactory(district=world.own, name=f"第{n + 1}街道", kind="street"),
                        name=f"街道书记{n + 1}")
    return world


def _sign_in(v, username):
    v.goto("/accounts/login/")
    v.page.get_by_label("用户名").fill(username)
    v.page.get_by_label("密码").fill(PASSWORD)
    v.page.get_by_role("button", name="登录").click()
    expect(v.page.get_by_role("heading", name=f"您好，{username}")).to_be_visible()


def _fits(page, width):
    """Nothing forces sideways scrolling at this width."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _shot(page, screenshots, name):
    page.screenshot(path=screenshots / f"pledges-{name}.png", full_page=True)


def _fill_pledge(page, category, title, content, target, value, unit):
    page.get_by_label("类别", exact=True).select_option(category)
    page.get_by_label("目标名称", exact=True).fill(title)
    page.get_by_label("工作内容", exact=True).fill(content)
    page.get_by_label("量化目标", exact=True).fill(target)
    page.get_by_label("目标数值").fill(value)
    page.get_by_label("计量单位").fill(unit)
    for quarter in (1, 2, 3, 4):
        page.get_by_label(f"第 {quarter} 行 节点内容", exact=True).fill(f"第{quarter}季度：{title}阶段任务")
    page.get_by_label("第 1 行 完成日期", exact=True).fill("2026-03-20")


def test_official_files_staff_return_and_approve(world, visit, screenshots):
    official = visit(PHONE, **PHONE_OPTIONS)
    page = official.page
    _sign_in(official, "official1")

    # The official opens its pledges: nothing filed yet, the rule says what is missing.
    official.goto("/pledges/")
    expect(page.get_by_role("heading", name="我的履职践诺目标")).to_be_visible()
    expect(page.locator(".rule-summary")).to_contain_text("需至少提交 3 项")
    expect(page.locator(".rule-summary")).to_contain_text("已填报 0 项，还差 3 项")

    # It files three pledges, one per category, through the form.
    for n, (category, title, content, target, value, unit) in enumerate(PLEDGES):
        page.get_by_role("link", name="新建目标").click()
        expect(page.get_by_role("heading", name="新建履职践诺目标")).to_be_visible()
        _fill_pledge(page, category, title, content, target, value, unit)
        if n == 0:
            _fits(page, PHONE["width"])
            _shot(page, screenshots, "form-phone")
        page.get_by_role("button", name="保存草稿").click()
        expect(page.locator(".message-success")).to_contain_text(f"已保存草稿“{title}”")
    expect(page.locator(".pledge-card")).to_have_count(3)
    expect(page.locator(".rule-summary")).to_contain_text("符合“每年 3–5 项、三个方面各至少一项”的要求")

    # and submits them from the list.
    for _ in PLEDGES:
        page.get_by_role("button", name="提交审核").first.click()
        expect(page.locator(".message-success")).to_contain_text("已提交审核")
    expect(page.locator(".pledge-card .state-submitted")).to_have_count(3)
    assert set(Pledge.objects.values_list("status", flat=True)) == {"submitted"}
    by_title = {p.title: p for p in Pledge.objects.all()}
    key_work = by_title[PLEDGES[2][1]]

    # Staff, on a desktop, see the three in the review queue and return one with a reason.
    staff = visit(DESKTOP)
    desk = staff.page
    _sign_in(staff, "staff1")
    staff.goto("/pledges/review/")
    expect(desk.get_by_role("heading", name="审核履职践诺目标")).to_be_visible()
    expect(desk.locator(".queue-table tbody tr")).to_have_count(3)
    expect(desk.locator(".deadline-panel")).to_contain_text("已完成")
    expect(desk.get_by_text(FOREIGN_MARKER)).to_have_count(0)
    desk.get_by_role("link", name=PLEDGES[2][1]).click()
    expect(desk.get_by_role("heading", name=PLEDGES[2][1])).to_be_visible()
    expect(desk.get_by_role("button", name="审核通过")).to_be_visible()
    _fits(desk, DESKTOP["width"])
    _shot(desk, screenshots, "review-desktop")
    desk.get_by_label("原因", exact=True).fill(RETURN_REASON)
    desk.get_by_role("button", name="退回", exact=True).click()
    expect(desk.locator(".message-success")).to_contain_text("已退回")
    expect(desk.locator(".timeline")).to_contain_text("待审核 → 已退回")

    # The official sees the reason, edits the pledge and submits it again.
    official.goto("/pledges/")
    card = page.locator(".pledge-card", has_text=PLEDGES[2][1])
    expect(card.locator(".note-returned")).to_contain_text(RETURN_REASON)
    card.get_by_role("link", name="修改").click()
    page.get_by_label("量化目标", exact=True).fill("新引进总部企业 5 家，新培育特色楼宇 2 座")
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator(".message-success")).to_contain_text("已保存")
    page.get_by_role("button", name="重新提交").click()
    expect(page.locator(".message-success")).to_contain_text("已提交审核")
    expect(page.locator(".status-card .state")).to_have_text("待审核")

    # Staff rate the three in the queue and approve them at once.
    staff.goto("/pledges/review/")
    ratings = {PLEDGES[0][1]: (3, 3, 3), PLEDGES[1][1]: (3, 3, 2), PLEDGES[2][1]: (2, 2, 2)}
    for title, values in ratings.items():
        pk = by_title[title].pk
        for name, value in zip(("difficulty", "innovation", "contribution"), values, strict=True):
            desk.locator(f'select[name="{name}-{pk}"]').select_option(str(value))
        desk.locator(f"#pick-{pk}").check()
    _fits(desk, DESKTOP["width"])
    _shot(desk, screenshots, "queue-desktop")
    queue_on_phone = visit(PHONE, **PHONE_OPTIONS)
    _sign_in(queue_on_phone, "staff1")
    queue_on_phone.goto("/pledges/review/")
    expect(queue_on_phone.page.locator(".queue-table tbody tr")).to_have_count(3)
    _fits(queue_on_phone.page, PHONE["width"])
    _shot(queue_on_phone.page, screenshots, "queue-phone")
    queue_on_phone.page.get_by_role("link", name=PLEDGES[0][1]).click()
    expect(queue_on_phone.page.get_by_role("button", name="审核通过")).to_be_visible()
    _fits(queue_on_phone.page, PHONE["width"])
    _shot(queue_on_phone.page, screenshots, "review-phone")
    desk.get_by_role("button", name="批量通过").click()
    expect(desk.locator(".message-success")).to_contain_text("已批量通过 3 项目标")
    assert dict(Pledge.objects.values_list("title", "grade")) == {
        PLEDGES[0][1]: "A", PLEDGES[1][1]: "A", PLEDGES[2][1]: "B",
    }

    # The official's list shows the grades; the pledge page shows ratings and the whole history.
    official.goto("/pledges/")
    for title, grade in ((PLEDGES[0][1], "A"), (PLEDGES[1][1], "A"), (PLEDGES[2][1], "B")):
        expect(page.locator(".pledge-card", has_text=title).locator(".grade")).to_contain_text(grade)
    expect(page.locator(".pledge-card .state-approved")).to_have_count(3)
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "list-phone")
    page.locator(".pledge-card", has_text=PLEDGES[2][1]).get_by_role("link", name="查看").click()
    expect(page.locator(".grade-lg")).to_have_text("B")
    expect(page.locator(".ratings")).to_contain_text("工作难度")
    timeline = page.locator(".timeline")
    for text in ("创建", "草稿 → 待审核", "待审核 → 已退回", RETURN_REASON, "已退回 → 待审核", "待审核 → 已通过",
                 "staff1", "official1"):
        expect(timeline).to_contain_text(text)
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "detail-phone")

    # It reports progress with a photo as evidence.
    page.get_by_role("link", name="填报进展").click()
    page.get_by_label("进展情况").fill("已走访 36 栋重点楼宇，新引进总部企业 2 家。")
    page.get_by_label("完成进度（%）").fill("40")
    page.get_by_label("佐证材料").set_input_files([{"name": "走访照片.png", "mimeType": "image/png",
                                                    "buffer": png_bytes()}])
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "progress-phone")
    page.get_by_role("button", name="提交进展").click()
    expect(page.locator(".message-success")).to_contain_text("已填报进展（40%）")
    expect(page.locator(".files")).to_contain_text("走访照片.png")
    expect(page.locator(".status-card")).to_contain_text("40%")

    # The same pages on a desktop.
    official_desk = visit(DESKTOP)
    _sign_in(official_desk, "official1")
    official_desk.goto("/pledges/")
    expect(official_desk.page.locator(".pledge-card")).to_have_count(3)
    _fits(official_desk.page, DESKTOP["width"])
    _shot(official_desk.page, screenshots, "list-desktop")
    official_desk.goto(f"/pledges/{key_work.pk}/")
    expect(official_desk.page.locator(".timeline-item").first).to_be_visible()
    _fits(official_desk.page, DESKTOP["width"])
    _shot(official_desk.page, screenshots, "detail-desktop")
    official_desk.goto(f"/pledges/new/?cycle={world.own_cycle.pk}")
    _fits(official_desk.page, DESKTOP["width"])
    _shot(official_desk.page, screenshots, "form-desktop")

    for v in (official, staff, queue_on_phone, official_desk):
        assert v.foreign_requests() == [], v.foreign_requests()


def test_form_errors_are_shown_on_a_phone(world, visit, screenshots):
    """A pledge with a quarter left without a milestone comes back with the error on the form."""
    v = visit(PHONE, **PHONE_OPTIONS)
    page = v.page
    _sign_in(v, "official1")
    v.goto(f"/pledges/new/?cycle={world.own_cycle.pk}")
    category, title, content, target, value, unit = PLEDGES[2]
    _fill_pledge(page, category, title, content, target, value, unit)
    page.get_by_label("第 4 行 节点内容", exact=True).fill("")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".milestone-errors")).to_contain_text("缺少：第 4 季度")
    expect(page.get_by_label("目标名称", exact=True)).to_have_value(title)
    assert not Pledge.objects.exists()
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "form-error-phone")
    assert re.search(r"/pledges/new/", page.url)
    assert v.foreign_requests() == []
