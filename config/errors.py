"""
The site's own pages for requests it cannot serve (400, CSRF failure, 413), in the site's
layout and under its CSP like every other page. Each says what happened, that nothing
was saved, and how to get back to the text the person wrote (the browser's Back button
keeps a form's text). 403 and 404 use Django's handlers with templates/403.html and 404.html.

A request that needs the database while it cannot be reached gets the 503 page
(database_unavailable): standalone, like 500.html, since the site's layout asks the
database who is signed in. config.middleware.DatabaseUnavailableMiddleware answers it for
views; server_error (handler500) for what fails outside one (a middleware, the 404 page).
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

# Seconds the 503 asks a client to wait before trying again (Retry-After).
DATABASE_RETRY_AFTER = 30


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a request the site could not understand."""
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form whose security check failed, explained in terms of cookies."""
    context = {"reason": reason, "no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return render(request, "403_csrf.html", context, status=403)


def request_too_large(request: HttpRequest) -> HttpResponse:
    """A form larger than DATA_UPLOAD_MAX_MEMORY_SIZE (answered by RequestTooLargeMiddleware)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    context = {"limit_mb": f"{limit / 1024 / 1024:.1f}".removesuffix(".0")}
    return render(request, "413.html", context, status=413)


def database_unreachable(error: BaseException | None) -> bool:
    """
    Whether `error` means the database cannot be reached: a connection error (OperationalError,
    InterfaceError) while a connection of this thread failed to open or no longer works.
    Any other error, including an OperationalError on a working connection (SQLite's
    "no such table", a statement timeout), stays a 500 with its traceback: a fault to mend.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    return any(db.connection is None or not db.is_usable() for db in connections.all(initialized_only=True))


def database_unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """The styled 503 (templates/503.html), never cached, with Retry-After; one WARNING line, no traceback."""
    detail = " ".join(str(error).split())  # libpq's messages run over several lines
    logger.warning(
        "Database unavailable: %s: %s (%s %s); answered 503.",
        type(error).__name__,
        detail,
        request.method,
        request.path,
        extra={"status_code": 503},
    )
    # Rendered without the request: no context processor, so nothing asks the database.
    html = loader.render_to_string("503.html", {"EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER})
    response = HttpResponse(html, status=503, headers={"Retry-After": str(DATABASE_RETRY_AFTER)})
    add_never_cache_headers(response)
    # That warning is the request's log entry: django.request adds none (django.utils.log.log_response).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page when the error was losing the database, else Django's 500 (templates/500.html)."""
    error = sys.exc_info()[1]
    if error is not None and database_unreachable(error):
        return database_unavailable(request, error)
    return defaults.server_error(request)
