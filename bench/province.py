"""Benchmark: several districts (SPEC section 13) on PostgreSQL and real Celery workers.

Generates, in its own database, 100 districts of 1,000 officials each (bench/compute.py's
generator: pledges, quarterly scores, unit scores, surveys, reviews, list entries and two
finalized years each; COPY, no row-by-row insert). Then "compute all" (evaluations.rollup:
one Celery group of per-cycle computes) runs through Redis with 1 worker process and with 2
(`celery worker --pool solo`, one task at a time each), timed from the start to the group's
last task done; and the roll-up page and API are timed with their query counts, as the system
administrator (all 100 districts).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadreboard_bench_province \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/province.py
    (--districts 100 --officials 1000; generated data is reused by a later run)
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreboard.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadreboard_bench_province")
# The test settings run tasks in-process unless told otherwise: here they go through Redis.
os.environ["CADREBOARD_TEST_EAGER"] = "0"

RATIO_TARGET = 1.6
PAGE_SECONDS, PAGE_QUERIES = 1.0, 10


def build(districts: int, officials: int) -> list[int]:
    """The `districts` districts `prov000`… of `officials` officials each; their ids."""
    from django.db import connection

    from bench.compute import generate
    from org.models import District

    started = time.perf_counter()
    codes = [f"prov{i:03d}" for i in range(districts)]
    existing = set(District.objects.filter(code__in=codes).values_list("code", flat=True))
    for code in codes:
        if code not in existing:
            generate(officials, code=code, quiet=True)
    if len(existing) < len(codes):
        with connection.cursor() as cursor:
            # A live database is vacuumed by autovacuum: its visibility map lets counts read
            # indexes alone. A bulk load has none until a VACUUM.
            cursor.execute("VACUUM ANALYZE")
        print(f"generated {len(codes) - len(existing)} districts × {officials:,} officials "
              f"in {time.perf_counter() - started:.1f} s")
    else:
        print(f"reusing {len(codes)} districts × {officials:,} officials")
    return list(District.objects.filter(code__in=codes).values_list("pk", flat=True))


def admin_account():
    from accounts.models import Role, User

    user, _ = User.objects.get_or_create(username="bench-province-admin", defaults={"role": Role.ADMIN})
    return user


def start_workers(count: int, queue: str) -> list[subprocess.Popen]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    return [subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cadreboard", "worker", "--pool", "solo", "--loglevel", "warning",
         "--queues", queue, "--hostname", f"{queue}-{n}@%h", "--without-heartbeat", "--without-mingle",
         "--without-gossip"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    ) for n in range(count)]


def wait_ready(workers: list[subprocess.Popen], queue: str) -> None:
    """Until every worker answers a ping (so start-up is not timed)."""
    from cadreboard.celery import app

    names = {f"{queue}-{n}@{os.uname().nodename}" for n in range(len(workers))}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        answered = {name for reply in app.control.ping(timeout=1.0) or [] for name in reply}
        if names <= answered:
            return
        if any(w.poll() is not None for w in workers):
            raise SystemExit("a worker exited during start-up")
    raise SystemExit(f"workers not ready: {names}")


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()


def compute_all(admin, district_ids: list[int], workers: int) -> tuple[float, int, str]:
    """Seconds from "compute all" to the group's last task done, with `workers` worker processes."""
    from cycles.selectors import task_group_status
    from evaluations import rollup

    queue = f"province-{uuid.uuid4().hex[:6]}"
    processes = start_workers(workers, queue)
    try:
        wait_ready(processes, queue)
        started = time.perf_counter()
        group_id, cycles, _ = rollup.rollup_compute_start(actor=admin, districts=district_ids, queue=queue)
        while True:
            status = task_group_status(admin, group_id)
            if status["state"] != "running":
                break
            time.sleep(0.25)
        seconds = time.perf_counter() - started
    finally:
        stop(processes)
    if status["failed"]:
        raise SystemExit(f"{status['failed']} computes failed: {status['failures'][:3]}")
    return seconds, len(cycles), group_id


def timed_get(client, url: str, runs: int) -> tuple[float, float, int]:
    """Best and median seconds over `runs` GETs (after one warm-up) and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return min(times), statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--districts", type=int, default=100)
    parser.add_argument("--officials", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="GETs of the roll-up page and API")
    parser.add_argument("--no-compute", action="store_true", help="only the roll-up page and API")
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("REDIS_URL is needed: the computes go through Redis to real workers")
    from bench.compute import ensure_database, setup_django

    ensure_database()
    setup_django()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed, as in the test suite

    district_ids = build(args.districts, args.officials)
    admin = admin_account()
    officials = args.districts * args.officials
    figures, group_id = {}, None
    for workers in () if args.no_compute else (1, 2):
        seconds, cycles, group_id = compute_all(admin, district_ids, workers)
        figures[workers] = cycles / seconds
        print(f"compute all, {workers} worker{'s' if workers > 1 else ''}: {cycles} cycles ({officials:,} officials) "
              f"in {seconds:.1f} s = {cycles / seconds:.2f} cycles/s, {officials / seconds:,.0f} officials/s")
    if args.no_compute:  # the progress of the last "compute all" of an earlier run
        from django_celery_results.models import GroupResult

        group_id = GroupResult.objects.order_by("-date_created").values_list("group_id", flat=True).first()
    if figures:
        ratio = figures[2] / figures[1]
        print(f"throughput 2 workers / 1 worker: × {ratio:.2f} (target ≥ {RATIO_TARGET}: "
              f"{'met' if ratio >= RATIO_TARGET else 'NOT met'})")

    client = Client()
    client.force_login(admin)
    pages = [("roll-up page", "/evaluations/rollup/"), ("roll-up API", "/api/v1/rollup/")]
    if group_id:
        pages += [("roll-up page with the run's progress", f"/evaluations/rollup/?run={group_id}"),
                  ("compute-all status API", f"/api/v1/rollup/compute/{group_id}/")]
    for label, url in pages:
        best, median, queries = timed_get(client, url, args.runs)
        print(f"{label}: best {best:.3f} s, median {median:.3f} s over {args.runs} (target ≤ {PAGE_SECONDS:g} s: "
              f"{'met' if median <= PAGE_SECONDS else 'NOT met'}); {queries} queries (target ≤ {PAGE_QUERIES}: "
              f"{'met' if queries <= PAGE_QUERIES else 'NOT met'})")


if __name__ == "__main__":
    main()
