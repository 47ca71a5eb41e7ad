"""
`make bench` (python -m bench.pages): MedReview's reader pages against the floor.

In one run, on loopback, it starts
- the floor: a bare Django view (bench.floor_settings: no app, no middleware) that returns
  the bytes of the anonymous leg-cramps page, under gunicorn with 2 sync workers;
- MedReview as deployed (tests/serving.py): a fresh demo database (SQLite, or a new
  PostgreSQL database when DATABASE_URL names one; Redis when REDIS_URL is set),
  collectstatic, gunicorn with 2 sync workers and DEBUG off, serving config.wsgi (so a
  warm anonymous article read is answered by config.fastpath in front of Django);
- a second MedReview with every Django cache off (bench.nocache_settings), same database;
- Varnish in front of the first (deploy/varnish/default.vcl);
and drives each with wrk (16 connections, --latency) in interleaved rounds, so that
whatever else the machine does hits every target alike. Server CPU is read from /proc
(utime + stime of the gunicorn master and its workers, or of varnishd and its child)
before and after each run.

It prints figures and fails only on errors (a failed start, a non-2xx answer, a socket
error); targets missed are reported, not failed. BENCH_ROUNDS (3), BENCH_SECONDS (4),
BENCH_CONNECTIONS (16) and BENCH_THREADS (2) change the load.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import django

from tests import serving

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = 2
TICKS = os.sysconf("SC_CLK_TCK")

ARTICLE = "/articles/leg-cramps/"
APPROVED = "/articles/low-back-pain/"
SEARCH = "/search/?q=calf+cramps"
PATIENT = "medreview_audience=patient"


class BenchError(Exception):
    """Something that makes the figures meaningless: a server that fails, or answers with an error."""


# --- server CPU from /proc ------------------------------------------------------------


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # fields from the 3rd (state) on; the name may hold spaces


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants (gunicorn's master and workers; varnishd's manager and child)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_ticks(pids: list[int]) -> dict[int, int]:
    """utime + stime of each process (all its threads), in clock ticks."""
    ticks = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            ticks[pid] = int(fields[11]) + int(fields[12])  # stat fields 14 and 15
    return ticks


class CpuMeter:
    """CPU seconds used by a process tree between start() and stop()."""

    def __init__(self, root: int):
        self.root = root

    def start(self) -> None:
        self.before = cpu_ticks(process_tree(self.root))

    def stop(self) -> float:
        after = cpu_ticks(process_tree(self.root))
        used = sum(after[pid] - self.before.get(pid, 0) for pid in after)
        return used / TICKS


# --- wrk -------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


@dataclass
class Run:
    requests: int
    seconds: float
    p50: float
    p99: float
    cpu: dict[str, float]  # CPU seconds per measured process tree

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk(url: str, *, seconds: float, headers: list[str]) -> tuple[int, float, float, float]:
    """(requests, seconds, p50 ms, p99 ms) of one wrk run; BenchError on any error answer."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=False)  # noqa: S603 — wrk
    out = result.stdout
    if result.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{out}{result.stderr}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: (.*)", out)
    if errors or socket:
        raise BenchError(f"errors from {url}:\n{out}")
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m),", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if not (total and p50 and p99):
        raise BenchError(f"could not read wrk's output for {url}:\n{out}")
    return int(total[1]), _ms(total[2] + total[3]) / 1000, _ms(p50[1]), _ms(p99[1])


