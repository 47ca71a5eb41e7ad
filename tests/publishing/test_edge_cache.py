"""
The edge cache, for real: Varnish (deploy/varnish/default.vcl) in front of gunicorn with
two workers and DEBUG off, on a fresh database (SQLite, or PostgreSQL + Redis in CI's
second run). An approval reaches every audience on the very next read through Varnish,
and a revision nobody approved never appears.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from tests import serving
from tests.serving import AUDIENCES, audience_cookie, get

ARTICLE = "/articles/low-back-pain/"
UNAPPROVED = "An edit the board has not approved yet."
APPROVED = "An edit the board has now approved."


EDIT = """
from articles.models import Article
from articles.services import article_update
from articles.content import ArticleFields
from django.contrib.auth import get_user_model
import dataclasses
article = Article.objects.get(slug="low-back-pain")
fields = dataclasses.replace(ArticleFields.of(article), summary={summary!r})
article_update(article=article, fields=fields, by=get_user_model().objects.get(username="editor"), reason="Edit")
"""

APPROVE = """
from articles.models import Article
from django.contrib.auth import get_user_model
from review import workflow
users = get_user_model().objects
article = Article.objects.get(slug="low-back-pain")
review = workflow.submit(article=article, by=users.get(username="editor"))
workflow.start_review(review=review, by=users.get(username="reviewer2"))
workflow.approve(review=review, by=users.get(username="reviewer2"))
"""


def test_reader_pages_are_served_from_varnish_per_audience(edge):
    for audience in AUDIENCES:
        first = get(edge["port"], ARTICLE, audience_cookie(audience))
        again = get(edge["port"], ARTICLE, audience_cookie(audience))
        assert first[0] == 200 and "set-cookie" not in first[1]
        assert again[1]["x-cache"] == "HIT", audience
        assert again[2] == first[2]


def test_other_cookies_get_the_same_cached_bytes(edge):
    _, plain_headers, plain = get(edge["port"], ARTICLE, "medreview_audience=patient")
    _, crowded_headers, crowded = get(edge["port"], ARTICLE, "_ga=GA1.2.3; medreview_audience=patient; consent=yes")
    assert crowded_headers["x-cache"] == "HIT" and crowded == plain


def test_staff_pass_through_and_are_never_stored(edge):
    for _ in range(2):
        _, headers, _ = get(edge["port"], ARTICLE, "sessionid=not-a-real-session")
        assert headers["x-cache"] == "MISS"


def test_an_approval_reaches_every_audience_at_once_and_an_unapproved_edit_never_appears(edge):
    before = {audience: get(edge["port"], ARTICLE, audience_cookie(audience))[2] for audience in AUDIENCES}
    serving.shell(edge["env"], EDIT.format(summary=UNAPPROVED))
    for audience in AUDIENCES:  # saved, not approved: readers keep the approved text, cached or not
        _, headers, html = get(edge["port"], ARTICLE, audience_cookie(audience))
        assert UNAPPROVED not in html
        assert html == before[audience]
        assert UNAPPROVED not in get(edge["site_port"], ARTICLE, audience_cookie(audience))[2]
    serving.shell(edge["env"], EDIT.format(summary=APPROVED))
    serving.shell(edge["env"], APPROVE)
    for audience in AUDIENCES:  # the very next read, through the same Varnish
        _, headers, html = get(edge["port"], ARTICLE, audience_cookie(audience))
        assert APPROVED in html, audience
        assert UNAPPROVED not in html
    _, _, home = get(edge["port"], "/")
    feed = get(edge["port"], "/feed/")[2]
    assert feed.count("<entry>") == 2  # the lists were banned too: the feed has the new approval
    assert "Low Back Pain" in home


def test_only_the_site_may_ban(edge):
    request = urllib.request.Request(f"http://127.0.0.1:{edge['port']}/", method="BAN", headers={"X-Ban-Url": "^/"})
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 — loopback, which the ACL allows
        assert response.status == 200


def _raw(port: int, path: str, **headers: str) -> tuple[int, dict]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback
            response.read()
            return response.status, {key.lower(): value for key, value in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {key.lower(): value for key, value in error.headers.items()}


def test_a_client_without_gzip_gets_a_strong_etag_and_a_304_through_varnish(edge):
    for _ in range(2):
        status, headers = _raw(edge["port"], ARTICLE)
        assert status == 200 and "content-encoding" not in headers
        assert not headers["etag"].startswith("W/")
    assert _raw(edge["port"], ARTICLE, **{"If-None-Match": headers["etag"]})[0] == 304
    _, gzipped = _raw(edge["port"], ARTICLE, **{"Accept-Encoding": "gzip"})
    assert gzipped["content-encoding"] == "gzip" and gzipped["etag"] != headers["etag"]
    assert _raw(edge["port"], ARTICLE, **{"Accept-Encoding": "gzip", "If-None-Match": gzipped["etag"]})[0] == 304


def test_link_trackers_share_the_cached_copy(edge):
    get(edge["port"], ARTICLE)
    _, headers, _ = get(edge["port"], ARTICLE + "?utm_source=newsletter&utm_medium=email&fbclid=x")
    assert headers["x-cache"] == "HIT"
    _, headers, html = get(edge["port"], ARTICLE + "?audience=patient&utm_campaign=spring")
    assert "medreview_audience" not in headers.get("set-cookie", "")
    again = get(edge["port"], ARTICLE + "?audience=patient")
    assert again[1]["x-cache"] == "HIT" and again[2] == html


def test_a_browser_that_takes_brotli_gets_it_through_varnish_and_others_keep_their_copy(edge):
    for _ in range(2):
        status, headers = _raw(edge["port"], ARTICLE, **{"Accept-Encoding": "gzip, deflate, br"})
        assert status == 200 and headers["content-encoding"] == "br"
    assert headers["x-cache"] == "HIT"
    assert _raw(edge["port"], ARTICLE, **{"Accept-Encoding": "br", "If-None-Match": headers["etag"]})[0] == 304
    _, gzipped = _raw(edge["port"], ARTICLE, **{"Accept-Encoding": "gzip, deflate"})
    assert gzipped["content-encoding"] == "gzip"
