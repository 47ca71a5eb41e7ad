"""WSGI entry point (gunicorn config.wsgi): the article fast path in front of Django (publishing/fastpath.py)."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if settings.SECRET_KEY_MISSING:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for local development).")

from config.middleware import RequestIdMiddleware  # noqa: E402 — after Django is set up
from publishing.fastpath import FastPath  # noqa: E402

application = FastPath(django_application, request_id_middleware=RequestIdMiddleware)
