"""The evaluation journey in the system Chromium: staff score a quarter in the grid from the
keyboard (Enter saves the row without reloading and moves on), release it, move the year to its
end, compute the results and watch the progress bar finish, override a grade with a reason and
finalize; the official then reads its own result with the reasons. Screenshots at phone and
desktop sizes: grid, results (with the chart), an official's page."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from cycles.models import Cycle, TaskRecord
from evaluations import services
from evaluations.models import (
    GradeOverride,
    ListItem,
    OutcomeExecution,
    QuarterlyScore,
    QuarterRelease,
    Result,
)
from pledges import services as pledge_services
from pledges.models import Evidence, Pledge, ProgressUpdate
from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.browser import DESKTOP, PHONE
from tests.fixtures.world import FOREIGN_MARKER, build_world
from tests.pledges.test_pages import png_bytes

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"
PHONE_OPTIONS = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
OVERRIDE_REASON = "经区委常委会研究，该同志牵头的重点项目推进滞后，等次调整为“一般”"

PLEDGE_TEXT = {
    "party_building": ("建强“红色楼宇”党建联盟", "新建楼宇党组织 12 个"),
    "innovation": ("人才服务“一站通”改革", "人才事项平均办理时限压缩 50%"),
    "key_work": ("楼宇经济提质增效", "新培育重点产业特色楼宇不少于 2 座"),
}
MILESTONES = ["完成调研摸底，制定工作方案", "推进重点任务，形成阶段成果", "总结经验做法，开展中期评估",
              "全面完成目标，形成长效机制"]
# (name, unit, position, quarterly points, unit score, survey scores, negative list item)
PEOPLE = [
    ("王海涛", "区发改局", "党组书记、局长", 95, 93, (94, 92, 90, 91), None),
    ("赵敏", "区财政局", "党组书记、局长", 92, 90, (91, 90, 88, 90), None),
    ("孙立新", "台东街道", "党工委书记", 90, 89, (88, 87, 86, 88), None),
    ("周静", "宁夏路街道", "党工委书记", 88, 86, (86, 85, 84, 85), "N12"),
    ("吴志强", "区教育局", "党组书记、局长", 84, 85, (83, 82, 80, 81), None),
    ("郑丽华", "区卫健局", "党组书记、局长", 78, 80, (79, 78, 77, 80), None),
    ("钱卫东", "区城管局", "党组书记、局长", 52, 60, (58, 55, 56, 60), None),
]


def _pledges_for(official, cycle, base: int, staff):
    rows = []
    for category, (title, target) in PLEDGE_TEXT.items():
        rows.append(pledge_services.pledge_create(
            actor=None, official=official, cycle=cycle, category=category, title=title,
            content=f"{official.unit.name}：{title}，明确责任、倒排工期、按季推进。", target=target,
            milestones=[{"quarter": q, "description": MILESTONES[q - 1]} for q in (1, 2, 3, 4)],
        ))
    for row in rows:
        pledge_services.pledge_submit(actor=None, pledge=row)
    approved = [
        pledge_services.pledge_approve(actor=staff, pledge=row, difficulty=d, innovation=i, contribution=c)
        for row, (d, i, c) in zip(rows, ((3, 3, 2), (2, 2, 2), (1, 2, 2)), strict=True)
    ]
    for n, pledge in enumerate(approved):
        ProgressUpdate.objects.create(pledge=pledge, percent=min(100, 25 + 10 * n + base // 10),
                                      text=f"{MILESTONES[0]}已完成，正在{MILESTONES[1]}。")
    return approved


@pytest.fixture
def world(transactional_db):
    """Nine officials of the own district, each with three approved pledges (grades A, B, C) and
    progress, the cycle in progress — committed so that the live server's thread sees it."""
    # A transactional test before this one flushed the catalog its migration loaded: load it again.
    import importlib

    from django.apps import apps

    importlib.import_module("evaluations.migrations.0002_load_list_catalog").load_catalog(apps, None)
    world = build_world()
    staff = world.users["staff"]
    cycle = world.own_cycle
    people = [(world.own_official, 91, 88, (90, 88, 86, 87), None),
              (world.other_official, 86, 84, (85, 84, 83, 82), None)]
    for name, unit, position, points, unit_score, surveys, negative in PEOPLE:
        official = OfficialFactory(unit=UnitFactory(district=world.own, name=unit,
                                                    kind="street" if "街道" in unit else "department"),
                                   name=name, position=position)
        people.append((official, points, unit_score, surveys, negative))
    world.people = []
    for official, points, unit_score, surveys, negative in people:
        world.people.append((official, points, unit_score, surveys, negative,
                             _pledges_for(official, cycle, points, staff)))
    first = world.people[0][5][0]
    evidence = Evidence(progress=first.progress.first(), original_name="楼宇走访照片.png", content_type="image/png",
                        size=len(png_bytes()))
    evidence.file.save("walk.png", ContentFile(png_bytes()), save=True)
    _history(world)
    Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
    cycle.refresh_from_db()
    return world


