"""
Several machines, for real: two gunicorn "nodes" on their own ports, sharing one database
(PostgreSQL and Redis in CI's second run; one SQLite file in the first), behind one Varnish
started by deploy/varnish/start.sh with both as its backends — the deployment of
deploy/compose.yaml on one machine. A board member approves through node A's own pages; node
B and Varnish then serve the new page within a second, and no read after that is stale.
"""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from demo.loader import DEMO_PASSWORD
from tests import serving
from tests.serving import AUDIENCES, audience_cookie, get

ARTICLE = "/articles/low-back-pain/"
NEW_SUMMARY = "A summary the board approved on node A."
START = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "start.sh"

SUBMIT_AND_START = """
import dataclasses
from articles.models import Article
from articles.services import article_update
from articles.content import ArticleFields
from django.contrib.auth import get_user_model
from review import workflow
users = get_user_model().objects
article = Article.objects.get(slug="low-back-pain")
fields = dataclasses.replace(ArticleFields.of(article), summary=%r)
article_update(article=article, fields=fields, by=users.get(username="editor"), reason="Edit")
review = workflow.submit(article=article, by=users.get(username="editor"))
review = workflow.start_review(review=review, by=users.get(username="reviewer2"))
print("REVIEW", review.pk, review.revision_id)
"""


def wait_until_healthy(port: int, timeout: float = 30) -> None:
    """Varnish answers /healthz with 200 once a probe found a backend healthy."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"Varnish on {port} found no healthy backend")
        time.sleep(0.2)


class Varnish:
    """deploy/varnish/start.sh with this machine's varnishd, in front of `backends`."""

    def __init__(self, *, port: int, backends: list[int]):
        # varnishd reads the VCL as its own unprivileged user: a directory it may enter.
        self.home = Path(tempfile.mkdtemp(prefix="medreview-two-nodes-"))
        self.home.chmod(0o755)
        env = {
            "PATH": os.environ["PATH"],
            "VARNISHD": serving.varnishd_path() or "varnishd",
            "VARNISH_VCL": str(self.home / "medreview.vcl"),
            "VARNISH_BACKENDS": " ".join(f"127.0.0.1:{backend}" for backend in backends),
            "VARNISH_PURGERS": "127.0.0.1",
            "VARNISH_LISTEN": f"127.0.0.1:{port}",
            "VARNISH_SIZE": "64m",
        }
        self.process = subprocess.Popen(  # noqa: S603 — the project's own start script
            ["/bin/sh", str(START), "-n", str(self.home / "instance")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_healthy(port)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        shutil.rmtree(self.home, ignore_errors=True)


class Browser:
    """A board member's browser on one node: cookies, the CSRF token, same-origin posts."""

    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        # The site marks its cookies Secure (DEBUG off); this loopback "browser" sends them over http.
        self.jar = http.cookiejar.CookieJar(policy=_LoopbackPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def open(self, path: str, data: dict | None = None) -> tuple[int, str, dict]:
        headers = {"Sec-Fetch-Site": "same-origin", "Origin": self.base, "Referer": self.base + path}
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def token(self, page: str) -> str:
        return html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1))

    def sign_in(self, username: str) -> None:
        _, page, _ = self.open("/accounts/login/")
        status, _, _ = self.open(
            "/accounts/login/",
            {"csrfmiddlewaretoken": self.token(page), "username": username, "password": DEMO_PASSWORD},
        )
        assert status == 302, "sign-in failed"


class _LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    def return_ok_secure(self, cookie, request):
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fresh(port: int, path: str, audience: str) -> bool:
    return NEW_SUMMARY in get(port, path, audience_cookie(audience))[2]


@pytest.fixture
def two_nodes(tmp_path):
    serving.needs_varnish()
    env = serving.site_environment(tmp_path)
    node_a, node_b, edge_port = serving.free_port(), serving.free_port(), serving.free_port()
    env["EDGE_CACHE_URLS"] = f"http://127.0.0.1:{edge_port}"
    serving.prepare_site(env)
    try:
        with serving.gunicorn(env, port=node_a, workers=2), serving.gunicorn(env, port=node_b, workers=2):
            varnish = Varnish(port=edge_port, backends=[node_a, node_b])
            try:
                yield {"env": env, "a": node_a, "b": node_b, "edge": edge_port}
            finally:
                varnish.stop()
    finally:
        serving.drop_site(env)


def test_an_approval_on_node_a_is_read_from_node_b_and_through_varnish_within_a_second(two_nodes):
    a, b, edge = two_nodes["a"], two_nodes["b"], two_nodes["edge"]
    out = serving.shell(two_nodes["env"], SUBMIT_AND_START % NEW_SUMMARY)
    review_id, revision_id = re.search(r"REVIEW (\d+) (\d+)", out).groups()
    paths = [ARTICLE, "/articles/", "/"]
    # Every copy is warm: both nodes' workers, and Varnish (a HIT on the second read).
    for _ in range(4):
        for audience in AUDIENCES:
            for port in (a, b, edge):
                assert not fresh(port, ARTICLE, audience)
        for port in (a, b, edge):
            assert all(NEW_SUMMARY not in get(port, path)[2] for path in paths[1:])
    assert get(edge, ARTICLE)[1]["x-cache"] == "HIT"

    board = Browser(a)
    board.sign_in("reviewer2")
    _, page, _ = board.open(f"/review/{review_id}/")
    status, _, headers = board.open(
        f"/review/{review_id}/approve/",
        {"csrfmiddlewaretoken": board.token(page), "seen_revision": revision_id, "confirmed": "1"},
    )
    approved_at = time.monotonic()
    assert status == 302, "the approval was refused"
    assert "Readers now see it" in board.open(headers["Location"])[1]

    # Within one second, node B and Varnish give the new page to every audience.
    waiting = {(port, audience) for port in (b, edge) for audience in AUDIENCES}
    while waiting and time.monotonic() - approved_at < 1.0:
        waiting = {(port, audience) for port, audience in waiting if not fresh(port, ARTICLE, audience)}
    assert not waiting, f"still stale after a second: {sorted(waiting)}"
    # And no read after that is stale: every audience, every list, each node and the edge, several times.
    stale = 0
    for _ in range(5):
        for port in (a, b, edge):
            stale += sum(not fresh(port, ARTICLE, audience) for audience in AUDIENCES)
            stale += sum(NEW_SUMMARY not in get(port, path)[2] for path in paths[1:])
    assert stale == 0
