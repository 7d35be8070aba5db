"""A real Celery worker, started by the test against Redis, executes a task that reads the
database the test wrote. Skipped without REDIS_URL unless REQUIRE_SERVICES=1 (CI), which fails."""
import contextlib
import io
import json
import signal
import subprocess
import time
import uuid

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from cadreboard.celery import app
from cadreboard.tasks import worker_check_task
from tests.factories import DistrictFactory
from tests.fixtures.workers import QueuedTask, start_worker
from tests.private_services import require_services

pytestmark = pytest.mark.worker


def test_real_worker_executes_a_task_against_the_database(celery_worker_process):
    # given data committed by this process
    DistrictFactory(name="市北区", code="shibei")
    DistrictFactory(name="李沧区", code="licang")
    # when a task goes through Redis to the worker
    started = time.monotonic()
    result = worker_check_task.apply_async(queue=celery_worker_process)
    answer = result.get(timeout=60)
    # then the worker ran it, saw the data, and the result is stored
    assert answer["districts"] == 2
    assert result.state == "SUCCESS"
    assert time.monotonic() - started < 60


def test_check_worker_command_reports_the_worker(celery_worker_process):
    out = io.StringIO()
    call_command("check_worker", "--queue", celery_worker_process, "--timeout", "60", stdout=out)
    assert "answered" in out.getvalue()


def test_check_worker_command_explains_eager_mode():
    assert app.conf.task_always_eager  # the test settings, like a setup without REDIS_URL
    with pytest.raises(CommandError, match="eager"):
        call_command("check_worker")


def test_settings_give_celery_its_reliability_options():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit and 0 < conf.task_soft_time_limit < conf.task_time_limit
    # an unacknowledged task is handed out again after the visibility timeout: it must outlast
    # the longest any task may run (a task's own limit, else the global one)
    app.loader.import_default_modules()
    ours = [t for name, t in app.tasks.items() if not name.startswith("celery.")]
    assert ours, "the project's tasks were not discovered"
    longest = max(t.time_limit or conf.task_time_limit for t in ours)
    assert conf.broker_transport_options["visibility_timeout"] > longest
    assert all(t.acks_late for t in ours)
    assert conf.result_backend == "django-db"
    # enqueueing fails within seconds when Redis is unreachable
    assert conf.broker_transport_options["socket_connect_timeout"] <= 3
    assert conf.task_publish_retry_policy["max_retries"] <= 2


def test_compose_runs_exactly_one_beat_on_the_database_scheduler():
    import yaml

    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]

    def command(service):
        value = service.get("command") or []
        return value.split() if isinstance(value, str) else [str(part) for part in value]

    beats = [name for name, svc in services.items() if "beat" in command(svc)]
    assert beats == ["beat"]
    beat = services["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1 and "scale" not in beat
    # no worker runs an embedded beat as well (celery worker -B / --beat)
    for name, svc in services.items():
        if "worker" in command(svc):
            assert not {"-B", "--beat"} & set(command(svc)), name
    # the schedule lives in the database, not in a file in the beat container
    assert not any(part.startswith(("-S", "--scheduler")) for part in command(beat))
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    assert app.conf.beat_scheduler == settings.CELERY_BEAT_SCHEDULER


def test_real_worker_computes_a_cycle(celery_worker_process, world_committed):
    """Compute through Redis and a real worker: the task's status goes to success with 100 %
    and the Results are in the database."""
    from cycles.selectors import task_status
    from cycles.services import task_start
    from evaluations.models import Result
    from evaluations.tasks import cycle_compute_task

    world, cycle = world_committed
    task_id = task_start(actor=world.users["staff"], cycle=cycle, kind="compute", task=QueuedTask(
        cycle_compute_task, celery_worker_process), args=[cycle.pk])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = task_status(world.users["staff"], task_id)
        if status["state"] in ("success", "failure"):
            break
        time.sleep(0.2)
    assert status["state"] == "success", status
    assert status["progress"] == 100
    assert Result.objects.filter(cycle=cycle).count() == 2


def test_two_computes_at_once_serialize_on_the_cycle_lock(world_committed):
    """Two computes of one cycle at the same moment (two database connections) both finish and
    leave exactly one Result per official: the row lock on the cycle serializes them."""
    import threading

    from django.db import connections

    from evaluations.compute import cycle_compute
    from evaluations.models import Result

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serializes whole-database writes)")
    world, cycle = world_committed
    errors, barrier = [], threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            cycle_compute(cycle=cycle)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert Result.objects.filter(cycle=cycle).count() == 2