def _history(world):
    """Two earlier finalized years for everyone, so an official's page has a trend to draw."""
    from django.utils import timezone

    from evaluations import rules

    for year, shift in ((2024, -3), (2025, 1)):
        cycle = Cycle.objects.create(district=world.own, year=year, state="finalized",
                                     pledge_deadline=datetime.date(year, 1, 31), finalized_at=timezone.now())
        ranked = sorted(world.people, key=lambda p: -(p[1] + shift * (1 if p[1] % 2 else -1)))
        for rank, (official, points, *_rest) in enumerate(ranked, start=1):
            composite = Decimal(points + shift * (1 if points % 2 else -1)) - Decimal("0.35")
            grade = "poor" if composite < 60 else "good" if rank <= 3 and composite >= 85 else "average"
            Result.objects.create(
                cycle=cycle, official=official, unit=official.unit, unit_score=composite, pledge_score=composite,
                survey_score=composite, composite=composite, rank=rank, computed_grade=grade, grade=grade,
                outcomes=rules.outcomes_of(grade=grade, vetoed=False, exemplary=grade == "good", previous=[]),
                computed_at=timezone.now(),
            )


def _grid_order(cycle):
    """The pledges in the order the grid shows them."""
    return list(Pledge.objects.filter(cycle=cycle, status="approved").order_by(
        "official__unit__sort_order", "official__unit__name", "official__name", "official_id", "id"))


def _score(world, pledges, quarter):
    staff = world.users["staff"]
    base = {official.pk: points for official, points, *_ in world.people}
    for n, pledge in enumerate(pledges):
        points = Decimal(base[pledge.official_id]) + Decimal(n % 3) - 1
        services.quarterly_score_record(actor=staff, pledge=pledge, quarter=quarter, score=min(points, Decimal(100)),
                                        method=["investigation", "site_visit", "interview"][n % 3],
                                        note="查阅台账、实地查看")


def _year_end(world):
    staff = world.users["staff"]
    cycle = Cycle.objects.get(pk=world.own_cycle.pk)
    for official, _points, unit_score, surveys, negative, _pledges in world.people:
        services.unit_score_record(actor=staff, unit=official.unit, cycle=cycle, score=Decimal(unit_score))
        for group, score in zip(("superior", "peer", "subordinate", "public"), surveys, strict=True):
            services.survey_score_record(actor=staff, official=official, cycle=cycle, rater_group=group,
                                         score=Decimal(score))
        if official.pk != world.own_official.pk:  # the own official's review is entered in the browser
            services.political_review_record(actor=staff, official=official, cycle=cycle, qualified=True)
        if negative:
            services.list_entry_add(actor=staff, official=official, cycle=cycle,
                                    item=ListItem.objects.get(code=negative), note="经查实")
    services.list_entry_add(actor=staff, official=world.other_official, cycle=cycle,
                            item=ListItem.objects.get(code="P01"), note="获评全市先进")


def _sign_in(v, username):
    v.goto("/accounts/login/")
    v.page.get_by_label("用户名").fill(username)
    v.page.get_by_label("密码").fill(PASSWORD)
    v.page.get_by_role("button", name="登录").click()
    expect(v.page.get_by_role("heading", name=f"您好，{username}")).to_be_visible()


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _shot(page, screenshots, name):
    page.screenshot(path=screenshots / f"evaluations-{name}.png", full_page=True)


