#!/usr/bin/env bash
# Install, migrate, load the 市北区 demo data and serve the app at http://127.0.0.1:${PORT:-8000}/
# on the embedded defaults: a SQLite file and Celery tasks run in-process (eager).
#
#   PORT   the port to serve on (default 8000), e.g. `PORT=8080 bash scripts/demo.sh`
#
# The demo settings (cadreboard/settings/demo.py) run with DEBUG off, so visitors see the app's
# own 404 and 403 pages; `demo_data --force` is therefore needed, and wanted: the published demo
# passwords are the point of the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh

PORT="${PORT:-8000}"
if ! [[ "$PORT" =~ ^[0-9]{1,5}$ ]] || (( 10#$PORT < 1 || 10#$PORT > 65535 )); then
  echo "PORT 须为 1–65535 之间的端口号 / PORT must be a port number from 1 to 65535 (got: $PORT)" >&2
  exit 1
fi
PORT=$((10#$PORT))
ADDRESS="127.0.0.1:$PORT"
URL="http://$ADDRESS/"

ensure_venv requirements.txt
unset DATABASE_URL REDIS_URL
export DJANGO_SETTINGS_MODULE=cadreboard.settings.demo

# Refuse a busy port before the build rather than after it.
# (SO_REUSEADDR as runserver sets it: only a listening server makes the port busy.)
if ! .venv/bin/python - "$PORT" 2>/dev/null <<'PY'
import socket, sys
with socket.socket() as s:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(sys.argv[1])))
PY
then
  echo "端口 $PORT 已被占用，请换一个：PORT=8080 bash scripts/demo.sh / port $PORT is in use; choose another one with PORT=…" >&2
  exit 1
fi

.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py demo_data --force --url "$URL"
exec .venv/bin/python manage.py runserver "$ADDRESS"
