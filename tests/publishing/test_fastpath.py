"""
publishing.fastpath: an anonymous article read answered in front of Django gets exactly what
Django's own path sends (status, every header, the bytes), and everything else goes to
Django. In-process on the test database (SQLite, or PostgreSQL + Redis in CI's second
run), then for real under gunicorn with two workers, changed from another process.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from django.core import signals
from django.db import close_old_connections
from django.test import Client, override_settings

from accounts.audiences import Audience
from publishing.fastpath import ARTICLE_PATH
from review import workflow
from tests import factories, serving
from tests.serving import Sites, environ, run

ARTICLE = "/articles/low-back-pain/"
COOKIES = [
    "",
    *(f"medreview_audience={audience.value}" for audience in Audience),
    "medreview_audience=martian",  # unknown: the no-choice page, as Django gives it
    "_ga=GA1.2.3; consent=yes",
    "_ga=GA1.2.3; medreview_audience=patient; consent=yes",
]


def test_the_pattern_is_the_article_address():
    from django.urls import resolve

    from web.reader import views

    assert resolve("/articles/low-back-pain/").func is views.article_detail
    assert ARTICLE_PATH.fullmatch("/articles/low-back-pain/")["slug"] == "low-back-pain"
    for path in ("/articles/low-back-pain", "/articles/low-back-pain/\n", "/articles/a/b/", "/articles/l\x00w/"):
        assert ARTICLE_PATH.fullmatch(path) is None


@pytest.mark.parametrize("cookie", COOKIES)
@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br"])
def test_every_audience_gets_djangos_bytes_and_headers(demo, sites, cookie, encoding):
    env = environ(cookie=cookie, **({"accept_encoding": encoding} if encoding else {}))
    expected, got, answered = sites.both(env)
    assert answered
    assert expected[0] == "200 OK" and got == expected
    headers = dict(got[1])
    assert "Set-Cookie" not in headers and headers["Cache-Control"].startswith("public")
    for name in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "X-Content-Type-Options", "ETag"):
        assert name in headers
    assert headers.get("Content-Encoding", "") == ("br" if "br" in encoding else "gzip" if encoding else "")


def test_each_audience_is_a_different_page(demo, sites):
    bodies = {run(sites.fast, environ(cookie=cookie))[2] for cookie in COOKIES[:6]}
    assert len(bodies) == 6


def test_a_page_not_approved_yet_carries_noindex_on_both_paths(demo, sites):
    expected, got, answered = sites.both(environ("/articles/leg-cramps/"))
    assert answered and got == expected
    assert ("X-Robots-Tag", "noindex") in got[1]


def test_head_and_conditional_requests(demo, sites):
    _, headers, _ = run(sites.django, environ())
    etag = dict(headers)["ETag"]
    # HEAD: the GET's headers (Content-Length too), no body, on both paths.
    expected, got, answered = sites.both(environ(method="HEAD"))
    assert answered and got[:2] == expected[:2] and expected[2] and got[2] == b""
    assert dict(got[1])["Content-Length"] == str(len(expected[2]))
    status, index_headers, body = run(sites.fast, environ("/articles/", method="HEAD"))  # Django's path
    assert status == "200 OK" and body == b"" and int(dict(index_headers)["Content-Length"]) > 1000
    cases = [
        environ(if_none_match=etag),
        environ(if_none_match=etag[:-1] + '-gz"', accept_encoding="gzip"),
        environ(if_none_match='"something-else"'),
        environ(if_modified_since=dict(headers)["Last-Modified"]),
        environ(if_match='"something-else"'),
    ]
    statuses = []
    for env in cases:
        expected, got, answered = sites.both(env)
        assert answered and got == expected
        statuses.append(got[0][:3])
    assert statuses == ["304", "304", "200", "304", "412"]


def test_https_behind_a_proxy_gets_hsts_as_from_django(demo):
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), SECURE_HSTS_SECONDS=600):
        secure = Sites()
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        try:
            expected, got, answered = secure.both(environ(x_forwarded_proto="https"))
            assert answered and got == expected
            assert "Strict-Transport-Security" in dict(got[1])
            expected, got, answered = secure.both(environ())
            assert answered and got == expected
            assert "Strict-Transport-Security" not in dict(got[1])
        finally:
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)


def signed_in_cookie(db) -> str:
    client = Client()
    client.force_login(factories.make_user("reader1"))
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.mark.parametrize(
    "env",
    [
        pytest.param(environ(query="page=2"), id="query string"),
        pytest.param(environ(query="audience=patient&q=x"), id="audience with another parameter"),
        pytest.param(environ(query="audience=patient&" + "utm_x=1&" * 300), id="a very long query string"),
        pytest.param(environ(cookie="csrftoken=abcdefghijklmnopqrstuvwxyz012345"), id="csrf cookie"),
        pytest.param(environ(method="POST"), id="POST"),
        pytest.param(environ(method="OPTIONS"), id="OPTIONS"),
        pytest.param(environ(host="evil.example"), id="unknown host"),
        pytest.param(environ(host="bad host!"), id="malformed host"),
        pytest.param(environ("/articles/low-back-pain"), id="no slash"),
        pytest.param(environ("/articles/low\x00back-pain/"), id="NUL"),
        pytest.param(environ("/articles/no-such-article/"), id="unknown article"),
        pytest.param(environ("/articles/", query="page=2&page=3"), id="index with a parameter twice"),
        pytest.param(environ("/", query="q=x"), id="home with a parameter it does not read"),
        pytest.param(environ("/editor/"), id="a staff page"),
    ],
)
def test_anything_else_goes_to_django_unchanged(demo, sites, env):
    run(sites.django, environ())  # the page is stored
    expected, got, answered = sites.both(env)
    assert not answered
    assert got[0] == expected[0]
    if not env["PATH_INFO"].startswith("/articles/low-back-pain/") or env["REQUEST_METHOD"] != "GET":
        return
    assert got == expected


@pytest.mark.parametrize(
    "query",
    [
        *(f"audience={audience.value}" for audience in Audience),
        "audience=martian",
        "utm_source=newsletter&utm_medium=email",
        "audience=patient&utm_campaign=spring&fbclid=abc",
        "audience=nurse&audience=patient",  # the last wins, as in Django's QueryDict
    ],
)
def test_a_shared_link_is_served_from_the_stored_page_of_its_audience_without_a_cookie(demo, sites, query):
    for encoding in ("", "gzip"):
        env = environ(query=query, accept_encoding=encoding) if encoding else environ(query=query)
        run(sites.django, env)  # stored
        expected, got, answered = sites.both(env)
        assert answered and got == expected
        assert "Set-Cookie" not in dict(got[1])


def test_a_shared_link_gets_the_audience_it_names_whatever_the_cookie_says(demo, sites):
    env = environ(query="audience=patient", cookie="medreview_audience=physician")
    run(sites.django, env)
    _, headers, _ = run(sites.fast, env)
    assert "-patient-" in dict(headers)["ETag"]


def test_a_host_once_allowed_is_refused_again_when_the_allowed_hosts_change(demo, sites):
    """The fast path remembers the hosts get_host() let through, per settings: never past a change of them."""
    run(sites.django, environ())  # the page is stored
    assert sites.both(environ())[2]  # testserver: answered, and remembered
    with override_settings(ALLOWED_HOSTS=["medreview.example"]):
        expected, got, answered = sites.both(environ())
        assert not answered and got[0] == expected[0] and got[0].startswith("400")
        assert not sites.both(environ(host="evil.example"))[2]
    assert sites.both(environ())[2]


def test_a_signed_in_reader_goes_to_django_and_gets_a_private_page(demo, sites):
    cookie = signed_in_cookie(None)
    expected, got, answered = sites.both(environ(cookie=cookie))
    assert not answered
    assert got[0] == "200 OK" and "private" in dict(got[1])["Cache-Control"]
    assert b"Sign out" in got[2]


def test_a_page_not_stored_yet_is_left_to_django_which_stores_it(demo, sites):
    first = run(sites.fast, environ(cookie="medreview_audience=nurse"))
    assert sites.fell_through == [ARTICLE]
    again = run(sites.fast, environ(cookie="medreview_audience=nurse"))
    assert sites.fell_through == [ARTICLE] and again == first


def test_a_withdrawn_article_is_410_from_django_at_once(demo, sites):
    from django.contrib.auth import get_user_model

    from articles.models import Article

    for cookie in COOKIES[:6]:
        assert sites.both(environ(cookie=cookie))[2]
    board = get_user_model().objects.get(username="reviewer")
    workflow.withdraw(article=Article.objects.get(slug="low-back-pain"), by=board, reason="A safety concern.")
    for cookie in COOKIES[:6]:
        expected, got, answered = sites.both(environ(cookie=cookie))
        assert not answered and got[0] == expected[0] == "410 Gone"


def test_a_newly_approved_revision_is_sent_at_once(sites, editor, reviewer):
    article = factories.approved_article(editor, reviewer, summary="The first approved summary.")
    path = f"/articles/{article.slug}/"
    for cookie in COOKIES[:6]:
        run(sites.django, environ(path, cookie=cookie))
        assert sites.both(environ(path, cookie=cookie))[2]
    factories.edit_article(article, editor, "The second approved summary.")
    factories.approve_latest(article, editor=editor, reviewer=reviewer)
    for cookie in COOKIES[:6]:
        body = run(sites.fast, environ(path, cookie=cookie))[2].decode()
        assert "The second approved summary." in body and "The first approved summary." not in body
        expected, got, answered = sites.both(environ(path, cookie=cookie))
        assert answered and got == expected


def test_the_fast_path_opens_and_closes_a_request_as_django_does(demo, sites):
    run(sites.django, environ())
    seen = []
    started = lambda **kwargs: seen.append("started")  # noqa: E731
    finished = lambda **kwargs: seen.append("finished")  # noqa: E731
    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        _, _, answered = sites.both(environ())
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert answered and seen == ["started", "finished", "started", "finished"]


# --- for real: gunicorn with two workers, the change made by another process -------------------

APPROVE_EDIT = """
import dataclasses
from articles.models import Article
from articles.services import article_update
from articles.content import ArticleFields
from django.contrib.auth import get_user_model
from review import workflow
users = get_user_model().objects
article = Article.objects.get(slug="low-back-pain")
fields = dataclasses.replace(ArticleFields.of(article), summary="A summary approved a moment ago.")
article_update(article=article, fields=fields, by=users.get(username="editor"), reason="Edit")
review = workflow.submit(article=article, by=users.get(username="editor"))
workflow.start_review(review=review, by=users.get(username="reviewer2"))
workflow.approve(review=review, by=users.get(username="reviewer2"))
"""

WITHDRAW = """
from articles.models import Article
from django.contrib.auth import get_user_model
from review import workflow
workflow.withdraw(article=Article.objects.get(slug="low-back-pain"),
                  by=get_user_model().objects.get(username="reviewer"), reason="A safety concern.")