def _accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_staff_score_release_compute_override_and_finalize(world, visit, screenshots):
    cycle = world.own_cycle
    order = _grid_order(cycle)
    typed = order[:3]
    _score(world, order[3:], 1)  # the rest of the first quarter is already in

    staff = visit(DESKTOP)
    page = staff.page
    _accept_dialogs(page)
    _sign_in(staff, "staff1")

    # The cycle dashboard leads to the grid of the first quarter.
    staff.goto(f"/evaluations/cycles/{cycle.pk}/")
    expect(page.get_by_role("heading", name=f"{cycle.year} 考核年度")).to_be_visible()
    expect(page.locator(".ev-settings")).to_contain_text("“好”分数线（不低于此分）")
    page.get_by_role("link", name="季度打分").first.click()
    expect(page.get_by_role("heading", name="第 1 季度打分")).to_be_visible()
    rows = page.locator("tr.ev-row")
    expect(rows).to_have_count(len(order))
    assert rows.evaluate_all("els => els.map(e => e.id)") == [f"row-{p.pk}" for p in order]
    page.evaluate("() => { window.__sameDocument = true; }")

    # Type a score and press Enter: the row saves in place, focus moves to the next row.
    first, second, third = (page.locator(f"#row-{p.pk}") for p in typed)
    first.locator(".col-score input").fill("93.5")
    first.locator(".col-note input").fill("专题调查：查阅党建台账 12 册")
    first.locator(".col-note input").press("Enter")
    expect(first).to_have_class("ev-row is-saved has-score")
    expect(first.locator(".ev-row-state")).to_have_text("已保存")
    expect(second.locator(".col-score input")).to_be_focused()
    assert QuarterlyScore.objects.get(pledge=typed[0], quarter=1).score == Decimal("93.5")

    # A score out of range comes back on its cell; nothing is saved; the fix saves.
    page.keyboard.type("101")
    page.keyboard.press("Enter")
    expect(second.locator(".ev-cell-error")).to_contain_text("100")
    expect(second).to_have_class("ev-row is-error")
    assert not QuarterlyScore.objects.filter(pledge=typed[1], quarter=1).exists()
    second.locator(".col-score input").fill("")
    second.locator(".col-letter select").select_option("A")
    second.locator(".col-method select").select_option("site_visit")
    second.locator(".col-letter select").press("Enter")
    expect(second.locator(".ev-row-state")).to_have_text("已保存")
    assert QuarterlyScore.objects.get(pledge=typed[1], quarter=1).letter == "A"

    # The last typed row through its button; then the page is still the same document.
    third.locator(".col-score input").fill("89")
    third.get_by_role("button", name="保存").click()
    expect(third.locator(".ev-row-state")).to_have_text("已保存")
    assert page.evaluate("() => window.__sameDocument") is True
    expect(page.locator("[data-scored-count]")).to_have_text(str(len(order)))
    expect(page.locator(".ev-evidence").first).to_have_text("佐证材料")
    _fits(page, DESKTOP["width"])
    _shot(page, screenshots, "grid-desktop")

    # The grid on a phone: one card per pledge, the inputs two by two.
    phone = visit(PHONE, **PHONE_OPTIONS)
    _sign_in(phone, "staff1")
    phone.goto(f"/evaluations/cycles/{cycle.pk}/scores/?quarter=1&unit={world.own_official.unit_id}")
    expect(phone.page.locator("tr.ev-row")).to_have_count(3)
    expect(phone.page.locator(f"#row-{typed[0].pk} .col-score input")).to_have_value("93.5")
    _fits(phone.page, PHONE["width"])
    _shot(phone.page, screenshots, "grid-phone")

    # Release the quarter.
    page.get_by_role("button", name="发布第 1 季度评分").click()
    expect(page.locator(".message-success")).to_contain_text("已发布第 1 季度评分")
    assert QuarterRelease.objects.filter(cycle=cycle, quarter=1).exists()
    expect(page.locator(".alert-warning")).to_contain_text("修改任何一行都须填写修改理由")

    # The rest of the year, then on to the year end from the dashboard.
    for quarter in (2, 3, 4):
        _score(world, order, quarter)
    staff.goto(f"/evaluations/cycles/{cycle.pk}/")
    page.get_by_role("button", name="推进至“年底评定”").click()
    expect(page.locator(".message-success")).to_contain_text("已进入“年底评定”阶段")
    _year_end(world)

    # One political review through the year-end inputs page.
    staff.goto(f"/evaluations/cycles/{cycle.pk}/inputs/")
    card = page.locator(f"#official-{world.own_official.pk}")
    card.get_by_label("结论").select_option("yes")
    card.get_by_role("button", name="保存").click()
    expect(page.locator(".message-success")).to_contain_text("已保存张建国的年底测评")

    # Compute from the results page: the progress bar reaches the end.
    staff.goto(f"/evaluations/cycles/{cycle.pk}/results/")
    page.get_by_role("button", name="计算结果").click()
    task = page.locator(".ev-task")
    expect(task).to_be_visible()
    expect(task).to_have_attribute("data-state", "success")
    expect(task.locator("progress")).to_have_attribute("value", "100")
    expect(task.locator("[data-task-label]")).to_have_text("计算完成")
    expect(page.locator(".ev-chart-wide svg")).to_be_visible()
    expect(page.locator(".ev-chart-narrow svg")).to_be_hidden()
    expect(page.locator("tr.ev-result-row")).to_have_count(len(world.people))
    expect(page.get_by_text(FOREIGN_MARKER)).to_have_count(0)

    # Override one grade with a reason.
    top = Result.objects.filter(cycle=cycle, grade="good").order_by("rank", "official__name").first()
    row = page.locator(f"#result-{top.official_id}")
    row.get_by_text("调整等次").click()
    row.get_by_label("调整为").select_option("average")
    row.get_by_label("理由").fill(OVERRIDE_REASON)
    row.get_by_role("button", name="确认调整").click()
    expect(page.locator(".message-success")).to_contain_text("的等次调整为“一般”")
    row = page.locator(f"#result-{top.official_id}")
    expect(row.locator(".ev-level")).to_have_text("一般")
    expect(row).to_contain_text("计算为“好”")
    assert GradeOverride.objects.get(official_id=top.official_id).reason == OVERRIDE_REASON
    _fits(page, DESKTOP["width"])
    _shot(page, screenshots, "results-desktop")

    # Finalize; the consequences are listed to be recorded.
    page.get_by_role("button", name="定档").click()
    expect(page.locator(".message-success")).to_contain_text("已定档")
    assert Cycle.objects.get(pk=cycle.pk).state == "finalized"
    expect(page.locator("#outcomes")).to_contain_text("全区通报表扬")
    assert OutcomeExecution.objects.filter(result__cycle=cycle).exists()

    # An official's page with the chart and the reasons.
    page.locator(f"#result-{world.own_official.pk} .col-name a").click()
    expect(page.get_by_role("heading", name="张建国")).to_be_visible()
    expect(page.locator(".ev-chart-wide svg")).to_be_visible()
    expect(page.locator(".ev-chart-wide .chart-point")).to_have_count(3)
    expect(page.locator(".ev-reasons").first).to_contain_text("综合得分")
    _fits(page, DESKTOP["width"])
    _shot(page, screenshots, "official-desktop")

    # Results and an official's page on a phone.
    phone.goto(f"/evaluations/cycles/{cycle.pk}/results/")
    expect(phone.page.locator(".ev-chart-narrow svg")).to_be_visible()
    expect(phone.page.locator(".ev-chart-wide svg")).to_be_hidden()
    _fits(phone.page, PHONE["width"])
    _shot(phone.page, screenshots, "results-phone")
    phone.goto(f"/evaluations/officials/{top.official_id}/")
    expect(phone.page.locator(".ev-reasons").first).to_contain_text("调整为“一般”")
    _fits(phone.page, PHONE["width"])
    _shot(phone.page, screenshots, "official-phone")

    # The official reads its own result and released scores on a phone.
    own = visit(PHONE, **PHONE_OPTIONS)
    _sign_in(own, "official1")
    own.goto("/evaluations/mine/")
    expect(own.page.get_by_role("heading", name="我的考评")).to_be_visible()
    expect(own.page.locator(".ev-mine-result")).to_have_count(3)
    expect(own.page.locator(".ev-mine-cycle").first).to_contain_text("第 1 季度")
    _fits(own.page, PHONE["width"])
    _shot(own.page, screenshots, "mine-phone")
    own.page.get_by_role("link", name="查看评定依据与历年情况").first.click()
    expect(own.page.locator(".ev-reasons").first).to_contain_text("综合得分")

    for v in (staff, phone, own):
        assert v.foreign_requests() == [], v.foreign_requests()


