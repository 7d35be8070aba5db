"""The public board pages (served from published snapshots only), the feedback form, and the
staff pages that publish boards and moderate feedback."""
import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from boards import services
from boards.models import Board, BoardVersion, Feedback
from cycles.models import Cycle, TaskRecord
from evaluations import services as evaluation_services
from evaluations.models import QuarterlyScore, QuarterRelease, Result
from pledges import services as pledge_services
from pledges.models import Pledge, ProgressUpdate
from tests.factories import OfficialFactory, UnitFactory
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db

BOARD = "/boards/shibei/2026/"
XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    try:
        cache.clear()
    except Exception:  # a test pointed the cache at a dead Redis
        pass


@pytest.fixture
def anon():
    return Client()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def publish(world):
    return services.board_publish(actor=world.users["staff"], cycle=world.own_cycle)


@pytest.fixture
def live(world, published_world):
    return publish(world)


@pytest.fixture
def progressed(world, published_world):
    """Quarter 1 scored and released: the party-building pledge behind (70 points), the others on
    track (90), one progress note in quarter 1; then published."""
    staff = world.users["staff"]
    first, *others = published_world["approved"]
    evaluation_services.quarterly_score_record(actor=staff, pledge=first, quarter=1, score=Decimal("70"))
    for pledge in others:
        evaluation_services.quarterly_score_record(actor=staff, pledge=pledge, quarter=1, score=Decimal("90"))
    note = pledge_services.progress_post(actor=world.users["official"], pledge=others[0],
                                         text="已举办专场招聘会 8 场", percent=30)
    ProgressUpdate.objects.filter(pk=note.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 20, 10, 0)))
    evaluation_services.quarter_release(actor=staff, cycle=world.own_cycle, quarter=1)
    return {"behind": first, "noted": others[0], "version": publish(world)}


def official_url(world, official=None, suffix=""):
    return f"{BOARD}officials/{(official or world.own_official).pk}/{suffix}"


def text_of(response) -> str:
    return response.content.decode()


def send(client, world, pledge, content="招聘会什么时候举办？", contact="", **extra):
    return client.post(official_url(world, suffix="feedback/"),
                       {"pledge": pledge.pk, "content": content, "contact": contact}, **extra)


# --- reading --------------------------------------------------------------------------------------


def test_district_page_lists_the_published_years(anon, world, live):
    response = anon.get("/boards/shibei/")
    assert response.status_code == 200
    body = text_of(response)
    assert "市北区" in body and "2026 年度" in body and 'href="/boards/shibei/2026/"' in body
    assert "第 1 版" in body


def test_year_board_shows_every_official_as_a_card(anon, world, live, published_world):
    response = anon.get(BOARD)
    assert response.status_code == 200
    body = text_of(response)
    for expected in ("张建国", "区人社局", "党组书记、局长", "3 项承诺", "第 1 版"):
        assert expected in body
    # 李红梅 has no published pledge: no card saying "0 项承诺", the summary says why
    assert "李红梅" not in body and "另有 1 位干部暂无审核通过的承诺，未列出。" in body
    assert body.count('<b class="A">A</b>') == 3  # the three A pledges on the card
    assert 'aria-label="目标等级：A 级、A 级、A 级"' in body  # read out with what they are
    assert official_url(world) in body
    assert "草稿目标不应公示" not in body and FOREIGN_MARKER not in body
    assert "<script" not in body and ' style="' not in body
    assert 'href="/static/css/boards.css"' in body and "css/app.css" not in body  # its own layout


def test_search_by_name_unit_and_pledge_keyword(anon, world, live):
    by_name = text_of(anon.get(BOARD, {"q": "李红梅"}))
    assert "李红梅" in by_name and "张建国" not in by_name
    by_unit = text_of(anon.get(BOARD, {"q": "人社局"}))
    assert "张建国" in by_unit and "李红梅" not in by_unit
    by_pledge = text_of(anon.get(BOARD, {"q": "楼宇经济"}))
    assert "张建国" in by_pledge and "李红梅" not in by_pledge
    assert "找到 1 位干部" in by_pledge
    nothing = text_of(anon.get(BOARD, {"q": "不存在的关键词"}))
    assert "没有符合条件的干部" in nothing


