"""A real Celery worker, started by the test against Redis, executes a task that reads the
database the test wrote. Skipped without REDIS_URL unless REQUIRE_SERVICES=1 (CI), which fails."""
import io
import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from cadreboard.celery import app
from cadreboard.tasks import worker_check_task
from tests.factories import DistrictFactory

pytestmark = pytest.mark.worker


@pytest.fixture
def celery_worker_process(transactional_db):
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but REDIS_URL or a PostgreSQL DATABASE_URL is missing")
        pytest.skip("needs REDIS_URL and PostgreSQL (the worker is another process)")
    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cadreboard.settings.test",
        # The worker must use the test database that this test process writes to.
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cadreboard", "worker", "--pool", "solo",
         "--loglevel", "warning", "--queues", queue, "--hostname", f"{queue}@%h", "--without-heartbeat",
         "--without-mingle", "--without-gossip"],
        env=env, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        if worker.returncode not in (0, -15):
            print(output)


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
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.result_backend == "django-db"
