"""
MedReview settings.

Every value a deployment changes comes from the environment; the README lists them.
Defaults are safe for production (DEBUG off, secure cookies); `make run` sets DEBUG=1
for local development.

Variables are read with environs: a value that does not parse (DEBUG=maybe, PAGE_MAX_AGE=ten)
stops start-up with a message naming the variable, and no value is expanded (a secret may
hold a `$`). An empty variable counts as unset and gets the default: compose passes
`SITE_URL: ${SITE_URL:-}` when .env leaves one out.
"""

import datetime
import os
import shlex
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import environs
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

_env = environs.Env(expand_vars=False)


def env_given(name: str) -> bool:
    """Whether the variable has a value: unset, empty and blank all mean "use the default"."""
    return bool(os.environ.get(name, "").strip())


def env_str(name: str, default: str) -> str:
    return _env.str(name) if env_given(name) else default


def env_bool(name: str, default: bool = False) -> bool:
    """1/0, true/false, yes/no, on/off (any other value is refused)."""
    return _env.bool(name) if env_given(name) else default


def env_int(name: str, default: int) -> int:
    return _env.int(name) if env_given(name) else default


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks around and between items are dropped."""
    if not env_given(name):
        return default
    items: list[str] = _env.list(name, subcast=str)
    return [item.strip() for item in items if item.strip()]


def _valid_addresses(value: str) -> None:
    if not all("@" in address for _name, address in getaddresses([value])):
        raise environs.ValidationError("Write addresses as 'Name <name@example.org>', separated by commas.")


def env_addresses(name: str) -> list[tuple[str, str]]:
    """`Ana Lee <ana@example.org>, ops@example.org` as Django's ADMINS wants it: (name, address) pairs."""
    if not env_given(name):
        return []
    return getaddresses([_env.str(name, validate=_valid_addresses)])


def declared_workers() -> int:
    """How many gunicorn workers the environment asks for: --workers (or -w) in GUNICORN_CMD_ARGS, else
    WEB_CONCURRENCY, else 1. (Workers named on gunicorn's own command line are not visible here.)"""
    try:
        args = shlex.split(os.environ.get("GUNICORN_CMD_ARGS", ""))
    except ValueError:
        args = []
    for index, arg in enumerate(args):
        value = None
        if arg in ("-w", "--workers") and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--workers="):
            value = arg.partition("=")[2]
        elif arg.startswith("-w") and len(arg) > 2:
            value = arg[2:]
        if value is not None and value.strip().isdigit():
            return int(value)
    return env_int("WEB_CONCURRENCY", 1)


DEBUG = env_bool("DEBUG", False)

# Required unless DEBUG. Left empty, Django refuses anything that needs the key, the
# system check config.E001 fails (`manage.py check`), and config/wsgi.py will not start;
# commands that need no key (makemigrations) still run.
SECRET_KEY = env_str("SECRET_KEY", "")
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG  # read by the check: Django refuses to read an empty key
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only-not-for-any-deployment"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "config.apps.SiteConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "csp",
    "axes",
    "django_ratelimit",
    "accounts",
    "articles",
    "review",
    "publishing",
    "demo",
]

