"""Gate: security headers on every response, and no inline code anywhere in the templates."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.gates.inline_code import inline_code_in
from tests.gates.pages import ALL_PAGES, GatedPage
from tests.serving import PRODUCTION_ENV, ROOT, run_manage

TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


HEADER_PAGES = [*ALL_PAGES, GatedPage("static", "/static/css/site.css"), GatedPage("admin", "/admin/login/")]


@pytest.mark.parametrize("gated", HEADER_PAGES, ids=[p.name for p in HEADER_PAGES])
def test_every_response_carries_the_security_headers(client, db, gated):
    if gated.user:
        client.force_login(get_user_model().objects.get(username=gated.user))
    response = client.get(gated.url())
    assert response.status_code == gated.status
    csp = response.headers["Content-Security-Policy"]
    directives = csp_directives(csp)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # No other host anywhere in the policy: every source is a keyword.
    assert all(value.startswith("'") for values in directives.values() for value in values), csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
r = Client(HTTP_HOST="medreview.example.org").get("/editorial-policy/", secure=True)
print(json.dumps({
    "status": r.status_code,
    "hsts": r.headers.get("Strict-Transport-Security"),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
}))
"""


def test_production_settings_send_hsts_and_use_secure_cookies(tmp_path):
    import json
    import os

    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    deployment = {
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.update(deployment)
    for command in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        done = run_manage(*command, env=deployment)
        assert done.returncode == 0, done.stderr
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["status"] == 200
    assert probe["hsts"].startswith("max-age=31536000")
    assert "includeSubDomains" in probe["hsts"]
    assert probe["session_secure"] and probe["csrf_secure"] and probe["ssl_redirect"]


def test_no_template_contains_inline_script_or_style():
    templates = sorted(TEMPLATE_DIR.rglob("*.html"))
    assert templates
    problems = {str(t.relative_to(TEMPLATE_DIR)): inline_code_in(t.read_text()) for t in templates}
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<p style="color:red">x</p>',
        "<style>p{}</style>",
        '<button onclick="go()">x</button>',
        '<a href="javascript:void(0)">x</a>',
    ],
)
def test_the_inline_code_check_catches_each_kind(html):
    assert inline_code_in(html)


def test_the_inline_code_check_allows_external_scripts_data_blocks_and_plain_markup():
    html = '<script src="/static/js/x.js"></script><p class="x">styled by class</p>'
    html += '<script type="application/ld+json">{"@type": "MedicalWebPage"}</script>'
    assert inline_code_in(html) == []
    assert inline_code_in('<script type="text/javascript">alert(1)</script>')
