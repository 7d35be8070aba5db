"""Benchmark: ballots (issue 16) — 1,000 raters × 100 officials × 10 items, on PostgreSQL.

Builds (in its own PostgreSQL database, rebuilt each run) a district with 100 principal officials
and a multi-rater survey of 10 items through the services; issues 1,000 one-time codes (上级 100,
同级 200, 下级 400, 服务对象 300) and opens the survey. Serves the app with gunicorn (production
settings, several workers) on PostgreSQL + Redis, and submits the 1,000 ballots through the public
endpoint (POST /api/v1/public/ballots/<code>/, 1,000 answers each) from threads of this process —
a second process beside the server — each ballot a realistic rater's: an opinion per official
around his standing, one answer in ten 不了解, one rater in twenty who knows almost nobody (an
invalid ballot). Every response is checked (201). Then the server is stopped and the survey
closed (survey_close: the aggregates of 1,000,000 answers) and timed.

Prints: submissions/s under load (target ≥ 100/s), p50 / p95 of a submission, errors, and the
close time (target ≤ 5 s), with the aggregates' counts as a check.

    .venv/bin/python bench/ballots.py [--workers 4] [--threads 8] [--port 8102]
Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_DATABASE_URL, BENCH_REDIS_URL). The ballot rate
limit (API_THROTTLE_BALLOT, one client address here) is lifted for the run.
"""
from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.board import wait_until_serving  # noqa: E402

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cb_s2_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
HOST = "127.0.0.1"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "cadreboard.settings.production",
    "DATABASE_URL": DB_URL, "REDIS_URL": REDIS_URL,
    "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": f"{HOST},testserver",
    "SECURE_SSL_REDIRECT": "False", "LOG_LEVEL": "WARNING",
    "API_THROTTLE_BALLOT": "1000000/min", "API_THROTTLE_ANON": "1000000/min",
}
OFFICIALS, ITEMS = 100, 10
GROUPS = {"superior": 100, "peer": 200, "subordinate": 400, "public": 300}
CODE, YEAR = "benchballot", 2026
SCALE = (100, 85, 70, 50)