def test_category_and_status_filters(anon, world, progressed):
    behind = text_of(anon.get(BOARD, {"status": "behind"}))
    assert "张建国" in behind and "李红梅" not in behind
    assert "party_building目标" in behind and "innovation目标" not in behind  # the matching pledge
    done = text_of(anon.get(BOARD, {"status": "done"}))
    assert "没有符合条件的干部" in done
    innovation = text_of(anon.get(BOARD, {"category": "innovation"}))
    assert "张建国" in innovation and "innovation目标" in innovation and "key_work目标" not in innovation
    card = text_of(anon.get(BOARD))
    assert "按计划推进 2" in card and "进度滞后 1" in card and "第1季度" in card


@pytest.mark.parametrize("query", [
    {"status": "foo"}, {"category": "<b>"}, {"version": "abc"}, {"version": "0"}, {"version": "-1"},
    {"version": "99999999999999999999"}, {"q": "字" * 5000}, {"q": "%00"}, {"page": "x"},
])
def test_bad_query_parameters_are_ignored_or_404_never_500(anon, world, live, query):
    for url in (BOARD, official_url(world), f"{BOARD}honour/", "/boards/shibei/"):
        response = anon.get(url, query)
        assert response.status_code in (200, 404), (url, query)
        assert FOREIGN_MARKER not in text_of(response)


def test_an_unknown_version_number_is_a_friendly_404(anon, world, live):
    response = anon.get(BOARD, {"version": "7"})
    assert response.status_code == 404
    assert "没有找到该版本的公示" in text_of(response)


def test_earlier_versions_stay_readable_at_their_own_address(anon, world, live, published_world):
    # given a second version that adds the other official's pledge
    Pledge.objects.filter(pk=published_world["draft"].pk).update(status="approved", grade="C", difficulty=1,
                                                                    innovation=1, contribution=1)
    publish(world)
    # then the live board has it, version 1 does not and says it is not the current one
    assert "草稿目标不应公示" in text_of(anon.get(official_url(world, world.other_official)))
    first = anon.get(f"{BOARD}v/1/")
    assert first.status_code == 200
    body = text_of(first)
    assert "草稿目标不应公示" not in body and "历史版本" in body and "查看当前公示（第 2 版）" in body
    assert f'href="{BOARD}v/1/"' in text_of(anon.get(BOARD))  # linked from the live board
    same = anon.get(BOARD, {"version": "1"})
    assert same.status_code == 200 and "草稿目标不应公示" not in text_of(same)
    official = anon.get(official_url(world, world.other_official), {"version": "1"})
    assert official.status_code == 200 and "草稿目标不应公示" not in text_of(official)
    assert 'name="content"' not in text_of(official)  # no feedback on an earlier version
    assert anon.get(f"{BOARD}v/2/").status_code == 200
    assert anon.get(f"{BOARD}v/3/").status_code == 404


@pytest.mark.parametrize("path", [
    "/boards/nowhere/", "/boards/nowhere/2026/", "/boards/shibei/1999/", "/boards/laoshan/",
    "/boards/laoshan/2026/", "/boards/shibei/2026/officials/999999/", "/boards/shibei/2026/v/5/",
    "/boards/shibei/1999/honour/", "/boards/shibei/2026/officials/999999/qr.svg", "/boards/nowhere/2026/qr.svg",
])
def test_unknown_district_year_official_or_version_is_a_friendly_404(anon, world, live, path):
    response = anon.get(path)
    assert response.status_code == 404
    body = text_of(response)
    assert "没有找到" in body and "boards.css" in body and FOREIGN_MARKER not in body


