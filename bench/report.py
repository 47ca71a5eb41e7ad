"""
The figures `make bench` (bench.pages) prints once every round is run: how the run was
set up, the table of targets against the floor with the A/A noise band, the SQL and
wire facts of the article, and the targets of issue 12, met or not.
"""

from __future__ import annotations

import os
import platform
import statistics
import time

import django

from bench.load import APPROVED, ARTICLE, CONNECTIONS, ROUNDS, SECONDS, THREADS, WORKERS, Target


def say(text: str = "") -> None:
    print(text, flush=True)


def database_label(env: dict[str, str]) -> str:
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    cache = "Redis" if env.get("REDIS_URL") else "local-memory cache (published pages from the database)"
    return f"{database}, {cache}"


def report(*, targets, floor, aa, env, page, floor_size, facts, queries, nocache_queries, started) -> None:
    """Print every figure of the run, then how long the bench took."""
    floor_cpu = floor.cpu_ms()
    say_setup(env=env, page=page, floor_size=floor_size)
    say_table(targets, floor=floor, floor_cpu=floor_cpu)
    say_noise(floor=floor, aa=aa, floor_cpu=floor_cpu, env=env)
    say_queries_and_wire(facts=facts, queries=queries, nocache_queries=nocache_queries)
    say_targets(target_rows(targets, floor=floor, floor_cpu=floor_cpu, env=env, facts=facts, queries=queries))
    say()
    say(f"bench took {time.monotonic() - started:.0f} s")


def say_setup(*, env: dict[str, str], page: bytes, floor_size: int) -> None:
    """The lines that say what was measured, on what, under which load."""
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


def say_table(targets: list[Target], *, floor: Target, floor_cpu: float) -> None:
    """The table: one row per target, framed by rules as wide as its header."""
    header = (
        f"{'target':<34}{'bytes':>7}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'CPU ms/req':>11}"
        f"  {'per round':<20}{'vs floor':>9}"
    )
    say(header)
    say("-" * len(header))
    for target in targets:
        say_target_row(target, floor=floor, floor_cpu=floor_cpu)
    say("-" * len(header))


def say_target_row(target: Target, *, floor: Target, floor_cpu: float) -> None:
    """One target's row; Varnish is compared by req/s, and gets a line for the CPU of each side."""
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


def say_noise(*, floor: Target, aa: Target, floor_cpu: float, env: dict[str, str]) -> None:
    """The A/A noise band (the floor measured twice), and what the table's columns mean."""
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


def say_queries_and_wire(*, facts: dict, queries: dict, nocache_queries: dict) -> None:
    """SQL per warm article request, and what the article costs on the wire for each audience."""
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


def target_rows(
    targets: list[Target], *, floor: Target, floor_cpu: float, env: dict[str, str], facts: dict, queries: dict
) -> list[tuple[str, str, bool]]:
    """(target, this run's value, met) for each target of issue 12."""
    by_name = {target.name: target for target in targets}
    articles = [by_name[name] for name in by_name if name.startswith("article,") and "cache off" not in name]
    cache_off = by_name["article, every Django cache off"]
    worst_article = min(floor_cpu / target.cpu_ms() for target in articles)
    worst_p99 = max(target.p99 for target in articles)
    return [
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
        varnish_row(by_name, floor=floor),
        sql_row(queries, env=env),
        size_row(facts),
    ]


def varnish_row(by_name: dict[str, Target], *, floor: Target) -> tuple[str, str, bool]:
    """Varnish's req/s against the floor's; not met when there is no varnishd to measure."""
    if "article via Varnish" in by_name:
        edge_ratio = by_name["article via Varnish"].rate / floor.rate
        return ("through Varnish >= 2x floor req/s", f"{edge_ratio:.2f}x", edge_ratio >= 2)
    return ("through Varnish >= 2x floor req/s", "not measured (no varnishd)", False)


def sql_row(queries: dict, *, env: dict[str, str]) -> tuple[str, str, bool]:
    """The most SQL queries of any warm article request (none when Redis holds the page)."""
    most = max(value[2] for value in queries.values())
    cache_hit = env.get("REDIS_URL") and most == 0
    return (
        "SQL per article request <= 1 (0 on a cache hit)",
        f"{most}" + (" (Redis hit)" if cache_hit else " (no shared cache: one query)"),
        most <= 1,
    )


def size_row(facts: dict) -> tuple[str, str, bool]:
    """The largest gzipped article page of any audience, against 8 KB."""
    sizes = facts["audiences"]
    (path, audience), most_bytes = max(sizes.items(), key=lambda item: item[1])
    return (
        "article HTML <= 8 KB compressed (every audience)",
        f"{facts['gzip_body']:,} bytes anonymous; largest {most_bytes:,} ({path.split('/')[2]}, {audience})",
        most_bytes <= 8192,
    )


def say_targets(rows: list[tuple[str, str, bool]]) -> None:
    """The targets of issue 12, each marked met or NOT met."""
    say("Targets (issue 12), this run, with the A/A ratio above as the noise band:")
    for name, value, met in rows:
        say(f"   {'met    ' if met else 'NOT met'}  {name:<56} {value}")
