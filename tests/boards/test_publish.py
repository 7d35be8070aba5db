"""Publishing: complete snapshots, numbered immutable versions, atomic switch, rollback,
failure safety, and what may and may not be published (SPEC section 6)."""
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from boards import services
from boards.models import Board, BoardVersion
from core.faults import InjectedFault
from cycles.models import Cycle
from evaluations import services as evaluation_services
from tests.fixtures.world import FOREIGN_MARKER

pytestmark = pytest.mark.django_db


def publish(world):
    return services.board_publish(actor=world.users["staff"], cycle=world.own_cycle)


def test_publish_makes_version_one_live_with_the_approved_pledges(world, published_world):
    version = publish(world)
    assert version.number == 1
    assert Board.objects.get(cycle=world.own_cycle).live_version == version
    snap = version.snapshot
    names = [o["name"] for o in snap["officials"]]
    assert names == ["张建国", "李红梅"]
    mine = snap["officials"][0]
    assert {p["title"] for p in mine["pledges"]} == {p.title for p in published_world["approved"]}
    pledge = mine["pledges"][0]
    assert {"category", "title", "content", "target", "milestones", "grade", "progress"} <= set(pledge)
    assert pledge["grade"] == "A"
    assert snap["officials"][1]["pledges"] == []  # the other official's draft is never published
    text = str(snap)
    assert "草稿目标不应公示" not in text and FOREIGN_MARKER not in text
    assert snap["honour_roll"] is None


def test_versions_are_numbered_immutable_and_stay_readable(world, published_world):
    first, second = publish(world), publish(world)
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValueError):
        first.save()
    assert BoardVersion.objects.get(pk=first.pk).snapshot["version"] == 1


def test_no_publishing_while_planning(world):
    with pytest.raises(Exception) as caught:
        publish(world)
    assert "公示" in str(caught.value)


def test_scores_are_hidden_unless_the_setting_says_so(world, published_world):
    staff = world.users["staff"]
    for p in published_world["approved"] + []:
        evaluation_services.quarterly_score_record(actor=staff, pledge=p, quarter=1, score=Decimal("70"))
    # the other official has no approved pledge, so the quarter is complete
    evaluation_services.quarter_release(actor=staff, cycle=world.own_cycle, quarter=1)
    progress = publish(world).snapshot["officials"][0]["pledges"][0]["progress"]
    assert progress[0]["quarter"] == 1 and progress[0]["status"] == "behind"
    assert "score" not in progress[0]
    settings = dict(world.own_cycle.settings, publish_scores=True)
    Cycle.objects.filter(pk=world.own_cycle.pk).update(settings=settings)
    world.own_cycle.refresh_from_db()
    progress = publish(world).snapshot["officials"][0]["pledges"][0]["progress"]
    assert progress[0]["score"] == "70.0"


def test_unreleased_quarters_are_not_published(world, published_world):
    evaluation_services.quarterly_score_record(actor=world.users["staff"], pledge=published_world["approved"][0],
                                               quarter=2, score=Decimal("95"))
    assert publish(world).snapshot["officials"][0]["pledges"][0]["progress"] == []


@pytest.mark.parametrize("point", ["publish:before-build", "publish:after-build", "publish:before-switch",
                                   "publish:after-switch"])
def test_a_failure_at_any_point_leaves_the_live_board_as_it_was(world, published_world, settings, point):
    first = publish(world)
    settings.FAULT_POINTS = {point: "raise"}
    with pytest.raises(InjectedFault):
        publish(world)
    board = Board.objects.get(cycle=world.own_cycle)
    assert board.live_version_id == first.pk
    assert list(board.versions.values_list("number", flat=True)) == [1]


def test_rollback_makes_an_earlier_version_live_and_is_audited(world, published_world):
    publish(world)
    publish(world)
    board = Board.objects.get(cycle=world.own_cycle)
    services.board_rollback(actor=world.users["staff"], board=board, number=1, reason="第二版有误")
    board.refresh_from_db()
    assert board.live_version.number == 1
    assert board.history.first().history_change_reason == "第二版有误"
    with pytest.raises(ValidationError, match="没有第 9 版"):
        services.board_rollback(actor=world.users["staff"], board=board, number=9)


