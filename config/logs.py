"""
Log lines an operator can read and a log collector can parse.

Every line carries the time (UTC, ISO 8601), level, logger and the id of the request it
belongs to ("-" outside a request); LOG_FORMAT=json writes one JSON object a line
instead of text. config.middleware.RequestIdMiddleware sets the id for each request.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

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
