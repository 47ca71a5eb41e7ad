"""
deploy/: what this machine can check without a Docker engine. The Dockerfile's and the
systemd unit's commands are run here as they would run there (collectstatic with the
production settings, gunicorn serving config.wsgi, `check --deploy` with the environment
compose gives the app servers); deploy/deploy.sh runs against a scratch install; the VCL
is compiled and Varnish started through deploy/varnish/start.sh; the other files are
parsed. Building the image and `docker compose up` are untested here (deploy/README.md).
"""

import json
import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests import serving

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
GUNICORN = Path(sys.prefix) / "bin" / "gunicorn"


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


def test_gunicorn_takes_its_worker_count_from_web_concurrency():
    (cmd,) = [json.loads(args) for instruction, args in dockerfile_instructions() if instruction == "CMD"]
    envs = " ".join(args for instruction, args in dockerfile_instructions() if instruction == "ENV")
    assert "WEB_CONCURRENCY=3" in envs.split()
    assert "Environment=WEB_CONCURRENCY=3" in (DEPLOY / "medreview.service").read_text().splitlines()
    for command in (cmd, unit_command("ExecStart")):
        assert not {"--workers", "-w"} & set(command), "a worker count here would override WEB_CONCURRENCY"
    printed = subprocess.run(
        [str(GUNICORN), *cmd[1:], "--print-config"],
        cwd=ROOT,
        env=dict(os.environ, WEB_CONCURRENCY="5"),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert re.search(r"^workers\s+= 5$", printed, re.MULTILINE)


# --- deploy/compose.yaml ----------------------------------------------------------------

VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def env_example() -> dict[str, str]:
    """NAME=value of deploy/env.example (commented lines left out)."""
    lines = (DEPLOY / "env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if "=" in line and not line.lstrip().startswith("#")]
    return {name.strip(): value.strip() for name, value in pairs}


def interpolate(text: str, values: dict[str, str]) -> str:
    """Compose's interpolation of ${NAME}, ${NAME:-default} and ${NAME:?error}."""

    def one(match: re.Match) -> str:
        name, operator, argument = match.groups()
        value = values.get(name, "")
        if operator in {":?", "?"}:
            assert value, f"compose would stop: {argument}"
        return value or (argument if operator in {":-", "-"} else "")

    return VARIABLE.sub(one, text)


def app_environment(values: dict[str, str]) -> dict[str, str]:
    """What compose gives the app servers: a variable without a value passes through when set, else is unset."""
    environment = COMPOSE["services"]["web"]["environment"]
    given = {
        name: values.get(name) if value is None else interpolate(value, values) for name, value in environment.items()
    }
    return {name: value for name, value in given.items() if value is not None}


def test_the_compose_file_runs_postgresql_redis_two_app_servers_and_varnish():
    services = COMPOSE["services"]
    assert {"db", "redis", "migrate", "web", "web2", "varnish"} <= set(services)
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("migrate", "web", "web2"):
        build = services[name]["build"]
        assert (DEPLOY / build["context"]).resolve() == ROOT, f"{name}: the repository root is the context"
        assert build["dockerfile"] == "deploy/Dockerfile" and (ROOT / build["dockerfile"]).exists()
    for name in ("web", "web2"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "ports" not in services[name], f"{name}: reached through Varnish only"
    environment = services["web"]["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["WEB_CONCURRENCY"].startswith("${WEB_CONCURRENCY")
    # Secrets come from deploy/.env, never from this file.
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert services["web2"]["environment"] == environment == services["migrate"]["environment"]


def test_varnish_runs_the_projects_vcl_in_front_of_both_app_servers_and_takes_their_bans():
    services = COMPOSE["services"]
    varnish = services["varnish"]
    assert varnish["image"].startswith("varnish:7")
    (mount,) = varnish["volumes"]
    source, target, mode = mount.split(":")
    assert (DEPLOY / source).resolve() == DEPLOY / "varnish" and mode == "ro"
    assert varnish["entrypoint"] == ["/bin/sh", f"{target}/start.sh"]
    environment = varnish["environment"]
    assert environment["VARNISH_BACKENDS"].split() == ["web:8000", "web2:8000"]
    assert interpolate(environment["VARNISH_PURGERS"], {}).split() == ["web", "web2"]
    for name in ("web", "web2"):
        assert varnish["depends_on"][name] == {"condition": "service_healthy", "restart": True}
    assert all(port.startswith("127.0.0.1:") for port in varnish["ports"])  # behind the TLS proxy
    # Every edge the site bans at is this Varnish, on the port it listens on.
    edges = services["web"]["environment"]["EDGE_CACHE_URLS"].split(",")
    assert edges == [f"http://varnish{environment['VARNISH_LISTEN']}"]


def test_the_compose_file_gives_no_variable_an_empty_default():
    lines = (DEPLOY / "compose.yaml").read_text().splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert re.findall(r"\$\{\w+:?-\}", text) == []  # ${NAME:-} would set NAME to ""
    required = set(re.findall(r"\$\{(\w+):\?", text))
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS", "SITE_URL"} <= required
    example = env_example()
    assert {name for name in required if example.get(name)} == required, "env.example gives every required value"
    assert interpolate("${SITE_URL:-}", {}) == ""  # what the rule prevents


def test_the_migrate_service_checks_the_configuration_compose_gives_the_app_servers():
    """The check `migrate` runs before it migrates: it passes once env.example is filled in, and not before."""
    command = interpolate(COMPOSE["services"]["migrate"]["command"][-1], {})
    check, migrate = (shlex.split(part) for part in command.split("&&"))
    assert check == ["python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    assert migrate == ["python", "manage.py", "migrate", "--noinput"]
    relaxed = interpolate(COMPOSE["services"]["migrate"]["command"][-1], {"MEDREVIEW_CHECK_FAIL_LEVEL": "ERROR"})
    assert "--fail-level ERROR" in relaxed
    clean = {key: value for key, value in os.environ.items() if key not in serving.TEST_ONLY | {"REDIS_URL"}}

    def run_check(values: dict[str, str]) -> subprocess.CompletedProcess:
        environment = app_environment(values)
        assert environment["SITE_URL"] == "https://medreview.example.org" and "EMAIL_HOST" not in environment
        return subprocess.run(
            [sys.executable, *check[1:]], cwd=ROOT, env={**clean, **environment}, capture_output=True, text=True
        )

    filled_in = run_check({**env_example(), "SECRET_KEY": "compose-test-" + "s3cr3t-" * 8})
    assert filled_in.returncode == 0, filled_in.stdout + filled_in.stderr
    as_shipped = run_check(env_example())  # the placeholder key is refused
    assert as_shipped.returncode != 0 and "security.W009" in as_shipped.stdout + as_shipped.stderr


def docker_compose() -> list[str]:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("docker compose is not installed here (no docker CLI, or the CLI has no compose plugin)")
    return [docker, "compose", "-f", str(DEPLOY / "compose.yaml")]


def test_docker_compose_reads_the_file(tmp_path):
    compose = docker_compose()
    result = subprocess.run(
        [*compose, "--env-file", str(DEPLOY / "env.example"), "config", "--quiet"],
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (tmp_path / "empty.env").write_text("")
    bare = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/")}  # no SECRET_KEY from this shell
    result = subprocess.run(
        [*compose, "--env-file", str(tmp_path / "empty.env"), "config", "--quiet"],
        env=bare,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "in deploy/.env" in result.stderr


# --- .dockerignore: the build context ---------------------------------------------------


def dockerignore_pattern(pattern: str) -> re.Pattern:
    """A .dockerignore line as a regular expression over paths (a directory excludes what it holds)."""
    regex, index = "", 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            regex, index = regex + "(?:.*/)?", index + 3
        elif pattern.startswith("**", index):
            regex, index = regex + ".*", index + 2
        elif pattern[index] in "*?":
            regex, index = regex + ("[^/]*" if pattern[index] == "*" else "[^/]"), index + 1
        elif pattern[index] == "[":
            close = pattern.index("]", index)
            regex, index = regex + pattern[index : close + 1], close + 1
        else:
            regex, index = regex + re.escape(pattern[index]), index + 1
    return re.compile(regex + "(?:/.*)?")


def ignored(path: str) -> bool:
    lines = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()]
    patterns = [line for line in lines if line and not line.startswith("#")]
    assert not any(pattern.startswith("!") for pattern in patterns)  # this reader knows no exceptions
    return any(dockerignore_pattern(pattern).fullmatch(path) for pattern in patterns)


def test_the_build_context_leaves_out_what_the_image_never_needs():
    # BuildKit would read a Dockerfile-specific list instead, and the classic builder never.
    assert not (DEPLOY / "Dockerfile.dockerignore").exists(), "keep one list: the top-level .dockerignore"
    for path in [
        ".git/HEAD",
        ".venv/bin/python",
        ".venv-3.13/bin/python",
        "staticfiles/staticfiles.json",
        "db.sqlite3",
        "db.sqlite3-wal",
        "bench/site.sqlite3",
        "config/__pycache__/settings.cpython-313.pyc",
        ".pytest_cache/README.md",
        ".mypy_cache/3.13/x.json",
        ".ruff_cache/CACHEDIR.TAG",
        ".hypothesis/examples/x",
        "deploy/.env",
        "tests/test_deploy.py",
    ]:
        assert ignored(path), path


def test_the_build_context_keeps_what_the_image_needs():
    (compiled,) = [
        args for instruction, args in dockerfile_instructions() if instruction == "RUN" and "compileall" in args
    ]
    packages = compiled.split("compileall -q", 1)[1].split()
    needed = ["manage.py", "requirements.lock", *(f"{package}/__init__.py" for package in packages)]
    needed += [str(next((ROOT / folder).rglob("*.*")).relative_to(ROOT)) for folder in ("static", "templates")]
    assert {"config", "web", "publishing"} <= set(packages)
    assert [path for path in needed if not (ROOT / path).exists() or ignored(path)] == []


# --- the edge cache: deploy/varnish/ ------------------------------------------------------

VCL = DEPLOY / "varnish" / "default.vcl"
START = DEPLOY / "varnish" / "start.sh"


@pytest.fixture
def varnish_home():
    """A directory varnishd's unprivileged user may read (pytest's tmp_path is private to root)."""
    serving.needs_varnish()
    home = Path(tempfile.mkdtemp(prefix="medreview-deploy-varnish-"))
    home.chmod(0o755)
    yield home
    shutil.rmtree(home, ignore_errors=True)


def compile_errors(vcl: Path) -> str:
    """varnishd -C: "" when the VCL compiles (the C it prints on success is dropped)."""
    result = subprocess.run([serving.varnishd_path(), "-C", "-f", str(vcl)], capture_output=True, text=True, timeout=60)
    return "" if result.returncode == 0 else (result.stderr[-3000:] or f"exit {result.returncode}")


def start_script(home: Path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "VARNISH_VCL": str(home / "medreview.vcl"), **environment}
    return subprocess.run(["sh", str(START), *args], env=env, capture_output=True, text=True, timeout=60)


def test_the_vcl_compiles(varnish_home):
    assert compile_errors(VCL) == ""
    broken = varnish_home / "broken.vcl"  # and the check can fail
    broken.write_text(VCL.read_text() + "sub vcl_recv {\n")
    broken.chmod(0o644)
    assert compile_errors(broken) != ""


def test_the_start_script_writes_the_backends_and_the_purge_acl_from_the_environment(varnish_home):
    result = start_script(
        varnish_home,
        VARNISH_VCL_ONLY="1",
        VARNISH_BACKENDS="127.0.0.1:8001, localhost:8002",
        VARNISH_PURGERS="10.0.0.0/8 192.0.2.7,::1",
    )
    assert result.returncode == 0, result.stderr
    vcl = (varnish_home / "medreview.vcl").read_text()
    assert compile_errors(varnish_home / "medreview.vcl") == ""
    acl = re.search(r"^acl purgers \{\n(.*?)^\}", vcl, re.MULTILINE | re.DOTALL).group(1)
    assert acl.split() == ['"10.0.0.0"/8;', '"192.0.2.7";', '"::1";']
    assert re.findall(r'\.host = "(.*)";\n\s*\.port = "(\d+)";', vcl) == [("127.0.0.1", "8001"), ("localhost", "8002")]
    assert "app.add_backend(app1);\n    app.add_backend(app2);" in vcl
    # Around the two blocks, the VCL is default.vcl word for word.
    default = VCL.read_text()
    assert vcl.startswith(default.split("# BEGIN backends")[0])
    assert vcl.endswith(default.split("# END purgers\n")[1])


@pytest.mark.parametrize(
    "name, value",
    [
        ("VARNISH_BACKENDS", 'web:8000; include "/etc/passwd"'),
        ("VARNISH_BACKENDS", "web"),
        ("VARNISH_BACKENDS", ""),
        ("VARNISH_PURGERS", '"0.0.0.0"/0'),
        ("VARNISH_PURGERS", "10.0.0.0/x"),
        ("VARNISH_PURGERS", " , "),
    ],
)
def test_the_start_script_refuses_what_is_not_an_address(varnish_home, name, value):
    environment = {"VARNISH_BACKENDS": "web:8000", "VARNISH_PURGERS": "web", name: value, "VARNISH_VCL_ONLY": "1"}
    result = start_script(varnish_home, **environment)
    assert result.returncode != 0 and name in result.stderr
    assert list(varnish_home.iterdir()) == []  # no VCL written, not even in part


def ban_status(port: int) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", method="BAN", headers={"X-Ban-Url": "^/articles/"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — our own local Varnish
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("purgers, status", [("192.0.2.7", 405), ("192.0.2.7 127.0.0.1", 200)])
def test_only_the_purgers_named_in_the_environment_may_ban(varnish_home, purgers, status):
    """Varnish started as the compose service starts it: the ACL decides who may ban."""
    port = serving.free_port()
    environment = {
        "PATH": os.environ["PATH"],
        "VARNISHD": serving.varnishd_path(),
        "VARNISH_VCL": str(varnish_home / "medreview.vcl"),
        "VARNISH_LISTEN": f"127.0.0.1:{port}",
        "VARNISH_SIZE": "16m",
        "VARNISH_BACKENDS": f"127.0.0.1:{serving.free_port()}",  # nobody there: BAN never reaches a backend
        "VARNISH_PURGERS": purgers,
    }
    varnish = subprocess.Popen(
        ["sh", str(START), "-n", str(varnish_home / "instance")],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        serving.wait_for(f"http://127.0.0.1:{port}/healthz")
        assert ban_status(port) == status
    finally:
        varnish.terminate()
        varnish.wait(timeout=20)


# --- one machine: the systemd unit and deploy/deploy.sh -----------------------------------


def test_the_systemd_unit_is_valid():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not found (Debian's systemd package)")
    unit = (DEPLOY / "medreview.service").read_text()
    # Where the unit expects /srv/medreview and its venv, this checkout and this venv.
    unit = unit.replace("/srv/medreview/.venv/bin/", f"{sys.prefix}/bin/").replace("/srv/medreview", str(ROOT))
    assert verify_unit(analyze, unit) == ""
    assert "Failed to parse service type" in verify_unit(analyze, unit.replace("Type=notify", "Type=notifyy"))
    # It checks the commands exist, too: the real paths above are what it ran.
    missing = unit.replace(f"{sys.prefix}/bin/gunicorn", f"{sys.prefix}/bin/no-such-gunicorn")
    assert "no-such-gunicorn" in verify_unit(analyze, missing)


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


def test_the_unit_reloads_gracefully_after_deploy_sh_has_migrated():
    assert unit_command("ExecReload") == ["/bin/kill", "-s", "HUP", "$MAINPID"]  # gunicorn: new workers, new code
    comments = " ".join(
        line for line in (DEPLOY / "medreview.service").read_text().splitlines() if line.startswith("#")
    )
    assert "deploy/deploy.sh" in comments and "migrate" in comments
    script = DEPLOY / "deploy.sh"
    assert script.stat().st_mode & stat.S_IXUSR
    assert "set -euo pipefail" in script.read_text().splitlines()


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


# --- deploy/deploy.sh ---------------------------------------------------------------------

DEPLOY_SH = DEPLOY / "deploy.sh"

# Stands in for the venv's Python: notes each command (and the environment it was given).
RECORDING_PYTHON = """#!/bin/bash
printf '%s\\n' "$*" >> "$RECORD"
[[ $2 == check ]] && env > "$RECORD.env"
exit 0
"""


def deploy(env_file: Path, **settings: str) -> subprocess.CompletedProcess:
    """deploy/deploy.sh as an operator runs it, with the site's configuration in env_file."""
    inherited = {key: value for key, value in os.environ.items() if key not in serving.TEST_ONLY}
    inherited = {key: value for key, value in inherited.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env = {
        **inherited,
        "MEDREVIEW_ENV_FILE": str(env_file),
        "MEDREVIEW_PYTHON": sys.executable,
        "MEDREVIEW_USER": "",  # migrate as this user, whoever runs the tests
        "MEDREVIEW_SERVICE": "medreview-test-no-such-unit",  # never a real unit, should systemd be here
        **settings,
    }
    return subprocess.run(["bash", str(DEPLOY_SH)], cwd="/", env=env, capture_output=True, text=True, timeout=600)


def recording_python(tmp_path: Path) -> dict[str, str]:
    python = tmp_path / "python"
    python.write_text(RECORDING_PYTHON)
    python.chmod(0o755)
    return {"MEDREVIEW_PYTHON": str(python), "RECORD": str(tmp_path / "record")}


def test_deploy_sh_installs_checks_collects_migrates_then_reloads(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text(
        "# the site's configuration, as systemd's EnvironmentFile= reads it\n"
        "\n"
        "; another comment\n"
        'SECRET_KEY="a key with spaces"\n'
        "SITE_URL='https://medreview.example.org'\n"
        "DEFAULT_FROM_EMAIL=MedReview <noreply@medreview.example.org>\n"
        "EMAIL_HOST_PASSWORD=pa$$word$(touch injected)\n"
    )
    settings = recording_python(tmp_path)
    result = deploy(env_file, **settings, MEDREVIEW_RELOAD_CMD='echo reload >> "$RECORD"')
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "record").read_text().splitlines() == [
        "-m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock",
        "manage.py check --deploy --fail-level WARNING",
        "manage.py collectstatic --noinput",
        "manage.py migrate --noinput",
        "reload",
    ]
    given = dict(line.split("=", 1) for line in (tmp_path / "record.env").read_text().splitlines() if "=" in line)
    assert given["SECRET_KEY"] == "a key with spaces"
    assert given["SITE_URL"] == "https://medreview.example.org"
    assert given["DEFAULT_FROM_EMAIL"] == "MedReview <noreply@medreview.example.org>"
    assert given["EMAIL_HOST_PASSWORD"] == "pa$$word$(touch injected)"  # read, never run
    assert not any((folder / "injected").exists() for folder in (ROOT, tmp_path, Path("/")))


@pytest.mark.parametrize(
    "line, settings, message",
    [
        ("NOT A SETTING", {}, "not NAME=value"),
        ("SECRET_KEY=k", {"MEDREVIEW_INSTALL": "0"}, "cannot reload gunicorn"),  # no way to reload was given
    ],
)
def test_deploy_sh_stops_before_what_it_cannot_do(tmp_path, line, settings, message):
    (tmp_path / "env").write_text(line + "\n")
    result = deploy(tmp_path / "env", **recording_python(tmp_path), **settings)
    if message == "cannot reload gunicorn" and Path("/run/systemd/system").is_dir():
        message = "medreview-test-no-such-unit"  # systemd is here: it was asked, and refused
    assert result.returncode != 0 and message in result.stderr


def scratch_install(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A production-like configuration: DEBUG off, a fresh SQLite database, static files in tmp_path."""
    return {
        "DEBUG": "0",
        "SECRET_KEY": "deploy-sh-test-" + "k" * 50,
        "ALLOWED_HOSTS": "medreview.example.org",
        "SITE_URL": "https://medreview.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_PRELOAD": "1",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


def unapplied_migrations(config: dict[str, str]) -> list[str]:
    env = {**{k: v for k, v in os.environ.items() if k not in serving.TEST_ONLY}, **config}
    plan = subprocess.run(
        [sys.executable, "manage.py", "showmigrations", "--plan"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert plan.returncode == 0, plan.stderr
    steps = [line for line in plan.stdout.splitlines() if line.startswith(("[X]", "[ ]"))]
    assert len(steps) > 10, plan.stdout
    return [line for line in steps if line.startswith("[ ]")]


def write_env_file(path: Path, config: dict[str, str]) -> Path:
    path.write_text("".join(f"{name}={value}\n" for name, value in config.items()))
    return path


def test_deploy_sh_migrates_a_scratch_install_and_reloads_its_gunicorn(tmp_path):
    config = scratch_install(tmp_path)
    pid_file = tmp_path / "gunicorn.pid"
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    env = {**{k: v for k, v in os.environ.items() if k not in serving.TEST_ONLY}, **config, "LOG_LEVEL": "INFO"}
    # The site as it runs before the deploy: gunicorn with a pid file, on a database with no table yet.
    server = subprocess.Popen(
        [str(GUNICORN), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--pid", str(pid_file)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        serving.wait_for(f"http://127.0.0.1:{port}/healthz")
        result = deploy(
            write_env_file(tmp_path / "env", config), MEDREVIEW_INSTALL="0", MEDREVIEW_PIDFILE=str(pid_file)
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert unapplied_migrations(config) == []
        assert (tmp_path / "static" / "staticfiles.json").exists()
        for _ in range(100):
            if "Handling signal: hup" in (tmp_path / "gunicorn.log").read_text():
                break
            time.sleep(0.1)
        else:
            raise AssertionError("gunicorn got no HUP:\n" + (tmp_path / "gunicorn.log").read_text())
        serving.wait_for(f"http://127.0.0.1:{port}/healthz")
        assert get(f"http://127.0.0.1:{port}/readyz", "10.0.0.5")[0] == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_a_deploy_whose_check_fails_changes_nothing(tmp_path):
    config = scratch_install(tmp_path, ALLOWED_HOSTS="")  # security.W020: no host to serve
    marker = tmp_path / "reloaded"
    result = deploy(
        write_env_file(tmp_path / "env", config), MEDREVIEW_INSTALL="0", MEDREVIEW_RELOAD_CMD=f"touch {marker}"
    )
    assert result.returncode != 0 and "security.W020" in result.stdout + result.stderr
    assert not marker.exists() and not (tmp_path / "static").exists()
    assert len(unapplied_migrations(config)) > 10  # nothing migrated
