"""
`make bench` (python -m bench.pages): MedReview's reader pages against the floor, on SQLite
and on PostgreSQL + Redis, in one run.

On loopback it starts
- for each database leg (bench.legs: SQLite always; PostgreSQL + Redis when they answer, on
  a fresh database and a Redis database number of their own): a fresh demo database,
  collectstatic, MedReview as deployed (tests/serving.py: gunicorn, 2 sync workers, DEBUG
  off, config.wsgi, so stored pages are answered by publishing.fastpath in front of
  Django), and a second MedReview with every Django cache off (bench.nocache_settings);
- the floor: a bare Django view (bench.floor_settings: no app, no middleware) returning
  the bytes of the anonymous leg-cramps page, gunicorn with 2 sync workers;
- Varnish (deploy/varnish/default.vcl) in front of the SQLite leg's MedReview;
and drives every target with wrk (16 connections, --latency) in interleaved rounds (the
same page of both legs side by side), so that whatever else the machine does hits every
target alike. The CPU of every process a target costs is read from /proc before and after
each run (bench.load): gunicorn's master and workers, PostgreSQL's backends serving the
leg's database, redis-server, varnishd. The headline figure is the ratio to the floor:
floor CPU per request / target CPU per request, all its processes counted.

It prints figures and fails only on errors (a failed start, a non-2xx answer, a socket
error); targets missed are reported, not failed. BENCH_ROUNDS (3), BENCH_SECONDS (4),
BENCH_CONNECTIONS (16) and BENCH_THREADS (2) change the load; BENCH_POSTGRES=0 leaves the
PostgreSQL leg out.

bench.legs starts the servers of a leg, bench.load measures, bench.wire gathers the facts
beside the load, bench.report prints.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.legs import SQLITE, Leg, floor_server, legs, prepared, start_servers, varnish_server
from bench.load import (
    APPROVED,
    ARTICLE,
    BOARD,
    CONNECTIONS,
    HOME,
    INDEX,
    PATIENT,
    ROUNDS,
    SEARCH,
    SECONDS,
    SHARED_LINK,
    THREADS,
    BenchError,
    Target,
    fetch,
    tree,
)
from bench.report import report, say
from bench.wire import wire_facts


def main() -> int:
    if not shutil.which("wrk"):
        say("wrk not found: apt-get install wrk")
        return 2
    started = time.monotonic()
    load_start = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="medreview-bench-"))
    try:
        found = legs(workdir)
        say(
            f"== MedReview bench: {', '.join(leg.name for leg in found)}; load average "
            f"{load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f} at the start"
        )
        with contextlib.ExitStack() as stack:
            for leg in found:
                say(f"== {leg.name}: preparing a fresh demo database ({leg.describe()}) ...")
                stack.enter_context(prepared(leg))
                start_servers(stack, leg)
            status, head, page, _ = fetch(found[0].site + ARTICLE)
            if status != 200 or head.get("content-encoding"):
                raise BenchError(f"{ARTICLE} answered {status} {head}")
            floor, floor_port = stack.enter_context(floor_server(workdir, page))
            edge, edge_port = stack.enter_context(varnish_server(workdir, found[0].ports["site"]))
            targets = build_targets(
                found,
                floor_url=f"http://127.0.0.1:{floor_port}{ARTICLE}",
                floor_pid=floor.pid,
                edge_url=f"http://127.0.0.1:{edge_port}{ARTICLE}" if edge else "",
                edge_pid=edge.pid if edge else 0,
            )
            measure(found, targets, edge=f"http://127.0.0.1:{edge_port}" if edge else "")
            report(targets=targets, legs=found, page=page, load_start=load_start, started=started)
            return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(found: list[Leg], targets: list[Target], *, edge: str) -> None:
    """Check and warm every target, gather each leg's facts, then run the interleaved rounds."""
    check_and_warm(targets)
    for leg in found:
        leg.facts = wire_facts(leg, edge if leg is found[0] else "")
    say(f"== warming up: {len(targets)} targets x 1 s")
    for target in targets:
        target.measure(1)  # not counted
    run_rounds(targets)


