"""The pledge pages: who may open which page, the workflow through forms and buttons, errors shown
as messages and form errors (never a 500), uploads, and bounded query counts."""
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from cycles.models import Cycle
from pledges import services
from pledges.models import Evidence, Pledge, PledgeRevision, ProgressUpdate
from tests.factories import CycleFactory, OfficialFactory, UnitFactory, UserFactory
from tests.fixtures.pledges import QUARTERS, pledge_body
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


# --- helpers -------------------------------------------------------------------------------------


def signed_in(client, user):
    client.force_login(user)
    return client


def html(response) -> str:
    return response.content.decode()


def form_data(category="key_work", *, title=None, milestones=QUARTERS, kind="annual", rows=6, **extra):
    """What the pledge form posts: the text fields and the milestone rows (blank rows included)."""
    data = {
        "kind": kind, "category": category, "title": title or f"{category}目标",
        "content": "整合楼宇载体资源，成立楼宇经济发展协会", "target": "新培育重点产业特色楼宇不少于2座",
        "target_value": "2", "target_unit": "座",
        "ms-TOTAL_FORMS": str(rows), "ms-INITIAL_FORMS": "0", "ms-MIN_NUM_FORMS": "0", "ms-MAX_NUM_FORMS": "14",
    }
    for i in range(rows):
        milestone = milestones[i] if i < len(milestones) else {}
        data[f"ms-{i}-quarter"] = milestone.get("quarter", "")
        data[f"ms-{i}-description"] = milestone.get("description", "")
        data[f"ms-{i}-due_on"] = milestone.get("due_on", "")
    data.update(extra)
    return data


def png_bytes() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def url(name, pledge=None):
    return reverse(f"pledges:{name}", args=[pledge.pk] if pledge is not None else [])


@pytest.fixture
def other_user(world):
    """An account for the other official of the own district."""
    return UserFactory(username="official2", role=Role.OFFICIAL, districts=[world.own], official=world.other_official)


@pytest.fixture
def foreign_draft(world):
    return services.pledge_create(actor=world.users["foreign_staff"], official=world.foreign_official,
                                  cycle=world.foreign_cycle, **pledge_body(title=f"目标{FOREIGN_MARKER}"))


# --- who may open which page -----------------------------------------------------------------------


@pytest.mark.parametrize("role,status", [("official", 200), ("staff", 302), ("leader", 302), ("admin", 302)])
def test_my_pledges_is_the_officials_page_and_reviewers_go_to_the_queue(client, world, filed, role, status):
    response = signed_in(client, world.users[role]).get(url("mine"))
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == url("queue")
    else:
        body = html(response)
        assert all(p.title in body for p in filed)
        assert "新建目标" in body


def test_pages_ask_anonymous_visitors_to_sign_in(client, world, filed):
    for path in (url("mine"), url("create"), url("queue"), url("detail", filed[0]), url("edit", filed[0])):
        response = client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path


@pytest.mark.parametrize("role,status", [("official", 200), ("staff", 403), ("leader", 403), ("admin", 403)])
def test_only_an_official_files_pledges(client, world, role, status):
    response = signed_in(client, world.users[role]).get(url("create") + f"?cycle={world.own_cycle.pk}")
    assert response.status_code == status


def test_filing_in_a_foreign_cycle_is_not_found(client, world):
    response = signed_in(client, world.users["official"]).get(url("create") + f"?cycle={world.foreign_cycle.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name,role,status",
    [
        ("detail", "official", 200), ("detail", "staff", 200), ("detail", "leader", 200), ("detail", "admin", 200),
        ("detail", "foreign_staff", 404), ("detail", "foreign_official", 404),
        ("edit", "official", 200), ("edit", "staff", 403), ("edit", "leader", 403), ("edit", "foreign_staff", 404),
        ("delete", "official", 200), ("delete", "staff", 403), ("delete", "foreign_official", 404),
    ],
)
def test_draft_pages_by_role(client, world, filed, name, role, status):
    response = signed_in(client, world.users[role]).get(url(name, filed[0]))
    assert response.status_code == status
    if not role.startswith("foreign"):  # the foreign accounts' own names carry the marker
        assert FOREIGN_MARKER not in html(response)


