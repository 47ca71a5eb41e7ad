"""
Log lines an operator can read and a log collector can parse.

Every line carries the time (UTC, ISO 8601), level, logger and the id of the request it
belongs to ("-" outside a request); LOG_FORMAT=json writes one JSON object a line
instead of text. config.middleware.RequestIdMiddleware sets the id for each request.
A request refused for the client's own doing is one WARNING line (OneLineRefusal), and
error reports to Sentry carry no personal data (sentry_options).
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

NO_REQUEST = "-"
current_request_id: ContextVar[str] = ContextVar("current_request_id", default=NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record (as `request_id`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id == NO_REQUEST:
            # Django logs "Not Found" and friends after the middleware has returned; those
            # records carry the request itself.
            request_id = getattr(getattr(record, "request", None), "request_id", NO_REQUEST)
        record.request_id = request_id
        return True


def _time(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """`2026-11-25T21:58:01.123+00:00 WARNING publishing.caching [3f2a…] message`."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_time(record)} {record.levelname} {record.name} [{getattr(record, 'request_id', NO_REQUEST)}] "
        line += record.getMessage()
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, request_id, message (and exception)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", NO_REQUEST),
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)


# Where Django logs a request it refused because of what the client sent: an unknown Host
# (DisallowedHost, logged at ERROR with a traceback), a 403 (PermissionDenied, with a
# traceback) and a failed CSRF check. None is a fault of the site.
_REFUSAL_LOGGERS = ("django.security.DisallowedHost", "django.security.csrf", "django.request")


class OneLineRefusal(logging.Filter):
    """
    Make a refused request one WARNING line without a traceback: the line already names the
    refusal and the path, and an operator reading the log (or ADMINS' mailbox, which gets
    ERRORs) is not told of a fault where there is none. Set on the loggers in
    _REFUSAL_LOGGERS (settings.LOGGING), where it runs before any handler sees the record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if _is_refusal(record):
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
            record.exc_info = None
            record.exc_text = None
        return True


def _is_refusal(record: logging.LogRecord) -> bool:
    if record.name == "django.request":
        return getattr(record, "status_code", None) == 403
    return record.name in _REFUSAL_LOGGERS


# --- Sentry (settings: only when SENTRY_DSN is set) ------------------------------------------

# The request headers a report keeps: none of them says who the reader is or what they typed.
_SAFE_HEADERS = frozenset({"host", "user-agent", "accept", "accept-language", "content-type", "content-length"})


def sentry_options(dsn: str, *, environment: str) -> dict[str, Any]:
    """sentry_sdk.init's options: errors only (no tracing), and nothing that names or describes a person."""
    return {
        "dsn": dsn,
        "environment": environment,
        "send_default_pii": False,  # no user, IP address, cookies or identifying headers
        "include_local_variables": False,  # a frame's variables can hold what someone typed
        "max_request_body_size": "never",  # no form bodies: questions, drafts, passwords
        "max_breadcrumbs": 0,  # no earlier log lines (paths, search words) ride along
        "auto_session_tracking": False,  # errors only: no count of every request
        "before_send": scrub_event,
    }


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Strip an event to what locates the fault: no query string (a search names a condition),
    cookies, body, user or headers beyond _SAFE_HEADERS."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("query_string", "cookies", "data", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {name: value for name, value in headers.items() if name.lower() in _SAFE_HEADERS}
    event.pop("user", None)
    return event
