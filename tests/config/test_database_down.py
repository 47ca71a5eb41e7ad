"""
The database out of reach (config.errors, config.middleware, config.health, settings.DATABASES):
every page that needs it answers the styled 503 at once, with Retry-After and never cached,
logging one WARNING line and no traceback; /readyz names the database. The real drivers fail:
a PostgreSQL server where nothing listens, or an SQLite file in a folder that does not exist.
"""

import copy
import json
import logging
import re
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend
from django.test import Client, RequestFactory

from tests import serving
from tests.gates import html_validator
from tests.gates.inline_code import inline_code_in
from tests.helpers import text_of

PAGES = ["/", "/articles/leg-cramps/", "/search/?q=cramp"]
STYLED_503 = "The site cannot reach its database just now"
# A session cookie: the page then asks the database who is signed in, even a 404.
SIGNED_IN = "sessionid=abcdefghijklmnopqrstuvwxyz012345"


def unreachable(kind: str, tmp_path) -> dict:
    """Connection settings the real driver fails to connect with."""
    if kind == "postgresql":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "medreview",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(serving.free_port()),  # nothing listens there: refused at once
            "OPTIONS": {"connect_timeout": 2},
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "no-such-folder" / "db.sqlite3"),
        "OPTIONS": {},
    }


@pytest.fixture
def swap_database(django_db_blocker):
    """Make the default database (in this thread) one with the given settings; put the real one back after."""
    original = connections[DEFAULT_DB_ALIAS]
    swapped = []

    def swap(settings_dict: dict):
        merged = {**copy.deepcopy(original.settings_dict), **settings_dict}
        wrapper = load_backend(merged["ENGINE"]).DatabaseWrapper(merged, DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = wrapper
        swapped.append(wrapper)
        return wrapper

    with django_db_blocker.unblock():
        yield swap
        for wrapper in swapped:
            wrapper.close()
    connections[DEFAULT_DB_ALIAS] = original


@pytest.fixture(params=["postgresql", "sqlite"])
def database_down(request, swap_database, tmp_path):
    """The default database out of reach (no `db`: nothing here may reach the test database)."""
    swap_database(unreachable(request.param, tmp_path))
    return request.param


def timed(get, *args, **kwargs):
    started = time.monotonic()
    response = get(*args, **kwargs)
    return response, time.monotonic() - started


def assert_one_warning_without_traceback(caplog, logger: str, *phrases: str) -> None:
    loud = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [(record.name, record.levelname) for record in loud] == [(logger, "WARNING")]
    message = loud[0].getMessage()
    assert "\n" not in message
    for phrase in phrases:
        assert phrase in message
    assert [record for record in caplog.records if record.exc_info] == []


def assert_styled_503(response, elapsed: float) -> str:
    assert response.status_code == 503
    # No wait for a connection: a refused one answers at once, and a host that does not answer
    # would cost the connect timeout (2 s, settings). The page itself takes milliseconds; the
    # bound leaves room for a machine running the two suites and their browsers at once (1.4 s seen).
    assert elapsed < 2
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    html = response.content.decode()
    assert STYLED_503 in text_of(response)
    assert "nothing you submitted was saved" in text_of(response).lower()
    assert "try again in a minute" in text_of(response)
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert inline_code_in(html) == []
    assert "OperationalError" not in html  # no internals
    return html


@pytest.mark.parametrize("path", PAGES)
def test_a_page_answers_the_styled_503_at_once_with_one_warning_line(client, database_down, caplog, path):
    response, elapsed = timed(client.get, path)
    assert_styled_503(response, elapsed)
    assert_one_warning_without_traceback(
        caplog, "config.errors", "Database unavailable: OperationalError: ", f"GET {path.split('?')[0]}"
    )


def test_a_form_sent_while_the_database_is_down_gets_the_503(client, database_down, caplog):
    response, elapsed = timed(client.post, "/accounts/login/", {"username": "someone", "password": "x"})
    assert_styled_503(response, elapsed)
    assert_one_warning_without_traceback(caplog, "config.errors", "(POST /accounts/login/)")


def test_a_page_that_fails_outside_its_view_gets_the_503_too(database_down, caplog):
    # The 404 page asks the session who is signed in: that fails in Django's 404 handler,
    # outside any view, and reaches handler500 (config.errors.server_error).
    client = Client(raise_request_exception=False, HTTP_COOKIE=SIGNED_IN)
    response, elapsed = timed(client.get, "/no-such-page/")
    assert_styled_503(response, elapsed)
    assert_one_warning_without_traceback(caplog, "config.errors", "(GET /no-such-page/)")


def test_readyz_names_the_database_within_a_second(client, database_down, caplog):
    response, elapsed = timed(client.get, "/readyz")
    assert response.status_code == 503
    # No wait for a connection: a refused one answers at once, and a host that does not answer
    # would cost the connect timeout (2 s, settings). The page itself takes milliseconds; the
    # bound leaves room for a machine running the two suites and their browsers at once (1.4 s seen).
    assert elapsed < 2
    assert response.json() == {"status": "unavailable", "database": "down", "cache": "ok", "down": ["database"]}
    assert "no-store" in response.headers["Cache-Control"]
    assert_one_warning_without_traceback(caplog, "config.health", "Readiness: the database does not answer")


def test_the_503_page_is_valid_html(client, swap_database, tmp_path):
    swap_database(unreachable("sqlite", tmp_path))
    assert html_validator.validate({"503": client.get("/").content.decode()}) == {"503": []}


def test_an_operational_error_on_a_working_database_stays_a_500_with_its_traceback(swap_database, tmp_path, caplog):
    # An SQLite file without the site's tables: the database answers, the fault is the site's.
    swap_database({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "empty.sqlite3"), "OPTIONS": {}})
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong" in text_of(response)
    assert [(r.name, r.levelname) for r in caplog.records if r.exc_info] == [("django.request", "ERROR")]


