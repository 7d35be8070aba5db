"""scripts/demo.sh and its settings (cadreboard.settings.demo): the demo serves the app's own error
pages, not Django's debug pages, and serves on the port given in PORT. (The demo data itself:
tests/test_demo.py and tests/org/test_demo_data.py.)"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json
import django
from django.conf import settings
from django.test import Client

django.setup()
response = Client().get("/no-such-page/", headers={"host": "127.0.0.1"})
print(json.dumps({"debug": settings.DEBUG, "status": response.status_code, "body": response.content.decode(),
                  "sqlite": settings.DATABASES["default"]["OPTIONS"].get("init_command", "")}))
"""


def test_the_demo_settings_serve_the_apps_own_404_page(tmp_path):
    """Run in a process of its own: the settings module is chosen at start-up. A 404 of an
    anonymous visitor touches no table, so the database file need not exist."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL", "DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="cadreboard.settings.demo", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120, check=True)

    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["debug"] is False
    assert probe["status"] == 404
    assert '<h1 id="error-title">页面不存在</h1>' in probe["body"]
    assert "/static/css/app.css" in probe["body"]  # styled like the app, without collectstatic
    assert "Using the URLconf" not in probe["body"]  # Django's debug page lists the URL patterns
    assert "journal_mode=WAL" in probe["sqlite"]


@pytest.mark.parametrize("port", ["abc", "0", "70000", "80 80", "127.0.0.1:8000"])
def test_demo_sh_refuses_a_port_that_is_not_a_port_number_before_doing_anything(port):
    env = {**os.environ, "PORT": port}

    result = subprocess.run(["bash", "scripts/demo.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)

    assert result.returncode == 1
    assert "PORT" in result.stderr and port in result.stderr
    assert result.stdout == ""  # no install, no migration