def test_a_foreign_official_is_not_on_this_board(anon, world, live):
    assert anon.get(official_url(world, world.foreign_official)).status_code == 404


def test_each_districts_board_shows_only_its_own_data(anon, world, live):
    Cycle.objects.filter(pk=world.foreign_cycle.pk).update(state="in_progress")
    services.board_publish(actor=None, cycle=world.foreign_cycle)
    for url in ("/boards/shibei/", BOARD, official_url(world), f"{BOARD}honour/"):
        assert FOREIGN_MARKER not in text_of(anon.get(url)), url
    foreign = text_of(anon.get("/boards/laoshan/2026/"))
    assert FOREIGN_MARKER in foreign and "张建国" not in foreign
    assert anon.get(f"/boards/laoshan/2026/officials/{world.own_official.pk}/").status_code == 404


def test_official_page_shows_pledges_milestones_and_released_progress(anon, world, progressed):
    response = anon.get(official_url(world))
    assert response.status_code == 200
    body = text_of(response)
    for expected in ("张建国", "区人社局", "党的建设和干部队伍建设", "创新创优工作", "服务全区重点工作",
                     "整合楼宇载体资源，成立楼宇经济发展协会", "新培育重点产业特色楼宇不少于2座", "2座",
                     "推进节点", "第1季度完成阶段任务", "第4季度完成阶段任务", "进度滞后", "按计划推进",
                     "已举办专场招聘会 8 场", "2026-03-20", "已完成 30%", "暂无公开留言", "我要留言"):
        assert expected in body, expected
    assert "季度评分" not in body  # numeric scores are not published by default
    # The page is the same for everyone (stored compressed): a link per pledge to its form.
    assert 'name="csrfmiddlewaretoken"' not in body
    assert body.count(f'{official_url(world)}feedback/?pledge=') == 3
    form = text_of(anon.get(official_url(world, suffix="feedback/"), {"pledge": progressed["noted"].pk}))
    assert 'name="csrfmiddlewaretoken"' in form and 'name="content"' in form
    assert 'aria-describedby="fb_contact_helptext"' in form and 'id="fb_contact_helptext"' in form


def test_scores_appear_only_when_the_snapshot_has_them(anon, world, progressed):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(settings=dict(world.own_cycle.settings, publish_scores=True))
    world.own_cycle.refresh_from_db()
    publish(world)
    body = text_of(anon.get(official_url(world)))
    assert "季度评分 70.0" in body and "季度评分 90.0" in body


def finalize_with_results(world):
    cycle = world.own_cycle
    now = timezone.now()
    Result.objects.create(cycle=cycle, official=world.own_official, unit=world.own_unit, composite=Decimal("91"),
                          rank=1, computed_grade="good", grade="good",
                          outcomes=["commendation", "exemplary_title", "recommend_upward"], computed_at=now)
    Result.objects.create(cycle=cycle, official=world.other_official, unit=world.other_official.unit,
                          composite=Decimal("55"), rank=2, computed_grade="poor", grade="poor",
                          outcomes=["criticism", "self_report", "demotion"], computed_at=now)
    Cycle.objects.filter(pk=cycle.pk).update(state="finalized")
    cycle.refresh_from_db()
    return publish(world)


def test_honour_roll_appears_after_finalize(anon, world, live):
    before = anon.get(f"{BOARD}honour/")
    assert before.status_code == 200 and "年底定档后公布" in text_of(before)
    assert "考核评定结果" not in text_of(anon.get(BOARD))
    finalize_with_results(world)
    board = text_of(anon.get(BOARD))
    assert "2026 年度考核评定结果" in board and "“担当作为好干部”" in board and f"{BOARD}honour/" in board
    honour = anon.get(f"{BOARD}honour/")
    assert honour.status_code == 200
    body = text_of(honour)
    assert "张建国" in body and "担当作为好干部" in body and "李红梅" not in body
    assert "较差" not in body and "降低" not in body and "91" not in body
    official = text_of(anon.get(official_url(world)))
    assert "2026 年度评定：好" in official and "担当作为好干部" in official
    other = text_of(anon.get(official_url(world, world.other_official)))
    assert "较差" not in other and "通报批评" not in other