# --- targets -----------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    url: str
    servers: dict[str, int]  # label -> root pid of the process tree whose CPU counts
    headers: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    size: int = 0  # bytes of body per response

    def measure(self, seconds: float) -> Run:
        meters = {label: CpuMeter(pid) for label, pid in self.servers.items()}
        for meter in meters.values():
            meter.start()
        requests, elapsed, p50, p99 = wrk(self.url, seconds=seconds, headers=self.headers)
        cpu = {label: meter.stop() for label, meter in meters.items()}
        return Run(requests, elapsed, p50, p99, cpu)

    def cpu_ms(self, label: str | None = None) -> float:
        """Server CPU per request over every round (ms): total CPU / total requests."""
        label = label or next(iter(self.servers))
        return 1000 * sum(run.cpu[label] for run in self.runs) / sum(run.requests for run in self.runs)

    def round_cpu_ms(self, label: str | None = None) -> list[float]:
        label = label or next(iter(self.servers))
        return [1000 * run.cpu[label] / run.requests for run in self.runs]

    @property
    def rate(self) -> float:
        return statistics.median(run.rate for run in self.runs)

    @property
    def p50(self) -> float:
        return statistics.median(run.p50 for run in self.runs)

    @property
    def p99(self) -> float:
        return statistics.median(run.p99 for run in self.runs)


def fetch(url: str, *, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, int]:
    """(status, headers, body as sent, header bytes) of one GET."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 — loopback
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback
        body = response.read()
        head = {key.lower(): value for key, value in response.headers.items()}
        header_bytes = len(str(response.headers).encode()) + len(f"HTTP/1.1 {response.status} OK\r\n")
        return response.status, head, body, header_bytes


QUERIES_CODE = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
result = {}
for name, path, audience in %r:
    client = Client(HTTP_HOST="127.0.0.1")
    if audience:
        client.cookies["medreview_audience"] = audience
    first = client.get(path)
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            again = client.get(path)
        counts.append(len(queries))
    result[name] = [first.status_code, again.status_code, max(counts)]
print("QUERIES " + json.dumps(result))
"""
QUERY_CASES = [
    ("anonymous", ARTICLE, ""),
    ("patient", ARTICLE, "patient"),
    ("approved", APPROVED, ""),
    ("physician", APPROVED, "physician"),
]


def query_counts(env: dict[str, str]) -> dict[str, list[int]]:
    """SQL queries per warm article request, in a process with the site's settings and database."""
    out = serving.shell(env, QUERIES_CODE % (QUERY_CASES,))
    line = next(line for line in out.splitlines() if line.startswith("QUERIES "))
    return json.loads(line.removeprefix("QUERIES "))


# --- the run -----------------------------------------------------------------------------


def say(text: str = "") -> None:
    print(text, flush=True)


def database_label(env: dict[str, str]) -> str:
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    cache = "Redis" if env.get("REDIS_URL") else "local-memory cache (published pages from the database)"
    return f"{database}, {cache}"


def order_for(round_number: int, targets: list[Target]) -> list[Target]:
    """Each round starts one place later, so no target always follows the same one."""
    shift = round_number * 3 % len(targets)
    return targets[shift:] + targets[:shift]


def main() -> int:
    if not shutil.which("wrk"):
        say("wrk not found: apt-get install wrk")
        return 2
    varnishd = serving.varnishd_path()
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="medreview-bench-"))
    ports = {name: serving.free_port() for name in ("site", "nocache", "floor", "edge")}
    env = serving.site_environment(workdir)
    nocache_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.nocache_settings"}
    load = os.getloadavg()
    say(
        f"== MedReview bench: {database_label(env)}; load average {load[0]:.2f} at the start; "
        "preparing a fresh demo database ..."
    )
    serving.prepare_site(env)
    try:
        with contextlib.ExitStack() as stack:
            site = stack.enter_context(serving.gunicorn(env, port=ports["site"], workers=WORKERS))
            base = f"http://127.0.0.1:{ports['site']}"
            status, head, page, _ = fetch(base + ARTICLE)
            if status != 200 or head.get("content-encoding"):
                raise BenchError(f"{ARTICLE} answered {status} {head}")
            body_file = workdir / "floor.html"
            body_file.write_bytes(page)
            floor_env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE",)}
            floor_env.update({"DJANGO_SETTINGS_MODULE": "bench.floor_settings", "FLOOR_BODY_FILE": str(body_file)})
            floor = stack.enter_context(
                serving.gunicorn(floor_env, port=ports["floor"], workers=WORKERS, app="bench.floor_wsgi")
            )
            nocache = stack.enter_context(serving.gunicorn(nocache_env, port=ports["nocache"], workers=WORKERS))
            edge = None
            if varnishd:
                edge = stack.enter_context(serving.varnish(workdir, port=ports["edge"], backend_port=ports["site"]))
            return measure_and_report(
                env=env,
                nocache_env=nocache_env,
                ports=ports,
                pids={"site": site.pid, "floor": floor.pid, "nocache": nocache.pid, "edge": edge and edge.pid},
                page=page,
                started=started,
            )
    finally:
        serving.drop_site(env)
        shutil.rmtree(workdir, ignore_errors=True)


