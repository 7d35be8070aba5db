"""Each producer: what happened in pledges, evaluations, boards and cycles reaches the right
accounts as notifications (and nobody else), set-based."""
import datetime
from decimal import Decimal

import pytest
from celery import shared_task
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from boards import services as board_services
from cycles.models import TaskRecord
from cycles.services import task_start
from evaluations import services as evaluation_services
from evaluations.tasks import cycle_compute_task
from notifications.models import Notification
from pledges import services
from pledges.models import Pledge
from pledges.tasks import reminders_record_task
from tests.factories import OfficialFactory, UserFactory
from tests.fixtures.pledges import pledge_body

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def of(user, kind=None):
    rows = Notification.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


def inserts() -> CaptureQueriesContext:
    return CaptureQueriesContext(connection)


def notification_inserts(captured) -> int:
    return sum(1 for q in captured.captured_queries
               if q["sql"].lstrip().upper().startswith("INSERT") and "notifications_notification" in q["sql"])


# --- officials ---------------------------------------------------------------------------------


def test_a_returned_pledge_notifies_its_official(world, submitted):
    pledge = submitted[0]
    services.pledge_return(actor=world.users["staff"], pledge=pledge, reason="目标不够量化")
    [note] = of(world.users["official"])
    assert note.kind == Kind.RETURNED and note.district_id == world.own.pk
    assert pledge.title in note.message and "目标不够量化" in note.message
    assert note.link == f"/pledges/{pledge.pk}/"
    assert Notification.objects.count() == 1 + len(of(world.users["staff"]))  # staff only heard "to review"


def test_an_approved_pledge_notifies_its_official_with_the_grade(world, approved):
    notes = of(world.users["official"], Kind.APPROVED)
    assert len(notes) == 3
    assert {n.link for n in notes} == {f"/pledges/{p.pk}/" for p in approved}
    assert all("A 级" in n.message for n in notes)


def test_bulk_approval_is_one_insert_for_all_the_officials(world):
    staff = world.users["staff"]
    officials = [world.own_official] + [OfficialFactory(unit=world.own_unit) for _ in range(4)]
    accounts = [world.users["official"]] + [UserFactory(role=Role.OFFICIAL, districts=[world.own], official=o)
                                            for o in officials[1:]]
    items = []
    for official in officials:
        for category in ("party_building", "innovation", "key_work"):
            pledge = services.pledge_create(actor=None, official=official, cycle=world.own_cycle,
                                            **pledge_body(category))
            items.append(pledge)
        for pledge in items[-3:]:
            services.pledge_submit(actor=None, pledge=pledge)
    with inserts() as captured:
        services.pledges_approve_many(actor=staff, items=[
            {"pledge": p, "difficulty": 2, "innovation": 2, "contribution": 2} for p in items])
    assert notification_inserts(captured) == 1
    assert all(len(of(account, Kind.APPROVED)) == 3 for account in accounts)


def test_revision_decisions_notify_the_official(world, approved):
    official, staff = world.users["official"], world.users["staff"]
    first = services.pledge_revise(actor=official, pledge=approved[0], reason="区里调整了任务", title="新标题一")
    services.revision_approve(actor=staff, revision=first)
    second = services.pledge_revise(actor=official, pledge=approved[1], reason="进度调整", title="新标题二")
    services.revision_return(actor=staff, revision=second, reason="理由不充分")
    assert any(f"第 {first.number} 版）已审核通过" in n.message for n in of(official, Kind.APPROVED))
    [returned] = of(official, Kind.RETURNED)
    assert "理由不充分" in returned.message and returned.link == f"/pledges/{approved[1].pk}/"


def test_deadline_reminders_reach_the_official_once(world, filed):
    Pledge.objects.filter(official=world.own_official).update(due_on=datetime.date(2026, 1, 31))
    reminders_record_task.apply()
    reminders_record_task.apply()
    [note] = of(world.users["official"], Kind.DEADLINE)
    assert "3 项未提交" in note.message and note.link == "/pledges/"
    assert of(world.users["foreign_official"], Kind.DEADLINE)  # the foreign official owes pledges too
    assert not of(world.users["foreign_official"], Kind.RETURNED)


def _scores_for_quarter(world, scored_year, quarter):
    for rows in scored_year.values():
        for row in rows:
            evaluation_services.quarterly_score_record(actor=world.users["staff"], pledge=row, quarter=quarter,
                                                       score=Decimal("88"))


