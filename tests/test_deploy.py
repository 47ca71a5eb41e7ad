"""
deploy/: what this machine can check without a Docker engine. The Dockerfile's and the
systemd unit's commands are run here as they would run there (collectstatic with the
production settings, gunicorn serving config.wsgi); the files themselves are parsed.
Building the image and `docker compose up` are untested here (README "Deploying").
"""

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of deploy/Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (DEPLOY / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_the_image_runs_as_a_user_that_is_not_root():
    users = [args for instruction, args in dockerfile_instructions() if instruction == "USER"]
    assert users, "no USER: the image would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_the_image_installs_the_locked_dependencies_and_collects_static_files_at_build():
    runs = [args for instruction, args in dockerfile_instructions() if instruction == "RUN"]
    assert any("pip install --require-hashes -r requirements.lock" in run for run in runs)
    assert any("manage.py collectstatic --noinput" in run for run in runs)
    copies = [args for instruction, args in dockerfile_instructions() if instruction == "COPY"]
    assert all((ROOT / args.split()[-2]).exists() for args in copies if not args.split()[-2] == ".")


def test_the_image_runs_a_supported_python_and_serves_with_gunicorn():
    (base,) = [args for instruction, args in dockerfile_instructions() if instruction == "FROM"]
    major, minor = map(int, re.match(r"python:(\d+)\.(\d+)", base).groups())
    assert (major, minor) >= (3, 11)
    (cmd,) = [json.loads(args) for instruction, args in dockerfile_instructions() if instruction == "CMD"]
    assert cmd[:2] == ["gunicorn", "config.wsgi"]
    (check,) = [args for instruction, args in dockerfile_instructions() if instruction == "HEALTHCHECK"]
    assert "/healthz" in check


def test_the_compose_file_runs_postgresql_redis_and_the_site():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "redis", "migrate", "web"} <= set(services)
    web = services["web"]
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    environment = web["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    # Secrets come from deploy/.env, never from this file.
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert services["migrate"]["build"]["dockerfile"] == "deploy/Dockerfile"
    assert all(port.startswith("127.0.0.1:") for port in web["ports"])  # behind the TLS proxy


def test_the_systemd_unit_is_valid():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not found (Debian's systemd package)")
    unit = (DEPLOY / "medreview.service").read_text()
    # Where the unit expects /srv/medreview and its venv, this checkout and this venv.
    unit = unit.replace("/srv/medreview/.venv/bin/", f"{sys.prefix}/bin/").replace("/srv/medreview", str(ROOT))
    assert verify_unit(analyze, unit) == ""
    assert "Failed to parse service type" in verify_unit(analyze, unit.replace("Type=notify", "Type=notifyy"))


def verify_unit(analyze: str, text: str) -> str:
    directory = Path(os.environ.get("TMPDIR", "/tmp")) / f"medreview-unit-{os.getpid()}"
    directory.mkdir(exist_ok=True)
    path = directory / "medreview.service"
    path.write_text(text)
    result = subprocess.run([analyze, "verify", str(path)], capture_output=True, text=True, timeout=60)
    shutil.rmtree(directory)
    return (result.stderr + ("" if result.returncode == 0 else f"exit {result.returncode}")).strip()


def unit_command(key: str) -> list[str]:
    (line,) = [line for line in (DEPLOY / "medreview.service").read_text().splitlines() if line.startswith(f"{key}=")]
    return shlex.split(line.split("=", 1)[1])


def test_the_unit_migrates_then_serves_config_wsgi():
    assert unit_command("ExecStartPre")[1:] == ["manage.py", "migrate", "--noinput"]
    assert unit_command("ExecStart")[0].endswith("/gunicorn") and unit_command("ExecStart")[1] == "config.wsgi"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, host: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — our own local server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_production_build_and_start_commands_serve_the_site(tmp_path):
    """collectstatic as the image builds it; migrate and gunicorn as the unit and the image start them."""
    env = {
        key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="deploy-test-" + "k" * 50,
        ALLOWED_HOSTS="medreview.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        LOG_FORMAT="json",
    )
    python = sys.executable
    build = dict(env, SECRET_KEY="collectstatic-only-not-a-secret")
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=build, check=True, capture_output=True
    )
    assert (tmp_path / "static" / "staticfiles.json").exists()
    subprocess.run([python, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    gunicorn = Path(sys.prefix) / "bin" / "gunicorn"
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if get(f"{base}/healthz", "10.0.0.5")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError((tmp_path / "gunicorn.log").read_text())
        assert get(f"{base}/readyz", "10.0.0.5") == (200, '{"status": "ok", "database": "ok", "cache": "ok"}')
        status, home = get(f"{base}/", "medreview.example.org")
        assert status == 200 and "/static/css/site." in home
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
        assert get(f"{base}{stylesheet}", "medreview.example.org")[0] == 200  # WhiteNoise, hashed name
        assert get(f"{base}/", "evil.example")[0] == 400
        assert get(f"{base}/no-such-page/", "medreview.example.org")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    lines = [json.loads(line) for line in (tmp_path / "gunicorn.log").read_text().splitlines() if line.startswith("{")]
    (not_found,) = [line for line in lines if line["logger"] == "django.request" and line.get("status") == 404]
    assert re.fullmatch(r"[0-9a-f]{32}", not_found["request_id"])
