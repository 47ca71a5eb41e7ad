"""Settings for the test suite: the real settings, plus what only tests need."""

import os
import uuid

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)

from config.settings import *  # noqa: E402,F403
from config.settings import CACHES  # noqa: E402

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

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

DEMO_DATA_ALLOWED = True

# Serve static files from the finders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Absolute links (canonical, feed, sitemap, e-mail) name the test client's host.
SITE_URL = "http://testserver"

# Tests open connections in threads (concurrency tests, the live server); keep them short-lived.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
