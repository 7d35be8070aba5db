"""Benchmark: compute at province scale on PostgreSQL (issue: evaluations).

Generates, in its own database, a district with 20,000 officials (60,000 approved pledges,
240,000 quarterly scores, unit scores, four survey groups, political reviews, list entries) and
two earlier finalized years of Results; then another with 100,000 officials. Each compute runs
in a fresh child process, like a worker would, which reports the wall time of `cycle_compute`
and its peak resident memory (VmHWM); after each compute, another child runs the SQL floor
(FLOOR_SQL: the composite, rank and quota of SPEC section 4 as one statement over the same data),
so both see the same load. Prints the figures, the ratio compute / floor and the targets.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadreboard_bench .venv/bin/python bench/compute.py
    (--sizes 20000,100000 --runs 3; generated data stays in the database and is reused)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreboard.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadreboard_bench")

YEAR = 2026
GROUPS = ("superior", "peer", "subordinate", "public")


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    """Stream rows into a table with COPY (tab-separated text)."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def generate(size: int, *, code: str = "", quiet: bool = False) -> int:
    """Build the district `bench<size>` (or `code`) and return the id of its current cycle;
    `quiet` leaves out the figures and the ANALYZE (a caller that builds many districts runs it
    once at the end)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from cycles import cycle_settings
    from cycles.models import Cycle
    from org.models import District

    code = code or f"bench{size}"
    existing = Cycle.objects.filter(district__code=code, year=YEAR).first()
    if existing is not None:
        return existing.pk
    rng = random.Random(size if code == f"bench{size}" else code)
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        district = District.objects.create(name=f"基准测试区{code.removeprefix('bench')}", code=code)
        cycles = {}
        for year, state in ((YEAR - 2, "finalized"), (YEAR - 1, "finalized"), (YEAR, "evaluating")):
            cycles[year] = Cycle.objects.create(district=district, year=year, state=state,
                                                settings=cycle_settings.defaults(),
                                                pledge_deadline=f"{year}-01-31").pk
        pg = connection.cursor().connection.cursor()
        units = size // 50
        copy_rows(pg, "org_unit", ["district_id", "name", "kind", "sort_order"],
                  ((district.pk, f"单位{u:05d}", "street" if u % 3 == 0 else "department", u) for u in range(units)))
        pg.execute("SELECT id FROM org_unit WHERE district_id = %s ORDER BY sort_order", [district.pk])
        unit_ids = [r[0] for r in pg.fetchall()]
        copy_rows(pg, "org_official", ["unit_id", "name", "position", "rank_level", "is_principal", "appointed_on",
                                       "phone", "profile"],
                  ((unit_ids[i % units], f"干部{i:06d}", "局长", "division_chief", True, "2020-03-01", "", "")
                   for i in range(size)))
        pg.execute("SELECT o.id, o.unit_id FROM org_official o JOIN org_unit u ON u.id = o.unit_id "
                   "WHERE u.district_id = %s ORDER BY o.id", [district.pk])
        officials = pg.fetchall()
        milestones = json.dumps([{"quarter": q, "description": "节点"} for q in (1, 2, 3, 4)])
        cycle_id = cycles[YEAR]
        copy_rows(pg, "pledges_pledge", [
            "official_id", "cycle_id", "kind", "category", "title", "content", "target", "target_unit", "milestones",
            "status", "due_on", "return_reason", "difficulty", "innovation", "contribution", "grade",
            "grade_override_reason", "revision", "created_at", "updated_at",
        ], (
            (oid, cycle_id, "annual", category, f"目标{n}", "内容", "量化目标", "", milestones, "approved",
             f"{YEAR}-01-31", "", 2, 2, 2, rng.choice("AABBBBBC"), "", 1, now, now)
            for oid, _ in officials for n, category in enumerate(("party_building", "innovation", "key_work"))
        ))
        pg.execute("SELECT id FROM pledges_pledge WHERE cycle_id = %s ORDER BY id", [cycle_id])
        pledge_ids = [r[0] for r in pg.fetchall()]
        copy_rows(pg, "evaluations_quarterlyscore",
                  ["pledge_id", "quarter", "score", "letter", "method", "note", "updated_at"],
                  ((pid, q, None, "A", "investigation", "", now) if (pid + q) % 7 == 0 else
                   (pid, q, f"{rng.randint(600, 1000) / 10:.1f}", "", "investigation", "", now)
                   for pid in pledge_ids for q in (1, 2, 3, 4)))
        copy_rows(pg, "evaluations_unitscore", ["unit_id", "cycle_id", "score"],
                  ((u, cycle_id, f"{rng.randint(7000, 9900) / 100:.2f}") for u in unit_ids))
        copy_rows(pg, "evaluations_surveyscore", ["official_id", "cycle_id", "rater_group", "score"],
                  ((oid, cycle_id, g, f"{rng.randint(7000, 9900) / 100:.2f}") for oid, _ in officials for g in GROUPS))
        copy_rows(pg, "evaluations_politicalreview", ["official_id", "cycle_id", "qualified", "note"],
                  ((oid, cycle_id, i % 97 != 0, "") for i, (oid, _) in enumerate(officials)))
        copy_rows(pg, "evaluations_listentry", ["official_id", "cycle_id", "item_code", "note", "recorded_at"],
                  ((oid, cycle_id, "P0%d" % (1 + i % 8) if i % 13 else "N0%d" % (1 + i % 9), "", now)
                   for i, (oid, _) in enumerate(officials) if i % 5 == 0))
        for year in (YEAR - 1, YEAR - 2):
            copy_rows(pg, "evaluations_result", [
                "cycle_id", "official_id", "unit_id", "bonus", "veto", "composite", "rank", "computed_grade", "grade",
                "outcomes", "missing", "missing_detail", "exempt_reason", "computed_at",
            ], ((cycles[year], oid, unit, 0, False, 80, 1, g, g, "[]", "[]", "[]", "", now)
                for oid, unit in officials for g in [rng.choice(["good", "average", "average", "poor"])]))
    if quiet:
        return cycle_id
    pg.execute("ANALYZE")
    print(f"  generated {size:,} officials, {len(pledge_ids):,} pledges, {len(pledge_ids) * 4:,} scores "
          f"in {time.perf_counter() - started:.1f} s")
    return cycle_id


CHILD = r"""
import os, sys, time, json
sys.path.insert(0, {root!r})
import django
django.setup()
from evaluations.compute import cycle_compute
from cycles.models import Cycle
cycle = Cycle.objects.get(pk={cycle_id})
started = time.perf_counter()
summary = cycle_compute(cycle=cycle)
seconds = time.perf_counter() - started
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"seconds": seconds, "peak_kb": peak, "summary": summary}}))
"""


# The floor: SPEC section 4's composite, rank and grade under the quota, for the same cycle, as one
# SQL statement (numeric arithmetic, the settings of the cycle as parameters). Not used by the app
# (no outcomes, no incomplete list with its reasons, nothing written): the least work a compute
# could do, to measure the compute against.
FLOOR_SQL = """
WITH pop AS (
    SELECT o.id, o.name, o.unit_id FROM org_official o JOIN org_unit u ON u.id = o.unit_id
    WHERE u.district_id = %(district)s AND o.is_principal
      AND NOT EXISTS (SELECT 1 FROM evaluations_exemption e WHERE e.cycle_id = %(cycle)s AND e.official_id = o.id)
), pledge AS (
    SELECT p.official_id, p.grade, count(s.id) AS n,
           sum(CASE s.letter WHEN 'A' THEN %(letter_a)s WHEN 'B' THEN %(letter_b)s WHEN 'C' THEN %(letter_c)s
               ELSE s.score END) AS total,
           -- every quarter from the first milestone's to the last one's has a score
           count(DISTINCT s.quarter) FILTER (WHERE s.quarter BETWEEN m.first AND m.last)
               = max(m.last - m.first + 1) AS scored
    FROM pledges_pledge p
    CROSS JOIN LATERAL (SELECT coalesce(min((x ->> 'quarter')::int), 1) AS first,
                               coalesce(max((x ->> 'quarter')::int), 1) AS last
                        FROM jsonb_array_elements(p.milestones) x) m
    LEFT JOIN evaluations_quarterlyscore s ON s.pledge_id = p.id
    WHERE p.cycle_id = %(cycle)s AND p.status = 'approved'
    GROUP BY p.id
), pledges AS (
    SELECT official_id,
           avg(CASE grade WHEN 'A' THEN %(k_a)s WHEN 'B' THEN %(k_b)s ELSE %(k_c)s END * total / n) AS score,
           bool_and(n > 0 AND scored) AS complete
    FROM pledge GROUP BY official_id
), pending AS (
    SELECT official_id FROM pledges_pledge WHERE cycle_id = %(cycle)s AND status = 'submitted'
    UNION
    SELECT p.official_id FROM pledges_pledgerevision r JOIN pledges_pledge p ON p.id = r.pledge_id
    WHERE p.cycle_id = %(cycle)s AND r.status = 'submitted'
), survey AS (
    SELECT s.official_id, sum(w.weight * s.score) / nullif(sum(w.weight), 0) AS score
    FROM evaluations_surveyscore s
    JOIN (VALUES ('superior', %(w_superior)s), ('peer', %(w_peer)s), ('subordinate', %(w_subordinate)s),
                 ('public', %(w_public)s)) w (grp, weight) ON w.grp = s.rater_group
    WHERE s.cycle_id = %(cycle)s GROUP BY s.official_id
), lists AS (
    SELECT e.official_id, coalesce(sum(i.points) FILTER (WHERE i.kind = 'positive'), 0) AS points,
           bool_or(i.kind = 'negative') AS negative
    FROM evaluations_listentry e JOIN evaluations_listitem i ON i.code = e.item_code
    WHERE e.cycle_id = %(cycle)s GROUP BY e.official_id
), scored AS (
    -- every official of the population, the composite null when an input is missing
    SELECT pop.id, pop.name,
           CASE WHEN pl.complete AND pe.official_id IS NULL AND pr.qualified IS NOT NULL THEN
               round(%(w_unit)s * us.score + %(w_pledge)s * pl.score + %(w_survey)s * sv.score
                     + least(%(bonus_cap)s, coalesce(li.points, 0)), 2) END AS composite,
           coalesce(li.negative, false) OR NOT coalesce(pr.qualified, true) AS veto
    FROM pop
    LEFT JOIN pledges pl ON pl.official_id = pop.id
    LEFT JOIN pending pe ON pe.official_id = pop.id
    LEFT JOIN evaluations_unitscore us ON us.unit_id = pop.unit_id AND us.cycle_id = %(cycle)s
    LEFT JOIN survey sv ON sv.official_id = pop.id
    LEFT JOIN evaluations_politicalreview pr ON pr.official_id = pop.id AND pr.cycle_id = %(cycle)s
    LEFT JOIN lists li ON li.official_id = pop.id
), ranked AS (
    SELECT id, name, composite, veto, rank() OVER (ORDER BY composite DESC) AS rank,
           rank() OVER (PARTITION BY veto ORDER BY composite DESC) AS veto_rank, count(*) OVER () AS n
    FROM scored WHERE composite IS NOT NULL
)
SELECT id, composite, rank,
       CASE WHEN composite < %(poor)s THEN 'poor'
            WHEN NOT veto AND composite >= %(good)s AND veto_rank <= ceil(%(quota)s * n) THEN 'good'
            ELSE 'average' END AS grade
