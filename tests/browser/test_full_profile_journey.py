"""The official's whole profile in the system Chromium: staff open the profile of an official who
has a record in every development and growth section — a reserve placement, a mentor pair with a
talk and an open must-talk, learning points, a contest result, competency levels with the fit —
plus the 德才表现曲线 and the supervision entries, and read each section's heading and a value,
on a phone (390 px) and a desktop (1280 px), with nothing wider than the screen."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import Cycle
from development import services as development
from development.models import Occasion, ReserveCategory
from growth import services as growth
from growth.models import LearningActivity
from tests.fixtures.browser import DESKTOP, PHONE, save_shot, sign_in
from tests.fixtures.profiles import build_history
from tests.fixtures.world import build_world
from tests.surveys.curve_data import survey_with

pytestmark = pytest.mark.browser

KINDS = ("street_head", "department_head", "other_head", "deputy")


@pytest.fixture
def world(transactional_db):
    """张建国 with two years of history and a record in every development and growth section."""
    world = build_world()
    staff, me, mentor = world.users["staff"], world.own_official, world.other_official
    today = timezone.localdate()
    build_history(world, me, years=2)
    survey_with(Cycle.objects.get(district=world.own, year=2025), officials=[me, mentor], results=[
        (me, "superior", True, {"p1": "88.00", "p2": "84.00", "p3": "92.00"}),
        (mentor, "superior", True, {"p1": "76.00", "p2": "78.00", "p3": "80.00"}),
    ])

    development.reserve_categories_ensure(actor=staff, district=world.own)
    development.placement_create(actor=staff, official=me, category=ReserveCategory.objects.get(
        district=world.own, name="优秀年轻干部类"), placed_on=today - datetime.timedelta(days=90),
        grounds="竞争性选拔进入，年度考核“好”等次")
    pair = development.pair_create(actor=staff, mentor=mentor, mentee=me,
                                   started_on=today - datetime.timedelta(days=120), note="“青蓝培养”计划")
    development.talk_record(actor=staff, official=me, pair=pair, held_on=today - datetime.timedelta(days=30),
                            topic="季度谈心：街道工作难点", notes="交流信访化解经验")
    development.due_talk_raise(actor=staff, official=me, occasion=Occasion.FAMILY_EVENT, source="journey:family",
                               detail="家中老人住院", raised_on=today - datetime.timedelta(days=3))

    growth.activity_record(actor=staff, official=me, held_on=today - datetime.timedelta(days=10),
                           kind=LearningActivity.Kind.TRAINING, title="区管党政正职培训班")
    growth.activity_record(actor=staff, official=me, held_on=today - datetime.timedelta(days=40),
                           kind=LearningActivity.Kind.LECTURE, title="书记讲业务：城市更新实务")
    event = growth.event_create(actor=staff, district=world.own, kind="arena",
                                held_on=today - datetime.timedelta(days=20), title="第二季度“一把手擂台赛”")
    for official, topic, base in ((me, "优化营商环境", 90), (mentor, "楼宇经济培育", 84)):
        entry = growth.participant_add(actor=staff, event=event, official=official, topic=topic)
        for n, judge in enumerate(("张雷", "王敏", "刘腾")):
            growth.score_record(actor=staff, participant=entry, judge_name=judge, score=Decimal(base + n))
    for name, level in (("统筹协调", 4), ("群众工作", 3)):
        competency = growth.competency_create(actor=staff, district=world.own, name=name,
                                              required=dict.fromkeys(KINDS, 4))
        growth.assessment_record(actor=staff, official=me, competency=competency, level=level,
                                 assessed_on=today - datetime.timedelta(days=60), source="年度考察")
    return world


SECTIONS = {  # section key: (heading, a value it shows)
    "survey-curves": ("德才表现曲线", "测评得分 88.00"),
    "reserve": ("储备干部库", "优秀年轻干部类"),
    "mentoring": ("导师与谈心谈话", "季度谈心：街道工作难点"),
    "learning-points": ("学习积分", "区管党政正职培训班"),
    "contests": ("擂台赛与评辩会", "优化营商环境"),
    "competency": ("胜任力与人岗适配", "统筹协调"),
    "supervision": ("监督信息", None),
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_staff_read_every_development_and_growth_section_of_a_profile(world, visit, screenshots, viewport):
    label = "phone" if viewport is PHONE else "desktop"
    v = visit(viewport)
    page = v.page
    sign_in(v, "staff1")
    v.goto(f"/profiles/officials/{world.own_official.pk}/")
    expect(page.get_by_role("heading", name="张建国", level=1)).to_be_visible()
    for key, (heading, value) in SECTIONS.items():
        section = page.locator(f"#section-{key}")
        expect(section.get_by_role("heading", name=heading, level=2)).to_be_visible()
        if value:
            expect(section.get_by_text(value).first).to_be_visible()
    expect(page.locator("#section-reserve")).to_contain_text("竞争性选拔进入")
    expect(page.locator("#section-mentoring")).to_contain_text("导师：李红梅")
    expect(page.locator("#section-mentoring")).to_contain_text("家庭发生变故")
    expect(page.locator("#section-contests")).to_contain_text("91")  # 张建国's mean of 90, 91, 92
    expect(page.locator("#section-competency")).to_contain_text("人岗适配度")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    save_shot(page, screenshots, f"profile-full-{label}.png", full_page=True)
    for key in SECTIONS:
        section = page.locator(f"#section-{key}")
        section.scroll_into_view_if_needed()
        save_shot(section, screenshots, f"profile-full-{label}-{key}.png")
