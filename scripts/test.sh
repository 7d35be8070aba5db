#!/usr/bin/env bash
# Install the test dependencies and run the whole suite. Extra arguments go to pytest.
# DATABASE_URL / REDIS_URL, when set, make the suite run on PostgreSQL / Redis (as CI does);
# without them it runs on SQLite with no services. REQUIRE_SERVICES=1 and REQUIRE_BROWSER=1
# turn the skips of the worker and browser tests into failures.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
