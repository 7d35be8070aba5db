"""What the app does when a service fails, against real servers: Redis stopped under a running
gunicorn, PostgreSQL restarted while requests run. Each test starts its own Redis or PostgreSQL
(tests/private_services.py) and never touches the machine's shared ones. A worker killed in the
middle of a compute or a publish is in tests/test_celery_worker.py."""
import json
import threading
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from tests.private_services import (
    AppServer,
    PrivatePostgres,
    PrivateRedis,
    app_env,
    manage,
    require_services,
    shared_database_url,
)

pytestmark = pytest.mark.faults

QUEUE_DOWN = "任务队列暂时不可用"
CSRF = "f" * 32  # a well-formed CSRF cookie of the client's choosing: Django accepts it


@pytest.fixture(autouse=True)
def _with_services():
    """Run with the services suite (CI's PostgreSQL + Redis run); the SQLite run skips."""
    require_services("a fault test runs the app on real services")


@pytest.fixture
def private_redis(_with_services):
    redis = PrivateRedis()
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


def timed(server, *args, **kwargs):
    started = time.monotonic()
    status, headers, body = server.request(*args, **kwargs)
    return status, body, time.monotonic() - started


def test_with_redis_stopped_staff_keep_working_boards_serve_and_tasks_fail_fast(world_committed, private_redis):
    """Redis stops under a running app: staff pages and score entry (grid and API) work, the
    public board serves, starting a compute or a publish answers 503 with the reason within
    seconds (nothing is queued); once Redis is back the same processes enqueue again."""
    from rest_framework.authtoken.models import Token

    from boards.services import board_publish
    from cycles.models import TaskRecord
    from evaluations.models import QuarterlyScore
    from pledges.models import Pledge

    world, cycle = world_committed
    database_url = shared_database_url()
    board_publish(actor=None, cycle=cycle)
    staff = world.users["staff"]
    browser = Client()
    browser.force_login(staff)
    page = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}; "
                      f"csrftoken={CSRF}"}
    api = {"Authorization": f"Token {Token.objects.create(user=staff).key}", "Content-Type": "application/json"}
    first, second = Pledge.objects.filter(cycle=cycle, official=world.own_official).order_by("pk")[:2]
    board = f"/boards/{world.own.code}/{cycle.year}/"
    server = AppServer(app_env(database_url, private_redis.url))
    try:
        assert server.request("GET", board)[0] == 200, server.output()  # the board is in Redis's cache now
        # when Redis stops
        private_redis.stop()
        # then staff pages answer
        for path in (f"/evaluations/cycles/{cycle.pk}/", f"/evaluations/cycles/{cycle.pk}/scores/?quarter=1",
                     f"/evaluations/cycles/{cycle.pk}/results/", "/pledges/review/"):
            status, body, elapsed = timed(server, "GET", path, headers=page)
            assert status == 200 and elapsed < 3, (path, status, elapsed)
        # score entry works, from the grid (htmx) and from the API
        form = {f"row-{first.pk}-score": "81.5", f"row-{first.pk}-method": "investigation"}
        status, body, elapsed = timed(
            server, "POST", f"/evaluations/pledges/{first.pk}/score/?quarter=1",
            body="&".join(f"{k}={v}" for k, v in form.items()).encode(),
            headers={**page, "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": CSRF,
                     "HX-Request": "true"})
        assert status == 200 and elapsed < 3, (status, body[:500])
        assert QuarterlyScore.objects.get(pledge=first, quarter=1).score == Decimal("81.5")
        status, body, elapsed = timed(server, "POST", "/api/v1/quarterly-scores/", headers=api,
                                      body=json.dumps({"pledge": second.pk, "quarter": 2, "score": "77.5"}).encode())
        assert status == 200 and elapsed < 3, (status, body)
        assert QuarterlyScore.objects.get(pledge=second, quarter=2).score == Decimal("77.5")
        # the public board serves, as page and as JSON
        for path in (board, f"/api/v1/public/boards/{world.own.code}/{cycle.year}/"):
            status, body, elapsed = timed(server, "GET", path)
            assert status == 200 and world.own_official.name in body and elapsed < 3, (path, status, elapsed)
        # starting a compute or a publish fails fast, with the reason, and leaves no record
        for kind in ("compute", "publish"):
            status, body, elapsed = timed(server, "POST", f"/api/v1/cycles/{cycle.pk}/{kind}/", headers=api)
            assert status == 503 and QUEUE_DOWN in json.loads(body)["detail"], (kind, status, body)
            assert elapsed < 3, (kind, elapsed)
        assert not TaskRecord.objects.exists()
        # when Redis is back, the running app enqueues again without a restart
        private_redis.start()
        status, body, _ = timed(server, "POST", f"/api/v1/cycles/{cycle.pk}/compute/", headers=api)
        assert status == 202, body
        assert TaskRecord.objects.filter(task_id=json.loads(body)["task_id"]).exists()
    finally:
        server.stop()


def test_after_postgresql_restarts_under_load_the_app_recovers_without_a_restart():
    """Requests run while PostgreSQL restarts: during the restart they fail fast (no hang);
    afterwards every request succeeds, with the same gunicorn processes (stale connections are
    health-checked and replaced: CONN_MAX_AGE with CONN_HEALTH_CHECKS)."""
    postgres = PrivatePostgres()
    server = None
    try:
        postgres.start()
        env = app_env(postgres.url)  # no Redis: this test is about the database alone
        manage(env, "migrate", "--noinput")
        token = manage(env, "shell", "-c", (
            "from rest_framework.authtoken.models import Token; from accounts.models import Role; "
            "from tests.factories import DistrictFactory, UserFactory; "
            "d = DistrictFactory(name='市北区', code='shibei'); "
            "print(Token.objects.create(user=UserFactory(role=Role.STAFF, districts=[d])).key)")).split()[-1]
        server = AppServer(env, workers=2)
        api = {"Authorization": f"Token {token}"}
        log, stop = [], threading.Event()

        def load(path, headers):
            while not stop.is_set():
                started = time.monotonic()
                try:
                    status = server.request("GET", path, headers=headers, timeout=20)[0]
                except OSError:
                    status = 0
                log.append((started, time.monotonic(), status))
                time.sleep(0.02)

        threads = [threading.Thread(target=load, args=args) for args in
                   [("/healthz/", {}), ("/api/v1/districts/", api), ("/api/v1/districts/", api)]]
        for thread in threads:
            thread.start()
        time.sleep(2)
        restart_began = time.monotonic()
        postgres.restart(down_for=2)
        restarted = time.monotonic()
        time.sleep(4)
        stop.set()
        for thread in threads:
            thread.join(30)
        before = [s for start, end, s in log if end < restart_began]
        after = [s for start, end, s in log if start > restarted + 0.5]
        assert before and set(before) == {200}, before
        assert after and set(after) == {200}, after
        assert max(end - start for start, end, _ in log) < 10  # failures during the restart are fast
        # a restart while no request runs: the first request of each process finds its kept
        # connection dead, and the health check replaces it before the view runs
        postgres.restart()
        assert [server.request("GET", "/api/v1/districts/", headers=api)[0] for _ in range(20)] == [200] * 20
    finally:
        if server is not None:
            server.stop()
        postgres.stop()