# --- feedback -------------------------------------------------------------------------------------


def test_feedback_is_stored_pending_and_not_shown(anon, world, live, published_world):
    pledge = published_world["approved"][0]
    response = send(anon, world, pledge, contact="13800000000")
    assert response.status_code == 302
    assert response["Location"] == f"{official_url(world)}feedback/?pledge={pledge.pk}"
    message = Feedback.objects.get()
    assert (message.status, message.pledge_id, message.contact) == ("pending", pledge.pk, "13800000000")
    page = text_of(anon.get(response["Location"]))
    assert "留言已收到，审核后公开" in page
    assert "招聘会什么时候举办？" not in page and "招聘会什么时候举办？" not in text_of(anon.get(official_url(world)))
    assert "留言已收到" not in text_of(anon.get(response["Location"]))  # shown once


def test_approved_feedback_and_its_reply_are_shown_without_the_contact(anon, world, live, published_world):
    pledge = published_world["approved"][1]
    send(anon, world, pledge, contact="13800000000")
    text_of(anon.get(official_url(world)))  # cached before the moderation
    services.feedback_moderate(actor=world.users["staff"], feedback=Feedback.objects.get(), status="approved",
                               reply="每月第一周举办。")
    body = text_of(anon.get(official_url(world)))
    assert "招聘会什么时候举办？" in body and "每月第一周举办。" in body and "答复" in body
    assert "13800000000" not in body


@pytest.mark.parametrize("payload", XSS)
def test_markup_in_feedback_and_reply_is_escaped_everywhere(anon, world, live, published_world, payload):
    pledge = published_world["approved"][0]
    assert send(anon, world, pledge, content=f"留言{payload}", contact=payload).status_code == 302
    message = Feedback.objects.get()
    staff = signed_in(world.users["staff"])
    queue = text_of(staff.get("/boards/moderation/"))
    assert payload not in queue and escape(payload) in queue
    services.feedback_moderate(actor=world.users["staff"], feedback=message, status="approved",
                               reply=f"答复{payload}")
    for body in (text_of(anon.get(official_url(world))), text_of(staff.get("/boards/moderation/"))):
        assert payload not in body
        assert "<script>alert" not in body and "<img src=x" not in body
        assert escape(f"答复{payload}") in body


def test_feedback_errors_are_shown_on_the_form(anon, world, live, published_world):
    pledge = published_world["approved"][0]
    empty = send(anon, world, pledge, content="   ")
    assert empty.status_code == 400 and "pb-field-error" in text_of(empty)
    too_long = send(anon, world, pledge, content="字" * 501)
    assert too_long.status_code == 400 and "500" in text_of(too_long)
    contact = send(anon, world, pledge, contact="x" * 101)
    assert contact.status_code == 400 and "100" in text_of(contact)
    assert not Feedback.objects.exists()


def test_feedback_only_on_this_officials_published_pledges(anon, world, live, published_world):
    for pledge_id in (published_world["draft"].pk, "abc", ""):
        response = anon.post(official_url(world, suffix="feedback/"), {"pledge": pledge_id, "content": "好"})
        assert response.status_code == 400
        assert "只能对公示中的目标留言" in text_of(response)
    response = anon.post(official_url(world, world.other_official, "feedback/"),
                         {"pledge": published_world["approved"][0].pk, "content": "好"})
    assert response.status_code == 400
    foreign = anon.post(official_url(world, world.foreign_official, "feedback/"), {"pledge": 1, "content": "好"})
    assert foreign.status_code == 404
    assert not Feedback.objects.exists()


