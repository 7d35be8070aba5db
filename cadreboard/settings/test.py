"""Test settings: as production-like as the suite allows, with fast hashing and eager tasks."""
import json
import os

os.environ.setdefault("SECRET_KEY", "insecure-test-only")
os.environ.setdefault("DEBUG", "False")

# Tests call the API far faster than a person; the throttling test sets its own low rates.
os.environ.setdefault("API_THROTTLE_ANON", "100000/min")
os.environ.setdefault("API_THROTTLE_USER", "100000/min")
os.environ.setdefault("API_THROTTLE_TOKEN", "100000/min")
os.environ.setdefault("API_THROTTLE_FEEDBACK", "100000/min")
os.environ.setdefault("API_THROTTLE_BALLOT", "100000/min")

from .base import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders; tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tasks run in the test process even when REDIS_URL is set; the tests that need a real
# worker start one themselves and send to it explicitly (tests/test_celery_worker.py). A server
# started by a fault test (tests/test_faults.py) sends its tasks to Redis as production does.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CADREBOARD_TEST_EAGER", "1") == "1"
LOGGING = {**LOGGING, "loggers": {**LOGGING["loggers"], "axes": {"level": "WARNING"}}}  # noqa: F405
# Fault points for the publishing and compute tests (core/faults.py); a worker started by
# a test receives them through the environment, e.g. {"publish:before-switch": "sleep:30"}.
FAULT_POINTS = json.loads(os.environ.get("CADREBOARD_TEST_FAULTS", "{}"))
# Mail stays in memory (django.core.mail.outbox): the digest tests read it.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