@pytest.mark.parametrize(
    "name,role,status",
    [
        ("revise", "official", 200), ("revise", "staff", 403), ("revise", "leader", 403),
        ("revise", "foreign_official", 404),
        ("progress", "official", 200), ("progress", "staff", 403), ("progress", "leader", 403),
        ("progress", "foreign_staff", 404),
    ],
)
def test_approved_pledge_pages_by_role(client, world, approved, name, role, status):
    assert signed_in(client, world.users[role]).get(url(name, approved[0])).status_code == status


@pytest.mark.parametrize("role,status", [("staff", 200), ("leader", 200), ("admin", 200), ("official", 403)])
def test_review_queue_is_for_staff_leaders_and_admin(client, world, submitted, role, status):
    response = signed_in(client, world.users[role]).get(url("queue"))
    assert response.status_code == status


def test_an_official_cannot_see_or_touch_another_officials_draft(client, world, other_user):
    other = services.pledge_create(actor=other_user, official=world.other_official, cycle=world.own_cycle,
                                   **pledge_body(title="李红梅的草稿"))
    client = signed_in(client, world.users["official"])
    assert client.get(url("detail", other)).status_code == 404
    assert client.get(url("edit", other)).status_code == 404
    assert client.post(url("edit", other), form_data(title="偷改")).status_code == 404
    assert client.post(url("submit", other)).status_code == 404
    assert client.post(url("delete", other)).status_code == 404
    assert "李红梅的草稿" not in html(client.get(url("mine")))
    other.refresh_from_db()
    assert (other.title, other.status) == ("李红梅的草稿", "draft")


def test_state_changes_are_post_only(client, world, filed):
    client = signed_in(client, world.users["official"])
    assert client.get(url("submit", filed[0])).status_code == 405
    assert Pledge.objects.get(pk=filed[0].pk).status == "draft"


def test_leader_reads_the_queue_but_cannot_approve(client, world, submitted):
    client = signed_in(client, world.users["leader"])
    body = html(client.get(url("queue")))
    assert submitted[0].title in body
    assert "批量通过" not in body and 'name="pick"' not in body
    response = client.post(url("queue"), {"pick": [submitted[0].pk], f"difficulty-{submitted[0].pk}": "3"})
    assert response.status_code == 403
    detail = html(client.get(url("detail", submitted[0])))
    assert url("approve", submitted[0]) not in detail and url("return", submitted[0]) not in detail
    assert client.post(url("approve", submitted[0]), {"difficulty": 3, "innovation": 3,
                                                      "contribution": 3}).status_code == 403
    assert set(Pledge.objects.values_list("status", flat=True)) == {"submitted"}


# --- the workflow through the pages ----------------------------------------------------------------


def test_create_edit_submit_return_edit_resubmit_approve(client, world):
    official = signed_in(client, world.users["official"])

    # given three drafts filed through the form, one per category
    for category in ("party_building", "innovation", "key_work"):
        response = official.post(url("create") + f"?cycle={world.own_cycle.pk}", form_data(category))
        assert response.status_code == 302, html(response)
    pledges = list(Pledge.objects.order_by("id"))
    assert [p.category for p in pledges] == ["party_building", "innovation", "key_work"]
    assert all(p.status == "draft" and p.milestones == QUARTERS and p.official == world.own_official for p in pledges)
    page = html(official.get(url("mine")))
    assert "已填报 3 项，已提交 0 项" in page and "符合“每年 3–5 项、三个方面各至少一项”的要求" in page

    # when one is edited and all are submitted
    response = official.post(url("edit", pledges[2]), form_data("key_work", title="楼宇经济提质增效"))
    assert response.status_code == 302
    for pledge in pledges:
        response = official.post(url("submit", pledge), {"next": url("mine")}, follow=True)
        assert "已提交审核" in html(response)
    assert set(Pledge.objects.values_list("status", flat=True)) == {"submitted"}

    # and staff return one with a reason
    staff = signed_in(type(client)(), world.users["staff"])
    response = staff.post(url("return", pledges[2]), {"reason": "目标不够量化，请写明楼宇数量"}, follow=True)
    assert "已退回" in html(response)

    # then the official sees the reason, edits and resubmits
    page = html(official.get(url("mine")))
    assert "目标不够量化，请写明楼宇数量" in page and "重新提交" in page
    official.post(url("edit", pledges[2]), form_data("key_work", title="楼宇经济提质增效", target="新培育特色楼宇3座"))
    official.post(url("submit", pledges[2]))
    assert Pledge.objects.get(pk=pledges[2].pk).status == "submitted"

    # and staff approve with ratings; the grade follows them
    response = staff.post(url("approve", pledges[2]), {"difficulty": 3, "innovation": 3, "contribution": 2},
                          follow=True)
    assert "评级 A 级" in html(response)
    pledge = Pledge.objects.get(pk=pledges[2].pk)
    assert (pledge.status, pledge.grade, pledge.target) == ("approved", "A", "新培育特色楼宇3座")
    detail = html(official.get(url("detail", pledge)))
    assert "returned" not in detail.split('class="timeline"')[1]  # labels, not codes
    for text in ("已通过", "工作难度", "目标不够量化，请写明楼宇数量", "待审核 → 已退回", "已退回 → 待审核",
                 "待审核 → 已通过",
                 "staff1", "official1", "新培育特色楼宇3座"):
        assert text in detail, text