def leg_targets(leg: Leg) -> list[Target]:
    """A leg's targets, each with the ratio to the floor it should reach (issue 25; issue 12 for the others)."""
    site, nocache = leg.site, f"http://127.0.0.1:{leg.ports['nocache']}"
    processes = leg.processes()

    def target(name: str, url: str, goal: float, **more) -> Target:
        return Target(name, url, more.pop("processes", processes), leg=leg.name, goal=goal, **more)

    return [
        target("article, anonymous", site + ARTICLE, 1.0 if leg.name == SQLITE else 0.9),
        target("article, shared link ?audience=patient", site + SHARED_LINK, 0.9),
        target("article, patient cookie", site + ARTICLE, 0.8, headers=[f"Cookie: {PATIENT}"]),
        target("article, approved (low-back-pain)", site + APPROVED, 0.8),
        # The approved Spanish translation (issue 28): at the same ratio as the English article.
        target("article, Spanish /es/ (low-back-pain)", site + "/es" + APPROVED, 1.0 if leg.name == SQLITE else 0.9),
        target("home /", site + HOME, 0.8),
        target("index /articles/", site + INDEX, 0.8),
        target("board /board/", site + BOARD, 0.8),
        target("search, repeated ?q=calf+cramps", site + SEARCH, 0.5),
        target("search, a new query each request", site + "/search/", 0.1, script=True),
        target(
            "article, every Django cache off",
            nocache + ARTICLE,
            0.25,
            processes=leg.processes("nocache", cache=False),
        ),
    ]


def build_targets(found: list[Leg], *, floor_url: str, floor_pid: int, edge_url: str, edge_pid: int) -> list[Target]:
    """Every target: the floor first, the same page of each leg side by side, the A/A pair midway, Varnish last."""
    paired = [target for same_page in zip(*(leg_targets(leg) for leg in found), strict=True) for target in same_page]
    middle = len(paired) // 2
    targets = [
        Target("floor (bare Django view)", floor_url, [tree("gunicorn", floor_pid)]),
        *paired[:middle],
        Target("floor again (A/A)", floor_url, [tree("gunicorn", floor_pid)]),
        *paired[middle:],
    ]
    if edge_url:
        processes = [tree("varnishd", edge_pid), *found[0].processes()]
        targets.append(Target("article via Varnish", edge_url, processes, rate_goal=2.0))
    return targets


def check_and_warm(targets: list[Target]) -> None:
    """Every target answers, and is warm (stored pages published, Varnish holding the page)."""
    for target in targets:
        headers = dict(header.split(": ", 1) for header in target.headers)
        url = target.url + "?q=calf+cramps+the" if target.script else target.url  # what the script asks
        for _ in range(3):
            status, _, body, _ = fetch(url, headers=headers)
            if status != 200:
                raise BenchError(f"{url} answered {status}")
        target.size = len(body)


def order_for(round_number: int, targets: list[Target]) -> list[Target]:
    """Each round starts a few places later, so no target always follows the same one."""
    shift = round_number * 3 % len(targets)
    return targets[shift:] + targets[:shift]


def run_rounds(targets: list[Target]) -> None:
    """The measured runs: ROUNDS rounds of every target, each round in a shifted order."""
    legs_count = len(targets) * ROUNDS
    say(
        f"== {len(targets)} targets x {ROUNDS} rounds x {SECONDS} s, interleaved "
        f"(wrk {THREADS} threads, {CONNECTIONS} connections): about {legs_count * SECONDS} s"
    )
    for round_number in range(ROUNDS):
        for target in order_for(round_number, targets):
            target.runs.append(target.measure(SECONDS))
        say(f"   round {round_number + 1}/{ROUNDS} done ({time.strftime('%H:%M:%S')})")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, RuntimeError, OSError) as error:
        print(f"bench failed: {error}", file=sys.stderr)
        sys.exit(1)
