"""Project-wide middleware that belongs to no single app."""

from __future__ import annotations

import logging
import os
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from config import errors, logs

logger = logging.getLogger(__name__)

# An id a proxy in front (Varnish, nginx) already gave the request is kept, so one id
# follows the request through every log; anything else gets a new one. The pattern
# keeps a client from writing anything but a short plain token into the logs.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


class RequestIdMiddleware:
    """Give each request an id (`request.request_id`) that every log line of it carries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        # 32 random hex digits, as uuid4().hex gave, without building a UUID object on every request.
        request_id = incoming if _INCOMING_ID.fullmatch(incoming) else os.urandom(16).hex()
        request.request_id = request_id  # type: ignore[attr-defined]
        token = logs.current_request_id.set(request_id)
        try:
            return self.get_response(request)
        finally:
            logs.current_request_id.reset(token)


class RequestTooLargeMiddleware:
    """
    Answer a form post larger than DATA_UPLOAD_MAX_MEMORY_SIZE with the styled 413 page
    (and one whose Content-Length is no number with the styled 400),
    before anything reads it: Django alone answers "Bad Request (400)" with a logged
    traceback. The page tells the writer that the browser's Back button keeps their text.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                # gunicorn refuses such a request itself; other servers pass it on, and
                # Django's request.body would raise on it (a 500).
                logger.warning(
                    "Refused a %s to %s with a Content-Length that is no number.", request.method, request.path
                )
                return errors.bad_request(request)
            too_large = declared > limit
            if not too_large:
                try:
                    request.POST  # noqa: B018 — reading it is the check (multipart counts only its fields)
                except RequestDataTooBig:
                    too_large = True
            if too_large:
                logger.warning(
                    "Refused a %s of %s bytes to %s: over the limit of %s.",
                    request.method,
                    declared or "?",
                    request.path,
                    limit,
                )
                return errors.request_too_large(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """
    A view (or the template it renders) that cannot reach the database answers the styled
    503 with Retry-After (config.errors.database_unavailable) and one WARNING line, instead
    of a 500 with a traceback. Errors raised outside a view reach config.errors.server_error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if errors.database_unreachable(exception):
            return errors.database_unavailable(request, exception)
        return None
