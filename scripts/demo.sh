#!/usr/bin/env bash
# Install, migrate, load the 市北区 demo data and serve the app at http://127.0.0.1:8000
# on the embedded defaults: a SQLite file and Celery tasks run in-process (eager).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv requirements.txt
unset DATABASE_URL REDIS_URL
export DJANGO_SETTINGS_MODULE=cadreboard.settings.local
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py demo_data
exec .venv/bin/python manage.py runserver "${PORT:-127.0.0.1:8000}"
