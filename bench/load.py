"""Benchmark: a realistic mix of traffic for a fixed time, on loopback, against gunicorn on
PostgreSQL + Redis with a real Celery worker.

Builds (in its own PostgreSQL database) the 市北区 demo (`manage.py demo_data`: 98 officials,
three cycles, published boards), one API token per staff writer and one account per official
who has draft or returned pledges in the current cycle, serves the app with gunicorn
(production settings) next to a Celery worker, and drives it from threads of this process:

  board     anonymous readers of the public board (the year board, the district page and the
            officials' pages), back to back;
  staff     staff entering quarterly scores through the API (POST /api/v1/quarterly-scores/, and
            PATCH of an existing score), each with their own token, at a person's pace;
  official  officials editing their draft / returned pledges (PATCH /api/v1/pledges/<id>/) with
            their own tokens;
  export    a staff member downloading the results workbook of the last finalized year
            (GET /api/v1/cycles/<id>/exports/results.xlsx) every few seconds — reported as
            "endpoint absent" while the app has no such endpoint (404), the rest still measured;
            leave it out with --no-export;
  compute   a compute of the current cycle started every 15 s (POST …/compute/ → 202, run by the
            worker); its tasks are checked at the end.

Every response is checked (status and, for writes, that the answer is JSON). Prints per kind:
count, req/s, p50, p95, errors; then the targets: 0 errors, staff write p95 ≤ 300 ms (staff and
official writes), board read p95 ≤ 50 ms.

    .venv/bin/python bench/load.py [--seconds 45] [--workers 4] [--port 8391] [--no-export] [--scale 1]
Needs PostgreSQL and Redis on 127.0.0.1 (BENCH_DATABASE_URL, BENCH_REDIS_URL).
"""
from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.board import ensure_database, wait_until_serving  # noqa: E402

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadreboard_bench_load")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
HOST = "127.0.0.1"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "cadreboard.settings.production",
    "DATABASE_URL": DB_URL, "REDIS_URL": REDIS_URL,
    "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": f"{HOST},testserver",
    "SECURE_SSL_REDIRECT": "False", "LOG_LEVEL": "WARNING",
}
# The offered load: threads of each kind and the requests per second each sends (a paced, fixed
# load, so the latencies measure the app at that load rather than the driver's own saturation).
BOARD_READERS, BOARD_RATE = 4, 25.0        # 100 board pages/s: a busy publication day
STAFF_WRITERS, STAFF_RATE = 3, 4.0         # 12 score writes/s: three staff members at full speed
OFFICIAL_WRITERS, OFFICIAL_RATE = 2, 2.0   # 4 pledge edits/s
EXPORT_EVERY, COMPUTE_EVERY = 3.0, 15.0    # seconds
BENCH_PASSWORD = secrets.token_urlsafe(16)  # the drivers sign in with tokens


def build() -> dict:
    """Migrate, load the demo (only what is missing) and make the accounts and tokens the
    drivers use. Returns what the drivers need, as plain values."""
    os.environ.update(ENV)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from rest_framework.authtoken.models import Token

    from accounts.models import Role, User
    from accounts.services import account_create
    from boards.models import Board
    from cycles.models import Cycle
    from evaluations.models import QuarterlyScore
    from org.models import District
    from pledges.models import Pledge
    from pledges.rules import spanned_quarters

    if not District.objects.filter(code="shibei").exists():
        started = time.monotonic()
        call_command("demo_data", "--force", verbosity=0)  # production settings: DEBUG is off
        print(f"built the demo in {time.monotonic() - started:.0f} s")
    district = District.objects.get(code="shibei")
    current = Cycle.objects.filter(district=district, state=Cycle.State.IN_PROGRESS).latest("year")
    finalized = Cycle.objects.filter(district=district, state=Cycle.State.FINALIZED).latest("year")

    def account(username: str, role: str, official=None) -> str:
        """A token of the named account (of the official's own account, if it has one)."""
        existing = User.objects.filter(official=official) if official else User.objects.filter(username=username)
        user = existing.first() or account_create(
            actor=None, username=username, password=BENCH_PASSWORD, role=role, districts=[district],
            official=official)
        return Token.objects.get_or_create(user=user)[0].key

    staff_tokens = [account(f"bench-staff-{i}", Role.STAFF) for i in range(STAFF_WRITERS)]
    editable = (Pledge.objects.filter(cycle=current, status__in=[Pledge.Status.DRAFT, Pledge.Status.RETURNED])
                .select_related("official").order_by("official_id", "id"))
    pledges_of = defaultdict(list)
    for pledge in editable:
        pledges_of[pledge.official].append(pledge.pk)
    officials = [(account(f"bench-official-{o.pk}", Role.OFFICIAL, official=o), ids) for o, ids in pledges_of.items()]
    approved = Pledge.objects.filter(cycle=current, status=Pledge.Status.APPROVED).select_related("official")
    score_keys = [(p.pk, q) for p in approved
                  for q in spanned_quarters(kind=p.kind, cycle_year=current.year, appointed_on=p.official.appointed_on)]
    board = Board.objects.filter(cycle=current, live_version__isnull=False).first()
    official_ids = [o["id"] for o in board.live_version.snapshot["officials"]] if board else []
    return {
        "code": district.code, "year": current.year, "cycle": current.pk, "finalized": finalized.pk,
        "staff_tokens": staff_tokens, "officials": officials, "score_keys": score_keys,
        "score_ids": list(QuarterlyScore.objects.filter(pledge__cycle=current).values_list("id", flat=True)),
        "official_ids": official_ids, "has_board": board is not None,
    }


