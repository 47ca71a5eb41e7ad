"""
Where a warm anonymous article request spends its time, in-process, next to the floor.

    python -m bench.profile            # a fresh demo site (tests/serving.py), then the profile
    BENCH_PROFILE_REQUESTS=4000 ...    # more requests per measurement

It prepares a site as deployed (fresh database, migrate, load_demo, collectstatic; DEBUG
off) and then, in one child process with the site's settings, calls Django's WSGI
handler directly (no server, no socket) for:
- the anonymous leg-cramps page, through the site's whole middleware stack;
- the floor: the same bytes from bench.floor_urls through a handler with no middleware
  (settings overridden in the same process, so both share one interpreter and machine).
It prints CPU µs per request of each (interleaved blocks), each middleware's own share
(markers between the middleware), the view's parts alone, and cProfile's top functions
for the article. The "fast path" row is the same article through publishing.fastpath in front
of Django, as config.wsgi (and so gunicorn and `make bench`) serves it; the other rows go
through Django's handler alone, to show where Django's own time goes.

BENCH_PROFILE_SWAP="NEW=OLD[,NEW=OLD]" also measures, in the same interleaved blocks, the
article through a stack where middleware NEW is replaced by OLD (OLD "-" removes it):
the before/after of a middleware change, e.g.
    BENCH_PROFILE_SWAP=config.security.CSPMiddleware=csp.middleware.CSPMiddleware
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "2000"))
ARTICLE = "/articles/leg-cramps/"


def environ(path: str, cookie: str = "") -> dict:
    query = ""
    if "?" in path:
        path, query = path.split("?", 1)
    env = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_USER_AGENT": "bench",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def call(app, base: dict) -> tuple[str, bytes]:
    """One request as gunicorn makes it: call, read the body, close (request_finished)."""
    status = []

    def start_response(value, headers, exc_info=None):
        status.append(value)

    env = dict(base)
    env["wsgi.input"] = io.BytesIO(b"")
    result = app(env, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return status[0], body


def cpu_us(app, base: dict, n: int) -> float:
    start = time.process_time()
    for _ in range(n):
        call(app, base)
    return (time.process_time() - start) / n * 1e6


# Markers put between the site's middleware (bench.profile.mark_0, mark_1, ...): each
# records the wall time of everything inside it, so a middleware's own time is the marker
# above it minus the marker below it. Works for class and function middleware alike.
_INSIDE: dict[int, int] = {}


def _marker(index: int):
    def factory(get_response):
        def middleware(request):
            start = time.perf_counter_ns()
            try:
                return get_response(request)
            finally:
                _INSIDE[index] = time.perf_counter_ns() - start

        return middleware

    return factory


for _index in range(64):
    globals()[f"mark_{_index}"] = _marker(_index)


def marked(paths: list[str]) -> list[str]:
    """`paths` with a marker above the first, and below each."""
    out = [f"{__name__}.mark_0"]
    for index, path in enumerate(paths, start=1):
        out += [path, f"{__name__}.mark_{index}"]
    return out


def timed(block):
    start = time.perf_counter_ns()
    for _ in range(REQUESTS):
        block()
    return (time.perf_counter_ns() - start) / REQUESTS / 1000


def inner() -> None:
    """The measurement itself, in a process with the site's settings (DJANGO_SETTINGS_MODULE)."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    site = WSGIHandler()
    article = environ(ARTICLE)
    page, floor = floor_beside(site, article)
    print_warm_queries(site, article, page)

    # 1. CPU per request, interleaved blocks.
    fast = fast_path(site, article, page)
    swap, swapped = swapped_site(article)
    blocks = 10
    per = max(REQUESTS // blocks, 50)
    results = cpu_blocks(article, site=site, floor=floor, fast=fast, swapped=swapped, blocks=blocks, per=per)
    print_cpu(results, blocks=blocks, per=per, swap=swap)

    # 2. Each middleware's own share, then the view's parts alone.
    print_layers(article)
    print_view_parts()

    # 3. cProfile of the article, then of the fast path (what gunicorn serves for the same request).
    print()
    print(f"cProfile, anonymous article, {REQUESTS} requests (times include the profiler's overhead):")
    print(profiled(site, article, ("tottime", 30), ("cumulative", 45)))
    print(f"cProfile, the fast path (config.wsgi), {REQUESTS} requests:")
    print(profiled(fast, article, ("tottime", 25)))


def floor_beside(site, article: dict) -> tuple[bytes, object]:
    """The article's bytes, and the floor: a handler with no middleware serving those same bytes."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    import bench.floor_urls

    status, page = call(site, article)
    assert status.startswith("200"), status
    bench.floor_urls.BODY = page
    with override_settings(MIDDLEWARE=[], ROOT_URLCONF="bench.floor_urls"):
        floor = WSGIHandler()
        assert call(floor, article)[1] == page
    return page, floor


def print_warm_queries(site, article: dict, page: bytes) -> None:
    """Warm the site, then print the SQL of one warm article request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(200):
        call(site, article)
    with CaptureQueriesContext(connection) as queries:
        call(site, article)
    print(f"article: {len(page):,} bytes, {len(queries)} SQL quer{'y' if len(queries) == 1 else 'ies'} warm")
    for query in queries:
        print(f"   {query['sql'][:200]}")


def fast_path(site, article: dict, page: bytes):
    """What config.wsgi serves: the fast path, with Django behind it."""
    from config.middleware import RequestIdMiddleware
    from publishing.fastpath import FastPath

    fast = FastPath(site, request_id_middleware=RequestIdMiddleware)
    assert call(fast, article)[1] == page
    return fast


def swapped_site(article: dict) -> tuple[str, object]:
    """BENCH_PROFILE_SWAP, and a handler with those middleware swapped (None when it is unset)."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    swap = os.environ.get("BENCH_PROFILE_SWAP", "")
    if not swap:
        return swap, None
    stack = list(settings.MIDDLEWARE)
    for pair in swap.split(","):
        new, old = pair.split("=")
        stack = [old if path == new else path for path in stack if not (path == new and old == "-")]
    with override_settings(MIDDLEWARE=stack):
        swapped = WSGIHandler()
    assert call(swapped, article)[0].startswith("200")
    return swap, swapped


def cpu_blocks(article: dict, *, site, floor, fast, swapped, blocks: int, per: int) -> dict[str, list[float]]:
    """CPU µs per request of each row, in `blocks` interleaved blocks of `per` requests (search: a tenth)."""
    from django.test.utils import override_settings

    patient = environ(ARTICLE, "medreview_audience=patient")
    search = environ("/search/?q=calf+cramps")
    results: dict[str, list[float]] = {"floor": [], "article": [], "patient": [], "search": []}
    results["fast path (config.wsgi)"] = []
    if swapped is not None:
        results["swapped"] = []
    for _ in range(blocks):
        with override_settings(MIDDLEWARE=[], ROOT_URLCONF="bench.floor_urls"):
            results["floor"].append(cpu_us(floor, article, per))
        results["article"].append(cpu_us(site, article, per))
        if swapped is not None:
            results["swapped"].append(cpu_us(swapped, article, per))
        results["fast path (config.wsgi)"].append(cpu_us(fast, article, per))
        results["patient"].append(cpu_us(site, patient, per))
        results["search"].append(cpu_us(site, search, max(per // 10, 10)))
    return results


def print_cpu(results: dict[str, list[float]], *, blocks: int, per: int, swap: str) -> None:
    """Each row's median CPU per request, against the floor's (and what was swapped, if anything)."""
    floor_us = statistics.median(results["floor"])
    print()
    print(f"In-process CPU per request (median of {blocks} interleaved blocks of {per}; no server, no socket):")
    if swap:
        print(f"   (swapped = the article with {swap})")
    for name, values in results.items():
        median = statistics.median(values)
        print(
            f"   {name:<24}{median:>9.1f} µs   (blocks {min(values):.1f}-{max(values):.1f})"
            f"   {median / floor_us:>5.2f}x the floor's CPU, +{median - floor_us:.1f} µs"
        )


def layer_times(paths: list[str], article: dict) -> tuple[float, dict[int, float]]:
    """Median wall µs of the whole request, and inside each marker, with markers between `paths`."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    with override_settings(MIDDLEWARE=marked(paths)):
        timed_site = WSGIHandler()
    call(timed_site, article)
    samples: dict[int, list[int]] = {index: [] for index in range(len(paths) + 1)}
    totals = []
    for _ in range(REQUESTS):
        _INSIDE.clear()
        start = time.perf_counter_ns()
        call(timed_site, article)
        totals.append(time.perf_counter_ns() - start)
        for index in samples:
            samples[index].append(_INSIDE.get(index, 0))
    inside = {index: statistics.median(values) / 1000 for index, values in samples.items()}
    return statistics.median(totals) / 1000, inside


def print_layers(article: dict) -> None:
    """Each middleware's own wall time: the marker above it minus the marker below it."""
    from django.conf import settings

    paths = list(settings.MIDDLEWARE)
    total, inside = layer_times(paths, article)
    print()
    print(
        f"Anonymous article, wall µs per request by layer (median of {REQUESTS}; markers between the "
        f"middleware, each row includes ~1 µs of marker):"
    )
    print(f"   {'whole request (WSGI handler, body, close)':<62}{total:>8.1f}")
    print(f"   {'  outside the middleware (WSGIRequest, signals, close)':<62}{total - inside[0]:>8.1f}")
    for index, name in enumerate(paths):
        print(f"   {'  ' + name:<62}{inside[index] - inside[index + 1]:>8.1f}")
    print(f"   {'  URL resolve, process_view hooks, view (below the last)':<62}{inside[len(paths)]:>8.1f}")


def print_view_parts() -> None:
    """The article view's parts, each called alone: the one query, and the response's headers."""
    from django.test import RequestFactory

    from publishing.http import published_response
    from web.reader import pages as article_pages

    published = article_pages.published_article(slug="leg-cramps", audience=None)
    request = RequestFactory().get(ARTICLE, HTTP_HOST="127.0.0.1")
    print("   the view's parts, called alone (wall µs, mean of the runs):")
    print(
        f"      pages.published_page (the one query)        "
        f"{timed(lambda: article_pages.published_article(slug='leg-cramps', audience=None)):>8.1f}"
    )
    print(
        f"      publishing.http.published_response (headers)       "
        f"{timed(lambda: published_response(request, published)):>8.1f}"
    )


def profiled(app, base: dict, *orders: tuple[str, int]) -> str:
    """cProfile's report of REQUESTS calls of `app`, sorted each way in `orders` (key, how many lines)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REQUESTS):
        call(app, base)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    for key, lines in orders:
        stats.sort_stats(key).print_stats(lines)
    return out.getvalue()


def main() -> int:
    from bench.legs import serving  # Django set up first: tests.serving imports the site

    workdir = Path(tempfile.mkdtemp(prefix="medreview-profile-"))
    env = serving.site_environment(workdir)
    print("== preparing a fresh demo database ...", flush=True)
    serving.prepare_site(env)
    try:
        return subprocess.run(  # noqa: S603 — this module
            [serving.PYTHON, "-m", "bench.profile", "--inner"], cwd=serving.ROOT, env=env, check=False
        ).returncode
    finally:
        serving.drop_site(env)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--inner"]:
        inner()
    else:
        sys.exit(main())