def measure_and_report(*, env, nocache_env, ports, pids, page: bytes, started: float) -> int:
    site = f"http://127.0.0.1:{ports['site']}"
    floor_url = f"http://127.0.0.1:{ports['floor']}{ARTICLE}"
    floor_size = len(fetch(floor_url)[2])
    targets = [
        Target("floor (bare Django view)", floor_url, {"gunicorn": pids["floor"]}),
        Target("article, anonymous (leg-cramps)", site + ARTICLE, {"gunicorn": pids["site"]}),
        Target("article, patient cookie", site + ARTICLE, {"gunicorn": pids["site"]}, [f"Cookie: {PATIENT}"]),
        Target("article, approved (low-back-pain)", site + APPROVED, {"gunicorn": pids["site"]}),
        Target("floor again (A/A)", floor_url, {"gunicorn": pids["floor"]}),
        Target(
            "article, every Django cache off",
            f"http://127.0.0.1:{ports['nocache']}{ARTICLE}",
            {"gunicorn": pids["nocache"]},
        ),
        Target("search ?q=calf+cramps", site + SEARCH, {"gunicorn": pids["site"]}),
    ]
    if pids["edge"]:
        targets.append(
            Target(
                "article via Varnish",
                f"http://127.0.0.1:{ports['edge']}{ARTICLE}",
                {"varnishd": pids["edge"], "gunicorn": pids["site"]},
            )
        )
    floor, aa = targets[0], targets[4]

    # Every target answers, and is warm (stored pages published, Varnish holding the page).
    for target in targets:
        headers = dict(header.split(": ", 1) for header in target.headers)
        for _ in range(3):
            status, _, body, _ = fetch(target.url, headers=headers)
            if status != 200:
                raise BenchError(f"{target.url} answered {status}")
        target.size = len(body)
    facts = wire_facts(site, ports)
    queries = query_counts(env)
    nocache_queries = query_counts(nocache_env)
    for target in targets:
        target.measure(1)  # warm-up run, not counted

    legs = len(targets) * ROUNDS
    say(
        f"== {len(targets)} targets x {ROUNDS} rounds x {SECONDS} s, interleaved "
        f"(wrk {THREADS} threads, {CONNECTIONS} connections): about {legs * SECONDS} s"
    )
    for round_number in range(ROUNDS):
        for target in order_for(round_number, targets):
            target.runs.append(target.measure(SECONDS))
        say(f"   round {round_number + 1}/{ROUNDS} done")

    report(
        targets=targets,
        floor=floor,
        aa=aa,
        env=env,
        page=page,
        floor_size=floor_size,
        facts=facts,
        queries=queries,
        nocache_queries=nocache_queries,
        started=started,
    )
    return 0


