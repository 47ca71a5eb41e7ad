"""manage.py ensure_database: the first `make run` against a PostgreSQL server that has no database yet."""

import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from tests.serving import ROOT


def run(database_url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "ensure_database"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_a_missing_postgresql_database_is_created_then_left_alone(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (CI's second run)")
    settings_dict = connection.settings_dict
    name = f"medreview_new_{uuid.uuid4().hex[:8]}"
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or 5432
    url = f"postgres://{settings_dict['USER']}@{host}:{port}/{name}"
    try:
        first = run(url)
        assert first.returncode == 0, first.stderr
        assert f"Created the PostgreSQL database {name}." in first.stdout
        again = run(url)
        assert again.returncode == 0 and again.stdout == ""
    finally:
        with psycopg.connect(host=host, port=port, user=settings_dict["USER"], dbname="postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_sqlite_needs_nothing(tmp_path):
    result = run(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert result.returncode == 0 and result.stdout == "", result.stderr


def test_a_server_that_does_not_answer_is_one_line_not_a_traceback():
    result = run("postgres://postgres@127.0.0.1:1/nothing")
    assert result.returncode != 0
    assert "Cannot reach PostgreSQL" in result.stderr and "Traceback" not in result.stderr