def test_releasing_a_quarter_notifies_the_scored_officials(world, scored_year):
    _scores_for_quarter(world, scored_year, 1)
    Notification.objects.all().delete()
    with inserts() as captured:
        evaluation_services.quarter_release(actor=world.users["staff"], cycle=world.own_cycle, quarter=1)
    assert notification_inserts(captured) == 1
    [note] = of(world.users["official"])
    assert note.kind == Kind.SCORES_RELEASED and "第 1 季度评分已发布" in note.message
    assert note.link == "/evaluations/mine/"
    assert not Notification.objects.exclude(user=world.users["official"]).exists()


def test_finalizing_notifies_every_official_with_a_result(api, world, full_year):
    Notification.objects.all().delete()
    response = api.as_(world.users["staff"]).post(f"/api/v1/cycles/{world.own_cycle.pk}/finalize/")
    assert response.status_code == 200, response.content
    [note] = of(world.users["official"])
    assert note.kind == Kind.RESULTS and "2026 年度考核已定档" in note.message
    # announcing again (a retried request) adds nothing
    world.own_cycle.refresh_from_db()
    evaluation_services.results_announce(cycle=world.own_cycle)
    assert len(of(world.users["official"])) == 1


def test_finalizing_on_the_page_notifies_too(client, world, full_year):
    client.force_login(world.users["staff"])
    client.post(f"/evaluations/cycles/{world.own_cycle.pk}/finalize/")
    assert of(world.users["official"], Kind.RESULTS)


# --- staff -------------------------------------------------------------------------------------


def test_submissions_tell_the_districts_staff_once_a_day(world, submitted):
    [note] = of(world.users["staff"])  # three submissions, one note
    assert note.kind == Kind.REVIEW_WAITING and note.link == f"/pledges/review/?cycle={world.own_cycle.pk}"
    assert not of(world.users["foreign_staff"]) and not of(world.users["leader"])


def test_newly_overdue_officials_are_told_to_staff_by_name(world, filed):
    reminders_record_task.apply()
    [note] = of(world.users["staff"], Kind.OVERDUE)
    assert "张建国" in note.message and "李红梅" in note.message and "2 名" in note.message
    assert "张建国" not in "".join(n.message for n in of(world.users["foreign_staff"]))
    reminders_record_task.apply()
    assert len(of(world.users["staff"], Kind.OVERDUE)) == 1


def test_public_feedback_tells_the_districts_staff_once_a_day(world, published_world):
    live = board_services.board_publish(actor=world.users["staff"], cycle=world.own_cycle)
    for n in range(3):
        board_services.feedback_submit(board=live.board, pledge_id=published_world["approved"][0].pk,
                                       content=f"留言{n}", key=f"k{n}")
    [note] = of(world.users["staff"], Kind.FEEDBACK_WAITING)
    assert note.link == "/boards/moderation/"
    assert not of(world.users["foreign_staff"], Kind.FEEDBACK_WAITING)


# --- background tasks --------------------------------------------------------------------------


def test_a_finished_compute_is_announced_to_whoever_started_it(world, scored_year):
    staff = world.users["staff"]
    task_id = task_start(actor=staff, cycle=world.own_cycle, kind="compute", task=cycle_compute_task,
                         args=[world.own_cycle.pk])
    [note] = of(staff, Kind.TASK_DONE)
    assert "2026 年度计算考核结果已完成" in note.message
    assert note.link == f"/evaluations/cycles/{world.own_cycle.pk}/results/?task={task_id}#compute"
    assert not Notification.objects.filter(kind=Kind.TASK_DONE).exclude(user=staff).exists()


@shared_task(name="tests.notifications.failing")
def failing_task(cycle_id):
    raise RuntimeError("磁盘已满")


def test_a_failed_task_is_announced_with_its_error(world):
    """As in a worker, where a task's exception is recorded rather than raised (in-process
    tasks raise into the request that started them, which shows the error itself)."""
    staff = world.users["staff"]
    record = TaskRecord.objects.create(task_id="3f1c2b9e-0000-4000-8000-000000000001", kind="export",
                                       cycle=world.own_cycle, requested_by=staff)
    failing_task.apply(args=[world.own_cycle.pk], task_id=record.task_id, throw=False)
    [note] = of(staff, Kind.TASK_FAILED)
    assert "Excel 导出失败：磁盘已满" in note.message
    assert note.link == f"/excel/cycles/{world.own_cycle.pk}/"


def test_tasks_without_a_record_announce_nothing(world, filed):
    reminders_record_task.apply()
    assert not Notification.objects.filter(kind__in=[Kind.TASK_DONE, Kind.TASK_FAILED]).exists()
