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

from config.logs import JsonFormatter, OneLineRefusal, RequestIdFilter, TextFormatter, scrub_event

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


# --- refusals: one WARNING line each, no traceback (config.logs.OneLineRefusal) -----------------


def refusals_of(caplog):
    return [r for r in caplog.records if r.name.startswith(("django.request", "django.security"))]


def assert_one_warning_line(caplog, logger_name):
    (record,) = refusals_of(caplog)
    assert (record.name, record.levelname, record.exc_info) == (logger_name, "WARNING", None)
    RequestIdFilter().filter(record)
    assert "\n" not in TextFormatter().format(record)
    assert "exception" not in json.loads(JsonFormatter().format(record))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    return record


def test_an_unknown_host_is_one_warning_line(client, db, caplog):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    record = assert_one_warning_line(caplog, "django.security.DisallowedHost")
    assert "evil.example" in record.getMessage()


def test_a_permission_denied_is_one_warning_line(client, db, caplog):
    response = client.post("/personalize/", {"audience": "patient"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    record = assert_one_warning_line(caplog, "django.request")
    assert record.getMessage() == "Forbidden (Permission denied): /personalize/"


def test_a_csrf_failure_is_one_warning_line(db, caplog):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    record = assert_one_warning_line(caplog, "django.security.csrf")
    assert "CSRF cookie not set" in record.getMessage()


def refusal_record(name, level, status):
    record = logging.LogRecord(name, level, __file__, 1, "message", (), None)
    record.status_code = status
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    return record


@pytest.mark.parametrize(
    ("name", "level", "status", "kept"),
    [
        ("django.request", logging.ERROR, 500, True),  # a fault of the site keeps its level and traceback
        ("django.request", logging.WARNING, 404, True),
        ("django.security.SuspiciousSession", logging.ERROR, 400, True),
        ("django.request", logging.WARNING, 403, False),
        ("django.security.DisallowedHost", logging.ERROR, 400, False),
        ("django.security.csrf", logging.WARNING, 403, False),
    ],
)
def test_only_refusals_lose_their_traceback(name, level, status, kept):
    record = refusal_record(name, level, status)
    assert OneLineRefusal().filter(record) is True
    if kept:
        assert record.levelno == level and record.exc_info is not None
    else:
        assert (record.levelno, record.levelname, record.exc_info) == (logging.WARNING, "WARNING", None)


OPERATOR_SCRIPT = """
import json, logging, django
django.setup()
from django.core import mail
from django.test import Client
Client().get("/", HTTP_HOST="evil.example")
Client().post("/personalize/", {"audience": "patient"}, HTTP_SEC_FETCH_SITE="cross-site")
Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "a", "password": "b"})
logging.getLogger("medreview.example").error("a real fault")
print(json.dumps([{"to": m.to, "subject": m.subject} for m in getattr(mail, "outbox", [])]))
"""


def test_what_an_operator_reads_and_what_admins_are_mailed(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_LEVEL", "LOG_FORMAT"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.test_settings",  # real settings, mail kept in memory
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
            "ALLOWED_HOSTS": "testserver",
            "ADMINS": "Ana Lee <ana@example.org>",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", OPERATOR_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = [TEXT_LINE.match(line).groups() for line in result.stderr.splitlines()]
    assert [(level, logger) for level, logger, _id, _message in lines] == [
        ("WARNING", "django.security.DisallowedHost"),
        ("WARNING", "django.request"),
        ("WARNING", "django.security.csrf"),
        ("ERROR", "medreview.example"),
    ]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        {"to": ["ana@example.org"], "subject": "[MedReview] ERROR: a real fault"}
    ]


# --- Sentry: nothing that names or describes a person -----------------------------------------


def test_a_sentry_event_is_stripped_of_personal_data():
    event = {
        "message": "boom",
        "user": {"id": 7, "ip_address": "203.0.113.9"},
        "request": {
            "url": "https://medreview.example.org/search/?q=chest+pain",
            "query_string": "q=chest+pain",
            "cookies": {"sessionid": "s"},
            "data": {"question": "I have chest pain"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
            "headers": {"Host": "medreview.example.org", "Cookie": "sessionid=s", "X-Forwarded-For": "203.0.113.9"},
        },
    }
    assert scrub_event(event, None) == {
        "message": "boom",
        "request": {"url": "https://medreview.example.org/search/", "headers": {"Host": "medreview.example.org"}},
    }


SENTRY_SCRIPT = """
import io, json, wsgiref.util
import django
django.setup()
import sentry_sdk
events = []
class KeepEvents:  # a transport that keeps what would be sent
    parsed_dsn = sentry_sdk.get_client().transport.parsed_dsn
    def capture_envelope(self, envelope):
        events.extend(item.payload.json for item in envelope.items if item.type == "event")
    def flush(self, *args, **kwargs): pass
    def kill(self): pass
    def record_lost_event(self, *args, **kwargs): pass
    def is_healthy(self): return True
sentry_sdk.get_client().transport = KeepEvents()
from django.core.wsgi import get_wsgi_application
body = b"question=I+have+chest+pain"
environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/search/", "QUERY_STRING": "q=chest+pain",
    "HTTP_HOST": "testserver", "HTTP_COOKIE": "sessionid=abc", "HTTP_X_FORWARDED_FOR": "203.0.113.9",
    "HTTP_REFERER": "https://testserver/search/?q=chest+pain", "REMOTE_ADDR": "203.0.113.9",
    "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body)}
wsgiref.util.setup_testing_defaults(environ)
b"".join(get_wsgi_application()(environ, lambda status, headers, exc_info=None: None))  # a 500: no tables
print(json.dumps(events))
"""


def test_a_sentry_report_of_a_real_500_carries_no_personal_data(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "sentry-test-" + "k" * 40,
            "ALLOWED_HOSTS": "testserver",
            "SITE_URL": "https://medreview.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",  # no tables: every page is a 500
            "SENTRY_DSN": "https://publickey@127.0.0.1:9/1",
            "LOG_LEVEL": "CRITICAL",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    (event,) = json.loads(result.stdout.strip().splitlines()[-1])
    assert event["exception"]["values"]  # the fault itself is reported
    assert event["request"] == {
        "url": "http://testserver/search/",
        "method": "POST",
        "headers": {"Host": "testserver", "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "26"},
    }
    report = json.dumps(event)
    for personal in ("chest", "203.0.113.9", "sessionid", "abc"):
        assert personal not in report
    assert "user" not in event