class Recorder:
    """Latencies and errors per kind."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies, self.errors, self.samples = defaultdict(list), defaultdict(int), defaultdict(list)
        self.measuring = False
        self.notes = {}

    def add(self, kind: str, seconds: float, ok: bool, sample: str = "") -> None:
        """Latencies count inside the window; errors count from the first request to the last."""
        with self.lock:
            if self.measuring:
                self.latencies[kind].append(seconds * 1000)
            if not ok:
                self.errors[kind] += 1
                if len(self.samples[kind]) < 3:
                    self.samples[kind].append(sample)


def call(port: int, method: str, path: str, token: str = "", body: dict | None = None) -> tuple[int, bytes, float]:
    """One request on a new connection (gunicorn's sync workers close it after the answer):
    (status, body, seconds from connect to the last byte)."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        return response.status, payload, time.perf_counter() - started
    except OSError as exc:
        return 0, str(exc).encode(), time.perf_counter() - started
    finally:
        conn.close()


def is_json(payload: bytes) -> bool:
    try:
        json.loads(payload)
        return True
    except ValueError:
        return False


class Pace:
    """Waits so that a loop runs `rate` times a second; never bursts to catch up."""

    def __init__(self, rate: float):
        self.interval, self.next_at = 1 / rate, time.monotonic()

    def wait(self, stop: threading.Event) -> None:
        now = time.monotonic()
        self.next_at = max(self.next_at + self.interval, now)
        stop.wait(self.next_at - now)


def board_reader(port, data, rec, stop, rng):
    code, year = data["code"], data["year"]
    paths = [f"/boards/{code}/{year}/"] * 6 + [f"/boards/{code}/"] + [
        f"/boards/{code}/{year}/officials/{pk}/" for pk in rng.sample(data["official_ids"], 3)]
    pace = Pace(BOARD_RATE * data["scale"])
    while not stop.is_set():
        path = rng.choice(paths)
        status, payload, took = call(port, "GET", path)
        rec.add("board", took, status == 200, f"{path} → {status}")
        pace.wait(stop)


def staff_writer(port, data, rec, stop, rng, token):
    pace = Pace(STAFF_RATE * data["scale"])
    while not stop.is_set():
        score = f"{rng.randint(600, 1000) / 10:.1f}"
        if data["score_ids"] and rng.random() < 0.5:
            path = f"/api/v1/quarterly-scores/{rng.choice(data['score_ids'])}/"
            status, payload, took = call(port, "PATCH", path, token, {"score": score, "reason": "基准测试：修改评分"})
            ok = status == 200
        else:
            pledge, quarter = rng.choice(data["score_keys"])
            path = "/api/v1/quarterly-scores/"
            status, payload, took = call(port, "POST", path, token,
                                         {"pledge": pledge, "quarter": quarter, "score": score, "reason": "基准测试"})
            ok = status in (200, 201)
        rec.add("staff", took, ok and is_json(payload), f"{path} → {status} {payload[:200]!r}")
        pace.wait(stop)


def official_writer(port, data, rec, stop, rng, accounts):
    edits, pace = 0, Pace(OFFICIAL_RATE * data["scale"])
    while not stop.is_set():
        token, pledge_ids = rng.choice(accounts)
        path = f"/api/v1/pledges/{rng.choice(pledge_ids)}/"
        edits += 1
        status, payload, took = call(port, "PATCH", path, token,
                                     {"target": f"全年完成重点任务不少于{10 + edits % 20}项，形成可检验的工作成果"})
        rec.add("official", took, status == 200 and is_json(payload), f"{path} → {status} {payload[:200]!r}")
        pace.wait(stop)


def exporter(port, data, rec, stop, rng):
    path = f"/api/v1/cycles/{data['finalized']}/exports/results.xlsx"
    token = data["staff_tokens"][0]
    while not stop.is_set():
        status, payload, took = call(port, "GET", path, token)
        if status == 404:
            rec.notes["export"] = "endpoint absent"
            return
        rec.add("export", took, status == 200 and payload[:2] == b"PK", f"{path} → {status} {payload[:120]!r}")
        stop.wait(EXPORT_EVERY)


def computer(port, data, rec, stop, rng, task_ids):
    path = f"/api/v1/cycles/{data['cycle']}/compute/"
    token = data["staff_tokens"][-1]
    while not stop.is_set():
        status, payload, took = call(port, "POST", path, token)
        ok = status == 202 and is_json(payload)
        if ok:
            task_ids.append(json.loads(payload)["task_id"])
        rec.add("compute", took, ok, f"{path} → {status} {payload[:200]!r}")
        stop.wait(COMPUTE_EVERY)


def compute_outcomes(port: int, token: str, task_ids: list[str], timeout: float = 120) -> dict:
    """The final state of each compute task, waiting for the worker to finish them."""
    deadline, states = time.monotonic() + timeout, {}
    for task_id in task_ids:
        while True:
            status, payload, _ = call(port, "GET", f"/api/v1/tasks/{task_id}/", token)
            state = json.loads(payload).get("state") if status == 200 else f"HTTP {status}"
            if state in ("success", "failure") or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        states[state] = states.get(state, 0) + 1
    return states


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=ENV, start_new_session=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=45)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8391)
    parser.add_argument("--no-export", action="store_true", help="leave the results export out of the mix")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every offered rate (0.5: half the load)")
    args = parser.parse_args()
    ensure_database(DB_URL)
    data = build()
    data["scale"] = args.scale
    if not data["has_board"]:
        sys.exit("the current cycle has no published board (demo_data publishes one)")
    server = start([sys.executable, "-m", "gunicorn", "cadreboard.wsgi:application", "--bind",
                          f"{HOST}:{args.port}", "--workers", str(args.workers), "--log-level", "warning"])
    worker = start([sys.executable, "-m", "celery", "-A", "cadreboard", "worker", "--concurrency", "1",
                          "--loglevel", "warning", "--without-gossip", "--without-mingle"])
    rec, stop, task_ids, threads = Recorder(), threading.Event(), [], []
    try:
        wait_until_serving(f"http://{HOST}:{args.port}")
        rng = random.Random(2026)
        plan = [(board_reader, ()) for _ in range(BOARD_READERS)]
        plan += [(staff_writer, (token,)) for token in data["staff_tokens"]]
        halves = [data["officials"][i::OFFICIAL_WRITERS] for i in range(OFFICIAL_WRITERS)]
        plan += [(official_writer, (accounts,)) for accounts in halves if accounts]
        plan += [] if args.no_export else [(exporter, ())]
        plan += [(computer, (task_ids,))]
        for target, extra in plan:
            thread = threading.Thread(target=target, args=(args.port, data, rec, stop,
                                                           random.Random(rng.random()), *extra))
            thread.start()
            threads.append(thread)
        time.sleep(args.warmup)  # every gunicorn process has its connections and caches
        load_before = os.getloadavg()[0]
        rec.measuring = True
        started = time.monotonic()
        time.sleep(args.seconds)
        rec.measuring = False
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()[0]
        stop.set()
        for thread in threads:
            thread.join(60)
        outcomes = compute_outcomes(args.port, data["staff_tokens"][-1], task_ids)
    finally:
        stop.set()
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (server, worker):
            process.wait(60)

    print(f"gunicorn {args.workers} sync workers + 1 Celery worker, production settings, PostgreSQL + Redis; "
          f"{args.seconds} s measured after {args.warmup} s warm-up")
    print(f"machine: {os.cpu_count()} cores, 1-minute load average {load_before:.1f} when the window opened, "
          f"{load_after:.1f} when it closed (everything, this driver included, shares those cores)")
    k = args.scale
    print(f"offered load: board {BOARD_READERS} × {BOARD_RATE * k:g}/s, staff {STAFF_WRITERS} × {STAFF_RATE * k:g}/s, "
          f"official {len([h for h in halves if h])} × {OFFICIAL_RATE * k:g}/s over {len(data['officials'])} accounts, "
          f"export {'none (--no-export)' if args.no_export else f'every {EXPORT_EVERY:g} s'}, "
          f"compute every {COMPUTE_EVERY:g} s")
    print(f"{'kind':<10}{'count':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}   (errors: whole run)")
    for kind in ("board", "staff", "official", "export", "compute"):
        values = rec.latencies.get(kind)
        if not values:
            print(f"{kind:<10}  {rec.notes.get(kind, 'not in the mix' if kind == 'export' else 'no requests')}")
            continue
        print(f"{kind:<10}{len(values):>8}{len(values) / elapsed:>9.1f}{percentile(values, 50):>9.1f}"
              f"{percentile(values, 95):>9.1f}{rec.errors[kind]:>8}")
    for kind, samples in rec.samples.items():
        for sample in samples:
            print(f"  error sample ({kind}): {sample}")
    print(f"compute tasks: {len(task_ids)} started, final states {outcomes}")
    errors = sum(rec.errors.values()) + sum(n for state, n in outcomes.items() if state != "success")
    print(f"target 0 errors: {'met' if errors == 0 else 'NOT met'} ({errors})")
    for kind, label, limit in (("staff", "staff write (score entry)", 300),
                               ("official", "official write (pledge edit)", 300), ("board", "board read", 50)):
        if rec.latencies.get(kind):
            p95 = percentile(rec.latencies[kind], 95)
            print(f"target {label} p95 ≤ {limit} ms: {'met' if p95 <= limit else 'NOT met'} ({p95:.1f} ms)")

if __name__ == "__main__":
    main()
