"""Benchmark: hostile workbooks against the import guard (security finding 6).

Before the guard capped each part, a 4.7 MB .xlsx whose styles.xml held 1,000,000 cell formats
took 78 s and 2 GB to open, and 3,000,000 shared strings 34 s and +380 MB. This builds such files
(streamed into the zip, never whole in memory) and opens each as an import does (excel.reader.Sheet:
the guard, then openpyxl in read-only mode, then every row), each in a fresh child process like a
worker. For each it prints the time to refusal (or to the last row read) and the peak resident
memory (VmHWM) of the child, absolute and over what the child held once Django was set up:

- styles: 1,000,000 cell formats in xl/styles.xml;
- strings: 3,000,000 shared strings;
- the same two within the parts' size caps (40,000 formats, 500,000 strings): the element count;
- sheet: a sheet of 2,000,000 rows with no <dimension> (openpyxl would read every one);
- row: one row of 1,000,000 cells (openpyxl builds a whole row before it yields it);
- between: 1,000,000 empty elements between two rows (openpyxl keeps them all);
- a file just within the stylesheet's and the shared strings' caps: the most they can cost;
- and, for comparison, a legitimate 50,000-row quarterly score sheet, read to its last row
  (bench/excel.py times its full import into PostgreSQL).

No database is used.

    .venv/bin/python bench/import_guard.py
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADERS = ["目标编号", "干部", "单位", "类别", "目标名称", "季度", "已发布", "得分", "季度评级", "信息采集方式",
           "评分说明",
           "修改理由"]
SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="' + SHEETML + '.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + SHEETML + '.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="' + SHEETML + '.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="' + SHEETML + '.sharedStrings+xml"/>'
    "</Types>")
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>'
            '<sheet name="季度评分" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')


def _styles(formats: int):
    yield (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}"><fonts count="1"><font><sz val="11"/>'
           '</font></fonts><fills count="1"><fill><patternFill/></fill></fills><borders count="1"><border/></borders>'
           f'<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="{formats + 1}"><xf/>')
    rng = random.Random(6)
    for _ in range(formats // 1000):
        # varied attributes, as in the reviewer's file: the zip's ratio check does not fire
        yield "".join(f'<xf numFmtId="{rng.randint(0, 163)}" fontId="0" fillId="0" borderId="0" xfId="0" '
                      f'applyNumberFormat="{rng.randint(0, 1)}"/>' for _ in range(1000))
    yield "</cellXfs></styleSheet>"


def _strings(count: int):
    yield f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="{count}" uniqueCount="{count}">'
    rng = random.Random(3)
    for _ in range(count // 1000):
        yield "".join(f"<si><t>{rng.getrandbits(20):x}</t></si>" for _ in range(1000))
    yield "</sst>"


def _sheet(rows, *, between: int = 0, row_cells: int = 0):
    """A header row, then `rows` rows of one random number, or one row of `row_cells` cells, or
    `between` empty elements after the header row."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'
    yield '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row><row r="2">'
    yield "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADERS) + "</row>"
    rng = random.Random(2)
    if between:
        yield "".join(f'<x a="{rng.getrandbits(24):x}"/>' for _ in range(between))
    if row_cells:
        yield '<row r="3">'
        for _ in range(row_cells // 1000):
            yield "".join(f"<c><v>{rng.randint(0, 10**6)}</v></c>" for _ in range(1000))
        yield "</row>"
    for start in range(3, rows + 3, 1000):
        yield "".join(f'<row r="{n}"><c r="H{n}"><v>{rng.randint(0, 1000) / 10}</v></c></row>'
                      for n in range(start, min(start + 1000, rows + 3)))
    yield "</sheetData></worksheet>"


def build(path: Path, *, styles=None, strings=None, sheet=None) -> float:
    """A workbook streamed part by part into a zip; returns its size in MB."""
    parts = {
        "[Content_Types].xml": [CONTENT_TYPES], "_rels/.rels": [PACKAGE_RELS], "xl/workbook.xml": [WORKBOOK],
        "xl/_rels/workbook.xml.rels": [WORKBOOK_RELS], "xl/styles.xml": styles or _styles(0),
        "xl/sharedStrings.xml": strings or _strings(0), "xl/worksheets/sheet1.xml": sheet or _sheet(0),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, pieces in parts.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for piece in pieces:
                    member.write(piece.encode())
    return path.stat().st_size / 1048576


def legitimate(path: Path, rows: int = 50_000) -> float:
    """The filled quarterly score sheet of bench/excel.py: the template's columns, a score a row."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("季度评分")
    sheet.append(["某区 2026 年度 季度评分表"])
    sheet.append(HEADERS)
    rng = random.Random(1)
    for n in range(rows):
        sheet.append([n + 1, f"干部{n // 4:06d}", f"单位{n // 200:05d}", "重点工作", f"重点工作目标{n // 4}",
                      n % 4 + 1, "否", rng.randint(600, 1000) / 10, None, "专题调查", None, None])
    book.save(path)
    return path.stat().st_size / 1048576


CHILD = r"""
import json, sys, time
sys.path.insert(0, {root!r})
import django
django.setup()
def peak_kb():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
from excel import layouts
from excel.guard import FileRejected
from excel.reader import Sheet
layout = layouts.QUARTERLY_SCORES
base = peak_kb()
started = time.perf_counter()
rows, refusal = 0, ""
try:
    with open({path!r}, "rb") as upload:
        sheet = Sheet(upload, name=layout.sheet, headers=layout.headers,
                      required=["目标编号", "季度", "得分", "季度评级"])
        for _ in sheet.rows():
            rows += 1
except FileRejected as exc:
    refusal = str(exc)
print(json.dumps({{"seconds": time.perf_counter() - started, "peak_kb": peak_kb(), "base_kb": base,
                  "rows": rows, "refusal": refusal}}))
"""


def child(path: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "cadreboard.settings.test")}
    done = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path))],
                          capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


CASES = [
    ("styles", "1,000,000 cell formats in styles.xml", lambda p: build(p, styles=_styles(1_000_000))),
    ("styles-count", "40,000 cell formats (within the size cap)", lambda p: build(p, styles=_styles(40_000))),
    ("strings", "3,000,000 shared strings", lambda p: build(p, strings=_strings(3_000_000))),
    ("strings-count", "500,000 shared strings (within the size cap)", lambda p: build(p, strings=_strings(500_000))),
    ("sheet", "a sheet of 2,000,000 rows, no dimension", lambda p: build(p, sheet=_sheet(2_000_000))),
    ("row", "one row of 1,000,000 cells", lambda p: build(p, sheet=_sheet(0, row_cells=1_000_000))),
    ("between", "1,000,000 elements between two rows", lambda p: build(p, sheet=_sheet(1, between=1_000_000))),
    ("caps", "just within the caps: 19,000 cell formats, 199,000 shared strings, 1 row",
     lambda p: build(p, styles=_styles(19_000), strings=_strings(199_000), sheet=_sheet(1))),
    ("legitimate", "legitimate 50,000-row score sheet", legitimate),
]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-import-guard-"))
    print("opening each file as an import does (guard, openpyxl read-only, every row), in a fresh process:")
    worst_seconds = worst_mb = caps_mb = 0.0
    for key, what, make in CASES:
        path = work / f"{key}.xlsx"
        started = time.perf_counter()
        size = make(path)
        built = time.perf_counter() - started
        result = child(path)
        peak, extra = result["peak_kb"] / 1024, (result["peak_kb"] - result["base_kb"]) / 1024
        outcome = f"refused: {result['refusal']}" if result["refusal"] else f"read {result['rows']:,} rows"
        print(f"  {what} ({size:.1f} MB file, built in {built:.1f} s):")
        print(f"    {result['seconds']:.2f} s, peak memory {peak:.0f} MB (+{extra:.0f} MB over Django)")
        print(f"    {outcome}")
        if key not in ("legitimate", "caps"):
            worst_seconds, worst_mb = max(worst_seconds, result["seconds"]), max(worst_mb, peak)
        if key == "caps":
            caps_mb = peak
        path.unlink()
    accepted = max(worst_mb, caps_mb)
    print("\ntargets (hostile files):")
    print(f"  refused within 5 s: {'met' if worst_seconds <= 5 else 'NOT met'} (slowest {worst_seconds:.2f} s)")
    print(f"  peak memory under 200 MB: {'met' if worst_mb < 200 else 'NOT met'} (highest {worst_mb:.0f} MB)")
    print(f"  a file at the caps under 200 MB: {'met' if accepted < 200 else 'NOT met'} ({caps_mb:.0f} MB)")


if __name__ == "__main__":
    main()
