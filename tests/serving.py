"""
The site as it is deployed, for tests and benchmarks that need real processes: a fresh
database (an SQLite file, or a new PostgreSQL database when DATABASE_URL names one),
collected static files, gunicorn with several workers and DEBUG off, and Varnish in
front with deploy/varnish/default.vcl.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler

from config.middleware import RequestIdMiddleware
from publishing.fastpath import FastPath

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VCL = ROOT / "deploy" / "varnish" / "default.vcl"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 — our own loopback server
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def site_environment(workdir: Path, *, edge_port: int | None = None) -> dict[str, str]:
    """Environment for a production-like site on its own fresh database."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        base, _, _name = database_url.rpartition("/")
        database_url = f"{base}/medreview_serving_{uuid.uuid4().hex[:8]}"
    else:
        database_url = f"sqlite:///{workdir / 'site.sqlite3'}"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "serving-test-" + uuid.uuid4().hex,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(workdir / "static"),
            "CACHE_KEY_PREFIX": "serving-" + uuid.uuid4().hex[:8],
            "LOG_LEVEL": "WARNING",
            "SITE_URL": "http://127.0.0.1",
        }
    )
    if edge_port:
        env["EDGE_CACHE_URLS"] = f"http://127.0.0.1:{edge_port}"
    return env


def manage(env: dict[str, str], *args: str, debug: bool = False, input_text: str | None = None) -> str:
    run_env = {**env, "DEBUG": "1"} if debug else env
    result = subprocess.run(  # noqa: S603 — our own manage.py
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=run_env,
        input=input_text,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def shell(env: dict[str, str], code: str) -> str:
    """Run Python in the site's Django (as `manage.py shell` does) and return what it printed."""
    return manage(env, "shell", "--no-startup", "-c", code)


def prepare_site(env: dict[str, str]) -> None:
    """Create the database, migrate, load the demo data and collect static files."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        base, _, name = url.rpartition("/")
        with _admin_connection(base) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", debug=True)
    manage(env, "collectstatic", "--noinput")


def drop_site(env: dict[str, str]) -> None:
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        base, _, name = url.rpartition("/")
        with _admin_connection(base) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def _admin_connection(base_url: str):
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as connection:
        yield connection


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, port: int, workers: int = 2, app: str = "config.wsgi"):
    """gunicorn serving the site (sync workers, DEBUG off) until the block ends; yields the process.

    `app` is the WSGI module (the benchmark serves its bare Django floor with it)."""
    process = subprocess.Popen(  # noqa: S603 — our own site
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def varnishd_path() -> str | None:
    return shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)


@contextlib.contextmanager
def varnish(workdir: Path, *, port: int, backend_port: int):
    """varnishd with the project's VCL, pointed at the backend, until the block ends."""
    # varnishd reads the VCL as its own unprivileged user: a directory it may enter.
    home = Path(tempfile.mkdtemp(prefix="medreview-varnish-"))
    home.chmod(0o755)
    vcl = home / "default.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
    vcl.chmod(0o644)
    name = home / "instance"
    process = subprocess.Popen(  # noqa: S603 — Debian's varnishd
        [
            varnishd_path(),
            "-F",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(vcl),
            "-n",
            str(name),
            "-s",
            "malloc,64m",
            "-p",
            "vcc_allow_inline_c=off",
            "-p",
            "http_gzip_support=off",  # as deploy/varnish/start.sh runs it
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def behind_varnish(workdir: Path):
    """A fresh demo site (gunicorn, two workers, DEBUG off) behind Varnish with the project's VCL, until the
    block ends; yields {"env", "port" (Varnish), "site_port" (gunicorn)}."""
    site_port, edge_port = free_port(), free_port()
    env = site_environment(workdir, edge_port=edge_port)
    prepare_site(env)
    try:
        with gunicorn(env, port=site_port, workers=2), varnish(workdir, port=edge_port, backend_port=site_port):
            yield {"env": env, "port": edge_port, "site_port": site_port}
    finally:
        drop_site(env)


# --- a deployment's settings, in a fresh process ---------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "a-real-deployment-key-" + "k3y" * 20,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "medreview.example.org",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


# Variables of the test process that a deployment would not have.
TEST_ONLY = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


# --- reading through the edge cache ------------------------------------------------------

# Every audience cookie a reader can send ("" is no choice made).
AUDIENCES = ["", "patient", "caregiver", "student", "nurse", "physician"]


def needs_varnish():
    if varnishd_path() is None:
        reason = "varnishd not found: apt-get install varnish"
        if os.environ.get("MEDREVIEW_REQUIRE_GATES"):
            pytest.fail(reason)
        pytest.skip(reason)


def get(port: int, path: str, cookies: str = "") -> tuple[int, dict, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": "gzip"})
    if cookies:
        request.add_header("Cookie", cookies)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback
        body = response.read()
        headers = {key.lower(): value for key, value in response.headers.items()}
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, headers, body.decode()


def audience_cookie(audience: str) -> str:
    return f"medreview_audience={audience}" if audience else ""


# --- one WSGI request, as a server makes it (tests/publishing: the fast path against Django) ---------


def environ(
    path="/articles/low-back-pain/", *, method="GET", query="", cookie="", host="testserver", **headers
) -> dict:
    env = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def run(app, env: dict) -> tuple[str, list[tuple[str, str]], bytes]:
    """One request as a WSGI server makes it: call, read the body, close."""
    started = []
    result = app(
        dict(env, **{"wsgi.input": io.BytesIO(b"")}),
        lambda status, headers, exc=None: started.append((status, headers)),
    )
    try:
        body = b"".join(result)
    finally:
        result.close()
    status, headers = started[0]
    return status, sorted(headers), body


class Sites:
    """Django's own handler, and the fast path in front of a second one that notes every request it gets."""

    def __init__(self):
        self.django = WSGIHandler()
        self.fell_through: list[str] = []
        behind = WSGIHandler()

        def noted(env, start_response):
            self.fell_through.append(env["PATH_INFO"])
            return behind(env, start_response)

        self.fast = FastPath(noted, request_id_middleware=RequestIdMiddleware)

    def both(self, env: dict):
        """(Django's answer, the fast path's answer, whether the fast path answered itself)."""
        expected = run(self.django, env)
        before = len(self.fell_through)
        got = run(self.fast, env)
        return expected, got, len(self.fell_through) == before