MIDDLEWARE = [
    # Header middleware first, so that static files served by WhiteNoise get the headers too.
    "django.middleware.security.SecurityMiddleware",
    # django-csp, with the site-wide policy built once (config.security.CSPMiddleware).
    "config.security.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "config.security.RejectNulMiddleware",
    # Compresses HTML the views did not compress themselves (stored article pages come
    # gzipped). BREACH: docs/architecture.md, "Published pages".
    "django.middleware.gzip.GZipMiddleware",
    # An ETag (of the page before compression: GZipMiddleware pads each gzip with random
    # bytes against BREACH, and marks the ETag weak) and 304 for every GET with no validator
    # of its own: home, index, board, policy pages, search, the feed. Stored article pages
    # carry their own strong ETag and are left alone.
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language from its address (/es/…), never from the browser (config.locale).
    "config.locale.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
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
                "config.context.site",
                "config.context.languages",
                "config.context.site_urls",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: opening one costs ~1 ms a request.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # No health-check query before each request's first one: a kept connection that a
        # query finds broken is checked at the end of that request and closed (Django's
        # close_if_unusable_or_obsolete), so the next request opens a new one.
        conn_health_checks=False,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request quickly (the styled 503,
    # config.errors) instead of holding a worker: a refused connection fails at once, a
    # host that does not answer after connect_timeout, whose minimum is 2 s (libpq,
    # psycopg). DATABASE_URL may set another (`?connect_timeout=5`).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers writing at once wait for each other instead of failing with
    # "database is locked": WAL lets readers go on during a write, writes take the lock
    # when their transaction begins (IMMEDIATE), and a busy writer is waited for (20 s).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, keeping one redis-py client per pool (publishing/redis_cache.py).
            "BACKEND": "publishing.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "medreview"),
            # A cache that does not answer must not hold a request up: it is only an
            # optimisation (publishing.caching treats a failure as a miss).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "medreview",
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in for a locked-out username or address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (django-axes, attempts kept in the database every worker shares):
# after AXES_FAILURE_LIMIT wrong passwords for one username from one address, or from one
# address in all, sign-in from that address is refused for AXES_COOLOFF_MINUTES. A username
# alone is never locked: guesses from elsewhere cannot lock a board member out of their own
# sign-in. Admins see and clear attempts in the admin ("Access attempts") or with
# `manage.py axes_reset_username USERNAME`. Usernames longer than the account's column are
# refused by the sign-in forms before they reach the attempts table (web/accounts/forms.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "web.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.clients.client_ip"
AXES_VERBOSE = False

# How many reverse proxies in front of the site append to X-Forwarded-For (nginx,
# Varnish, a CDN): the client address is read behind exactly that many (accounts/clients.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# The follow-up question limit (articles/questions.py) is django-ratelimit over the
# "default" cache, keyed on the trusted-proxy client address (accounts.clients.client_ip).
# Its system checks want a shared cache with an atomic increment. With REDIS_URL the cache
# is Django's own Redis backend (publishing.redis_cache): shared by every process and incremented
# atomically (INCRBY), but not on django-ratelimit's list of tested backends, so its
# warning W001 is silenced. Without REDIS_URL (SQLite on one machine) the cache is
# local memory, which is NOT shared (E003): each server process then counts its own
# questions, so with N gunicorn workers a client may ask up to N × 5 an hour before being
# stopped. That bound is accepted for the single-machine setup (and `manage.py runserver`,
# one process, is exact); a deployment with several processes sets REDIS_URL.
RATELIMIT_USE_CACHE = "default"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] if REDIS_URL else ["django_ratelimit.E003", "django_ratelimit.W001"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"

# English at every unprefixed address; Spanish under /es/ (config.locale, web/reader/urls.py).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# E-mail: console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    # A mail server that does not answer gives up after this long (password reset mail, error mail).
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "MedReview <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Cookies are secure and HSTS is on unless DEBUG; a deployment behind a TLS
# proxy sets SECURE_PROXY_SSL_HEADER_ENABLED and SECURE_SSL_REDIRECT (README).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Permissions-Policy (config.security): browser features the site never uses, denied.
PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
    "browsing-topics",
]

# Content-Security-Policy (django-csp): everything from this site only, no inline script
# or style anywhere, no framing. Pages make no request to any other host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# django-simple-history: the admin's revert button would write straight to the article
# row and bypass review, so it is off; restoring goes through the editor's own action.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Published pages (publishing/pages.py): anonymous article pages are stored once per
# audience and served as bytes. They are kept in the cache too only when every process
# shares it (Redis); a per-process cache could serve a page another process has replaced.
PUBLISHED_PAGES_IN_CACHE = bool(REDIS_URL)
# How long browsers and edge caches may keep a reader page. Browsers revalidate every time
# by default (PAGE_MAX_AGE 0: a 304 costs little, and a withdrawn or corrected article
# reaches them at once, which no one can push into a browser's cache); the edge keeps
# pages for EDGE_MAX_AGE but is told at once when one changes (EDGE_CACHE_URLS).
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 0)
EDGE_MAX_AGE = env_int("EDGE_MAX_AGE", 86400)
EDGE_CACHE_URLS = env_list("EDGE_CACHE_URLS", [])

# The emergency number reader pages tell people to call. 999 because the demo articles
# cite UK guidance (NICE, NHS); a site for other readers sets its own (911, 112, ...).
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "999")
# The number for urgent advice that is not an emergency ("Get help today"), e.g. NHS 111.
URGENT_ADVICE_NUMBER = env_str("URGENT_ADVICE_NUMBER", "111")
# Who runs the site and how readers reach them (About, Contact and Privacy pages say so).
SITE_OPERATOR = env_str("SITE_OPERATOR", "MedReview")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "editors@medreview.example")