def fresh_database(url: str = DB_URL) -> None:
    """Drop and create the benchmark's database: every run starts from the same state."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build() -> tuple[int, list[int], list[str], list[tuple[str, str]]]:
    """Migrate, create the district, its officials and the open survey, issue the codes.
    Returns (survey id, official ids, item codes, [(code, rater group)])."""
    os.environ.update(ENV)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # the production settings serve them
    from accounts.models import Role, User
    from cycles import cycle_settings
    from cycles.models import Cycle
    from org.models import District, Official, Unit
    from surveys import services
    from surveys.services import ItemInput

    district = District.objects.create(name="基准测试区（测评）", code=CODE)
    staff = User.objects.create_user(username="bench-staff", password=None, role=Role.STAFF)
    staff.districts.add(district)
    cycle = Cycle.objects.create(district=district, year=YEAR, state="in_progress",
                                 settings=cycle_settings.defaults(), pledge_deadline=datetime.date(YEAR, 1, 31))
    units = Unit.objects.bulk_create([Unit(district=district, name=f"测试单位{i:02d}", kind="department", sort_order=i)
                                      for i in range(50)])
    Official.objects.bulk_create([
        Official(unit=units[i % 50], name=f"测试干部{i:03d}", position="党组书记、局长", rank_level="division_chief",
                 appointed_on=datetime.date(2021, 3, 1)) for i in range(OFFICIALS)])
    texts = ["政治素质", "思想作风", "工作能力", "工作实绩", "廉洁自律", "团结协作", "担当作为", "群众基础",
             "学习创新", "依法履职"]
    survey = services.survey_create(actor=staff, cycle=cycle, kind="multi_rater", title=f"{YEAR} 年度多维测评（基准）",
                                    items=[ItemInput(f"q{n + 1}", t) for n, t in enumerate(texts[:ITEMS])])
    codes = []
    for group, count in GROUPS.items():
        codes += [(c, group) for c in services.codes_issue(actor=staff, survey=survey, rater_group=group, count=count)]
    services.survey_open(actor=staff, survey=survey)
    official_ids = list(survey.officials.order_by("pk").values_list("pk", flat=True))
    items = list(survey.items.order_by("order").values_list("code", flat=True))
    print(f"built in {time.perf_counter() - started:.1f} s: {len(official_ids)} officials, {len(items)} items, "
          f"{len(codes)} codes ({', '.join(f'{g} {n}' for g, n in GROUPS.items())})")
    return survey.pk, official_ids, items, codes


def ballots(official_ids: list[int], items: list[str], codes: list[tuple[str, str]]) -> list[tuple[str, bytes]]:
    """A JSON body per code: each rater's opinion of each official around the official's
    standing; 1 answer in 10 不了解; 1 rater in 20 knows almost nobody (an invalid ballot)."""
    rng = random.Random(16)
    standing = {o: rng.uniform(0.3, 1.0) for o in official_ids}
    out = []
    for code, _group in codes:
        unaware = rng.random() < 0.05
        answers = []
        for official in official_ids:
            for item in items:
                if rng.random() < (0.9 if unaware else 0.1):
                    answers.append({"official": official, "item": item, "points": None})
                    continue
                level = min(3, max(0, int((1 - standing[official]) * 4 + rng.gauss(0, 0.7))))
                answers.append({"official": official, "item": item, "points": SCALE[level]})
        out.append((code, json.dumps({"answers": answers}, separators=(",", ":")).encode()))
    return out


def submit_all(port: int, bodies: list[tuple[str, bytes]], threads: int) -> dict:
    """POST every ballot from `threads` threads (one keep-alive connection each); returns the
    wall time, the latencies and the failures."""
    queue = list(reversed(bodies))
    lock = threading.Lock()
    latencies, failures = [], []

    def work():
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                code, body = queue.pop()
            started = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/public/ballots/{code}/", body=body,
                             headers={"Content-Type": "application/json", "Accept": "application/json"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = repr(exc)
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != 201:
                    failures.append(status)
        conn.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return {"seconds": time.perf_counter() - started, "latencies": sorted(latencies), "failures": failures}


def close(survey_id: int) -> tuple[float, dict]:
    from django.db import connection

    from accounts.models import User
    from surveys import services
    from surveys.models import Ballot, Survey, SurveyResult

    connection.close()  # the server held the database while serving
    staff = User.objects.get(username="bench-staff")
    survey = Survey.objects.get(pk=survey_id)
    started = time.perf_counter()
    services.survey_close(actor=staff, survey=survey)
    seconds = time.perf_counter() - started
    counts = {
        "ballots": Ballot.objects.filter(survey=survey).count(),
        "valid": Ballot.objects.filter(survey=survey, valid=True).count(),
        "results": SurveyResult.objects.filter(survey=survey).count(),
        "counted": SurveyResult.objects.filter(survey=survey, counted=True).count(),
    }
    return seconds, counts


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--port", type=int, default=8102)
    args = parser.parse_args()
    fresh_database()
    survey_id, official_ids, items, codes = build()
    bodies = ballots(official_ids, items, codes)
    warm, bodies = bodies[:args.workers * 2], bodies[args.workers * 2:]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cadreboard.wsgi:application", "--bind", f"{HOST}:{args.port}",
         "--workers", str(args.workers), "--log-level", "warning"], cwd=ROOT, env=ENV, start_new_session=True)
    base = f"http://{HOST}:{args.port}"
    try:
        wait_until_serving(base)
        warmed = submit_all(args.port, warm, args.workers)  # every worker's imports and connections
        run = submit_all(args.port, bodies, args.threads)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
    seconds, counts = close(survey_id)
    n = len(bodies)
    rate = n / run["seconds"]
    errors = len(run["failures"]) + len(warmed["failures"])
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"gunicorn {args.workers} workers on PostgreSQL; {args.threads} client threads in a second process; "
          f"{OFFICIALS} officials × {ITEMS} items = {OFFICIALS * ITEMS} answers a ballot; "
          f"{os.cpu_count()} cores, load average {load} (1 / 5 / 15 min)")
    p50 = percentile(run["latencies"], .5) * 1000
    print(f"submissions: {n} in {run['seconds']:.1f} s = {rate:.1f} /s  p50 {p50:.0f} ms"
          f"  p95 {percentile(run['latencies'], .95) * 1000:.0f} ms  errors {errors}"
          + (f" ({sorted(set(map(str, run['failures'] + warmed['failures'])))[:5]})" if errors else "")
          + f"  (+{len(warm)} warm-up ballots)")
    print(f"close (aggregates of {counts['ballots']} ballots, {counts['ballots'] * OFFICIALS * ITEMS:,} answers): "
          f"{seconds:.2f} s; {counts['valid']} valid ballots; {counts['results']} results, {counts['counted']} counted")
    print(f"target ≥ 100 submissions/s: {'met' if rate >= 100 else 'NOT met'} ({rate:.1f}/s)")
    print(f"target close ≤ 5 s: {'met' if seconds <= 5 else 'NOT met'} ({seconds:.2f} s)")


if __name__ == "__main__":
    main()
