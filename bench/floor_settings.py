"""
The floor: the least Django can do for a page. No apps, no middleware, no database; one
view (bench.floor_urls) that returns bytes of the same size as the anonymous article page.
"""

import os

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY") or "bench-floor-not-secret-signs-nothing"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.floor_urls"
DATABASES: dict = {}
USE_TZ = True
