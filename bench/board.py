"""Benchmark: the public year board under load, against a minimal Django view, same server.

Builds (in its own PostgreSQL database) a district with 100 officials and 300 approved pledges,
two released quarters of scores and progress notes, publishes its board through the real
service, serves the app with gunicorn (production settings, several workers) on PostgreSQL +
Redis, and loads it with wrk from a second process for the same duration against
  (a) /ping/ — a minimal Django view returning a fixed short response, and
  (b) /boards/<code>/<year>/ — the year board page, uncompressed, and
  (c) the same page asked for with `Accept-Encoding: br, gzip` (the stored brotli body, issue 15).
Targets: (b) ≥ 50 % of (a)'s requests per second, (c) ≥ 90 % of (a)'s, (b)'s p95 ≤ 50 ms, and
the board page makes ≤ 5 SQL queries on a cache miss whatever its size. Prints the figures.

    .venv/bin/python bench/board.py [--seconds 15] [--connections 16] [--workers 4]
Needs wrk (apt-get install wrk), PostgreSQL and Redis on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import datetime
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadreboard_bench_board")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
CODE, YEAR = "benchboard", 2026
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "cadreboard.settings.production",
    "DATABASE_URL": DB_URL, "REDIS_URL": REDIS_URL,
    "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "False", "LOG_LEVEL": "WARNING",
    "API_THROTTLE_ANON": "1000000/min",
}


def ensure_database(url: str = DB_URL) -> None:
    """Create the benchmark's database when it is missing (bench/load.py uses it too)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build() -> None:
    """Migrate, create the district and publish its board (skipped when already there)."""
    os.environ.update(ENV)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from boards.models import Board
    from boards.services import board_publish
    from cycles import cycle_settings
    from cycles.models import Cycle
    from evaluations.models import QuarterlyScore, QuarterRelease
    from org.models import District, Official, Unit
    from pledges.models import Pledge, ProgressUpdate

    if Board.objects.filter(cycle__district__code=CODE, live_version__isnull=False).exists():
        return
    district = District.objects.create(name="基准测试区", code=CODE)
    cycle = Cycle.objects.create(district=district, year=YEAR, state="in_progress",
                                 settings=cycle_settings.defaults(), pledge_deadline=datetime.date(YEAR, 1, 31))
    units = Unit.objects.bulk_create([Unit(district=district, name=f"测试单位{i:02d}", kind="department", sort_order=i)
                                      for i in range(34)])
    officials = Official.objects.bulk_create([
        Official(unit=units[i % 34], name=f"测试干部{i:03d}", position="党组书记、局长", rank_level="division_chief",
                 appointed_on=datetime.date(2021, 3, 1)) for i in range(100)])
    milestones = [{"quarter": q, "description": f"第{q}季度：完成阶段性任务，形成工作台账和成效报告"} for q in (1, 2, 3,
                                                                                                                4)]
    pledges = Pledge.objects.bulk_create([
        Pledge(official=o, cycle=cycle, category=c, title=f"{o.name}的{c}目标：推进重点项目落地见效",
               content="整合楼宇载体资源，探索成立区级楼宇经济发展协会；新培育重点产业特色楼宇，"
                       "举办各类招才引智活动，全年引进青年人才，推动项目落地提质。" * 2,
               target="新培育重点产业特色楼宇不少于2座，举办招才引智活动30场", target_value=30, target_unit="场",
               milestones=milestones, status="approved", due_on=datetime.date(YEAR, 1, 31),
               difficulty=3, innovation=2, contribution=2, grade="B")
        for o in officials for c in ("party_building", "innovation", "key_work")])
    QuarterlyScore.objects.bulk_create([QuarterlyScore(pledge=p, quarter=q, score=80 + (p.pk + q) % 20,
                                                       method="investigation") for p in pledges for q in (1, 2)])
    ProgressUpdate.objects.bulk_create([ProgressUpdate(pledge=p, text="本季度按节点推进，已完成阶段任务。",
                                                       percent=25 * q) for p in pledges for q in (1, 2)])
    QuarterRelease.objects.bulk_create([QuarterRelease(cycle=cycle, quarter=q) for q in (1, 2)])
    version = board_publish(actor=None, cycle=cycle)
    print(f"built: 100 officials, {len(pledges)} pledges; board version {version.number}")


def queries_on_a_cache_miss(path: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
    assert response.status_code == 200, response.status_code
    return len(captured)


def wait_until_serving(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/ping/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)


def wrk(url: str, seconds: int, connections: int, *headers: str) -> dict:
    done = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(ROOT / "bench" / "p95.lua"),
                           *(x for h in headers for x in ("-H", h)), url],
                          capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    ensure_database()
    build()
    board_path = f"/boards/{CODE}/{YEAR}/"
    queries = queries_on_a_cache_miss(board_path)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cadreboard.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--log-level", "warning"], cwd=ROOT, env=ENV, start_new_session=True)
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_until_serving(base)
        for path in ("/ping/", board_path):  # warm every worker's connections and caches
            wrk(base + path, 2, args.connections)
        ping = wrk(base + "/ping/", args.seconds, args.connections)
        board = wrk(base + board_path, args.seconds, args.connections)
        compressed = wrk(base + board_path, args.seconds, args.connections, "Accept-Encoding: br, gzip")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
    ratio = board["rps"] / ping["rps"]
    print(f"gunicorn {args.workers} workers, wrk 2 threads × {args.connections} connections × {args.seconds} s each")
    print(f"(a) minimal view /ping/:       {ping['rps']:8.1f} req/s  p50 {ping['p50']:.2f} ms  "
          f"p95 {ping['p95']:.2f} ms  "
          f"errors {ping['errors']:.0f}")
    print(f"(b) year board (100 officials, 300 pledges): {board['rps']:8.1f} req/s  p50 {board['p50']:.2f} ms  "
          f"p95 {board['p95']:.2f} ms  errors {board['errors']:.0f}")
    print(f"(c) year board, Accept-Encoding br: {compressed['rps']:8.1f} req/s  p50 {compressed['p50']:.2f} ms  "
          f"p95 {compressed['p95']:.2f} ms  errors {compressed['errors']:.0f}")
    print(f"board page SQL queries on a cache miss: {queries}")
    print(f"target (b) ≥ 50 % of (a): {'met' if ratio >= 0.5 else 'NOT met'} ({ratio:.0%})")
    shrunk = compressed["rps"] / ping["rps"]
    print(f"target (c) ≥ 90 % of (a): {'met' if shrunk >= 0.9 else 'NOT met'} ({shrunk:.0%})")
    print(f"target (b) p95 ≤ 50 ms: {'met' if board['p95'] <= 50 else 'NOT met'} ({board['p95']:.2f} ms)")
    print(f"target ≤ 5 queries on a cache miss: {'met' if queries <= 5 else 'NOT met'} ({queries})")


if __name__ == "__main__":
    main()