def test_the_sixth_message_within_an_hour_is_refused(anon, world, live, published_world):
    pledge = published_world["approved"][0]
    for n in range(services.FEEDBACK_PER_HOUR):
        assert send(anon, world, pledge, content=f"第{n}条").status_code == 302
    refused = send(anon, world, pledge, content="第六条")
    assert refused.status_code == 400
    assert "留言过于频繁，请稍后再试。" in text_of(refused)
    assert Feedback.objects.count() == services.FEEDBACK_PER_HOUR
    other_client = send(anon, world, pledge, content="另一位群众", REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 302


def test_feedback_form_is_csrf_protected(world, live, published_world):
    client = Client(enforce_csrf_checks=True)
    response = send(client, world, published_world["approved"][0])
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_get_on_the_feedback_address_leads_to_the_page(anon, world, live):
    response = anon.get(official_url(world, suffix="feedback/"))
    assert response.status_code == 302 and response["Location"] == official_url(world)


# --- resilience and cost --------------------------------------------------------------------------


def public_urls(world):
    return ["/boards/shibei/", BOARD, f"{BOARD}?q=张&status=on_track", f"{BOARD}v/1/", f"{BOARD}honour/",
            official_url(world), f"{BOARD}qr.svg", official_url(world, suffix="qr.svg")]


def test_public_pages_answer_when_redis_and_the_broker_are_down(anon, world, live, settings, monkeypatch):
    """Redis (cache and broker) unreachable: the pages still answer, and never touch the queue.
    (Celery's own configuration is left alone: it reads the broker URL once per process, and a
    dead one read here would stay for every later test.)"""
    from boards.tasks import board_publish_task

    dead = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dead}}

    def refuse(*args, **kwargs):
        raise AssertionError("a public page must not use the task queue")

    monkeypatch.setattr(board_publish_task, "apply_async", refuse)
    for url in public_urls(world):
        response = anon.get(url)
        assert response.status_code == 200, url
    assert "张建国" in text_of(anon.get(BOARD))


def test_pages_are_served_from_the_page_cache_when_it_is_up(anon, world, live, django_assert_max_num_queries):
    anon.get(BOARD)
    with django_assert_max_num_queries(1):  # the live pointer only
        assert "张建国" in text_of(anon.get(BOARD))


def big_board(world, officials=100, per_official=3):
    """A district with `officials` officials and `per_official` approved pledges each, quarter 1
    scored and released, published through the real publish service."""
    cycle = world.own_cycle
    units = [UnitFactory(district=world.own, name=f"第{n}单位") for n in range(10)]
    people = [OfficialFactory(unit=units[n % 10], name=f"干部{n:03d}", position="主任") for n in range(officials)]
    categories = ["party_building", "innovation", "key_work"]
    Pledge.objects.bulk_create([
        Pledge(official=o, cycle=cycle, category=categories[k % 3], title=f"{o.name}目标{k}", content="内容",
               target="目标", milestones=[{"quarter": q, "description": f"节点{q}"} for q in (1, 2, 3, 4)],
               status="approved", due_on=cycle.pledge_deadline, difficulty=2, innovation=2, contribution=2,
               grade="B")
        for o in people for k in range(per_official)
    ])
    QuarterlyScore.objects.bulk_create([QuarterlyScore(pledge=p, quarter=1, score=Decimal("88"))
                                        for p in Pledge.objects.filter(cycle=cycle, status="approved")])
    QuarterRelease.objects.create(cycle=cycle, quarter=1)
    Cycle.objects.filter(pk=cycle.pk).update(state="in_progress")
    cycle.refresh_from_db()
    publish(world)
    return publish(world), people


def test_public_pages_cost_at_most_five_queries_on_a_cache_miss(anon, world, django_assert_max_num_queries):
    version, people = big_board(world)
    assert version.snapshot["counts"] == {"officials": 102, "pledges": 300}
    urls = public_urls(world) + [official_url(world, people[57]), f"{BOARD}?category=innovation",
                                 f"{BOARD}?version=1"]
    for url in urls:
        cache.clear()
        with django_assert_max_num_queries(5):
            response = anon.get(url)
        assert response.status_code == 200, url
    body = text_of(anon.get(BOARD))
    assert len(body.encode()) < 32_000  # small enough for a slow phone: one page of cards
    assert body.count('class="pb-card"') == 20 and "干部057" in text_of(anon.get(BOARD, {"q": "干部057"}))


