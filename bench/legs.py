"""
The database legs of `make bench` (bench.pages): SQLite always, and PostgreSQL + Redis when
they answer; each on a fresh demo database of its own, served as deployed.

- SQLite: a new database file; the local-memory cache (published pages kept in each process).
- PostgreSQL + Redis: a new PostgreSQL database on DATABASE_URL's server (127.0.0.1:5432,
  user postgres, when DATABASE_URL names no PostgreSQL), dropped at the end; Redis on
  REDIS_URL's server (127.0.0.1:6379 when unset), in a database number of its own
  (BENCH_REDIS_DB, 9), emptied first. BENCH_POSTGRES=0 leaves this leg out.

Each leg's site trusts one proxy (TRUSTED_PROXY_COUNT=1), so that the "new search" load can
come from many addresses (bench/new_search.lua); nothing else the bench loads reads it.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
import psycopg
import redis

from bench.load import WORKERS, Processes, postgres_backends, tree

# tests.serving imports the site's modules (publishing.fastpath): Django is set up first.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from tests import serving  # noqa: E402

SQLITE = "SQLite"
POSTGRES = "PostgreSQL + Redis"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "9"))


@dataclass
class Leg:
    """One database leg: its environment, its servers once started, and what it measured."""

    name: str
    env: dict[str, str]
    database: str = ""  # the PostgreSQL database's name ("" on SQLite)
    redis_pid: int | None = None  # redis-server's process, when it runs on this machine
    ports: dict[str, int] = field(default_factory=dict)
    pids: dict[str, int] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)

    @property
    def site(self) -> str:
        return f"http://127.0.0.1:{self.ports['site']}"

    @property
    def nocache_env(self) -> dict[str, str]:
        return {**self.env, "DJANGO_SETTINGS_MODULE": "bench.nocache_settings"}

    def processes(self, server: str = "site", *, cache: bool = True) -> list[Processes]:
        """The processes a request to `server` costs: its gunicorn, and PostgreSQL's backends and Redis."""
        kinds = [tree("gunicorn", self.pids[server])]
        if self.database:
            database = self.database
            kinds.append(Processes("postgres", lambda: postgres_backends(database), changing=True))
        if cache and self.redis_pid:
            redis_pid = self.redis_pid
            kinds.append(Processes("redis", lambda: [redis_pid]))
        return kinds

    def describe(self) -> str:
        if not self.database:
            return "a new database file; local-memory cache (published pages kept in each process)"
        database, redis_url = urlsplit(self.env["DATABASE_URL"]), urlsplit(self.env.get("REDIS_URL", ""))
        cache = (
            f"Redis {redis_url.hostname}:{redis_url.port or 6379}{redis_url.path}" if redis_url.netloc else "no Redis"
        )
        return f"a new database on {database.hostname}:{database.port or 5432} ({database.path.lstrip('/')}); {cache}"


def legs(workdir: Path) -> list[Leg]:
    """The SQLite leg, and the PostgreSQL + Redis leg when PostgreSQL answers."""
    base = serving.site_environment(workdir)
    base["TRUSTED_PROXY_COUNT"] = "1"  # the module docstring says why
    sqlite = {key: value for key, value in base.items() if key != "REDIS_URL"}
    sqlite["DATABASE_URL"] = f"sqlite:///{workdir / 'site.sqlite3'}"
    found = [Leg(SQLITE, sqlite)]
    postgres = postgres_server()
    if postgres is not None:
        database = f"medreview_bench_{uuid.uuid4().hex[:10]}"
        env = {key: value for key, value in base.items() if key != "REDIS_URL"}
        env["DATABASE_URL"] = f"{postgres}/{database}"
        redis_url, redis_pid = redis_server()
        if redis_url:
            env["REDIS_URL"] = redis_url
        found.append(Leg(POSTGRES if redis_url else "PostgreSQL", env, database=database, redis_pid=redis_pid))
    return found


def postgres_server() -> str | None:
    """DATABASE_URL's server (without the database), or 127.0.0.1:5432's; None when it does not answer."""
    if os.environ.get("BENCH_POSTGRES", "1") == "0":
        return None
    url = os.environ.get("DATABASE_URL", "")
    base = url.rpartition("/")[0] if url.startswith("postgres") else DEFAULT_POSTGRES.rpartition("/")[0]
    try:
        psycopg.connect(f"{base}/postgres", connect_timeout=3).close()
    except psycopg.Error as error:
        print(f"== no PostgreSQL leg: {base} does not answer ({str(error).strip()})", flush=True)
        return None
    return base


def redis_server() -> tuple[str, int | None]:
    """
    REDIS_URL's server (127.0.0.1:6379 when unset) at database number REDIS_DB, emptied, and
    redis-server's process id when it runs on this machine; ("", None) when it does not answer.
    """
    parts = urlsplit(os.environ.get("REDIS_URL") or DEFAULT_REDIS)
    url = urlunsplit(parts._replace(path=f"/{REDIS_DB}"))
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        client.flushdb()
        pid = int(client.info("server")["process_id"])
        client.close()
    except redis.RedisError as error:
        print(f"== PostgreSQL leg without Redis: {parts.netloc} does not answer ({error})", flush=True)
        return "", None
    title = Path(f"/proc/{pid}/cmdline")
    if not (title.exists() and b"redis-server" in title.read_bytes()):
        print(f"== redis-server ({parts.netloc}) is not a process of this machine: its CPU is not counted", flush=True)
        return url, None
    return url, pid


@contextlib.contextmanager
def prepared(leg: Leg):
    """The leg's fresh demo database until the block ends (dropped after, on PostgreSQL; its Redis database emptied)."""
    try:
        serving.prepare_site(leg.env)
        yield leg
    finally:
        serving.drop_site(leg.env)
        if leg.env.get("REDIS_URL"):
            with contextlib.suppress(redis.RedisError):
                redis.Redis.from_url(leg.env["REDIS_URL"], socket_connect_timeout=2).flushdb()


def start_servers(stack: contextlib.ExitStack, leg: Leg) -> None:
    """The leg's MedReview as deployed, and a second with every Django cache off, on the same database."""
    leg.ports = {"site": serving.free_port(), "nocache": serving.free_port()}
    site = stack.enter_context(serving.gunicorn(leg.env, port=leg.ports["site"], workers=WORKERS))
    nocache = stack.enter_context(serving.gunicorn(leg.nocache_env, port=leg.ports["nocache"], workers=WORKERS))
    leg.pids = {"site": site.pid, "nocache": nocache.pid}


@contextlib.contextmanager
def floor_server(workdir: Path, page: bytes):
    """The floor: a bare Django view returning `page` (bench.floor_settings), 2 sync workers; yields (process, port)."""
    body_file = workdir / "floor.html"
    body_file.write_bytes(page)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update({"DJANGO_SETTINGS_MODULE": "bench.floor_settings", "FLOOR_BODY_FILE": str(body_file)})
    port = serving.free_port()
    with serving.gunicorn(env, port=port, workers=WORKERS, app="bench.floor_wsgi") as process:
        yield process, port


@contextlib.contextmanager
def varnish_server(workdir: Path, backend_port: int):
    """Varnish (the project's VCL) in front of `backend_port`; yields (process, port), or (None, 0) without varnishd."""
    if not serving.varnishd_path():
        yield None, 0
        return
    port = serving.free_port()
    with serving.varnish(workdir, port=port, backend_port=backend_port) as process:
        yield process, port