# --- "check on error": no health-check query before each request ---------------------------------


def serve(handler: WSGIHandler, path: str) -> int:
    """One request through Django's WSGI handler as a server makes it: request_started and
    request_finished close unusable connections (the test client leaves that out)."""
    environ = RequestFactory().get(path, HTTP_COOKIE=SIGNED_IN).environ
    response = handler(environ, lambda status, headers: None)
    response.close()  # request_finished
    return response.status_code


def test_a_connection_the_database_dropped_fails_one_request_and_is_replaced_after_it(db, swap_database, caplog):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL to drop a connection (DATABASE_URL=postgres://...)")
    original = connections[DEFAULT_DB_ALIAS]
    kept = swap_database({"CONN_MAX_AGE": 60})
    assert kept.settings_dict["CONN_HEALTH_CHECKS"] is False
    handler = WSGIHandler()
    assert serve(handler, "/accounts/login/") == 200
    backend = kept.connection.info.backend_pid
    with original.cursor() as cursor:  # the test's own connection: the database drops the kept one
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [backend])
    # No query checks the kept connection first: the page's own query finds it dropped...
    assert serve(handler, "/accounts/login/") == 503
    # ...and Django closes it at the end of that request (close_if_unusable_or_obsolete).
    assert kept.connection is None
    assert serve(handler, "/accounts/login/") == 200
    assert kept.connection.info.backend_pid != backend
    assert_one_warning_without_traceback(caplog, "config.errors", "Database unavailable: OperationalError: ")


# --- a real server: gunicorn with the real settings and logging --------------------------------------


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, dict, float]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback
            status, headers = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        status, headers = error.code, dict(error.headers)
    return status, headers, time.monotonic() - started


def test_gunicorn_answers_503s_in_under_a_second_with_one_log_line_each(tmp_path):
    env = serving.site_environment(tmp_path)
    env.pop("REDIS_URL", None)
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{serving.free_port()}/medreview"
    serving.manage(env, "collectstatic", "--noinput")  # the 404 page links the stylesheet through the manifest
    port = serving.free_port()
    paths = [*PAGES, "/readyz"]
    with (tmp_path / "stderr.log").open("w") as log:
        process = subprocess.Popen(  # noqa: S603 — our own site
            [serving.PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=serving.ROOT,
            env=env,
            stderr=log,
        )
        try:
            serving.wait_for(f"http://127.0.0.1:{port}/healthz")
            answers = [fetch(port, path) for path in paths] + [fetch(port, "/no-such-page/", SIGNED_IN)]
        finally:
            process.terminate()
            process.wait(timeout=20)
    for status, headers, elapsed in answers:
        assert (status, elapsed < 1) == (503, True)
        assert "no-store" in headers["Cache-Control"]
    assert [headers.get("Retry-After") for _, headers, _ in answers] == ["30", "30", "30", None, "30"]
    lines = (tmp_path / "stderr.log").read_text().splitlines()
    assert "Traceback" not in "\n".join(lines)
    assert [re.search(r" (\w+) ([\w.]+) \[", line).groups() for line in lines] == [
        *[("WARNING", "config.errors")] * 3,
        ("WARNING", "config.health"),
        ("WARNING", "config.errors"),
    ]


@pytest.mark.parametrize(
    ("url", "connect_timeout"),
    [
        ("postgres://db.example/medreview", 2),
        ("postgres://db.example/medreview?connect_timeout=5", 5),  # the URL's own wins
        ("sqlite:///db.sqlite3", None),  # SQLite has no connect timeout (it waits `timeout` for a lock)
    ],
)
def test_the_database_settings_connect_briefly_and_check_no_connection_before_each_request(url, connect_timeout):
    code = "from django.conf import settings; import json; print(json.dumps(settings.DATABASES['default']))"
    result = serving.run_manage(
        "shell", "--no-startup", "-c", code, env={**serving.PRODUCTION_ENV, "DATABASE_URL": url}
    )
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout.strip().splitlines()[-1])
    assert database["OPTIONS"].get("connect_timeout") == connect_timeout
    assert database["CONN_HEALTH_CHECKS"] is False
    assert database["CONN_MAX_AGE"] == 60
