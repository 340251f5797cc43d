"""Settings, read from environment variables in this one place.

Defaults let one check out the code and run it (SQLite file, Celery tasks in-process, e-mail to
the console). Production only hardens: with DEBUG off, cookies are secure, HTTPS is enforced and
HSTS is sent. A malformed value stops start-up with a message instead of being guessed at.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def _env_bool(name, default):
    """django-environ reads any unknown word as False; a typo must not switch DEBUG off or on."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false).")


def _env_int(name, default):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


DEBUG = _env_bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-DEBUG-0123456789abcdefghijklmnop"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "core",
    "accounts",
    "assignments",
    "hamlets",
    "evaluations",
    "breakthroughs",
    "reports",
    "activity",
    "rollup",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it turns a lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# One code base, two kinds of installation (issue 19, DECISIONS "Snapshots and central mode"): a
# province's (the default) sends signed annual snapshots; the centre's (Ban Tổ chức Trung ương)
# receives them and compares provinces, with the staff, leader and administrator roles only.
INSTALLATION_KIND = env.str("INSTALLATION_KIND", default="province").strip().lower()
if INSTALLATION_KIND not in {"province", "central"}:
    raise ImproperlyConfigured(
        f"INSTALLATION_KIND={INSTALLATION_KIND!r} is neither 'province' nor 'central'."
    )
CENTRAL = INSTALLATION_KIND == "central"
ROOT_URLCONF = "config.urls_central" if CENTRAL else "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.role",
                "core.context_processors.organisation",
            ],
            # {% icon %} in every template without a {% load %}.
            "builtins": ["core.templatetags.icons"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = _env_int("DB_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo's web process and in-process tasks share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "accounts.hashers.GeneratedPasswordHasher",  # generated one-time passwords only
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"


def _env_networks(name):
    """Addresses or networks (10.0.0.5, 10.0.0.0/24, ::1), comma-separated."""
    entries = env.list(name, default=[])
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {entry!r} is not an address or network.") from exc
    return entries


# The reverse proxies in front: only a request from one of them may say, in X-Forwarded-For,
# which address it came from. Empty: the socket's address is the client's.
TRUSTED_PROXIES = _env_networks("TRUSTED_PROXIES")

# Lockout: failures are counted per (username, address) pair, so an attacker guessing one
# commune's password from one address cannot lock every commune out in deadline week.
AXES_FAILURE_LIMIT = _env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# One rule finds the client's address for the lockout and the access log (core.access).
AXES_CLIENT_IP_CALLABLE = "core.access.client_ip"
AXES_VERBOSE = False

# Sessions: an idle timeout (the cookie age, renewed on every request) and an absolute
# lifetime enforced by accounts.middleware.SessionLifetimeMiddleware.
SESSION_COOKIE_AGE = _env_int("SESSION_IDLE_MINUTES", 60) * 60
# The idle timeout slides: accounts.middleware.SessionLifetimeMiddleware renews the session at
# most once every five minutes, instead of writing it on every request
# (SESSION_SAVE_EVERY_REQUEST): each renewal is a database write and commit, and a commune
# filling in its form in deadline week sends a request every minute or two. An hour's idle
# timeout then ends a session after 55 to 60 idle minutes.
SESSION_RENEW_SECONDS = 300
SESSION_ABSOLUTE_SECONDS = _env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
# With Redis, a request reads its session from the cache, written through to the database: a
# restart of Redis logs no one out, and while Redis is down the database answers
# (core/sessions.py). Both timeouts above work the same on either engine.
if env.str("REDIS_URL", default=""):
    SESSION_ENGINE = "core.sessions"

# Second factor (TOTP, django-otp) for staff, leaders and the administrator: they may enrol;
# REQUIRE_TOTP=1 (production) makes them enrol before anything else.
REQUIRE_TOTP = _env_bool("REQUIRE_TOTP", False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Theo dõi cơ sở")
OTP_TOTP_THROTTLE_FACTOR = 1
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Off on purpose: with it on, every integer in a template is grouped, ids in links included
# ("?commune=1.234"). Counts shown to people go through `intcomma`, which groups the Vietnamese
# way (1.234.567) from the format module.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# The installation's Ed25519 private key that signs its snapshots (issue 19): a file, mode 600,
# never in the database and never under MEDIA_ROOT (a system check refuses it there). Created on
# first use; `backup` includes it. Keep a copy: a lost key means registering a new one centrally.
SNAPSHOT_KEY_FILE = Path(
    env.str("SNAPSHOT_KEY_FILE", default=str(BASE_DIR / "keys" / "snapshot-ed25519.pem"))
)
# Hashed, compressed file names in production (collectstatic); plain names for DEBUG and tests.
STATIC_MANIFEST = _env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": env.str("FILE_STORAGE", default="core.storage.AtomicFileSystemStorage")},
    "staticfiles": {
        # Django's and whitenoise's storages, each asset's URL worked out once (core/storage.py).
        "BACKEND": "core.storage.ManifestStatic" if STATIC_MANIFEST else "core.storage.Static"
    },
}
# Without collectstatic (DEBUG, tests) whitenoise serves from the finders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless a server is configured (an internal relay, if any).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = _env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="theodoi@localhost")

# Celery: with no REDIS_URL the tasks run in-process, at once, so the demo needs no broker.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Outcomes live in the database (a report job's row, a reminder's record), so no task stores a
# result unless it says so (core.tasks.heartbeat). With results on, sending a task subscribes to
# its result channel first, and with Redis down that retries for 20 s and then raises.
CELERY_TASK_IGNORE_RESULT = True
# A message taken by a worker that dies (killed, machine lost) goes back to the queue this many
# seconds after it was taken. It must exceed the longest task (build_report: 900 s), or a task
# still running is handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
}
CELERY_TASK_TIME_LIMIT = _env_int("CELERY_TASK_TIME_LIMIT", 600)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "core.tasks.heartbeat", "schedule": 60.0},
    "activity-deadlines": {
        "task": "activity.tasks.deadline_reminders",
        "schedule": crontab(hour=7, minute=5),
    },
    "report-requeue": {"task": "reports.tasks.requeue_waiting", "schedule": 120.0},
    "import-requeue": {"task": "assignments.tasks.requeue_imports", "schedule": 120.0},
    "evaluation-reminders": {
        "task": "evaluations.tasks.daily_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "breakthrough-deadlines": {
        "task": "breakthroughs.tasks.deadline_reminders",
        "schedule": crontab(hour=7, minute=10),
    },
}

# On Redis: Django's own backend, with one Redis client per connection pool (core/cache.py).
CACHES = {
    "default": (
        {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Content-Security-Policy (django-csp 4): everything from this server, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)
    if _env_bool("BEHIND_HTTPS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Upload limits: workbooks are refused above this size before openpyxl sees them.
IMPORT_MAX_BYTES = _env_int("IMPORT_MAX_MB", 10) * 1024 * 1024
# A sheet with more rows is refused at once, by the size it declares (core.imports); one with more
# than IMPORT_BACKGROUND_ROWS is checked and written by the task queue, with a progress bar.
IMPORT_MAX_ROWS = _env_int("IMPORT_MAX_ROWS", 100_000)
IMPORT_BACKGROUND_ROWS = _env_int("IMPORT_BACKGROUND_ROWS", 5_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