def test_bulk_approve_approves_every_checked_row_with_its_ratings(client, world, submitted):
    client = signed_in(client, world.users["staff"])
    data = {"pick": [p.pk for p in submitted]}
    for pledge, ratings in zip(submitted, [(3, 3, 3), (2, 2, 2), (1, 1, 1)], strict=True):
        for name, value in zip(("difficulty", "innovation", "contribution"), ratings, strict=True):
            data[f"{name}-{pledge.pk}"] = value
    response = client.post(url("queue"), data, follow=True)
    assert "已批量通过 3 项目标" in html(response)
    grades = dict(Pledge.objects.values_list("pk", "grade"))
    assert [grades[p.pk] for p in submitted] == ["A", "B", "C"]


def test_bulk_approve_is_all_or_nothing_and_lists_the_errors(client, world, submitted):
    client = signed_in(client, world.users["staff"])
    first, second = submitted[0], submitted[1]
    data = {"pick": [first.pk, second.pk], f"difficulty-{first.pk}": 2, f"innovation-{first.pk}": 2,
            f"contribution-{first.pk}": 2, f"difficulty-{second.pk}": 3}
    response = client.post(url("queue"), data)
    assert response.status_code == 400
    body = html(response)
    assert "未能批量通过" in body and f"“{second.title}”" in body and "每项评分必须是 1 到 3 的整数" in body
    assert 'value="3" selected' in body  # what the reviewer chose is kept
    assert set(Pledge.objects.values_list("status", flat=True)) == {"submitted"}


def test_bulk_approve_refuses_foreign_pledges_without_naming_them(client, world, submitted, foreign_draft):
    client = signed_in(client, world.users["staff"])
    response = client.post(url("queue"), {"pick": [foreign_draft.pk], f"difficulty-{foreign_draft.pk}": 1})
    assert response.status_code == 400
    assert FOREIGN_MARKER not in html(response)
    assert Pledge.objects.get(pk=foreign_draft.pk).status == "draft"


def test_bulk_approve_without_a_checked_row_says_so(client, world, submitted):
    response = signed_in(client, world.users["staff"]).post(url("queue"), {})
    assert response.status_code == 400
    assert "请先勾选要通过的目标" in html(response)


@pytest.mark.parametrize(
    "fixture,name,role,data,message",
    [
        ("approved", "submit", "official", {}, "“已通过”状态的目标不能提交"),
        ("filed", "approve", "staff", {"difficulty": 1, "innovation": 1, "contribution": 1},
         "“草稿”状态的目标不能审核通过"),
        ("approved", "return", "staff", {"reason": "再看看"}, "“已通过”状态的目标不能退回"),
        ("filed", "delete", "official", {}, None),
        ("approved", "delete", "official", {}, "“已通过”状态的目标不能删除"),
        ("submitted", "approve", "staff", {"difficulty": 2, "innovation": 2, "contribution": 2, "grade": "A"},
         "调整为 A 级必须说明理由"),
        ("submitted", "return", "staff", {"reason": ""}, "退回必须说明原因"),
        ("submitted", "approve", "staff", {"difficulty": 7}, "工作难度"),
    ],
)
def test_invalid_actions_answer_with_a_message_not_an_error(client, world, request, fixture, name, role, data, message):
    pledge = request.getfixturevalue(fixture)[0]
    status = pledge.status
    response = signed_in(client, world.users[role]).post(url(name, pledge), data, follow=True)
    assert response.status_code == 200
    if message is None:  # deleting a draft works
        assert not Pledge.objects.filter(pk=pledge.pk).exists()
        return
    assert message in html(response)
    assert Pledge.objects.get(pk=pledge.pk).status == status


