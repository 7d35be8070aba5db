"""Cadre development in the system Chromium: staff place officials in the reserve pool and filter
it by category and street experience (desktop and phone), pair a mentor with a mentee, record a
talk that closes a must-talk, and read the due talks with their overdue flag; the mentor, signed
in on a phone with its official account, reads its own talk log."""
import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from development import services
from development.models import DueTalk, Occasion
from tests.fixtures.browser import DESKTOP, PHONE, sign_in
from tests.fixtures.world import build_world

pytestmark = pytest.mark.browser

# Screenshots also go to DEVELOPMENT_SHOTS when set (a folder a reviewer looks at).
EXTRA_SHOTS = os.environ.get("DEVELOPMENT_SHOTS", "")


@pytest.fixture
def world(transactional_db):
    """Committed data: the pool's default categories; 李红梅 (a street head) with an overdue
    must-talk raised long ago."""
    world = build_world()
    staff = world.users["staff"]
    services.reserve_categories_ensure(actor=staff, district=world.own)
    services.due_talk_raise(actor=staff, official=world.other_official, occasion=Occasion.DIFFICULTY,
                            source="manual:journey", detail="旧改项目推进受阻", raised_on=datetime.date(2026, 1, 2))
    return world


def _shot(page, screenshots, name):
    page.screenshot(path=screenshots / name, full_page=True)
    if EXTRA_SHOTS:
        Path(EXTRA_SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(EXTRA_SHOTS) / name, full_page=True)


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def test_staff_build_the_pool_and_the_talk_log(world, visit, screenshots):
    v = visit(DESKTOP)
    page = v.page
    sign_in(v, "staff1")

    # the pool: place 李红梅 (street head) and 张建国
    people = {"李红梅": world.other_official.pk, "张建国": world.own_official.pk}
    for name, category, grounds in (("李红梅", "基层治理类", "街道一线工作经历丰富，网格治理成效突出"),
                                    ("张建国", "党政综合类", "年度考核“好”等次")):
        v.goto("/development/pool/")
        page.get_by_role("link", name="纳入储备").click()
        page.get_by_label("干部").select_option(str(people[name]))
        page.get_by_label("储备类别").select_option(label=category)
        page.get_by_label("入库依据").fill(grounds)
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text(f"已将“{name}”纳入“{category}”。")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("按类别"))).to_contain_text("2")
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("tbody tr", has_text="李红梅")).to_contain_text("街道经历")
    _shot(page, screenshots, "development-pool-desktop.png")

    # filter: only street experience
    page.get_by_label("仅看有街道任职经历的").check()
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("李红梅")
    expect(page.get_by_role("link", name="李红梅")).to_have_attribute(
        "href", f"/profiles/officials/{world.other_official.pk}/")

    # the must-talks: 李红梅's is overdue
    v.goto("/development/talks/due/")
    expect(page.locator("tbody tr", has_text="李红梅")).to_contain_text("已逾期")
    _shot(page, screenshots, "development-due-talks-desktop.png")

    # pair 张建国 (mentor) with 李红梅, then record a talk from the mentor's page
    v.goto("/development/mentors/")
    page.get_by_role("link", name="新建结对").click()
    page.get_by_label("导师").select_option(str(world.own_official.pk))
    page.get_by_label("结对干部").select_option(str(world.other_official.pk))
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(rf"/development/mentors/{world.own_official.pk}/$"))
    page.get_by_role("link", name="记录谈话").last.click()
    page.get_by_label("谈话主题").fill("旧改项目推进中的困难")
    page.get_by_label("四必谈情形").select_option("difficulty")
    page.get_by_label("谈话记录").fill("梳理了三处堵点，约定两周后再谈。")
    _shot(page, screenshots, "development-talk-form-desktop.png")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已记录与“李红梅”的谈话。")).to_be_visible()
    expect(page.locator("tbody tr")).to_contain_text("旧改项目推进中的困难")
    _shot(page, screenshots, "development-mentor-log-desktop.png")
    assert DueTalk.objects.get().closed_on is not None

    v.goto("/development/talks/due/")
    expect(page.get_by_text("没有待谈话事项。")).to_be_visible()
    v.goto("/development/mentors/")
    expect(page.locator("tbody tr", has_text="李红梅")).to_contain_text("1")
    _shot(page, screenshots, "development-pairs-desktop.png")

    # the front-line rule: moving 李红梅 (street head since 2022-03-01) before 2024-03-01 asks for a confirmation
    v.goto(f"/org/officials/{world.other_official.pk}/move/")
    page.get_by_label("新单位").select_option(str(world.own_unit.pk))
    page.get_by_label("新职务").fill("副局长")
    page.get_by_label("任职时间").fill("2023-06-01")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field-error", has_text="2024-03-01")).to_be_visible()
    _shot(page, screenshots, "development-front-line-refused-desktop.png")
    page.get_by_role("textbox", name="说明").fill("区委常委会研究决定")
    page.get_by_label("确认提前调整街道党政正职").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已记录“李红梅”的岗位变动。")).to_be_visible()


def test_the_pool_and_the_mentors_own_log_read_on_a_phone(world, visit, screenshots):
    staff = world.users["staff"]
    from development.models import ReserveCategory

    for official, n in ((world.other_official, 0), (world.own_official, 1)):
        services.placement_create(actor=staff, official=official, category=ReserveCategory.objects.all()[n * 4],
                                  placed_on=datetime.date(2026, 3, 1), grounds="日常考察综合评价优秀")
    pair = services.pair_create(actor=staff, mentor=world.own_official, mentee=world.other_official,
                                started_on=datetime.date(2026, 1, 5))
    services.talk_record(actor=staff, official=world.other_official, pair=pair, held_on=datetime.date(2026, 2, 1),
                         topic="结对见面：明确培养目标", notes="交流岗位职责和个人成长规划。")

    v = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    sign_in(v, "leader1")
    v.goto("/development/pool/")
    expect(v.page.locator("tbody tr")).to_have_count(2)
    _fits(v.page, PHONE["width"])
    _shot(v.page, screenshots, "development-pool-phone.png")

    mentor = visit(PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    sign_in(mentor, "official1")  # 张建国, the mentor
    mentor.goto(f"/development/mentors/{world.own_official.pk}/")
    expect(mentor.page.get_by_text("结对见面：明确培养目标")).to_be_visible()
    expect(mentor.page.get_by_role("link", name="记录谈话")).to_have_count(0)
    _fits(mentor.page, PHONE["width"])
    _shot(mentor.page, screenshots, "development-mentor-log-phone.png")
