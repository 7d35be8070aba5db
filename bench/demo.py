"""Benchmark: the first run of `bash scripts/demo.sh` on a fresh machine (issue 14: ≤ 60 s).

Times, each in a fresh child process and on a fresh SQLite file in a temporary folder (the
project's own db.sqlite3 and media/ are left alone), with the demo settings demo.sh uses
(cadreboard.settings.demo): `manage.py migrate`, then `manage.py demo_data` (the 市北区 demo).
Prints the wall seconds and the CPU seconds of each step — on a shared machine the CPU time is
the steadier figure — and the load average before and after, so a slow figure on a busy machine
reads as such.

    .venv/bin/python bench/demo.py            (--keep to leave the database and media in place)
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 60


def run_step(argv: list[str], env: dict) -> tuple[float, float]:
    """Run `manage.py <argv>` in a child process; its (wall, CPU) seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="leave the database and media folder in place")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cadreboard-demo-bench-"))
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="cadreboard.settings.demo", DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
               MEDIA_ROOT=str(folder / "media"))
    load_before = os.getloadavg()[0]
    try:
        migrate = run_step(["migrate", "--noinput"], env)
        build = run_step(["demo_data", "--force", "--quiet"], env)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()[0]

    total = migrate[0] + build[0]
    print(f"fresh demo ({os.cpu_count()} cores, load average {load_before:.1f} before, {load_after:.1f} after):")
    print(f"  migrate      {migrate[0]:6.1f} s wall  {migrate[1]:6.1f} s CPU")
    print(f"  demo_data    {build[0]:6.1f} s wall  {build[1]:6.1f} s CPU")
    print(f"  together     {total:6.1f} s wall  {migrate[1] + build[1]:6.1f} s CPU")
    verdict = "met" if total <= TARGET_SECONDS else "NOT met"
    print(f"target first run ≤ {TARGET_SECONDS} s (migrate + demo data; demo.sh adds the server's start): "
          f"{verdict} ({total:.1f} s)")
    if args.keep:
        print(f"kept: {folder}")


if __name__ == "__main__":
    main()