"""


def fetch(port: int, cookie: str = "", path: str = ARTICLE) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 — loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_under_gunicorn_a_change_from_another_process_is_read_at_once(tmp_path):
    env = serving.site_environment(tmp_path)
    serving.prepare_site(env)
    port = serving.free_port()
    try:
        with serving.gunicorn(env, port=port, workers=2):
            for _ in range(6):  # both workers hold every audience's page, and the index (a stored site page)
                for cookie in COOKIES[:6]:
                    status, html = fetch(port, cookie)
                    assert status == 200 and "A summary approved a moment ago." not in html
                assert "A summary approved a moment ago." not in fetch(port, path="/articles/")[1]
            serving.shell(env, APPROVE_EDIT)
            for _ in range(3):
                for cookie in COOKIES[:6]:
                    status, html = fetch(port, cookie)
                    assert status == 200 and "A summary approved a moment ago." in html, cookie
                assert "A summary approved a moment ago." in fetch(port, path="/articles/")[1]
            serving.shell(env, WITHDRAW)
            for _ in range(3):
                for cookie in COOKIES[:6]:
                    assert fetch(port, cookie)[0] == 410
                assert "/articles/low-back-pain/" not in fetch(port, path="/articles/")[1]
    finally:
        serving.drop_site(env)