@contextlib.contextmanager
def worker_paused_at(point: str):
    """A real worker on a queue of its own that pauses 60 s at the fault point; yields
    (queue, worker) with tasks sent through Redis, and kills the worker at the end."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = start_worker(queue, {"CADREBOARD_TEST_FAULTS": json.dumps({point: "sleep:60"})})
    app.conf.task_always_eager = False
    try:
        yield queue, worker
    finally:
        app.conf.task_always_eager = True
        if worker.poll() is None:
            worker.kill()


def run_on_a_fresh_worker(task, args: list, queue: str):
    """Start a worker without fault points on the queue, run the task there, stop the worker."""
    fresh = start_worker(queue)
    try:
        return task.apply_async(args=args, queue=queue).get(timeout=60)
    finally:
        fresh.terminate()
        fresh.wait(20)


def kill_inside_a_transaction(worker: subprocess.Popen, what: str) -> None:
    """Wait until the worker's connection sits idle inside an open transaction (paused at a
    fault point), then SIGKILL the worker; PostgreSQL rolls that transaction back."""
    deadline = time.monotonic() + 60
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'idle in transaction' AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0]:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"the worker never reached {what}")
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    time.sleep(0.5)  # PostgreSQL notices the dead connection and rolls its transaction back


def test_killing_the_worker_mid_publish_leaves_the_board_whole(world_committed):
    """SIGKILL a real worker while its publish holds the new version uncommitted: the live board
    stays the old version, whole; a later publish by a fresh worker makes the next version."""
    from boards.models import Board, BoardVersion
    from boards.services import board_publish
    from boards.tasks import board_publish_task
    from cycles.models import Cycle

    require_services()
    world, cycle = world_committed
    Cycle.objects.filter(pk=cycle.pk).update(state="evaluating")
    first = board_publish(actor=None, cycle=cycle)
    with worker_paused_at("publish:before-switch") as (queue, worker):
        board_publish_task.apply_async(args=[cycle.pk], queue=queue)
        # version 2 inserted, not committed
        kill_inside_a_transaction(worker, "the publish transaction")
        board = Board.objects.get(cycle=cycle)
        assert board.live_version_id == first.pk
        assert list(BoardVersion.objects.filter(board=board).values_list("number", flat=True)) == [1]
        assert len(board.live_version.snapshot["officials"]) == 2
        # a fresh worker publishes the next version, whole
        run_on_a_fresh_worker(board_publish_task, [cycle.pk], queue)
    board.refresh_from_db()
    assert board.live_version.number == 2
    assert board.live_version.snapshot["version"] == 2


def test_real_worker_republishes_after_a_quarter_release(celery_worker_process, world_committed, monkeypatch):
    """Production path: the release commits, its on-commit hook sends the publish through Redis,
    and a real worker makes the new version (the board's auto-republish is on)."""
    from boards import services as board_services
    from boards.models import Board
    from boards.tasks import board_publish_task
    from evaluations import services

    world, cycle = world_committed
    board_services.board_publish(actor=None, cycle=cycle)
    monkeypatch.setattr(board_services, "board_publish_task", QueuedTask(board_publish_task, celery_worker_process))
    services.quarter_release(actor=world.users["staff"], cycle=cycle, quarter=4)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and Board.objects.get(cycle=cycle).live_version.number < 2:
        time.sleep(0.2)
    live = Board.objects.get(cycle=cycle).live_version
    assert live.number == 2
    assert live.snapshot["released_quarters"] == [4]


def test_killing_the_worker_mid_compute_leaves_the_old_results_whole(world_committed):
    """SIGKILL a real worker while its compute holds the new Results written but uncommitted:
    the Results stay the old set, whole; a fresh worker then computes the new set, whole."""
    from decimal import Decimal

    from evaluations import services
    from evaluations.compute import cycle_compute
    from evaluations.models import Result
    from evaluations.tasks import cycle_compute_task

    require_services()
    world, cycle = world_committed

    def results():
        return list(Result.objects.filter(cycle=cycle).order_by("official_id")
                    .values_list("official_id", "unit_score", "composite", "computed_at"))

    cycle_compute(cycle=cycle)
    old = results()
    # the inputs change: the next compute makes a different set
    services.unit_score_record(actor=world.users["staff"], unit=world.own_unit, cycle=cycle, score=Decimal("61"))
    with worker_paused_at("compute:before-commit") as (queue, worker):
        cycle_compute_task.apply_async(args=[cycle.pk], queue=queue)
        kill_inside_a_transaction(worker, "the compute transaction")
        assert results() == old
        summary = run_on_a_fresh_worker(cycle_compute_task, [cycle.pk], queue)
    new = results()
    assert summary["officials"] == len(new) == len(old) == 2
    assert {row[1] for row in new if row[0] == world.own_official.pk} == {Decimal("61.00")}
    assert len({row[3] for row in new}) == 1 and new[0][3] > old[0][3]  # one run wrote them all