# Review workflow: how long an approval stays current before the board re-reviews it.
REVIEW_INTERVAL_MONTHS = env_int("REVIEW_INTERVAL_MONTHS", 12)
# The board's queue lists approvals due for re-review within this many days (and overdue ones).
REVIEW_DUE_SOON_DAYS = env_int("REVIEW_DUE_SOON_DAYS", 30)
# A review waiting or assigned longer than this many days is chased by send_review_reminders,
# at most once in each such interval.
REVIEW_WAITING_REMINDER_DAYS = env_int("REVIEW_WAITING_REMINDER_DAYS", 7)
# How many distinct board members must approve a revision before readers get it (1 or more).
REQUIRED_APPROVALS = max(1, env_int("REQUIRED_APPROVALS", 1))

# Every line: time (UTC), level, logger and request id (config/logs.py); LOG_FORMAT=json
# for one JSON object a line. Django's own loggers (django.request, django.server, …)
# lose their default handlers and reach the same one, so nothing is printed twice.
# A request refused for the client's own doing (an unknown Host, a 403, a failed CSRF
# check) is one WARNING line without a traceback (config.logs.OneLineRefusal).
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").strip().upper()
LOG_FORMAT = env_str("LOG_FORMAT", "text").strip().lower()
# Errors (500s, and lines logged at ERROR) are mailed to ADMINS when it is set, e.g.
# ADMINS="Ana Lee <ana@example.org>, ops@example.org" (sent from SERVER_EMAIL); never with DEBUG.
ADMINS = env_addresses("ADMINS")
EMAIL_SUBJECT_PREFIX = "[MedReview] "
_REFUSALS = {"handlers": [], "filters": ["one_line_refusal"], "propagate": True}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.logs.RequestIdFilter"},
        "one_line_refusal": {"()": "config.logs.OneLineRefusal"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "text": {"()": "config.logs.TextFormatter"},
        "json": {"()": "config.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console", "mail_admins"] if ADMINS else ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # Where Django logs those refusals (a filter acts only on its own logger's records).
        "django.request": {**_REFUSALS},
        "django.security.DisallowedHost": {**_REFUSALS},
        "django.security.csrf": {**_REFUSALS},
    },
}

# Error reports to Sentry as well, only when SENTRY_DSN is set; without personal data
# (no user, address, cookies, form bodies, query strings or local variables: config/logs.py).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk  # noqa: E402 — only a deployment that reports to Sentry loads it

    from config.logs import sentry_options  # noqa: E402

    sentry_sdk.init(**sentry_options(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production")))

# Demo accounts and articles (`manage.py load_demo`) exist only for local development.
DEMO_DATA_ALLOWED = DEBUG
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# The site's own address, for links in e-mail (no request to read it from).
# Required unless DEBUG: without it `check --deploy` fails (config.E002), since every absolute
# link the site makes (e-mail, feeds, canonical links, stored pages) would name this default.
SITE_URL = (
    _env.str("SITE_URL", validate=environs.validate.URL(schemes={"http", "https"}, require_tld=False))
    if env_given("SITE_URL")
    else "http://127.0.0.1:8000"
)
SITE_URL_MISSING = not env_given("SITE_URL") and not DEBUG

# Each gunicorn worker is a process of its own; with several and no REDIS_URL, the limits
# counted in the cache are counted per worker (the check config.W001 says which).
SERVER_WORKERS = declared_workers()

# --- Operating the site (README "Operating the site") ----------------------------------
# Every log line of a request carries its id (config/logs.py), so it comes first. The
# probes (/healthz, /readyz) are answered before the host check (CommonMiddleware) and
# the session; an over-size form is answered with the styled 413 page before anything
# reads it, once the user is known (so the page shows them signed in).
MIDDLEWARE = ["config.middleware.RequestIdMiddleware", *MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware"), "config.health.ProbeMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "config.middleware.RequestTooLargeMiddleware",
)
# A view that cannot reach the database answers the styled 503 (config.errors), not a 500.
MIDDLEWARE.insert(MIDDLEWARE.index("axes.middleware.AxesMiddleware"), "config.middleware.DatabaseUnavailableMiddleware")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
