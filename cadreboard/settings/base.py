"""Settings shared by every environment. Values come from the environment (django-environ).

This module imports no application code.
"""
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; real deployments pass the environment directly.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cadreboard",  # project-wide commands and tasks
    "cadreboard.apps.CadreboardAdminConfig",  # the admin site, scoped by role
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "cadreboard.apps.AxesConfig",  # django-axes, named in Chinese and English
    "django_htmx",
    "csp",
    "django_celery_beat",
    "cadreboard.apps.CeleryResultsConfig",  # django-celery-results, named in Chinese and English
    # ours
    "accounts",
    "org",
    "notifications",
    "cycles",
    "evaluations",
    "pledges",
    "boards",
    "excel",
    "surveys",
    "appeals",
    "simulations",
    "records",
    "development",
    "growth",
    "profiles",
    "demo",  # the demo_data command; no models
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.UploadNamesMiddleware",  # a file named ".." → 400, not silently dropped
    "core.middleware.RefuseNulMiddleware",  # a NUL byte in path, query or form → 400
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.AuditDeniedMiddleware",  # every 401/403 (and scoped 404) → an audit event
    "accounts.middleware.PasswordChangeRequiredMiddleware",  # a temporary password → change it first
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cadreboard.urls"
WSGI_APPLICATION = "cadreboard.wsgi.application"
ASGI_APPLICATION = "cadreboard.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: DATABASE_URL, else a SQLite file inside the project -------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Reuse connections; the health check makes a restarted server transparent to requests.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery: REDIS_URL, else local memory and eager tasks ------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cadreboard",
            # A Redis that drops packets must not hang requests: the cache is an optimisation.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_STORE_EAGER_RESULT = True
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_TASK_TIME_LIMIT - 60, CELERY_TASK_TIME_LIMIT * 9 // 10)
# Longer than the longest task, so an unacknowledged task is not redelivered while it runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT * 2,
    # A request that enqueues must not hang when Redis is down: fail within seconds.
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Synced into the database schedule when beat starts; editable afterwards in the admin.
CELERY_BEAT_SCHEDULE = {
    "pledge-reminders": {"task": "pledges.record_reminders", "schedule": crontab(hour=8, minute=30)},
    "talks-overdue": {"task": "development.flag_overdue_talks", "schedule": crontab(hour=8, minute=40)},
    # After the reminders, so the morning's deadline notifications are in the same mail.
    "notification-digest": {"task": "notifications.send_digest", "schedule": crontab(hour=9, minute=0)},
    "board-republish": {"task": "boards.republish_due", "schedule": crontab(minute=15)},
    "export-files-prune": {"task": "excel.prune_export_files", "schedule": crontab(hour=3, minute=40)},
}
CELERY_TIMEZONE = "Asia/Shanghai"

# --- Change history (django-simple-history) --------------------------------------------------
# History is read-only: a revert would save an old version past the services' state rules,
# reasons and locks (accounts.admin_base.ScopedAdmin refuses every write to a history entry).
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Auth --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock a username + client pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Behind N reverse proxies (which set X-Forwarded-For), the client is read from that header by
# both the lockout and the API throttles; with 0 the peer address is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# --- I18N --------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_MB", default=10) * 1024 * 1024
# Excel imports: the largest file and the most data rows one import takes (SPEC section 7).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_MB", default=20) * 1024 * 1024
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
# The columns of a sheet an import reads (the widest template has 20); with IMPORT_MAX_ROWS it sets
# how large a sheet and its shared strings may be (excel.guard).
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=64)
# A page export with more rows than this runs in a worker, with a progress bar and a download link.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=5_000)
# Background export files are deleted after this many days (a daily beat task).
EXPORT_FILES_KEEP_DAYS = env.int("EXPORT_FILES_KEEP_DAYS", default=7)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- API -----------------------------------------------------------------------------------
# API tokens expire this many days after they are issued (a new one from POST /api/v1/auth/token/).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=30)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every view must still name its permission explicitly (a test walks them all); this
    # default only makes a forgotten one fail closed.
    # DRF's parsers, with a JSON parser that refuses absurd nesting (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "accounts.api.filters.ScopedFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/min"),
        "user": env("API_THROTTLE_USER", default="1200/min"),
        "token": env("API_THROTTLE_TOKEN", default="30/min"),
        "feedback": env("API_THROTTLE_FEEDBACK", default="10/hour"),
        "ballot": env("API_THROTTLE_BALLOT", default="60/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cadreboard API",
    "DESCRIPTION": (
        "Cadreboard, pledges and reviews of district-managed principal officials — JSON API (v1).\n\n"
        "Authentication: `POST /api/v1/auth/token/` with `{\"username\", \"password\"}` returns "
        "`{\"token\"}`; send it as `Authorization: Token <token>`. A token is valid for "
        f"{API_TOKEN_DAYS} days from its issue (API_TOKEN_DAYS); an expired token answers 401 "
        "(its message says the token expired) and the same endpoint then issues a new one. "
        "Changing the account's password or deactivating it revokes its tokens at once."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files (drf-spectacular-sidecar): no outside host.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set, where several models use the same field name.
    "ENUM_NAME_OVERRIDES": {
        "PledgeKindEnum": "pledges.models.Pledge.Kind",
        "PledgeGradeEnum": "pledges.models.Pledge.Grade",
        "PledgeStatusEnum": "pledges.models.Pledge.Status",
        "RevisionStatusEnum": "pledges.models.PledgeRevision.Status",
        "ReminderKindEnum": "pledges.models.Reminder.Kind",
        "ResultGradeEnum": "evaluations.models.Grade",
        "ListItemKindEnum": "evaluations.models.ListItem.Kind",
        "UnitKindEnum": "org.models.Unit.Kind",
        "FeedbackStatusEnum": "boards.models.Feedback.Status",
    },
}

# --- Logging: to stderr, never secrets (no request bodies, no headers) -------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Mail: the daily notification digest ---------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587 ; absent → mail is printed to the log.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))  # EMAIL_BACKEND, EMAIL_HOST, …
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)  # seconds; a hung mail server must not hang the worker
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cadreboard@localhost")
# Mail each account with an address its unread notifications once a day (notifications.send_digest).
NOTIFICATION_DIGEST = env.bool("NOTIFICATION_DIGEST", default=True)
# The address the site is reached at, for the links in the digest (e.g. https://kaoping.example.gov.cn).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- Security defaults that hold everywhere --------------------------------------------------
# Content-Security-Policy (django-csp): scripts and styles only from our own static files — no
# inline script, no inline style, no outside host. Views that need more say so themselves
# (cadreboard/urls.py: the ReDoc page).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # swagger-ui.css draws its icons from data: URLs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
