"""The public board journey in the system Chromium: a citizen opens the district's board from a
WeChat article on a phone, finds an official, reads the pledges and sends a message; the board
on a desktop with its honour roll; staff publish a new version and watch the progress bar."""
import datetime
import re
import threading
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect

from boards import services
from boards.models import Board, Feedback
from cycles.models import Cycle
from evaluations.models import QuarterlyScore, QuarterRelease, Result
from pledges.models import Pledge, ProgressUpdate
from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.browser import DESKTOP, PHONE
from tests.fixtures.world import FOREIGN_MARKER, build_world

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"
PHONE_OPTIONS = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True}
PEOPLE = [  # name, unit, kind, position
    ("王志强", "区发展和改革局", "department", "党组书记、局长"),
    ("刘晓燕", "区教育和体育局", "department", "党组书记、局长"),
    ("陈立新", "宁夏路街道", "street", "党工委书记"),
    ("赵海涛", "区住房和城乡建设局", "department", "党组书记、局长"),
    ("孙丽华", "区市场监督管理局", "department", "党组书记、局长"),
    ("周文博", "即墨路街道", "street", "党工委书记、办事处主任"),
]
PLEDGES = {
    "party_building": [
        ("建强“红色楼宇”党建联盟", "推动楼宇党组织和党的工作全覆盖，每季度开展一次联建共建活动，培育党建品牌。",
         "新建楼宇党组织 12 个", "12", "个"),
        ("年轻干部“墩苗”培养计划", "选派年轻干部到信访、拆迁、招商一线墩苗历练，实行导师帮带。",
         "选派年轻干部 20 名到一线岗位", "20", "名"),
    ],
    "innovation": [
        ("人才服务“一站通”改革", "整合人才政策兑现、住房保障、子女入学等事项，实行一窗受理、限时办结。",
         "人才事项平均办理时限压缩 50%", "50", "%"),
        ("“15分钟便民服务圈”", "整合社区闲置用房，引入养老、托育、家政等便民服务，打造社区服务综合体。",
         "建成社区服务综合体 6 处", "6", "处"),
    ],
    "key_work": [
        ("楼宇经济提质增效", "整合楼宇载体资源，成立楼宇经济发展协会，精准招引总部企业。",
         "新培育重点产业特色楼宇不少于 2 座", "2", "座"),
        ("老旧小区改造攻坚", "完成老旧小区雨污分流、加装电梯和环境整治，建立长效管理机制。",
         "完成老旧小区改造 30 个", "30", "个"),
    ],
}
STEPS = ["调研摸底，制定实施方案", "试点先行，形成经验做法", "全面推开，覆盖全部点位", "总结验收，建立长效机制"]
NOTES = ["已完成年度任务分解，召开动员部署会。", "已完成阶段任务，群众满意度调查 96%。",
         "推进中，受施工条件影响，部分点位进度延后。"]


def _day(quarter: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, quarter * 3 - 1, 15, 10, 0))


