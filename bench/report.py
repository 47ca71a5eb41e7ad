"""
The figures `make bench` (bench.pages) prints once every round is run: how the run was set
up, one table per database leg (and one for the floor, its A/A pair and Varnish) with the
CPU of every process involved and the ratio to the floor, the A/A noise band, the SQL and
wire facts of the article, and the targets of issues 25 and 12, met or not.
"""

from __future__ import annotations

import os
import platform
import statistics
import time

import django

from bench.legs import Leg
from bench.load import CONNECTIONS, ROUNDS, SECONDS, THREADS, WORKERS, Target
from bench.wire import AUDIENCES, BROTLI_GOAL, ENCODINGS, GZIP_GOAL

LABELS = ("gunicorn", "varnishd", "postgres", "redis")  # the CPU columns, in this order when present


def say(text: str = "") -> None:
    print(text, flush=True)


def ratio(floor: Target, target: Target, label: str | None = None) -> float:
    """vs floor: floor CPU per request / target CPU per request (of all the target's processes, or of one kind)."""
    cpu = target.cpu_ms(label)
    return floor.cpu_ms() / cpu if cpu else float("inf")


def ratio_cell(floor: Target, target: Target, label: str | None = None) -> str:
    value = ratio(floor, target, label)
    return f"{value:>8.2f}x" if value != float("inf") else f"{'-':>9}"  # no CPU of that kind (all Varnish hits)


def report(*, targets: list[Target], legs: list[Leg], page: bytes, load_start, started: float) -> None:
    """Print every figure of the run, then the load averages and how long the bench took."""
    floor = targets[0]
    aa = next(target for target in targets if "A/A" in target.name)
    say_setup(legs, page=page, floor_size=floor.size)
    shared = [target for target in targets if not target.leg]
    say_table("The floor, its A/A pair, and Varnish (in front of the SQLite leg's MedReview)", shared, floor)
    say_noise(floor=floor, aa=aa)
    for leg in legs:
        rows = [target for target in targets if target.leg == leg.name]
        say_table(f"{leg.name}: {leg.describe()}", rows, floor)
        say_queries(leg)
        say_wire(leg, first=legs[0])
    say_goals(goal_rows(targets, legs=legs, floor=floor))
    load_end = os.getloadavg()
    say()
    say(
        f"load average (1, 5, 15 min): {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f} at the start, "
        f"{load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f} at the end, on {os.cpu_count()} CPUs"
    )
    say(f"bench took {time.monotonic() - started:.0f} s")


def say_setup(legs: list[Leg], *, page: bytes, floor_size: int) -> None:
    """The lines that say what was measured, on what, under which load."""
    say()
    say(
        f"MedReview bench, {time.strftime('%Y-%m-%d %H:%M')}: Python {platform.python_version()}, "
        f"Django {django.get_version()}; legs: {', '.join(leg.name for leg in legs)}"
    )
    say(f"machine: {os.cpu_count()} CPUs; servers: gunicorn, {WORKERS} sync workers each, DEBUG off")
    say(
        f"load: wrk, {THREADS} threads, {CONNECTIONS} connections, {ROUNDS} interleaved rounds x {SECONDS} s "
        f"per target; no Accept-Encoding (the article sends {len(page):,} bytes of HTML)"
    )
    say(f"floor: a bare Django view (no app, no middleware, no database) returning {floor_size:,} bytes")
    say("CPU columns: ms of CPU per request (utime+stime from /proc over all rounds / requests served) of")
    say("   gunicorn (master and workers), varnishd, PostgreSQL's backends serving the leg's database, redis-server;")
    say("   all = their sum. vs floor = floor CPU per request / target CPU per request: 'all' counts every")
    say("   process, 'gunicorn' gunicorn's alone (1.00x = as cheap as the floor). per round: all, ms/req.")


def say_table(title: str, targets: list[Target], floor: Target) -> None:
    """One table: a row per target, framed by rules as wide as its header."""
    labels = [label for label in LABELS if any(label in target.labels for target in targets)]
    header = (
        f"{'target':<40}{'bytes':>7}{'req/s':>7}{'p50 ms':>7}{'p99 ms':>7}"
        + "".join(f"{label:>9}" for label in labels)
        + f"{'all':>7}  {'per round':<20}{'vs floor':>9}{'gunicorn':>9}  goal"
    )
    say()
    say(f"== {title}")
    say(header)
    say("-" * (len(header) + 24))
    for target in targets:
        cpu = "".join(f"{target.cpu_ms(label):>9.3f}" if label in target.labels else f"{'-':>9}" for label in labels)
        rounds = "/".join(f"{value:.3f}" for value in target.round_cpu_ms())
        say(
            f"{target.name:<40}{target.size:>7,}{target.rate:>7,.0f}{target.p50:>7.1f}{target.p99:>7.1f}{cpu}"
            f"{target.cpu_ms():>7.3f}  {rounds:<20}{ratio_cell(floor, target)}"
            f"{ratio_cell(floor, target, 'gunicorn')}  {goal_note(target, floor)}"
        )
    say("-" * (len(header) + 24))


def goal_note(target: Target, floor: Target) -> str:
    """The target's goal and whether this run met it ("" when it has none)."""
    if target.rate_goal:
        value = target.rate / floor.rate
        return f">= {target.rate_goal:.2f}x req/s: {value:.2f}x {'met' if value >= target.rate_goal else 'NOT met'}"
    if target.goal:
        return f">= {target.goal:.2f}x {'met' if ratio(floor, target) >= target.goal else 'NOT met'}"
    return ""