def test_the_progress_bar_follows_a_running_task(world, visit, screenshots, monkeypatch):
    """With a task still running, the page polls the status until it is done, then reloads."""
    from cycles import selectors

    cycle = world.own_cycle
    record_id = "7f0c6a52-3d1e-4a8b-9c2f-5e6d7a8b9c0d"  # Celery task ids are UUIDs (pages look up no other)
    TaskRecord.objects.create(task_id=record_id, kind="compute", cycle=cycle, requested_by=world.users["staff"])
    calls = {"n": 0}

    def fake_status(user, task_id):
        calls["n"] += 1
        state = "running" if calls["n"] < 4 else "success"
        progress = {1: 5, 2: 40, 3: 75}.get(calls["n"], 100)
        return {"task_id": task_id, "kind": "compute", "cycle": cycle.pk, "state": state, "progress": progress,
                "result": {"officials": 9, "incomplete": 9, "grades": {}} if state == "success" else None}

    monkeypatch.setattr(selectors, "task_status", fake_status)
    v = visit(DESKTOP)
    page = v.page
    _sign_in(v, "staff1")
    v.goto(f"/evaluations/cycles/{cycle.pk}/results/?task={record_id}")
    task = page.locator(".ev-task")
    expect(task).to_have_attribute("data-state", "success", timeout=15_000)
    expect(task.locator("progress")).to_have_attribute("value", "100")
    expect(task.locator("[data-task-label]")).to_have_text("计算完成")
    assert calls["n"] >= 4
    assert v.foreign_requests() == []