# --- staff: publishing --------------------------------------------------------------------------


def manage_url(world, suffix=""):
    return f"/boards/manage/{world.own_cycle.pk}/{suffix}"


def test_staff_publishes_from_the_manage_page(world, published_world):
    staff = signed_in(world.users["staff"])
    page = staff.get(manage_url(world))
    assert page.status_code == 200 and "尚未公示" in text_of(page) and "立即公示" in text_of(page)
    response = staff.post(manage_url(world, "publish/"))
    assert response.status_code == 302
    task_id = re.search(r"task=([\w-]+)", response["Location"]).group(1)
    assert TaskRecord.objects.get(task_id=task_id).kind == "publish"
    board = Board.objects.get(cycle=world.own_cycle)
    assert board.live_version.number == 1 and board.live_version.published_by == world.users["staff"]
    followed = text_of(staff.get(response["Location"]))
    assert "发布完成" in followed and "已发布第 1 版" in followed and 'value="100"' in followed
    assert "data-task-url" in followed and "/static/js/boards.js" in followed
    assert f'href="{BOARD}"' in followed and f"{BOARD}qr.svg" in followed


def test_publishing_is_refused_while_planning(world):
    staff = signed_in(world.users["staff"])
    assert "不能公示" in text_of(staff.get(manage_url(world)))
    response = staff.post(manage_url(world, "publish/"), follow=True)
    assert "不能公示" in text_of(response)
    assert not BoardVersion.objects.exists()


def test_a_queue_that_is_down_is_reported_clearly(world, published_world, monkeypatch):
    from kombu.exceptions import OperationalError

    from boards.tasks import board_publish_task

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(board_publish_task, "apply_async", refuse)
    response = signed_in(world.users["staff"]).post(manage_url(world, "publish/"), follow=True)
    assert response.status_code == 200
    assert "任务队列暂时不可用" in text_of(response)
    assert not TaskRecord.objects.exists() and not BoardVersion.objects.exists()


def test_staff_rolls_back_to_an_earlier_version_with_a_reason(world, live):
    publish(world)
    staff = signed_in(world.users["staff"])
    page = text_of(staff.get(manage_url(world)))
    assert "回退到此版本" in page and "第 2 版" in page
    response = staff.post(manage_url(world, "rollback/"), {"number": 1, "reason": "第二版数据有误"}, follow=True)
    assert "已回退到第 1 版" in text_of(response)
    board = Board.objects.get(cycle=world.own_cycle)
    assert board.live_version.number == 1
    assert board.history.first().history_change_reason == "第二版数据有误"
    again = staff.post(manage_url(world, "rollback/"), {"number": 1}, follow=True)
    assert "已是当前公示版本" in text_of(again)
    missing = staff.post(manage_url(world, "rollback/"), {"number": 9}, follow=True)
    assert "没有第 9 版" in text_of(missing)


def test_staff_turns_automatic_republishing_off_and_on(world, live):
    staff = signed_in(world.users["staff"])
    staff.post(manage_url(world, "auto-republish/"), {"auto_republish": "off"})
    board = Board.objects.get(cycle=world.own_cycle)
    assert board.auto_republish is False
    assert board.history.first().history_user == world.users["staff"]
    assert "已关闭" in text_of(staff.get(manage_url(world)))
    staff.post(manage_url(world, "auto-republish/"), {"auto_republish": "on"})
    board.refresh_from_db()
    assert board.auto_republish is True