def test_two_publishes_at_once_make_one_whole_version_each(transactional_db):
    """Two publishes on two connections at the same moment: versions 1 and 2, each whole."""
    from pledges import services as pledge_services
    from tests.fixtures.pledges import pledge_body
    from tests.fixtures.world import build_world

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    world = build_world()
    rows = [pledge_services.pledge_create(actor=None, official=world.own_official, cycle=world.own_cycle,
                                          **pledge_body(c)) for c in ("party_building", "innovation", "key_work")]
    for row in rows:
        pledge_services.pledge_submit(actor=None, pledge=row)
        pledge_services.pledge_approve(actor=None, pledge=row, difficulty=2, innovation=2, contribution=2)
    Cycle.objects.filter(pk=world.own_cycle.pk).update(state="in_progress")
    errors, barrier = [], threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            services.board_publish(actor=None, cycle=world.own_cycle)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    versions = list(BoardVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert all(v.snapshot["version"] == v.number and len(v.snapshot["officials"][0]["pledges"]) == 3
               for v in versions)
    assert Board.objects.get().live_version.number == 2


def test_honour_roll_after_finalize_without_negative_outcomes(world, published_world):
    from django.utils import timezone

    from evaluations.models import Result

    cycle = world.own_cycle
    Result.objects.create(cycle=cycle, official=world.own_official, unit=world.own_unit, composite=Decimal("91"),
                          rank=1, computed_grade="good", grade="good",
                          outcomes=["commendation", "exemplary_title", "recommend_upward"], computed_at=timezone.now())
    Result.objects.create(cycle=cycle, official=world.other_official, unit=world.other_official.unit,
                          composite=Decimal("55"), rank=2, computed_grade="poor", grade="poor",
                          outcomes=["criticism", "self_report", "demotion"], computed_at=timezone.now())
    Cycle.objects.filter(pk=cycle.pk).update(state="finalized")
    cycle.refresh_from_db()
    snap = publish(world).snapshot
    assert [g["name"] for g in snap["honour_roll"]["good"]] == ["张建国"]
    assert [g["name"] for g in snap["honour_roll"]["exemplary"]] == ["张建国"]
    other = snap["officials"][1]["result"]
    assert other == {"good": False, "exemplary": False, "outcomes": [], "outcome_labels": []}
    assert "composite" not in snap["officials"][0]["result"]
    assert "demotion" not in str(snap) and "较差" not in str(snap)


def test_republish_is_due_after_a_quarter_release(world, published_world):
    from boards.tasks import boards_republish_due_task

    publish(world)
    assert boards_republish_due_task.apply().get() == []
    for p in published_world["approved"]:
        evaluation_services.quarterly_score_record(actor=world.users["staff"], pledge=p, quarter=1,
                                                   score=Decimal("90"))
    evaluation_services.quarter_release(actor=world.users["staff"], cycle=world.own_cycle, quarter=1)
    assert boards_republish_due_task.apply().get() == [world.own_cycle.pk]
    assert Board.objects.get().live_version.number == 2
    assert boards_republish_due_task.apply().get() == []


def _score_quarter_one(world, published_world):
    for p in published_world["approved"]:
        evaluation_services.quarterly_score_record(actor=world.users["staff"], pledge=p, quarter=1,
                                                   score=Decimal("90"))


def test_release_republishes_an_auto_republishing_board_once_committed(
        world, published_world, django_capture_on_commit_callbacks):
    """Embedded setup (SQLite, Celery eager, no beat): the release itself starts the publish,
    after its transaction commits; the hourly catch-up then finds nothing to do."""
    from boards.tasks import boards_republish_due_task
    from cycles.models import TaskRecord

    publish(world)
    _score_quarter_one(world, published_world)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        evaluation_services.quarter_release(actor=world.users["staff"], cycle=world.own_cycle, quarter=1)
    assert Board.objects.get().live_version.number == 1  # nothing is published before the commit
    for callback in pending:
        callback()
    live = Board.objects.get().live_version
    assert live.number == 2 and live.snapshot["released_quarters"] == [1]
    assert live.published_by == world.users["staff"]
    assert TaskRecord.objects.filter(cycle=world.own_cycle, kind="publish",
                                     requested_by=world.users["staff"]).count() == 1
    assert boards_republish_due_task.apply().get() == []


@pytest.mark.parametrize("board_state", ["auto_republish_off", "never_published"])
def test_release_leaves_a_board_alone_unless_it_is_public_and_republishes_itself(
        world, published_world, django_capture_on_commit_callbacks, board_state):
    if board_state == "auto_republish_off":
        publish(world)
        Board.objects.update(auto_republish=False)
    _score_quarter_one(world, published_world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        evaluation_services.quarter_release(actor=world.users["staff"], cycle=world.own_cycle, quarter=1)
    assert callbacks == []
    assert BoardVersion.objects.count() == (1 if board_state == "auto_republish_off" else 0)


def test_a_failed_republish_never_undoes_the_release(world, published_world, django_capture_on_commit_callbacks,
                                                      monkeypatch):
    from cycles.services import QueueUnavailable
    from evaluations.models import QuarterRelease

    def queue_down(**kwargs):
        raise QueueUnavailable("down")

    publish(world)
    _score_quarter_one(world, published_world)
    monkeypatch.setattr(services, "task_start", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_services.quarter_release(actor=world.users["staff"], cycle=world.own_cycle, quarter=1)
    assert QuarterRelease.objects.filter(cycle=world.own_cycle, quarter=1).exists()
    assert Board.objects.get().live_version.number == 1  # the hourly catch-up will publish it


def test_releasing_q4_on_the_page_in_evaluating_publishes_a_new_version(world_committed, settings):
    """The demo's case, with real commits on SQLite and Celery eager: the cycle is evaluating,
    the board is live with auto-republish on, staff release the fourth quarter on the page."""
    from django.test import Client

    world, cycle = world_committed
    assert settings.CELERY_TASK_ALWAYS_EAGER
    services.board_publish(actor=None, cycle=cycle)
    staff = Client()
    staff.force_login(world.users["staff"])
    response = staff.post(f"/evaluations/cycles/{cycle.pk}/release/", {"quarter": "4"})
    assert response.status_code == 302
    live = Board.objects.get(cycle=cycle).live_version
    assert live.number == 2
    assert live.snapshot["released_quarters"] == [4]