def build_board(world) -> list:
    """A finalized 2026 with eight officials, three approved pledges each, three released
    quarters with progress notes, results with three 好 officials; published twice."""
    cycle = world.own_cycle
    officials = [world.own_official, world.other_official]
    for name, unit, kind, position in PEOPLE:
        officials.append(OfficialFactory(unit=UnitFactory(district=world.own, name=unit, kind=kind), name=name,
                                         position=position))
    pledges = []
    for n, official in enumerate(officials):
        for category, choices in PLEDGES.items():
            title, content, target, value, unit = choices[n % 2]
            grade = "ABC"[(n + len(pledges)) % 3] if n % 3 else "A"
            pledges.append(Pledge(
                official=official, cycle=cycle, category=category, title=title, content=content, target=target,
                target_value=Decimal(value), target_unit=unit, status="approved", due_on=cycle.pledge_deadline,
                milestones=[{"quarter": q, "description": step} for q, step in enumerate(STEPS, start=1)],
                difficulty=3, innovation=2, contribution=3, grade=grade,
            ))
    Pledge.objects.bulk_create(pledges)
    saved = list(Pledge.objects.filter(cycle=cycle).order_by("id"))
    for i, pledge in enumerate(saved):
        for quarter in (1, 2, 3):
            behind = i % 7 == 3 and quarter == 3
            QuarterlyScore.objects.create(pledge=pledge, quarter=quarter, score=Decimal("68" if behind else "90"))
            note = ProgressUpdate.objects.create(pledge=pledge, text=NOTES[2] if behind else NOTES[min(quarter, 2) - 1],
                                                 percent=quarter * 25 + (25 if i % 5 == 0 and quarter == 3 else 0))
            ProgressUpdate.objects.filter(pk=note.pk).update(created_at=_day(quarter))
    for quarter in (1, 2, 3):
        QuarterRelease.objects.create(cycle=cycle, quarter=quarter)
    for rank, official in enumerate(officials, start=1):
        good = rank <= 3
        Result.objects.create(cycle=cycle, official=official, unit=official.unit, composite=Decimal(95 - rank * 2),
                              rank=rank, computed_grade="good" if good else "average",
                              grade="good" if good else "average",
                              outcomes=["commendation", "exemplary_title", "recommend_upward"] if good
                              else ["admonishment", "promotion_freeze"], computed_at=timezone.now())
    Cycle.objects.filter(pk=cycle.pk).update(state="finalized")
    cycle.refresh_from_db()
    services.board_publish(actor=world.users["staff"], cycle=cycle)
    services.board_publish(actor=world.users["staff"], cycle=cycle)
    return officials


@pytest.fixture
def world(transactional_db):
    world = build_world()
    world.officials = build_board(world)
    return world


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _public(page):
    """The public layout: its own small stylesheet, no script at all."""
    assert page.locator("script").count() == 0
    sheets = page.evaluate("() => Array.from(document.styleSheets, s => s.href)")
    assert len(sheets) == 1 and sheets[0].endswith("/static/css/boards.css")
    colour = page.locator(".pb-masthead").evaluate("el => getComputedStyle(el).borderBottomColor")
    assert colour == "rgb(214, 173, 82)"  # the gold rule under the red band


def _shot(page, screenshots, name, full_page=True):
    page.screenshot(path=screenshots / f"board-{name}.png", full_page=full_page)


def test_a_citizen_reads_the_board_on_a_phone_and_sends_a_message(world, visit, screenshots):
    v = visit(PHONE, **PHONE_OPTIONS)
    page = v.page

    # given the district's board page opened from an article
    v.goto("/boards/shibei/")
    expect(page.get_by_role("heading", name="区管党政正职履职践诺公示")).to_be_visible()
    _public(page)
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "district-phone")

    # when the citizen opens the year
    page.get_by_role("link", name=re.compile("2026 年度")).click()
    expect(page).to_have_url(v.base + "/boards/shibei/2026/")
    expect(page.locator(".pb-card")).to_have_count(8)
    expect(page.locator(".pb-honour-teaser")).to_contain_text("张建国")
    expect(page.get_by_text("第 2 版")).to_be_visible()
    _public(page)
    _fits(page, PHONE["width"])
    tap = page.locator(".pb-card > a").first.bounding_box()
    assert tap["height"] >= 44 and tap["width"] >= 300  # a large tap target
    _shot(page, screenshots, "year-phone")

    # and searches for a name
    page.get_by_role("searchbox").fill("李红梅")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator(".pb-card")).to_have_count(1)
    expect(page.get_by_text("找到 1 位干部")).to_be_visible()
    _shot(page, screenshots, "search-phone")

    # then opens the official
    page.locator(".pb-card > a").first.click()
    expect(page.get_by_role("heading", name="李红梅")).to_be_visible()
    expect(page.locator(".pb-pledge")).to_have_count(3)
    expect(page.locator(".pb-status-on_track").first).to_have_text("按计划推进")
    expect(page.get_by_text("推进节点").first).to_be_visible()
    _public(page)
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "official-phone")

    # and sends a message about the first pledge (its form is a page of its own)
    official_page = page.url
    page.locator(".pb-pledge").first.get_by_role("link", name=re.compile("我要留言")).click()
    page.get_by_label("留言内容").fill("请问楼宇党组织的联系方式在哪里可以查到？")
    page.get_by_label("联系方式（选填）").fill("138****0000")
    page.get_by_role("button", name="提交留言").click()
    expect(page.get_by_role("status").filter(has_text="留言已收到，审核后公开")).to_be_visible()
    assert re.search(r"/feedback/\?pledge=\d+$", page.url)
    assert Feedback.objects.get().status == "pending"
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "feedback-phone", full_page=False)  # what the citizen sees

    # an empty message is refused on the form itself
    page.goto(official_page)
    page.locator(".pb-pledge").nth(1).get_by_role("link", name=re.compile("我要留言")).click()
    page.locator("textarea").evaluate("el => el.removeAttribute('required')")
    page.get_by_role("button", name="提交留言").click()
    expect(page.locator(".pb-field-error")).to_be_visible()
    page.wait_for_timeout(300)
    _shot(page, screenshots, "feedback-error-phone", full_page=False)

    assert FOREIGN_MARKER not in page.content()
    assert v.foreign_requests() == []


