"""Benchmark: what-if simulation (simulations.selectors.simulate) at 100,000 officials on PostgreSQL.

Builds, in its own database, the district of bench/compute.py (100,000 officials, 300,000
approved pledges, 1,200,000 quarterly scores, unit scores, four survey groups, political
reviews, list entries, two earlier finalized years of Results) — or reuses it — computes the
cycle when its stored Results are not current (so that the what-if can start from them), then runs
each scenario in a fresh child process, like a web worker answering the request, and reports the
wall time of `simulate`, the path it took (stored: graded from the stored Results; stored+inputs:
the after side scored from the inputs; inputs: both sides), where the time went (in-process, per
step), the number of officials whose grade or outcomes change, and the target ≤ 5 s per simulation.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadreboard_bench .venv/bin/python bench/simulate.py
    (--size 100000 --runs 3; generated data stays in the database and is reused)
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreboard.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadreboard_bench")

import compute as compute_bench  # noqa: E402  (bench/compute.py: the same generated district)

TARGET = 5.0
# What staff try most: a quota or a threshold (grading only), the weights (scores again), and
# the letter points (the inputs loaded again, as the database sums the points).
SCENARIOS = {
    "good_quota 0.3 → 0.4": {"good_quota": 0.4},
    "good_threshold 85 → 80, poor 60 → 65": {"good_threshold": 80, "poor_threshold": 65},
    "weights 0.3/0.5/0.2 → 0.4/0.4/0.2": {"weights": {"unit": 0.4, "pledge": 0.4, "survey": 0.2}},
    "letter_points A 95 → 90": {"letter_points": {"A": 90}},
}

CHILD = r"""
import os, sys, time, json
sys.path.insert(0, {root!r})
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from cycles.models import Cycle
from simulations.selectors import simulate
from evaluations import compute
from simulations import rules, selectors
steps = {{}}

def timed(owner, name):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            steps[name] = steps.get(name, 0) + time.perf_counter() - started
    setattr(owner, name, wrapper)

for owner, name in ((selectors, "stored_results_current"), (selectors, "_stored"), (compute, "load_grading"),
                    (compute, "load_inputs"), (compute, "score_all"), (compute, "results_of"), (rules, "compare")):
    timed(owner, name)
cycle = Cycle.objects.get(pk={cycle_id})
with CaptureQueriesContext(connection) as queries:
    started = time.perf_counter()
    result = simulate(cycle, json.loads({changes!r}))
    seconds = time.perf_counter() - started
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"seconds": seconds, "path": result.path, "steps": steps, "peak_kb": peak, "queries": len(queries),
                  "officials": result.officials,
                  "changes": len(result.changes), "before": result.before, "after": result.after}}))
"""


def measure(cycle_id: int, changes: dict) -> dict:
    code = CHILD.format(root=str(ROOT), cycle_id=cycle_id, changes=json.dumps(changes))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3, help="simulations per scenario; best and median shown")
    args = parser.parse_args()
    compute_bench.ensure_database()
    compute_bench.setup_django()
    print(f"size {args.size:,}:")
    cycle_id = compute_bench.generate(args.size)
    import time

    from cycles.models import Cycle
    from evaluations.compute import cycle_compute
    from simulations.selectors import stored_results_current

    cycle = Cycle.objects.get(pk=cycle_id)
    if not stored_results_current(cycle):
        started = time.perf_counter()
        cycle_compute(cycle=cycle)
        from django.db import connection

        with connection.cursor() as cursor:  # as autovacuum would, soon after: the planner sees the new rows
            cursor.execute("ANALYZE evaluations_result")
        print(f"  stored Results not current: computed first ({time.perf_counter() - started:.1f} s)")
    else:
        print("  stored Results current (computed at {}): no compute needed".format(
            Cycle.objects.get(pk=cycle_id).computed_at))
    medians, paths = {}, {}
    for name, changes in SCENARIOS.items():
        runs = [measure(cycle_id, changes) for _ in range(args.runs)]
        times = sorted(r["seconds"] for r in runs)
        median = times[len(times) // 2]
        medians[name] = median
        last = runs[-1]
        paths[name] = last["path"]
        steps = ", ".join(f"{step} {spent:.2f}" for step, spent in last["steps"].items())
        print(f"  {name} [path {last['path']}]: best {times[0]:.2f} s, median {median:.2f} s over {len(runs)} runs; "
              f"{last['queries']} queries; peak {max(r['peak_kb'] for r in runs) / 1024:.0f} MB; "
              f"{last['officials']:,} officials, {last['changes']:,} change grade or outcomes; "
              f"before {last['before']} after {last['after']}\n    in-process steps (s, last run): {steps}")
    print("\nseconds per simulation (median) beside the target:")
    for name, seconds in medians.items():
        verdict = "met" if seconds <= TARGET else "NOT met"
        print(f"  {name:<40} {paths[name]:<14} {seconds:6.2f} s   target ≤ {TARGET:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