def test_leader_reads_the_manage_page_but_cannot_publish_or_roll_back(world, live):
    leader = signed_in(world.users["leader"])
    page = leader.get(manage_url(world))
    assert page.status_code == 200
    body = text_of(page)
    assert "第 1 版" in body and "只读" in body and "立即公示" not in body and "回退到此版本" not in body
    assert leader.post(manage_url(world, "publish/")).status_code == 403
    assert leader.post(manage_url(world, "rollback/"), {"number": 1}).status_code == 403
    assert leader.post(manage_url(world, "auto-republish/"), {"auto_republish": "off"}).status_code == 403
    assert BoardVersion.objects.count() == 1 and Board.objects.get().auto_republish is True


def test_other_roles_and_districts_cannot_reach_the_manage_page(world, live):
    official = signed_in(world.users["official"])
    assert official.get(manage_url(world)).status_code == 403
    foreign = signed_in(world.users["foreign_staff"])
    assert foreign.get(manage_url(world)).status_code == 404
    assert foreign.post(manage_url(world, "publish/")).status_code == 404
    assert foreign.post(manage_url(world, "rollback/"), {"number": 1}).status_code == 404
    assert BoardVersion.objects.count() == 1
    anonymous = Client().get(manage_url(world))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


# --- staff: moderation --------------------------------------------------------------------------


@pytest.fixture
def messages_sent(anon, world, live, published_world):
    first, second, _ = published_world["approved"]
    send(anon, world, first, content="第一条留言", contact="13900000000")
    send(anon, world, second, content="第二条留言")
    return {m.content: m for m in Feedback.objects.all()}


def test_moderation_queue_lists_pending_first_with_pledge_and_official(world, messages_sent):
    older = messages_sent["第一条留言"]
    services.feedback_moderate(actor=world.users["staff"], feedback=messages_sent["第二条留言"], status="rejected")
    body = text_of(signed_in(world.users["staff"]).get("/boards/moderation/"))
    assert body.index("第一条留言") < body.index("第二条留言")  # pending before the rejected one
    assert "张建国" in body and older.pledge.title in body and "13900000000" in body
    assert f'href="/boards/manage/{world.own_cycle.pk}/"' in body  # the way to the cycle's board
    assert f'href="/boards/manage/{world.foreign_cycle.pk}/"' not in body
    pending = text_of(signed_in(world.users["staff"]).get("/boards/moderation/", {"status": "pending"}))
    assert "第一条留言" in pending and "第二条留言" not in pending
    assert signed_in(world.users["staff"]).get("/boards/moderation/", {"status": "bogus"}).status_code == 200


def test_staff_approves_rejects_and_replies(anon, world, messages_sent):
    staff = signed_in(world.users["staff"])
    first, second = messages_sent["第一条留言"], messages_sent["第二条留言"]
    approved = staff.post(f"/boards/moderation/{first.pk}/", {"action": "approve", "reply": "已转相关科室办理。"})
    assert approved.status_code == 302 and approved["Location"].endswith(f"#fb-{first.pk}")
    staff.post(f"/boards/moderation/{second.pk}/", {"action": "reject", "reply": ""})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.reply, first.moderated_by) == ("approved", "已转相关科室办理。", world.users["staff"])
    assert second.status == "rejected"
    staff.post(f"/boards/moderation/{first.pk}/", {"action": "reply", "reply": "已办结。"})
    first.refresh_from_db()
    assert (first.status, first.reply) == ("approved", "已办结。")
    page = text_of(anon.get(official_url(world)))
    assert "第一条留言" in page and "已办结。" in page and "第二条留言" not in page
    bad = staff.post(f"/boards/moderation/{first.pk}/", {"action": "delete"}, follow=True)
    assert bad.status_code == 200
    first.refresh_from_db()
    assert first.status == "approved"


def test_leader_reads_the_queue_but_cannot_moderate(world, messages_sent):
    leader = signed_in(world.users["leader"])
    body = text_of(leader.get("/boards/moderation/"))
    assert "第一条留言" in body and 'value="approve"' not in body
    message = messages_sent["第一条留言"]
    assert leader.post(f"/boards/moderation/{message.pk}/", {"action": "approve"}).status_code == 403
    message.refresh_from_db()
    assert message.status == "pending"


