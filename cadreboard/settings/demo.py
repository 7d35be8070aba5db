"""The demo (`bash scripts/demo.sh`): the local settings as a visitor should meet the app.

- DEBUG off: an unknown address or a refused page shows the app's own 404 and 403 pages
  (templates/404.html, 403.html), not Django's debug pages, which also list every URL pattern.
- Static files straight from the apps and static/ (WhiteNoise reads them through the finders), so
  the demo needs no `collectstatic`.
- On the embedded SQLite file, write-ahead logging without a flush to disk at every commit
  (`synchronous=NORMAL`; a flush took about 20 ms on the development machine's disk, some 2 s of
  a fresh migrate's 100-odd commits, and every sign-in commits), and readers no longer wait for
  a writer. A crash of the machine may lose the last commits, never corrupt the file: fine for a
  demo that `demo.sh` completes where anything is missing.
"""
from .local import *  # noqa: F401,F403
from .local import DATABASES

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # nothing collected: WhiteNoise would warn that the folder is missing

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