def say_noise(*, floor: Target, aa: Target) -> None:
    """The A/A noise band (the floor measured twice)."""
    aa_ratio = ratio(floor, aa)
    floor_rounds = floor.round_cpu_ms() + aa.round_cpu_ms()
    spread = (max(floor_rounds) - min(floor_rounds)) / statistics.mean(floor_rounds)
    say(
        f"A/A (the floor measured twice): CPU ratio {aa_ratio:.2f}x, req/s ratio {aa.rate / floor.rate:.2f}x: "
        f"the noise band of the pooled figures is about ±{abs(1 - aa_ratio):.0%} (CPU) and "
        f"±{abs(1 - aa.rate / floor.rate):.0%} (req/s); single rounds of the floor span {spread:.0%}."
    )


def say_queries(leg: Leg) -> None:
    """SQL per warm article request, as Django's own handler makes them (the fast path makes none of its own)."""
    queries, nocache = leg.facts["queries"], leg.facts["nocache_queries"]
    say(
        "SQL queries per warm article request (in-process test client): "
        + ", ".join(f"{name} {value[2]}" for name, value in queries.items())
        + "; every cache off: "
        + ", ".join(f"{name} {value[2]}" for name, value in nocache.items())
    )


def size_cell(sizes: dict, audience: str, encoding: str) -> tuple[str, bool | None]:
    """One cell of the wire table, and whether it meets its goal (None: no goal, or not offered)."""
    body, head, sent = sizes[(audience, encoding)]
    if sent != encoding:
        return f"not offered ({sent} sent)", None
    goal = {"gzip": GZIP_GOAL, "br": BROTLI_GOAL}.get(encoding)
    met = None if goal is None else body <= goal
    return f"{body:,} + {head}" + ("" if met is None else (" met" if met else " OVER")), met


def say_wire(leg: Leg, *, first: Leg) -> None:
    """The article on the wire for every audience and encoding; a later leg only where it differs from the first."""
    facts, sizes = leg.facts, leg.facts["sizes"]
    if leg is not first and sizes == first.facts["sizes"]:
        say("Article page on the wire: the same bytes, every audience and encoding, as the SQLite leg.")
        return
    say(
        f"Article page (leg-cramps) on the wire, body + header bytes, per audience and Accept-Encoding "
        f"(goal: body <= {GZIP_GOAL:,} gzip, <= {BROTLI_GOAL:,} br):"
    )
    say(f"   {'audience':<12}" + "".join(f"{encoding:<28}" for encoding in ENCODINGS))
    for audience in AUDIENCES:
        say(f"   {audience:<12}" + "".join(f"{size_cell(sizes, audience, e)[0]:<28}" for e in ENCODINGS))
    say("   low-back-pain, gzipped: " + ", ".join(f"{a} {size:,}" for a, size in facts["approved"].items()))
    if "edge_gzip_body" in facts:
        say(f"   through Varnish: {facts['edge_gzip_body']:,} bytes of body (X-Cache {facts['edge_cache']})")
    say(
        f"   anonymous: Cache-Control: {facts['cache_control']}; Vary: {facts['vary']}; "
        f"Set-Cookie: {'YES' if facts['set_cookie'] else 'none'}; If-None-Match -> {facts['conditional']}"
    )


def goal_rows(targets: list[Target], *, legs: list[Leg], floor: Target) -> list[tuple[str, str, bool]]:
    """(goal, this run's value, met) for every target with a goal, and the SQL, latency and size goals."""
    rows = []
    for target in targets:
        if target.goal or target.rate_goal:
            where = f"{target.leg}: " if target.leg else ""
            value = target.rate / floor.rate if target.rate_goal else ratio(floor, target)
            goal = target.rate_goal or target.goal
            unit = "x floor req/s" if target.rate_goal else "x floor CPU"
            rows.append((f"{where}{target.name} >= {goal:.2f}{unit}", f"{value:.2f}x", value >= goal))
    for leg in legs:
        articles = [t for t in targets if t.leg == leg.name and t.name.startswith("article,") and "off" not in t.name]
        worst_p99 = max(target.p99 for target in articles)
        rows.append(
            (
                f"{leg.name}: warm article p99 < 20 ms at {CONNECTIONS} connections",
                f"{worst_p99:.1f} ms",
                worst_p99 < 20,
            )
        )
        most = max(value[2] for value in leg.facts["queries"].values())
        rows.append((f"{leg.name}: SQL per warm article request <= 1", str(most), most <= 1))
    rows += size_rows(legs[0])
    return rows


def size_rows(leg: Leg) -> list[tuple[str, str, bool]]:
    """The largest article page of any audience, gzipped and in brotli, against issue 25's goals."""
    rows = []
    for encoding, goal in (("gzip", GZIP_GOAL), ("br", BROTLI_GOAL)):
        cells = {audience: size_cell(leg.facts["sizes"], audience, encoding) for audience in AUDIENCES}
        name = f"article page <= {goal:,} bytes {encoding}, every audience"
        offered = {audience: leg.facts["sizes"][(audience, encoding)][0] for audience, cell in cells.items()}
        if any(cell[1] is None for cell in cells.values()):
            rows.append((name, f"{encoding} not offered by the site", False))
            continue
        audience, most = max(offered.items(), key=lambda item: item[1])
        rows.append((name, f"largest {most:,} ({audience})", most <= goal))
    return rows


def say_goals(rows: list[tuple[str, str, bool]]) -> None:
    """Every goal, met or NOT met; the A/A ratio above is the noise band of the ratios."""
    say()
    say(f"Goals (issue 25; issue 12 for the rest), this run: {sum(met for *_, met in rows)} of {len(rows)} met")
    for name, value, met in rows:
        say(f"   {'met    ' if met else 'NOT met'}  {name:<80} {value}")