def test_submit_before_three_pledges_explains_the_rule(client, world):
    draft = services.pledge_create(actor=world.users["official"], official=world.own_official,
                                   cycle=world.own_cycle, **pledge_body("key_work"))
    client = signed_in(client, world.users["official"])
    page = html(client.get(url("mine")))
    assert "需至少提交 3 项，覆盖党的建设和干部队伍建设、创新创优工作、服务全区重点工作三类" in page
    assert "已填报 1 项，还差 2 项" in page and "尚缺：党的建设和干部队伍建设、创新创优工作。" in page
    # no button that would fail: the card says why instead
    assert url("submit", draft) not in page and "补齐目标后即可提交" in page
    assert url("submit_all") not in page
    detail = html(client.get(url("detail", draft)))  # the pledge's own page says the same
    assert url("submit", draft) not in detail and "已填报 1 项，还差 2 项" in detail
    body = html(client.post(url("submit", draft), {"next": url("mine")}, follow=True))
    assert "未能提交" in body and "每个方面至少一项" in body
    assert Pledge.objects.get(pk=draft.pk).status == "draft"


# --- submit all drafts at once ---------------------------------------------------------------------


def submit_all_ids(page: str) -> list[int]:
    form = re.search(r'<form method="post" action="/pledges/submit-all/".*?</form>', page, re.S)
    return [int(pk) for pk in re.findall(r'name="pledge" value="(\d+)"', form.group(0))] if form else []


def test_submit_all_is_offered_once_the_drafts_meet_the_rule_and_submits_them(client, world, filed):
    client = signed_in(client, world.users["official"])
    page = html(client.get(url("mine")))
    assert sorted(submit_all_ids(page)) == sorted(p.pk for p in filed)
    assert "一次提交全部 3 项草稿" in page and "可以提交审核" in page
    assert all(url("submit", p) in page for p in filed)  # each one alone too
    assert url("submit", filed[0]) in html(client.get(url("detail", filed[0])))
    response = client.post(url("submit_all"), {"pledge": submit_all_ids(page)}, follow=True)
    assert "已一并提交 3 项目标" in html(response)
    assert set(Pledge.objects.values_list("status", flat=True)) == {"submitted"}
    assert url("submit_all") not in html(response)  # no drafts left to offer


def test_submit_all_is_not_offered_while_the_rule_is_not_met(client, world):
    for category in ("key_work", "key_work", "innovation"):
        services.pledge_create(actor=world.users["official"], official=world.own_official, cycle=world.own_cycle,
                               **pledge_body(category))
    page = html(signed_in(client, world.users["official"]).get(url("mine")))
    assert submit_all_ids(page) == [] and "尚缺：党的建设和干部队伍建设。" in page
    assert "还差 1 项" in page


def test_submit_all_is_all_or_nothing_and_names_each_refused_pledge(client, world, filed):
    client = signed_in(client, world.users["official"])
    ids = submit_all_ids(html(client.get(url("mine"))))
    services.pledge_submit(actor=world.users["official"], pledge=filed[1])  # meanwhile, in another tab
    body = html(client.post(url("submit_all"), {"pledge": ids}, follow=True))
    assert "未提交任何目标" in body
    assert f"“{filed[1].title}”：“待审核”状态的目标不能一并提交（只提交草稿）。" in body
    statuses = dict(Pledge.objects.values_list("pk", "status"))
    assert [statuses[p.pk] for p in filed] == ["draft", "submitted", "draft"]  # the others stayed drafts


