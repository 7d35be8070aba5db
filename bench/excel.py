"""Benchmark: Excel at province scale on PostgreSQL (issue: Excel import and export).

Generates, in its own database, a district with 100,000 officials and a finalized year of
100,000 Results, and a year in progress with 12,500 approved pledges (50,000 pledge-quarters).
Then, each in a fresh child process (like a worker or a web process), reporting wall time and
peak resident memory (VmHWM):

- bare: a plain openpyxl write-only loop writing the same cells as the results report (the
  values fetched beforehand, not timed), to the same kind of file;
- export: `export_write` of the 100,000-row results report, database reads included;
- import: `import_run` of a filled 50,000-row quarterly score sheet (the export of the template,
  filled in), then the same file again (nothing changes).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadreboard_bench_excel .venv/bin/python bench/excel.py
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadreboard.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadreboard_bench_excel")

from compute import copy_rows, ensure_database, setup_django  # noqa: E402 (bench/compute.py)

OFFICIALS = 100_000
PLEDGES = 12_500
YEAR = 2026
CODE = "benchxl"


def generate() -> tuple[int, int]:
    """The district `benchxl`: (finalized cycle id with Results, in-progress cycle id)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Role, User
    from cycles import cycle_settings
    from cycles.models import Cycle
    from org.models import District

    done = Cycle.objects.filter(district__code=CODE).order_by("year").values_list("pk", flat=True)
    if len(done) == 2:
        return done[0], done[1]
    rng = random.Random(7)
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        district = District.objects.create(name="基准测试区（Excel）", code=CODE)
        User.objects.create_user(username="bench-staff", password=None, role=Role.STAFF).districts.add(district)
        finalized = Cycle.objects.create(district=district, year=YEAR - 1, state="finalized",
                                         settings=cycle_settings.defaults(), pledge_deadline=f"{YEAR - 1}-01-31")
        current = Cycle.objects.create(district=district, year=YEAR, state="in_progress",
                                       settings=cycle_settings.defaults(), pledge_deadline=f"{YEAR}-01-31")
        pg = connection.cursor().connection.cursor()
        units = OFFICIALS // 50
        copy_rows(pg, "org_unit", ["district_id", "name", "kind", "sort_order"],
                  ((district.pk, f"单位{u:05d}", "department", u) for u in range(units)))
        pg.execute("SELECT id FROM org_unit WHERE district_id = %s ORDER BY sort_order", [district.pk])
        unit_ids = [r[0] for r in pg.fetchall()]
        copy_rows(pg, "org_official", ["unit_id", "name", "position", "rank_level", "is_principal", "appointed_on",
                                       "phone", "profile"],
                  ((unit_ids[i % units], f"干部{i:06d}", "党组书记、局长", "division_chief", True, "2020-03-01", "", "")
                   for i in range(OFFICIALS)))
        pg.execute("SELECT o.id, o.unit_id FROM org_official o JOIN org_unit u ON u.id = o.unit_id "
                   "WHERE u.district_id = %s ORDER BY o.id", [district.pk])
        officials = pg.fetchall()
        grades = ["good"] * 3 + ["average"] * 6 + ["poor"]
        copy_rows(pg, "evaluations_result", [
            "cycle_id", "official_id", "unit_id", "unit_score", "pledge_score", "survey_score", "bonus", "veto",
            "composite", "rank", "computed_grade", "grade", "outcomes", "missing", "missing_detail", "exempt_reason",
            "computed_at",
        ], ((finalized.pk, oid, unit, f"{rng.randint(7000, 9900) / 100:.2f}", f"{rng.randint(7000, 11000) / 100:.2f}",
             f"{rng.randint(7000, 9900) / 100:.2f}", rng.choice(["0", "1", "2"]), i % 97 == 0,
             f"{rng.randint(5500, 9900) / 100:.2f}", i + 1, g, g,
             json.dumps(["commendation"] if g == "good" else ["admonishment", "promotion_freeze"]
                        if g == "average" else ["criticism", "self_report", "demotion"]), "[]", "[]", "", now)
            for i, (oid, unit) in enumerate(officials) for g in [grades[i % 10]]))
        milestones = json.dumps([{"quarter": q, "description": "节点"} for q in (1, 2, 3, 4)])
        copy_rows(pg, "pledges_pledge", [
            "official_id", "cycle_id", "kind", "category", "title", "content", "target", "target_unit", "milestones",
            "status", "due_on", "return_reason", "difficulty", "innovation", "contribution", "grade",
            "grade_override_reason", "revision", "created_at", "updated_at",
        ], ((oid, current.pk, "annual", "key_work", f"重点工作目标{n}", "内容", "量化目标", "", milestones, "approved",
             f"{YEAR}-01-31", "", 2, 2, 2, "B", "", 1, now, now) for n, (oid, _) in enumerate(officials[:PLEDGES])))
    connection.cursor().execute("ANALYZE")
    print(f"  generated {OFFICIALS:,} officials, {OFFICIALS:,} results, {PLEDGES:,} pledges "
          f"in {time.perf_counter() - started:.1f} s")
    return finalized.pk, current.pk


PRELUDE = r"""
import os, sys, time, json
sys.path.insert(0, {root!r})
import django
django.setup()
from accounts.models import User
from cycles.models import Cycle
def peak_kb():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
user = User.objects.get(username="bench-staff")
cycle = Cycle.objects.select_related("district").get(pk={cycle_id})
"""

