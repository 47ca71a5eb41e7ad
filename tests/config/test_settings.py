"""Deployment settings, checked in a fresh process with the environment a deployment sets."""

import json
import os
import subprocess
import sys

import pytest
from django.core import checks

from tests.serving import PRODUCTION_ENV, ROOT, TEST_ONLY, run_manage


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=DEPLOYMENT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_them():
    env = {**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "0"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W008" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "config.E001" in result.stderr and "Set SECRET_KEY" in result.stderr
    # The WSGI application (gunicorn config.wsgi) will not start either.
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    started = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )
    assert started.returncode != 0 and "Set SECRET_KEY" in started.stderr


def test_commands_that_need_no_key_run_without_one():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("makemigrations", "--check", "--dry-run", env={**env, "DATABASE_URL": "sqlite://:memory:"})
    assert result.returncode == 0, result.stderr


# --- reading the environment (environs): empty is unset, malformed stops start-up ---------------

# The documented production environment, with the public address a deployment sets and no
# worker count (the variables the checks below read are cleared, whatever the test process has).
DEPLOYMENT = {
    **PRODUCTION_ENV,
    "SITE_URL": "https://medreview.example.org",
    "WEB_CONCURRENCY": "",
    "GUNICORN_CMD_ARGS": "",
}


def settings_in_a_fresh_process(env: dict, *names: str) -> dict:
    """The named settings as a fresh process reads them from `env` (JSON-friendly)."""
    code = (
        "import json\nfrom django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}, default=str))"
    )
    result = run_manage("shell", "--no-startup", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_empty_variable_counts_as_unset():
    empty = {
        name: ""
        for name in ("SITE_URL", "CACHE_KEY_PREFIX", "LOG_LEVEL", "DEFAULT_FROM_EMAIL", "EMERGENCY_NUMBER", "ADMINS")
    }
    read = settings_in_a_fresh_process(
        {**DEPLOYMENT, **empty, "DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/0", "PAGE_MAX_AGE": " "},
        "SITE_URL",
        "CACHES",
        "LOG_LEVEL",
        "DEFAULT_FROM_EMAIL",
        "EMERGENCY_NUMBER",
        "ADMINS",
        "PAGE_MAX_AGE",
    )
    assert read["SITE_URL"] == "http://127.0.0.1:8000"
    assert read["CACHES"]["default"]["KEY_PREFIX"] == "medreview"
    assert read["LOG_LEVEL"] == "INFO"
    assert read["DEFAULT_FROM_EMAIL"] == "MedReview <noreply@localhost>"
    assert read["EMERGENCY_NUMBER"] == "999"
    assert read["ADMINS"] == []
    assert read["PAGE_MAX_AGE"] == 0


def test_values_keep_their_meaning():
    read = settings_in_a_fresh_process(
        {
            **DEPLOYMENT,
            "ALLOWED_HOSTS": " a.example.org, ,b.example.org ",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0",
            "SECURE_SSL_REDIRECT": "true",
            "PAGE_MAX_AGE": "60",
            "LOG_LEVEL": "warning",
        },
        "ALLOWED_HOSTS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "PAGE_MAX_AGE",
        "LOG_LEVEL",
        "SITE_URL",
        "DEBUG",
    )
    assert read == {
        "ALLOWED_HOSTS": ["a.example.org", "b.example.org"],
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_SSL_REDIRECT": True,
        "PAGE_MAX_AGE": 60,
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "https://medreview.example.org",
        "DEBUG": False,
    }


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "maybe"), ("PAGE_MAX_AGE", "ten"), ("SITE_URL", "medreview.example.org"), ("ADMINS", "Ana Lee")],
)
def test_a_value_that_does_not_parse_stops_start_up_and_names_the_variable(name, value):
    result = run_manage("check", env={**DEPLOYMENT, name: value})
    assert result.returncode != 0
    assert f'Environment variable "{name}" invalid' in result.stderr


def test_admins_are_read_as_names_and_addresses():
    read = settings_in_a_fresh_process(
        {**DEPLOYMENT, "ADMINS": 'Ana Lee <ana@example.org>, "Reyes, Dan" <dan@example.org>, ops@example.org'},
        "ADMINS",
        "LOGGING",
    )
    assert read["ADMINS"] == [
        ["Ana Lee", "ana@example.org"],
        ["Reyes, Dan", "dan@example.org"],
        ["", "ops@example.org"],
    ]
    assert read["LOGGING"]["root"]["handlers"] == ["console", "mail_admins"]


