"""Telling the edge caches (publishing/edge.py): a BAN per page pattern over real HTTP; a down cache is logged."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import override_settings

from publishing import edge


class Edge(BaseHTTPRequestHandler):
    bans: list[tuple[str, str]] = []

    def do_BAN(self):  # noqa: N802 — the HTTP method's name
        self.bans.append((self.path, self.headers["X-Ban-Url"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def edge_url():
    Edge.bans = []
    server = HTTPServer(("127.0.0.1", 0), Edge)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_an_article_change_bans_its_pages_and_every_list(edge_url):
    with override_settings(EDGE_CACHE_URLS=[edge_url]):
        edge.purge_articles(["leg-cramps", "a.b"])
    patterns = [pattern for path, pattern in Edge.bans]
    assert {path for path, _ in Edge.bans} == {"/"}
    # A slug is a literal, not a pattern; each language's address of the page goes too.
    assert patterns[:2] == ["^(/[a-z]{2})?/articles/leg\\-cramps/", "^(/[a-z]{2})?/articles/a\\.b/"]
    assert set(patterns[2:]) == set(edge.LIST_PATTERNS)


def test_with_no_edge_configured_nothing_is_sent(edge_url):
    with override_settings(EDGE_CACHE_URLS=[]):
        edge.purge_articles(["leg-cramps"])
    assert Edge.bans == []


def test_an_edge_that_is_down_or_not_http_is_logged_and_never_raises(caplog):
    with override_settings(EDGE_CACHE_URLS=["http://127.0.0.1:9", "file:///etc/passwd"]):
        edge.ban(["^/$"])
    assert caplog.text.count("did not take the ban") == 2