def test_submit_all_of_an_incomplete_set_submits_nothing(client, world):
    drafts = [services.pledge_create(actor=world.users["official"], official=world.own_official,
                                     cycle=world.own_cycle, **pledge_body(category, title=f"目标{n}"))
              for n, category in enumerate(("key_work", "innovation"))]
    body = html(signed_in(client, world.users["official"]).post(
        url("submit_all"), {"pledge": [p.pk for p in drafts]}, follow=True))
    for pledge in drafts:
        assert f"“{pledge.title}”：每个方面至少一项，缺少：党的建设和干部队伍建设。" in body
    assert set(Pledge.objects.values_list("status", flat=True)) == {"draft"}


def test_submit_all_refuses_pledges_the_user_may_not_submit(client, world, filed, other_user, foreign_draft):
    theirs = services.pledge_create(actor=other_user, official=world.other_official, cycle=world.own_cycle,
                                    **pledge_body("key_work"))
    client = signed_in(client, world.users["official"])
    for stranger in (theirs, foreign_draft):
        body = html(client.post(url("submit_all"), {"pledge": [*(p.pk for p in filed), stranger.pk]}, follow=True))
        assert "有 1 项目标已不存在或不能由您提交，未提交任何目标" in body and FOREIGN_MARKER not in body
    assert set(Pledge.objects.values_list("status", flat=True)) == {"draft"}
    staff = signed_in(client, world.users["staff"])
    assert staff.post(url("submit_all"), {"pledge": [filed[0].pk]}).status_code == 403


@pytest.mark.parametrize("data", [{}, {"pledge": "abc"}, {"pledge": ["1", "x"]}, {"pledge": list(range(1, 8))}])
def test_submit_all_with_bad_input_is_a_400(client, world, filed, data):
    response = signed_in(client, world.users["official"]).post(url("submit_all"), data)
    assert response.status_code == 400 and "pledge=" in html(response)
    assert set(Pledge.objects.values_list("status", flat=True)) == {"draft"}


def test_the_form_says_what_the_set_still_lacks(client, world):
    draft = services.pledge_create(actor=world.users["official"], official=world.own_official,
                                   cycle=world.own_cycle, **pledge_body("key_work"))
    client = signed_in(client, world.users["official"])
    for page in (html(client.get(url("create"))), html(client.get(url("edit", draft)))):
        assert "需至少提交 3 项" in page and "已填报 1 项，还差 2 项" in page
        assert "尚缺：党的建设和干部队伍建设、创新创优工作。" in page


def test_editing_an_approved_pledge_points_to_a_revision(client, world, approved):
    response = signed_in(client, world.users["official"]).get(url("edit", approved[0]), follow=True)
    assert "已通过的目标请提出调整" in html(response)


def test_missing_quarter_is_shown_on_the_form(client, world):
    client = signed_in(client, world.users["official"])
    response = client.post(url("create"), form_data(milestones=QUARTERS[:3]))
    assert response.status_code == 400
    body = html(response)
    assert "缺少：第 4 季度" in body and "milestone-errors" in body
    assert 'value="第1季度完成阶段任务"' in body  # the rows keep what was typed
    assert not Pledge.objects.exists()


def test_a_milestone_row_without_quarter_is_marked(client, world):
    rows = [*QUARTERS, {"description": "年底总结"}]
    response = signed_in(client, world.users["official"]).post(url("create"), form_data(milestones=rows))
    assert response.status_code == 400
    assert "请选择季度" in html(response)


def test_milestone_date_outside_its_quarter_is_refused(client, world):
    rows = [dict(QUARTERS[0], due_on="2026-05-01"), *QUARTERS[1:]]
    response = signed_in(client, world.users["official"]).post(url("create"), form_data(milestones=rows))
    assert response.status_code == 400
    assert "不在第 1 季度内" in html(response)


def test_blank_rows_are_ignored_and_dates_kept(client, world):
    rows = [dict(QUARTERS[0], due_on="2026-03-20"), *QUARTERS[1:]]
    response = signed_in(client, world.users["official"]).post(url("create"), form_data(milestones=rows, rows=8))
    assert response.status_code == 302
    assert Pledge.objects.get().milestones == [dict(QUARTERS[0], due_on="2026-03-20"), *QUARTERS[1:]]


def test_new_pledge_form_offers_the_expected_kind_and_a_row_per_quarter(client, world):
    body = html(signed_in(client, world.users["official"]).get(url("create")))
    assert '<option value="annual" selected>' in body
    assert body.count('<li class="ms-row') == 6
    assert 'name="ms-3-quarter"' in body and '<option value="4" selected>' in body


