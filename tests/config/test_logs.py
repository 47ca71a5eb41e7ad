"""Log lines (config/logs.py, the LOGGING setting) and request ids (config/middleware.py)."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.logs import JsonFormatter, RequestIdFilter, TextFormatter

ROOT = Path(__file__).resolve().parents[2]
DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}
TEXT_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 (\w+) ([\w.]+) \[([^\]]+)\] (.*)$")


def log_from_settings(log_format: str) -> str:
    """What one warning looks like under the real settings with LOG_FORMAT=log_format."""
    script = (
        "import django, logging; django.setup()\n"
        "logging.getLogger('medreview.example').warning('a %s line', 'warning')\n"
        "logging.getLogger('medreview.example').debug('not at the INFO level')\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings", "LOG_FORMAT": log_format}
    env.pop("LOG_LEVEL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stderr


def test_text_lines_carry_time_level_logger_and_request_id():
    (line,) = log_from_settings("text").splitlines()
    assert TEXT_LINE.match(line).groups() == ("WARNING", "medreview.example", "-", "a warning line")


def test_json_lines_carry_time_level_logger_and_request_id():
    (line,) = log_from_settings("json").splitlines()
    entry = json.loads(line)
    assert entry.pop("time").endswith("+00:00")
    assert entry == {"level": "WARNING", "logger": "medreview.example", "request_id": "-", "message": "a warning line"}


@pytest.fixture
def captured():
    """What the configured handler would write for records of config.* and django.request."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(name) for name in ("config", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_line_logged_during_a_request_names_the_request(client, db, settings, captured):
    settings.CACHES = DEAD_REDIS  # /readyz logs that the cache does not answer
    client.get("/readyz", HTTP_X_REQUEST_ID="proxy-id-12345")
    (entry,) = [e for e in captured() if e["logger"] == "config.health"]
    assert entry["request_id"] == "proxy-id-12345"
    assert entry["level"] == "WARNING"


def test_each_request_gets_its_own_id_when_none_is_given(client, db, settings, captured):
    settings.CACHES = DEAD_REDIS
    client.get("/readyz")
    client.get("/readyz", HTTP_X_REQUEST_ID="bad id\nINFO forged line")
    ids = [e["request_id"] for e in captured() if e["logger"] == "config.health"]
    assert len(ids) == 2 and ids[0] != ids[1]
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)


def test_django_request_lines_name_the_request_too(client, db, captured):
    client.get("/articles/no-such-article/", HTTP_X_REQUEST_ID="proxy-id-67890")
    (entry,) = [e for e in captured() if e["logger"] == "django.request"]
    assert entry["request_id"] == "proxy-id-67890"
    assert entry["status"] == 404


def test_outside_a_request_the_id_is_a_dash_and_exceptions_are_kept():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["exception"].endswith("ValueError: boom")
    text = TextFormatter().format(record)
    assert TEXT_LINE.match(text.splitlines()[0]).groups() == ("ERROR", "x", "-", "failed")
    assert "ValueError: boom" in text
