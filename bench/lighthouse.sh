#!/usr/bin/env bash
# Lighthouse (mobile, default throttling) and axe-core on every public board page, served by
# gunicorn with production settings on the demo data, with the system Chromium; prints each
# page's figures beside issue 15's targets, and the year board's first view transferred (brotli)
# at 98 officials (the demo) and at 1,000 officials.
#
#   bash bench/lighthouse.sh          (PORT=8121 by default; CHROME_PATH=/usr/bin/chromium)
# Needs node ≥ 20 and npm (the packages are pinned by bench/lighthouse/package-lock.json; no
# browser is downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8121}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1
[ -d bench/lighthouse/node_modules ] || (cd bench/lighthouse && npm ci --no-audit --no-fund)

WORK="$(mktemp -d)"
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DJANGO_SETTINGS_MODULE=cadreboard.settings.production
export DATABASE_URL="sqlite:///$WORK/db.sqlite3" SECRET_KEY="lighthouse-$(date +%s%N)" ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=False LOG_LEVEL=WARNING
unset REDIS_URL
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py demo_data --force --url "http://127.0.0.1:$PORT/" > "$WORK/demo.log"
.venv/bin/python bench/lighthouse_data.py 1000 > "$WORK/big.txt"
.venv/bin/python -m gunicorn cadreboard.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --log-level warning & SERVER=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/ping/" >/dev/null && break; sleep 0.2; done

BASE="http://127.0.0.1:$PORT"
read -r DEMO_YEAR DEMO_OFFICIAL BIG_YEAR < "$WORK/big.txt"
PAGES=("$BASE${DEMO_YEAR%/*/}/" "$BASE$DEMO_YEAR" "$BASE$DEMO_YEAR?q=%E6%95%99%E8%82%B2" "$BASE${DEMO_YEAR}honour/"
       "$BASE$DEMO_OFFICIAL" "$BASE$BIG_YEAR")
for label in "98 officials:$DEMO_YEAR" "1,000 officials:$BIG_YEAR"; do
  size=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br, gzip' "$BASE${label#*:}")
  echo "year board first view, ${label%%:*}: $(awk "BEGIN{printf \"%.1f\", $size/1024}") KB transferred (≤15 KB)"
done
node bench/lighthouse/run.mjs "${PAGES[@]}"
