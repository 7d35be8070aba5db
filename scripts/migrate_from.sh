#!/usr/bin/env bash
# Migrate a database built by an older commit to this one, with the whole demo loaded, and
# check that every row is still there.
#   bash scripts/migrate_from.sh [REV]     (default REV: 33789cb, main before the redesign)
# The old commit is checked out in a temporary worktree and run with this checkout's .venv;
# the database is a temporary SQLite file, or DATABASE_URL (it is dropped and rebuilt!).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv requirements.txt
REV="${1:-33789cb}"
HERE="$PWD"
OLD="$(mktemp -d)/old"
DB_FILE="$(dirname "$OLD")/db.sqlite3"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$DB_FILE}"
export DJANGO_SETTINGS_MODULE=cadreboard.settings.local
trap 'git -C "$HERE" worktree remove --force "$OLD" >/dev/null 2>&1 || true' EXIT
git worktree add --detach -q "$OLD" "$REV"

count_rows='
import json
from django.db import connection
with connection.cursor() as c:
    tables = sorted(t for t in connection.introspection.table_names(c) if t != "django_migrations")
    counts = {}
    for t in tables:
        c.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(t)}")
        counts[t] = c.fetchone()[0]
print(json.dumps(counts))
'
echo "=== $REV: migrate from scratch and build the demo ($DATABASE_URL)"
if [[ "$DATABASE_URL" == postgres* ]]; then  # start from an empty database
  .venv/bin/python - <<'PY'
import os, environ, psycopg
db = environ.Env.db_url_config(os.environ["DATABASE_URL"])
with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname="postgres",
                     autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
    conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
PY
fi
(cd "$OLD" && "$HERE/.venv/bin/python" manage.py migrate -v0 && "$HERE/.venv/bin/python" manage.py demo_data >/dev/null
 "$HERE/.venv/bin/python" manage.py shell -c "$count_rows" 2>/dev/null | tail -n1 > "$(dirname "$OLD")/before.json")
echo "=== $(git rev-parse --short HEAD): migrate over it"
start=$(date +%s%N)
.venv/bin/python manage.py migrate -v1 | grep -v "^  No migrations\|^Operations to perform\|^  Apply all" || true
echo "migrate took $(( ($(date +%s%N) - start) / 1000000 )) ms"
.venv/bin/python manage.py shell -c "$count_rows" 2>/dev/null | tail -n1 > "$(dirname "$OLD")/after.json"
.venv/bin/python manage.py check --fail-level WARNING
.venv/bin/python - "$(dirname "$OLD")" <<'PY'
import json, sys
d = sys.argv[1]
before, after = json.load(open(f"{d}/before.json")), json.load(open(f"{d}/after.json"))
renamed = {"evaluations_cycle": "cycles_cycle", "evaluations_historicalcycle": "cycles_historicalcycle",
           "evaluations_taskrecord": "cycles_taskrecord"}
# New models add their content types and permissions: those two tables may grow, never shrink.
grows = {"django_content_type", "auth_permission"}
lost = {t: (n, after.get(renamed.get(t, t))) for t, n in before.items()
        if (after.get(renamed.get(t, t)) or 0) < n or (t not in grows and after.get(renamed.get(t, t)) != n)}
print(f"{len(before)} tables, {sum(before.values()):,} rows before; {len(after)} tables, {sum(after.values()):,} rows after")
for old, new in renamed.items():
    print(f"  {old} ({before.get(old)}) -> {new} ({after.get(new)})")
if lost:
    sys.exit(f"rows changed: {lost}")
print("every row is still there")
PY
echo "=== the demo command of this commit finds its data complete (writes nothing but the new apps' demo)"
.venv/bin/python manage.py shell -c "$count_rows" 2>/dev/null | tail -n1 > "$(dirname "$OLD")/after.json"
.venv/bin/python manage.py demo_data >/dev/null
.venv/bin/python manage.py shell -c "$count_rows" 2>/dev/null | tail -n1 > "$(dirname "$OLD")/again.json"
# …but for the day's reminders and their notifications, which the demo command records as the
# daily task does (the old layout's demo recorded none), and the demo of the apps born after the
# old commit (ballots, appeals, records, development, growth), which it adds where missing.
.venv/bin/python - "$(dirname "$OLD")" <<'PY'
import json, sys
d = sys.argv[1]
daily = {"pledges_reminder", "notifications_notification"}
new_apps = ("surveys_", "appeals_", "records_", "development_", "growth_")
after, again = json.load(open(f"{d}/after.json")), json.load(open(f"{d}/again.json"))
added = {t: again.get(t) for t in set(again) if t.startswith(new_apps) and after.get(t) != again.get(t)}
changed = {t: (after.get(t), again.get(t)) for t in set(after) | set(again)
           if t not in daily and not t.startswith(new_apps) and after.get(t) != again.get(t)}
if changed:
    sys.exit(f"the demo command changed rows: {changed}")
print("no row added or removed (the day's reminders aside:", {t: (after.get(t), again.get(t)) for t in daily}, ")")
print(f"the new apps' demo added rows to {len(added)} tables ({sum(added.values()):,} rows)")
PY