def test_filing_is_refused_once_the_cycle_is_evaluating(client, world):
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="evaluating")
    client = signed_in(client, world.users["official"])
    assert "新建目标" not in html(client.get(url("mine")))
    response = client.get(url("create") + f"?cycle={world.own_cycle.pk}", follow=True)
    assert "当前没有可以填报履职践诺目标的考核年度" in html(response)


# --- revisions, regrading, progress ---------------------------------------------------------------


def test_revision_is_proposed_and_approved_through_the_pages(client, world, approved):
    pledge = approved[0]
    official = signed_in(client, world.users["official"])
    form = html(official.get(url("revise", pledge)))
    assert pledge.target in form  # prefilled with the current text
    response = official.post(url("revise", pledge), form_data(pledge.category, title=pledge.title,
                                                               target="新培育特色楼宇3座", reason="区委调整任务"))
    assert response.status_code == 302, html(response)
    staff = signed_in(type(client)(), world.users["staff"])
    detail = html(staff.get(url("detail", pledge)))
    assert "待审核的调整（第 2 版）" in detail and "新培育特色楼宇3座" in detail and "区委调整任务" in detail
    assert Pledge.objects.get(pk=pledge.pk).target != "新培育特色楼宇3座"
    staff.post(url("revision_approve", pledge), {})
    pledge.refresh_from_db()
    assert (pledge.target, pledge.revision, pledge.grade) == ("新培育特色楼宇3座", 2, "A")


def test_revision_with_the_same_text_is_refused_on_the_form(client, world, approved):
    pledge = approved[0]
    response = signed_in(client, world.users["official"]).post(
        url("revise", pledge), form_data(pledge.category, title=pledge.title, reason="无变化"))
    assert response.status_code == 400
    assert "调整内容与现行目标相同" in html(response)


def test_revision_can_be_returned(client, world, approved):
    pledge = approved[0]
    services.pledge_revise(actor=world.users["official"], pledge=pledge, reason="r", title="新名称")
    staff = signed_in(client, world.users["staff"])
    response = staff.post(url("revision_return", pledge), {"reason": "理由不充分"}, follow=True)
    assert "已退回第 2 版调整" in html(response)
    assert PledgeRevision.objects.get().status == "returned"


def test_staff_regrade_with_a_reason(client, world, approved):
    staff = signed_in(client, world.users["staff"])
    response = staff.post(url("regrade", approved[0]),
                          {"difficulty": 1, "innovation": 1, "contribution": 1, "reason": "常委会复核"}, follow=True)
    assert "已调整评级为 C 级" in html(response)
    assert "常委会复核" in html(staff.get(url("detail", approved[0])))


def test_grade_override_reason_is_shown(client, world, submitted):
    staff = signed_in(client, world.users["staff"])
    staff.post(url("approve", submitted[0]),
               {"difficulty": 2, "innovation": 2, "contribution": 2, "grade": "A", "reason": "全区首创"})
    body = html(staff.get(url("detail", submitted[0])))
    assert "调整评级理由" in body and "全区首创" in body


