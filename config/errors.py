"""
The site's own pages for requests it cannot serve (400, CSRF failure, 413), in the site's
layout and under its CSP like every other page. Each says what happened, that nothing
was saved, and how to get back to the text the person wrote (the browser's Back button
keeps a form's text). 403 and 404 use Django's handlers with templates/403.html and 404.html.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render


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
