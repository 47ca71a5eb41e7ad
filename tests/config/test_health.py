"""/healthz and /readyz (config/health.py): what a probe gets, whatever Host it sends."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Nothing listens on port 1: a connection is refused at once.
DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_healthz_answers_without_the_database(client):
    # No `db` fixture: pytest-django refuses any query this request would make.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_a_host_the_site_refuses(client, db, path):
    assert client.get("/", HTTP_HOST="10.1.2.3:8000").status_code == 400
    assert client.get(path, HTTP_HOST="10.1.2.3:8000").status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_not_redirected_to_https(client, db, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get(path).status_code == 200


def test_probes_carry_the_security_headers(client, db):
    response = client.get("/readyz")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_readyz_is_ready_when_database_and_cache_answer(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_readyz_names_the_cache_when_it_is_down_while_pages_still_serve(client, db, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "down", "down": ["cache"]}
    assert client.get("/").status_code == 200  # a cache outage slows the site, never breaks it


def test_readyz_names_the_database_when_it_is_down():
    # A separate process whose database is a PostgreSQL server that is not there.
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/readyz')\n"
        "print(response.status_code, response.content.decode())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "unavailable", "database": "down", "cache": "ok", "down": ["database"]}


def test_only_get_and_head_are_probes(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