def test_the_board_and_honour_roll_on_a_desktop(world, visit, screenshots):
    v = visit(DESKTOP)
    page = v.page
    v.goto("/boards/shibei/2026/")
    cards = page.locator(".pb-card")
    expect(cards).to_have_count(8)
    tops = cards.evaluate_all("els => els.slice(0, 3).map(e => e.getBoundingClientRect().top)")
    assert tops[0] == tops[1] == tops[2], "three cards a row on a desktop"
    _public(page)
    _fits(page, DESKTOP["width"])
    _shot(page, screenshots, "year-desktop")

    page.get_by_role("link", name=re.compile("查看完整名单")).click()
    expect(page.get_by_role("heading", name="年度评定“好”等次名单")).to_be_visible()
    expect(page.locator(".pb-roll-gold .pb-roll li")).to_have_count(3)
    expect(page.get_by_text("赵海涛")).to_have_count(0)  # graded 一般: never on the roll
    _public(page)
    _fits(page, DESKTOP["width"])
    _shot(page, screenshots, "honour-desktop")

    # the QR code is served by the app and shown
    qr = page.locator("img.pb-qr")
    qr.scroll_into_view_if_needed()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")

    # an earlier version is readable and says so
    v.goto("/boards/shibei/2026/v/1/")
    expect(page.get_by_role("note")).to_contain_text("历史版本")
    assert v.foreign_requests() == []


def test_honour_roll_on_a_phone(world, visit, screenshots):
    v = visit(PHONE, **PHONE_OPTIONS)
    v.goto("/boards/shibei/2026/honour/")
    expect(v.page.locator(".pb-roll-gold .pb-roll li")).to_have_count(3)
    _fits(v.page, PHONE["width"])
    _shot(v.page, screenshots, "honour-phone")
    v.goto("/boards/shibei/2026/officials/999999/")
    expect(v.page.get_by_role("heading", name="没有找到该公示")).to_be_visible()
    _shot(v.page, screenshots, "404-phone")
    assert v.foreign_requests() == []


@pytest.fixture
def slow_queue(monkeypatch):
    """The publish task runs a moment after it is queued, in another thread, as a worker would:
    the page first shows it waiting, then follows it to the end."""
    from boards.tasks import board_publish_task

    threads = []

    def later(args=None, task_id=None, **options):
        def run():
            try:
                board_publish_task.apply(args=args, task_id=task_id)
            finally:
                connections.close_all()

        timer = threading.Timer(1.5, run)
        threads.append(timer)
        timer.start()

    monkeypatch.setattr(board_publish_task, "apply_async", later)
    yield
    for timer in threads:
        timer.join(30)