def test_foreign_staff_neither_sees_nor_moderates_the_queue(world, messages_sent):
    foreign = signed_in(world.users["foreign_staff"])
    assert "第一条留言" not in text_of(foreign.get("/boards/moderation/"))
    message = messages_sent["第一条留言"]
    assert foreign.post(f"/boards/moderation/{message.pk}/", {"action": "approve"}).status_code == 404
    message.refresh_from_db()
    assert message.status == "pending"


def test_moderation_queue_query_count_is_bounded(world, live, published_world, django_assert_max_num_queries):
    board = Board.objects.get()
    Feedback.objects.bulk_create([Feedback(board=board, pledge=published_world["approved"][n % 3],
                                           content=f"留言{n}", client_key=f"k{n}") for n in range(40)])
    staff = signed_in(world.users["staff"])
    staff.get("/boards/moderation/")
    with django_assert_max_num_queries(8):
        assert staff.get("/boards/moderation/").status_code == 200


BIG = "9" * 20


@pytest.mark.parametrize("path", [
    f"/boards/shibei/{BIG}/", f"/boards/shibei/2026/v/{BIG}/", f"/boards/shibei/2026/officials/{BIG}/",
    f"/boards/shibei/{BIG}/qr.svg", f"/boards/shibei/{BIG}/honour/", "/boards/" + "x" * 300 + "/",
])
def test_out_of_range_numbers_in_the_address_are_404_not_500(anon, world, live, path):
    assert anon.get(path).status_code == 404
    assert anon.post(path).status_code in (404, 405)


def test_feedback_to_an_out_of_range_official_is_404(anon, world, live):
    response = anon.post(f"/boards/shibei/2026/officials/{BIG}/feedback/", {"pledge": "1", "content": "好"})
    assert response.status_code == 404


def test_versions_withdrawn_by_a_rollback_are_not_public(anon, world, live):
    """Security finding 5: rolling back from version 3 to 1 withdraws 2 and 3 from the public
    pages (the board, its own address, the official pages), and a later publish does not bring
    them back; staff still see every version on the manage page."""
    # given versions 2 and 3, then a rollback to 1
    publish(world)
    publish(world)
    board = Board.objects.get(cycle=world.own_cycle)
    services.board_rollback(actor=world.users["staff"], board=board, number=1)
    # then only version 1 is public
    for number in ("2", "3"):
        assert anon.get(BOARD, {"version": number}).status_code == 404
        assert anon.get(f"{BOARD}v/{number}/").status_code == 404
        assert anon.get(official_url(world), {"version": number}).status_code == 404
    assert f'href="{BOARD}v/2/"' not in text_of(anon.get(BOARD))
    # when version 4 is published, 1 is readable again as an earlier one, 2 and 3 stay withdrawn
    publish(world)
    assert anon.get(f"{BOARD}v/1/").status_code == 200
    assert anon.get(f"{BOARD}v/2/").status_code == 404
    assert anon.get(official_url(world), {"version": "3"}).status_code == 404
    page = text_of(anon.get(BOARD))
    assert f'href="{BOARD}v/1/"' in page and f'href="{BOARD}v/2/"' not in page
    # and staff still list every version
    manage = text_of(signed_in(world.users["staff"]).get(manage_url(world)))
    assert all(f"第 {n} 版" in manage for n in (1, 2, 3, 4))


def test_rolling_forward_to_a_withdrawn_version_makes_it_public_again(anon, world, live):
    publish(world)
    board = Board.objects.get(cycle=world.own_cycle)
    services.board_rollback(actor=world.users["staff"], board=board, number=1)
    services.board_rollback(actor=world.users["staff"], board=board, number=2)
    assert anon.get(BOARD).status_code == 200
    assert anon.get(f"{BOARD}v/2/").status_code == 200
    assert anon.get(f"{BOARD}v/1/").status_code == 200