def test_progress_with_a_real_png_is_accepted(client, world, approved):
    client = signed_in(client, world.users["official"])
    upload = SimpleUploadedFile("现场照片.png", png_bytes(), content_type="image/png")
    response = client.post(url("progress", approved[0]), {"text": "已完成第一季度任务", "percent": 30,
                                                          "files": [upload]})
    assert response.status_code == 302, html(response)
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.content_type) == ("现场照片.png", "image/png")
    detail = html(client.get(url("detail", approved[0])))
    assert reverse("pledges:evidence", args=[evidence.pk]) in detail and "已完成第一季度任务" in detail
    assert "30%" in html(client.get(url("mine")))
    download = client.get(reverse("pledges:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == png_bytes()


def test_progress_with_a_fake_png_is_refused_with_the_reason(client, world, approved):
    client = signed_in(client, world.users["official"])
    fake = SimpleUploadedFile("假图片.png", "这其实是一段文字".encode(), content_type="image/png")
    response = client.post(url("progress", approved[0]), {"text": "进展", "percent": 30, "files": [fake]})
    assert response.status_code == 400
    body = html(response)
    assert "“假图片.png”不是可接受的文件类型" in body
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_progress_refuses_more_than_five_files_and_a_bad_percent(client, world, approved):
    files = [SimpleUploadedFile(f"p{n}.png", png_bytes(), content_type="image/png") for n in range(6)]
    response = signed_in(client, world.users["official"]).post(
        url("progress", approved[0]), {"text": "进展", "percent": 130, "files": files})
    assert response.status_code == 400
    body = html(response)
    assert "每次最多上传 5 个文件" in body and "100" in body
    assert not ProgressUpdate.objects.exists()


def test_progress_before_approval_is_not_offered(client, world, submitted):
    response = signed_in(client, world.users["official"]).get(url("progress", submitted[0]), follow=True)
    assert "审核通过后才能填报进展" in html(response)


# --- the review queue ------------------------------------------------------------------------------


def test_queue_defaults_to_submitted_pledges_of_the_open_cycle(client, world, submitted, foreign_draft):
    draft = services.pledge_create(actor=world.users["official"], official=world.own_official,
                                   cycle=world.own_cycle, **pledge_body("key_work", title="仍是草稿"))
    body = html(signed_in(client, world.users["staff"]).get(url("queue")))
    assert all(p.title in body for p in submitted)
    assert draft.title not in body and FOREIGN_MARKER not in body
    assert "批量通过" in body and body.count('name="pick"') == 3
    assert "2026 年度（筹备）" in body


def test_queue_filters(client, world, submitted):
    client = signed_in(client, world.users["staff"])
    services.pledge_return(actor=world.users["staff"], pledge=submitted[0], reason="请量化")
    body = html(client.get(url("queue"), {"status": "returned"}))
    assert submitted[0].title in body and submitted[1].title not in body
    body = html(client.get(url("queue"), {"status": "", "category": "innovation"}))
    assert submitted[1].title in body and submitted[0].title not in body
    body = html(client.get(url("queue"), {"status": "", "q": "张建国"}))
    assert all(p.title in body for p in submitted)
    body = html(client.get(url("queue"), {"status": "", "unit": world.own_unit.pk, "overdue": "yes"}))
    assert submitted[0].title in body  # returned after the January deadline: overdue
    assert submitted[1].title not in body
    body = html(client.get(url("queue"), {"status": "", "q": "没有这个"}))
    assert "没有符合条件的目标" in body


def test_queue_deadline_panel_counts_and_lists_officials(client, world, submitted):
    body = html(signed_in(client, world.users["staff"]).get(url("queue")))
    assert "目标提交情况" in body and "<details" in body
    assert "李红梅" in body and "已填报 0 项，少于 3 项" in body  # the other official filed nothing
    assert 'class="stat stat-overdue"><dt>已逾期</dt><dd>1</dd>' in body
    assert 'class="stat stat-complete"><dt>已完成</dt><dd>1</dd>' in body


def test_queue_paginates_by_fifty(client, world):
    cycle = world.own_cycle
    officials = [OfficialFactory(unit=world.own_unit, name=f"干部{n:02d}") for n in range(11)]
    Pledge.objects.bulk_create([
        Pledge(official=o, cycle=cycle, category=c, title=f"{o.name}{c}", content="c", target="t",
               milestones=QUARTERS, status="submitted", due_on=cycle.pledge_deadline)
        for o in officials for c in ("party_building", "innovation", "key_work", "key_work", "innovation")
    ])
    client = signed_in(client, world.users["staff"])
    first = html(client.get(url("queue")))
    assert first.count('name="pick"') == 50 and "第 1 / 2 页" in first and "共 55 项" in first
    second = html(client.get(url("queue"), {"page": 2}))
    assert second.count('name="pick"') == 5


# --- query counts ----------------------------------------------------------------------------------


def _official_pledges(world, count):
    """`count` pledges of the own official, five per cycle over as many cycles as needed."""
    cycles = [world.own_cycle] + [CycleFactory(district=world.own, year=2025 - n) for n in range((count - 1) // 5)]
    categories = ("party_building", "innovation", "key_work", "key_work", "innovation")
    rows = []
    for n in range(count):
        cycle = cycles[n // 5]
        rows.append(Pledge(official=world.own_official, cycle=cycle, category=categories[n % 5], title=f"目标{n}",
                           content="c", target="t", milestones=QUARTERS, status=("draft", "approved")[n % 2],
                           due_on=cycle.pledge_deadline, **({"difficulty": 2, "innovation": 2, "contribution": 2,
                                                             "grade": "B"} if n % 2 else {})))
    Pledge.objects.bulk_create(rows)
    for pledge in Pledge.objects.filter(status="approved"):
        ProgressUpdate.objects.create(pledge=pledge, text="进展", percent=40)


@pytest.mark.parametrize("count", [3, 30])
def test_my_pledges_runs_a_bounded_number_of_queries(client, world, count, django_assert_max_num_queries):
    _official_pledges(world, count)
    client = signed_in(client, world.users["official"])
    with django_assert_max_num_queries(8):
        response = client.get(url("mine"))
    assert html(response).count('class="card pledge-card"') == count


@pytest.mark.parametrize("count", [3, 30])
def test_review_queue_runs_a_bounded_number_of_queries(client, world, count, django_assert_max_num_queries):
    cycle = world.own_cycle
    units = [UnitFactory(district=world.own, name=f"街道{n}", kind="street") for n in range(count // 3)]
    officials = [OfficialFactory(unit=unit) for unit in units]
    Pledge.objects.bulk_create([
        Pledge(official=o, cycle=cycle, category=c, title=f"{o.name}{c}", content="c", target="t",
               milestones=QUARTERS, status="submitted", due_on=cycle.pledge_deadline)
        for o in officials for c in ("party_building", "innovation", "key_work")
    ])
    client = signed_in(client, world.users["staff"])
    with django_assert_max_num_queries(12):
        response = client.get(url("queue"))
    assert html(response).count('name="pick"') == count


def test_pledge_page_runs_a_bounded_number_of_queries(client, world, approved, django_assert_max_num_queries):
    pledge = approved[0]
    for n in range(5):
        services.progress_post(actor=world.users["official"], pledge=pledge, text=f"进展{n}", percent=10 * n,
                               files=[SimpleUploadedFile(f"p{n}.png", png_bytes(), content_type="image/png")])
    client = signed_in(client, world.users["staff"])
    with django_assert_max_num_queries(14):
        response = client.get(url("detail", pledge))
    assert html(response).count('class="update"') == 5


# --- the pages use no inline script or style --------------------------------------------------------


def test_pages_have_no_inline_script_or_style(client, world, approved):
    official = signed_in(client, world.users["official"])
    pages = [url("mine"), url("create"), url("detail", approved[0]), url("revise", approved[0]),
             url("progress", approved[0])]
    bodies = [html(official.get(path)) for path in pages]
    bodies.append(html(signed_in(type(client)(), world.users["staff"]).get(url("queue"), {"status": ""})))
    for body in bodies:  # scripts only from files (src=), never inline
        assert not re.search(r"<script(?![^>]*\bsrc=)", body) and "style=" not in body and "<style" not in body


def test_today_is_used_for_the_overdue_flag(client, world, filed):
    """The cycle deadline (31 January 2026) has passed: the drafts are flagged overdue."""
    body = html(signed_in(client, world.users["official"]).get(url("mine")))
    assert body.count("flag flag-overdue") == 3


def test_progress_with_a_file_named_dot_dot_is_refused_naming_it(client, world, approved):
    """Security finding 11: the page form refuses the whole update too, saving nothing."""
    client = signed_in(client, world.users["official"])
    from tests.pledges.test_evidence import multipart_with_raw_name

    body, content_type = multipart_with_raw_name("..", png_bytes())
    response = client.generic("POST", url("progress", approved[0]), body, content_type=content_type)
    assert response.status_code == 400
    assert "文件名" in html(response) and "“..”" in html(response)
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_the_top_bar_badge_adds_one_query_to_my_pledges(client, world, monkeypatch):
    """The unread count in the top bar (notifications' badge) costs one query per page, however
    many notifications there are."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.templatetags import notification_tags
    from tests.fixtures.notifications import add_notifications

    _official_pledges(world, 3)
    add_notifications(world.users["official"], world.own, 40)
    client = signed_in(client, world.users["official"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("mine")).status_code == 200
        return len(captured.captured_queries)

    with_badge = queries()
    monkeypatch.setattr(notification_tags, "unread_count", lambda user: 0)
    assert with_badge == queries() + 1