FROM ranked ORDER BY rank, name, id
"""

FLOOR_CHILD = r"""
import os, sys, time, json
from decimal import Decimal
sys.path.insert(0, {root!r})
import django
django.setup()
from django.db import connection
from cycles.models import Cycle
cycle = Cycle.objects.get(pk={cycle_id})
s = cycle.settings
n = lambda v: Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
params = {{"district": cycle.district_id, "cycle": cycle.pk, "poor": n(s["poor_threshold"]),
          "good": n(s["good_threshold"]), "quota": n(s["good_quota"]), "bonus_cap": n(s["bonus_cap"]),
          **{{f"letter_{{k.lower()}}": n(v) for k, v in s["letter_points"].items()}},
          **{{f"k_{{k.lower()}}": n(v) for k, v in s["grade_coefficients"].items()}},
          **{{f"w_{{k}}": n(v) for k, v in s["survey_weights"].items()}},
          **{{f"w_{{k}}": n(v) for k, v in s["weights"].items()}}}}
started = time.perf_counter()
with connection.cursor() as cursor:
    cursor.execute({sql!r}, params)
    rows = cursor.fetchall()
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds, "rows": len(rows), "good": sum(1 for r in rows if r[3] == "good")}}))
"""


def measure_floor(cycle_id: int) -> dict:
    code = FLOOR_CHILD.format(root=str(ROOT), cycle_id=cycle_id, sql=FLOOR_SQL)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(cycle_id: int) -> dict:
    code = CHILD.format(root=str(ROOT), cycle_id=cycle_id)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--runs", type=int, default=3, help="computes per size; the best and the median are shown")
    args = parser.parse_args()
    ensure_database()
    setup_django()
    sizes = [int(s) for s in args.sizes.split(",")]
    figures = {}
    for size in sizes:
        print(f"size {size:,}:")
        cycle_id = generate(size)
        # The compute and the floor alternate, so both see the same load on the machine.
        runs, floors = [], []
        for _ in range(args.runs):
            runs.append(measure(cycle_id))
            floors.append(measure_floor(cycle_id))
        times = sorted(r["seconds"] for r in runs)
        floor_times = sorted(r["seconds"] for r in floors)
        peak_mb = max(r["peak_kb"] for r in runs) / 1024
        median, floor = times[len(times) // 2], floor_times[len(floor_times) // 2]
        figures[size] = (median, peak_mb, floor)
        print(f"  compute: best {times[0]:.2f} s, median {median:.2f} s over {len(runs)} runs; "
              f"worker peak memory {peak_mb:.0f} MB; {runs[-1]['summary']}")
        print(f"  SQL floor (composite + rank + quota in one statement): best {floor_times[0]:.2f} s, "
              f"median {floor:.2f} s; {floors[-1]['rows']:,} ranked, {floors[-1]['good']:,} good; "
              f"compute / floor = {median / floor:.2f}×")
    print("\nfigures (median compute time, peak memory, median SQL floor, ratio):")
    for size, (seconds, peak, floor) in figures.items():
        print(f"  {size:>7,} officials: {seconds:6.2f} s  {peak:6.0f} MB  floor {floor:6.2f} s  "
              f"× {seconds / floor:.2f}")
    for size, (seconds, _peak, floor) in figures.items():
        ratio = seconds / floor
        print(f"target compute ≤ 2.0 × SQL floor at {size:,}: {'met' if ratio <= 2.0 else 'NOT met'} (× {ratio:.2f})")
    peak = max(p for _, p, _f in figures.values())
    print(f"target peak ≤ 300 MB: {'met' if peak <= 300 else 'NOT met'} ({peak:.0f} MB)")
    if 20000 in figures and 100000 in figures:
        ratio = figures[100000][0] / figures[20000][0]
        print(f"target 100,000 ≤ 5.5 × 20,000: {'met' if ratio <= 5.5 else 'NOT met'} (× {ratio:.2f})")

if __name__ == "__main__":
    main()