def test_staff_publish_a_new_version_and_watch_the_progress_bar(world, visit, screenshots, slow_queue):
    feedback = Feedback.objects.create(board=Board.objects.get(), pledge=Pledge.objects.filter(
        official=world.own_official).first(), content="希望公开楼宇党组织名单。<script>alert(1)</script>",
        contact="139****1111", client_key="k")
    v = visit(DESKTOP)
    page = v.page
    v.goto("/accounts/login/")
    page.get_by_label("用户名").fill("staff1")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="您好，staff1")).to_be_visible()

    v.goto(f"/boards/manage/{world.own_cycle.pk}/")
    expect(page.locator(".bm-live-number")).to_have_text("第 2 版")
    page.get_by_role("button", name="重新生成并发布").click()
    bar = page.locator("[data-task-bar]")
    expect(bar).to_be_visible()
    expect(page.locator("[data-task-label]")).to_have_text(re.compile("排队中|生成中"))
    # the page follows the task and reloads once it is done
    expect(page.locator("[data-task-label]")).to_have_text("发布完成", timeout=15_000)
    expect(bar).to_have_attribute("value", "100")
    expect(page.locator(".bm-live-number")).to_have_text("第 3 版")
    expect(page.get_by_text("已发布第 3 版")).to_be_visible()
    _fits(page, DESKTOP["width"])
    _shot(page, screenshots, "manage-desktop")

    # and moderates the message: markup stays text
    v.goto("/boards/moderation/")
    item = page.locator(f"#fb-{feedback.pk}")
    expect(item.locator(".bm-content")).to_have_text("希望公开楼宇党组织名单。<script>alert(1)</script>")
    item.get_by_label("答复（随留言一起公开）").fill("名单已在区委组织部网站公布。")
    item.get_by_role("button", name="公开", exact=True).click()
    expect(page.get_by_text("留言已公开。")).to_be_visible()
    _shot(page, screenshots, "moderation-desktop")
    feedback.refresh_from_db()
    assert feedback.status == "approved"

    v.goto(f"/boards/shibei/2026/officials/{world.own_official.pk}/")
    expect(page.locator(".pb-message-text").first).to_have_text("希望公开楼宇党组织名单。<script>alert(1)</script>")
    expect(page.locator(".pb-reply").first).to_contain_text("名单已在区委组织部网站公布。")
    assert page.locator("script").count() == 0
    assert v.foreign_requests() == []


def test_without_javascript_a_citizen_pages_searches_and_switches_to_english(world, visit, screenshots):
    """The board in pages, the search across them and the language switch are plain links and
    forms: they work with JavaScript off, and each page stays small."""
    from tests.boards.test_fast_pages import DOM_BOUND, big_board

    board, people = big_board(45)
    v = visit(PHONE, java_script_enabled=False, **PHONE_OPTIONS)
    page = v.page
    page.set_default_timeout(30_000)  # a busy machine; the pages themselves are small
    v.goto(board)
    expect(page.locator(".pb-card")).to_have_count(20)
    expect(page.get_by_text("A 级：")).to_be_visible()  # the legend, in words, at the top
    _public(page)
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "paged-phone")
    page.get_by_role("navigation", name="分页").get_by_role("link", name="下一页").click()
    expect(page).to_have_url(re.compile(r"\?page=2#officials$"))
    expect(page.locator(".pb-card").first).to_contain_text("Official 0018")
    # a search finds an official from a later page, and its pager keeps the search
    page.get_by_role("searchbox").fill("schools")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_text("找到 40 位干部")).to_be_visible()
    expect(page.locator(".pb-card").first).to_contain_text("匹配 1 / 共 3 项")
    page.get_by_role("navigation", name="分页").get_by_role("link", name="第 2 页").click()
    expect(page).to_have_url(re.compile(r"\?q=schools&page=2#officials$"))
    expect(page.locator(".pb-card")).to_have_count(20)
    assert page.evaluate("() => document.querySelectorAll('*').length") <= DOM_BOUND
    # every piece of text a reader sees is at least 14 px
    small = page.evaluate("""() => Array.from(document.querySelectorAll('body *'))
        .filter(el => Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
        .filter(el => el.offsetParent !== null && el.getClientRects().length && el.offsetWidth > 1)
        .filter(el => parseFloat(getComputedStyle(el).fontSize) < 14)
        .map(el => el.className + ': ' + el.textContent.trim().slice(0, 20))""")
    assert small == []
    # the language switch
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Pledges of the district's principal officials")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?q=schools&page=2$"))
    _fits(page, PHONE["width"])
    _shot(page, screenshots, "paged-english-phone")
    d = visit(DESKTOP, java_script_enabled=False)
    d.goto(board)
    _fits(d.page, DESKTOP["width"])
    _shot(d.page, screenshots, "paged-desktop")
    assert v.foreign_requests() == []
