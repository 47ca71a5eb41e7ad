"""
Facts beside the load, for `make bench` (bench.pages): SQL queries per warm article request,
and what the article costs on the wire for every audience and encoding.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import urllib.error
import urllib.request

from bench.legs import Leg, serving
from bench.load import APPROVED, ARTICLE, fetch

AUDIENCES = ("default", "patient", "caregiver", "student", "nurse", "physician")
ENCODINGS = ("identity", "gzip", "br")
GZIP_GOAL = 8 * 1024  # issue 25: the article page, every audience, at most 8 KB gzipped
BROTLI_GOAL = 7 * 1024  # ... and 7 KB with brotli

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


def audience_headers(audience: str, encoding: str) -> dict[str, str]:
    headers = {"Accept-Encoding": encoding}
    if audience != "default":
        headers["Cookie"] = f"medreview_audience={audience}"
    return headers


def wire_sizes(site: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(audience, encoding asked for) -> (body bytes, header bytes, encoding sent) of the article page."""
    sizes = {}
    for audience in AUDIENCES:
        for encoding in ENCODINGS:
            _, head, body, header_bytes = fetch(site + ARTICLE, headers=audience_headers(audience, encoding))
            sizes[(audience, encoding)] = (len(body), header_bytes, head.get("content-encoding", "identity"))
    return sizes


def wire_facts(leg: Leg, edge: str = "") -> dict:
    """What the article costs on the wire, the headers an anonymous reader gets, and the SQL per request."""
    site = leg.site
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
        "sizes": wire_sizes(site),
        "approved": {
            audience: len(fetch(site + APPROVED, headers=audience_headers(audience, "gzip"))[2])
            for audience in AUDIENCES
        },
        "conditional": conditional_status(site + ARTICLE, head.get("etag", "")),
        "queries": query_counts(leg.env),
        "nocache_queries": query_counts(leg.nocache_env),
    }
    if edge:
        with contextlib.suppress(OSError):
            _, edge_head, edge_body, _ = fetch(edge + ARTICLE, headers={"Accept-Encoding": "gzip"})
            facts["edge_gzip_body"] = len(edge_body)
            facts["edge_cache"] = edge_head.get("x-cache", "?")
    return facts


def conditional_status(url: str, etag: str) -> int:
    """The status of a gzip GET of `url` with If-None-Match: `etag` (304 when the ETag is honoured)."""
    request = urllib.request.Request(  # noqa: S310 — loopback
        url, headers={"Accept-Encoding": "gzip", "If-None-Match": etag}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