BARE = PRELUDE + r"""
from openpyxl import Workbook
from excel import exports
# the same cells as the report, fetched beforehand (not timed)
rows = list(exports.EXPORTS["results"][1](cycle, user, {{}}))
started = time.perf_counter()
book = Workbook(write_only=True)
sheet = book.create_sheet("考评结果")
for row in rows:
    sheet.append(row)
book.save({path!r})
print(json.dumps({{"seconds": time.perf_counter() - started, "peak_kb": peak_kb(), "rows": len(rows)}}))
"""

EXPORT = PRELUDE + r"""
from excel.exports import export_write
started = time.perf_counter()
rows = export_write(cycle=cycle, user=user, name={name!r}, destination={path!r})
print(json.dumps({{"seconds": time.perf_counter() - started, "peak_kb": peak_kb(), "rows": rows}}))
"""

IMPORT = PRELUDE + r"""
from excel.imports import import_run
started = time.perf_counter()
with open({path!r}, "rb") as upload:
    record = import_run(cycle=cycle, user=user, name="quarterly-scores", upload=upload, filename="季度评分.xlsx")
print(json.dumps({{"seconds": time.perf_counter() - started, "peak_kb": peak_kb(), "rows": record.rows,
                  "created": record.created, "updated": record.updated}}))
"""


def child(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ)
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def filled_score_sheet(template: str, out: str) -> int:
    """Staff's part: every row of the exported template gets a score (rows copied as values)."""
    from openpyxl import Workbook, load_workbook

    source = load_workbook(template, read_only=True)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("季度评分")
    rng = random.Random(1)
    filled = 0
    for number, row in enumerate(source.worksheets[0].iter_rows(values_only=True), start=1):
        row = list(row) + [None] * (12 - len(row))  # read-only rows stop at their last value
        if number > 2:
            row[7] = rng.randint(600, 1000) / 10
            row[9] = "专题调查"
            filled += 1
        sheet.append(row)
    book.save(out)
    return filled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="export and bare runs; the median is shown")
    args = parser.parse_args()
    ensure_database()
    setup_django()
    finalized_id, current_id = generate()
    work = Path(tempfile.mkdtemp(prefix="bench-excel-"))
    root = str(ROOT)

    print("export of the 100,000-row results report:")
    bare, export = [], []
    for _ in range(args.runs):
        bare.append(child(BARE.format(root=root, cycle_id=finalized_id, path=str(work / "bare.xlsx"))))
        export.append(child(EXPORT.format(root=root, cycle_id=finalized_id, name="results",
                                          path=str(work / "results.xlsx"))))
    bare_s = sorted(r["seconds"] for r in bare)[len(bare) // 2]
    export_s = sorted(r["seconds"] for r in export)[len(export) // 2]
    export_peak = max(r["peak_kb"] for r in export) / 1024
    print(f"  bare openpyxl write-only loop: median {bare_s:.2f} s ({bare[0]['rows']:,} rows)")
    print(f"  export_write (queries included): median {export_s:.2f} s, peak memory {export_peak:.0f} MB "
          f"({export[0]['rows']:,} rows, {os.path.getsize(work / 'results.xlsx') / 1048576:.1f} MB file)")

    print("import of a filled 50,000-row quarterly score sheet:")
    from django.db import connection

    from evaluations.models import QuarterlyScore
    QuarterlyScore.objects.filter(pledge__cycle_id=current_id).delete()
    QuarterlyScore.history.filter(pledge__cycle_id=current_id).delete()
    child(EXPORT.format(root=root, cycle_id=current_id, name="quarterly-scores", path=str(work / "template.xlsx")))
    filled = filled_score_sheet(str(work / "template.xlsx"), str(work / "filled.xlsx"))
    size = os.path.getsize(work / "filled.xlsx") / 1048576
    first = child(IMPORT.format(root=root, cycle_id=current_id, path=str(work / "filled.xlsx")))
    again = child(IMPORT.format(root=root, cycle_id=current_id, path=str(work / "filled.xlsx")))
    connection.close()
    print(f"  file: {filled:,} rows, {size:.1f} MB")
    print(f"  first import: {first['seconds']:.2f} s, peak memory {first['peak_kb'] / 1024:.0f} MB, "
          f"created {first['created']:,}, updated {first['updated']:,}")
    print(f"  same file again: {again['seconds']:.2f} s, peak memory {again['peak_kb'] / 1024:.0f} MB, "
          f"created {again['created']:,}, updated {again['updated']:,}")

    ratio = export_s / bare_s
    pairs = ", ".join(f"{e['seconds'] / b['seconds']:.2f}" for b, e in zip(bare, export, strict=True))
    import_peak = max(first["peak_kb"], again["peak_kb"]) / 1024
    print("\ntargets (issue 15):")
    print(f"  export ≤ 1.15 × bare loop (same run, medians): {'met' if ratio <= 1.15 else 'NOT met'} (× {ratio:.2f}; "
          f"each run: {pairs})")
    print(f"  export peak memory ≤ 150 MB: {'met' if export_peak <= 150 else 'NOT met'} ({export_peak:.0f} MB)")
    print(f"  import of {filled:,} rows ≤ 12 s: {'met' if first['seconds'] <= 12 else 'NOT met'} "
          f"({first['seconds']:.2f} s; same file again {again['seconds']:.2f} s)")
    print(f"  import peak memory ≤ 150 MB: {'met' if import_peak <= 150 else 'NOT met'} ({import_peak:.0f} MB)")


if __name__ == "__main__":
    main()
