"""Deployment settings, checked in a fresh process with the environment a deployment sets."""

import os
import subprocess
import sys

from tests.serving import PRODUCTION_ENV, ROOT, TEST_ONLY, run_manage


def test_check_deploy_is_clean_with_the_documented_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
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
