"""Settings for the test suite: the real settings, plus what only tests need."""

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)

from config.settings import *  # noqa: E402,F403
from config.settings import CACHES, REDIS_URL  # noqa: E402

# Fast hashing: the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# No collectstatic in tests; pages still link the same stylesheet.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A shared Redis outlives one test run, and revision ids repeat between test databases,
# so every run gets its own key space.
CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"

# `make test` runs the suite in several worker processes (pytest-xdist), and tests empty
# the cache between them (tests/conftest.py), which on Redis empties the whole database.
# Each worker therefore gets a Redis database of its own: gw0 the next one after
# REDIS_URL's, gw1 the one after that (Redis has 16 by default).
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _WORKER.startswith("gw"):
    _url = urlsplit(REDIS_URL)
    _number = int(_url.path.strip("/") or 0)
    _database = (_number + 1 + int(_WORKER[2:])) % 16
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_database}"))

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

DEMO_DATA_ALLOWED = True

# Serve static files from the finders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Absolute links (canonical, feed, sitemap, e-mail) name the test client's host.
SITE_URL = "http://testserver"

# Tests open connections in threads (concurrency tests, the live server); keep them short-lived.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