def test_without_admins_no_error_is_mailed():
    read = settings_in_a_fresh_process({**DEPLOYMENT, "ADMINS": ""}, "LOGGING")
    assert read["LOGGING"]["root"]["handlers"] == ["console"]


# --- checks a deployment gets from `check --deploy` --------------------------------------------


def test_check_deploy_fails_without_a_site_url():
    result = run_manage("check", "--deploy", env={**DEPLOYMENT, "SITE_URL": ""})  # empty: as compose passes it
    assert result.returncode != 0
    assert "config.E002" in result.stderr and "Set SITE_URL" in result.stderr


def test_local_development_needs_no_site_url():
    result = run_manage("check", "--deploy", env={**DEPLOYMENT, "SITE_URL": "", "DEBUG": "1"})
    assert "config.E002" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "workers",
    [{"WEB_CONCURRENCY": "3"}, {"GUNICORN_CMD_ARGS": "--bind 0.0.0.0:8000 --workers 3 --access-logfile -"}],
)
def test_check_deploy_warns_of_several_workers_without_redis(workers):
    env = {**DEPLOYMENT, "REDIS_URL": "", **workers}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "config.W001" in output
    assert "3 workers" in output
    assert "follow-up question limit and the search limit are counted per worker" in output
    assert "Sign-in lockout" in output


def test_one_worker_or_a_shared_redis_needs_no_warning():
    for env in (
        {**DEPLOYMENT, "REDIS_URL": "", "WEB_CONCURRENCY": "1"},
        {**DEPLOYMENT, "REDIS_URL": "redis://127.0.0.1:6379/0", "WEB_CONCURRENCY": "3"},
    ):
        result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("environment", "workers"),
    [
        ({}, 1),
        ({"WEB_CONCURRENCY": "4"}, 4),
        ({"WEB_CONCURRENCY": ""}, 1),
        ({"GUNICORN_CMD_ARGS": "--workers 5"}, 5),
        ({"GUNICORN_CMD_ARGS": "--workers=2 --timeout 30"}, 2),
        ({"GUNICORN_CMD_ARGS": "-w 3"}, 3),
        ({"GUNICORN_CMD_ARGS": "-w3"}, 3),
        ({"GUNICORN_CMD_ARGS": "--timeout 30", "WEB_CONCURRENCY": "2"}, 2),
        ({"GUNICORN_CMD_ARGS": "--workers 1", "WEB_CONCURRENCY": "4"}, 1),  # gunicorn's order: the args win
        ({"GUNICORN_CMD_ARGS": "--bind 'unclosed"}, 1),
    ],
)
def test_the_worker_count_is_read_as_gunicorn_reads_it(monkeypatch, environment, workers):
    from config.settings import declared_workers

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert declared_workers() == workers


def test_the_workers_check_reads_the_settings(settings):
    from config.apps import workers_without_redis_check

    settings.SERVER_WORKERS, settings.REDIS_URL = 2, ""
    (warning,) = workers_without_redis_check()
    assert warning.id == "config.W001" and warning.level == checks.WARNING
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert workers_without_redis_check() == []
    settings.SERVER_WORKERS, settings.REDIS_URL = 1, ""
    assert workers_without_redis_check() == []


# --- error reports to Sentry (optional) ---------------------------------------------------------

SENTRY_STATE = (
    "import json, sentry_sdk\nclient = sentry_sdk.get_client()\n"
    "print(json.dumps({'active': client.is_active(), 'options': {k: client.options.get(k) for k in "
    "('send_default_pii', 'include_local_variables', 'max_request_body_size', 'max_breadcrumbs',"
    " 'auto_session_tracking', 'environment')},"
    " 'scrubbed': getattr(client.options.get('before_send'), '__name__', None)}))"
)


def test_sentry_reports_errors_only_when_a_dsn_is_set_and_never_personal_data():
    dsn = "https://publickey@127.0.0.1:9/1"  # nothing is sent: no error happens
    result = run_manage("shell", "--no-startup", "-c", SENTRY_STATE, env={**DEPLOYMENT, "SENTRY_DSN": dsn})
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state == {
        "active": True,
        "options": {
            "send_default_pii": False,
            "include_local_variables": False,
            "max_request_body_size": "never",
            "max_breadcrumbs": 0,
            "auto_session_tracking": False,
            "environment": "production",
        },
        "scrubbed": "scrub_event",
    }
    result = run_manage("shell", "--no-startup", "-c", SENTRY_STATE, env={**DEPLOYMENT, "SENTRY_DSN": ""})
    assert json.loads(result.stdout.strip().splitlines()[-1])["active"] is False