def wire_facts(site: str, ports) -> dict:
    """What the article costs on the wire, and the headers an anonymous reader gets."""
    status, head, body, header_bytes = fetch(site + ARTICLE, headers={"Accept-Encoding": "gzip"})
    facts = {
        "gzip_body": len(body),
        "gzip_headers": header_bytes,
        "encoding": head.get("content-encoding", "identity"),
        "html": len(gzip.decompress(body)) if head.get("content-encoding") == "gzip" else len(body),
        "cache_control": head.get("cache-control", ""),
        "vary": head.get("vary", ""),
        "set_cookie": "set-cookie" in head,
        "etag": head.get("etag", ""),
    }
    # Every audience's page, gzipped as sent (the lay pages carry the plain-language texts).
    facts["audiences"] = {}
    for audience in ("", "patient", "caregiver", "student", "nurse", "physician"):
        headers = {"Accept-Encoding": "gzip"}
        if audience:
            headers["Cookie"] = f"medreview_audience={audience}"
        for path in (ARTICLE, APPROVED):
            _, _, sent, _ = fetch(site + path, headers=headers)
            facts["audiences"][(path, audience or "default")] = len(sent)
    etag_status = 0
    request = urllib.request.Request(  # noqa: S310 — loopback
        site + ARTICLE, headers={"Accept-Encoding": "gzip", "If-None-Match": facts["etag"]}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback
            etag_status = response.status
    except urllib.error.HTTPError as error:
        etag_status = error.code
    facts["conditional"] = etag_status
    if ports.get("edge"):
        with contextlib.suppress(OSError):
            _, edge_head, edge_body, _ = fetch(
                f"http://127.0.0.1:{ports['edge']}{ARTICLE}", headers={"Accept-Encoding": "gzip"}
            )
            facts["edge_gzip_body"] = len(edge_body)
            facts["edge_cache"] = edge_head.get("x-cache", "?")
    return facts


def report(*, targets, floor, aa, env, page, floor_size, facts, queries, nocache_queries, started) -> None:
    floor_cpu = floor.cpu_ms()
    load = os.getloadavg()
    say()
    say(
        f"MedReview bench, {time.strftime('%Y-%m-%d %H:%M')}: Python {platform.python_version()}, "
        f"Django {django.get_version()}, {database_label(env)}"
    )
    say(
        f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (at the end); "
        f"servers: gunicorn, {WORKERS} sync workers each, DEBUG off"
    )
    say(
        f"load: wrk, {THREADS} threads, {CONNECTIONS} connections, {ROUNDS} interleaved rounds x {SECONDS} s "
        f"per target; no Accept-Encoding (every target sends the same {len(page):,} bytes of HTML)"
    )
    say(f"floor: a bare Django view (no app, no middleware, no database) returning {floor_size:,} bytes")
    say()
    header = (
        f"{'target':<34}{'bytes':>7}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'CPU ms/req':>11}"
        f"  {'per round':<20}{'vs floor':>9}"
    )
    say(header)
    say("-" * len(header))
    for target in targets:
        label = next(iter(target.servers))
        cpu = target.cpu_ms(label)
        rounds = "/".join(f"{value:.3f}" for value in target.round_cpu_ms(label))
        ratio = floor_cpu / cpu if cpu else float("inf")
        note = f"{ratio:>8.2f}x"
        if label == "varnishd":
            note = f"{target.rate / floor.rate:>8.2f}x req/s"
        say(
            f"{target.name:<34}{target.size:>7,}{target.rate:>8,.0f}{target.p50:>8.1f}{target.p99:>8.1f}"
            f"{cpu:>11.3f}  {rounds:<20}{note}"
        )
        if label == "varnishd":
            backend = target.cpu_ms("gunicorn")
            say(
                f"{'':<34}   varnishd's own CPU {cpu:.3f} ms/req ({ratio:.2f}x the floor's CPU ratio); "
                f"MedReview's gunicorn behind it {backend:.3f} ms/req"
            )
    say("-" * len(header))
    aa_ratio = floor_cpu / aa.cpu_ms()
    floor_rounds = floor.round_cpu_ms() + aa.round_cpu_ms()
    spread = (max(floor_rounds) - min(floor_rounds)) / statistics.mean(floor_rounds)
    say(
        f"A/A (the floor measured twice): CPU ratio {aa_ratio:.2f}x, req/s ratio {aa.rate / floor.rate:.2f}x: "
        f"the noise band of the pooled figures is about ±{abs(1 - aa_ratio):.0%} (CPU) and "
        f"±{abs(1 - aa.rate / floor.rate):.0%} (req/s); single rounds of the floor span {spread:.0%}."
    )
    say("CPU ms/req = utime+stime of the server's processes (from /proc) over all rounds / requests served;")
    say("vs floor = floor CPU per request / target CPU per request (1.00x = as cheap as the floor).")
    if env["DATABASE_URL"].startswith("postgres") or env.get("REDIS_URL"):
        say("(PostgreSQL's and Redis's own CPU is not in these figures: their processes are not the server's.)")
    say()

    say("SQL queries per warm article request (in-process Django test client, same settings and database):")
    for name, (first, again, count) in queries.items():
        say(f"   {name:<12} {count} (HTTP {first}/{again})")
    say(f"   {'cache off':<12} " + ", ".join(f"{name} {value[2]}" for name, value in nocache_queries.items()))
    say(
        f"Article page on the wire (Accept-Encoding: gzip): {facts['gzip_body']:,} bytes of body "
        f"({facts['encoding']}) + {facts['gzip_headers']:,} bytes of headers; {facts['html']:,} bytes of HTML unzipped"
    )
    sizes = facts["audiences"]
    for page_path in (ARTICLE, APPROVED):
        say(
            f"   {page_path.split('/')[2]}, every audience, gzipped: "
            + ", ".join(f"{audience} {size:,}" for (path, audience), size in sizes.items() if path == page_path)
        )
    if "edge_gzip_body" in facts:
        say(f"   through Varnish: {facts['edge_gzip_body']:,} bytes of body (X-Cache {facts['edge_cache']})")
    say(
        f"   anonymous: Cache-Control: {facts['cache_control']}; Vary: {facts['vary']}; "
        f"Set-Cookie: {'YES' if facts['set_cookie'] else 'none'}; If-None-Match -> {facts['conditional']}"
    )
    say()

    by_name = {target.name: target for target in targets}
    articles = [by_name[name] for name in by_name if name.startswith("article,") and "cache off" not in name]
    cache_off = by_name["article, every Django cache off"]
    worst_article = min(floor_cpu / target.cpu_ms() for target in articles)
    worst_p99 = max(target.p99 for target in articles)
    rows = [
        (
            "warm article CPU/request <= 1.25x floor (ratio >= 0.80)",
            f"{worst_article:.2f}x (worst of {len(articles)})",
            worst_article >= 0.8,
        ),
        (f"warm article p99 < 20 ms at {CONNECTIONS} connections", f"{worst_p99:.1f} ms (worst)", worst_p99 < 20),
        (
            "every Django cache off >= 0.25x floor",
            f"{floor_cpu / cache_off.cpu_ms():.2f}x",
            floor_cpu / cache_off.cpu_ms() >= 0.25,
        ),
    ]
    if "article via Varnish" in by_name:
        edge_ratio = by_name["article via Varnish"].rate / floor.rate
        rows.append(("through Varnish >= 2x floor req/s", f"{edge_ratio:.2f}x", edge_ratio >= 2))
    else:
        rows.append(("through Varnish >= 2x floor req/s", "not measured (no varnishd)", False))
    most = max(value[2] for value in queries.values())
    cache_hit = env.get("REDIS_URL") and most == 0
    rows.append(
        (
            "SQL per article request <= 1 (0 on a cache hit)",
            f"{most}" + (" (Redis hit)" if cache_hit else " (no shared cache: one query)"),
            most <= 1,
        )
    )
    sizes = facts["audiences"]
    (path, audience), most_bytes = max(sizes.items(), key=lambda item: item[1])
    rows.append(
        (
            "article HTML <= 8 KB compressed (every audience)",
            f"{facts['gzip_body']:,} bytes anonymous; largest {most_bytes:,} ({path.split('/')[2]}, {audience})",
            most_bytes <= 8192,
        )
    )
    say("Targets (issue 12), this run, with the A/A ratio above as the noise band:")
    for name, value, met in rows:
        say(f"   {'met    ' if met else 'NOT met'}  {name:<56} {value}")
    say()
    say(f"bench took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, RuntimeError, OSError) as error:
        print(f"bench failed: {error}", file=sys.stderr)
        sys.exit(1)
