"""
`make bench` (python -m bench.pages): MedReview's reader pages against the floor.

In one run, on loopback, it starts
- the floor: a bare Django view (bench.floor_settings: no app, no middleware) that returns
  the bytes of the anonymous leg-cramps page, under gunicorn with 2 sync workers;
- MedReview as deployed (tests/serving.py): a fresh demo database (SQLite, or a new
  PostgreSQL database when DATABASE_URL names one; Redis when REDIS_URL is set),
  collectstatic, gunicorn with 2 sync workers and DEBUG off, serving config.wsgi (so a
  warm anonymous article read is answered by publishing.fastpath in front of Django);
- a second MedReview with every Django cache off (bench.nocache_settings), same database;
- Varnish in front of the first (deploy/varnish/default.vcl);
and drives each with wrk (16 connections, --latency) in interleaved rounds, so that
whatever else the machine does hits every target alike. Server CPU is read from /proc
(utime + stime of the gunicorn master and its workers, or of varnishd and its child)
before and after each run.

It prints figures and fails only on errors (a failed start, a non-2xx answer, a socket
error); targets missed are reported, not failed. BENCH_ROUNDS (3), BENCH_SECONDS (4),
BENCH_CONNECTIONS (16) and BENCH_THREADS (2) change the load.

This module starts the servers and runs the bench; the load and how it is measured (wrk,
CPU from /proc, the targets) are in bench.load, and the printed figures in bench.report.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.load import (
    APPROVED,
    ARTICLE,
    CONNECTIONS,
    PATIENT,
    ROUNDS,
    SEARCH,
    SECONDS,
    THREADS,
    WORKERS,
    BenchError,
    Target,
    fetch,
)
from bench.report import database_label, report, say
from tests import serving

# --- facts beside the load: SQL per request, the article on the wire ---------------------


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


# --- the run -----------------------------------------------------------------------------


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
    """Check and warm every target, gather the facts, run the interleaved rounds, print the figures."""
    site = f"http://127.0.0.1:{ports['site']}"
    floor_url = f"http://127.0.0.1:{ports['floor']}{ARTICLE}"
    floor_size = len(fetch(floor_url)[2])
    targets = build_targets(site=site, floor_url=floor_url, ports=ports, pids=pids)
    floor, aa = targets[0], targets[4]
    check_and_warm(targets)
    facts = wire_facts(site, ports)
    queries = query_counts(env)
    nocache_queries = query_counts(nocache_env)
    for target in targets:
        target.measure(1)  # warm-up run, not counted
    run_rounds(targets)
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


def build_targets(*, site: str, floor_url: str, ports, pids) -> list[Target]:
    """Every target, in the table's order: the floor first and again fifth (the A/A pair), Varnish last."""
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
    return targets


def check_and_warm(targets: list[Target]) -> None:
    """Every target answers, and is warm (stored pages published, Varnish holding the page)."""
    for target in targets:
        headers = dict(header.split(": ", 1) for header in target.headers)
        for _ in range(3):
            status, _, body, _ = fetch(target.url, headers=headers)
            if status != 200:
                raise BenchError(f"{target.url} answered {status}")
        target.size = len(body)


def run_rounds(targets: list[Target]) -> None:
    """The measured runs: ROUNDS rounds of every target, each round in a shifted order."""
    legs = len(targets) * ROUNDS
    say(
        f"== {len(targets)} targets x {ROUNDS} rounds x {SECONDS} s, interleaved "
        f"(wrk {THREADS} threads, {CONNECTIONS} connections): about {legs * SECONDS} s"
    )
    for round_number in range(ROUNDS):
        for target in order_for(round_number, targets):
            target.runs.append(target.measure(SECONDS))
        say(f"   round {round_number + 1}/{ROUNDS} done")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, RuntimeError, OSError) as error:
        print(f"bench failed: {error}", file=sys.stderr)
        sys.exit(1)
