"""publishing.pages and publishing.http: reader pages as published artifacts."""

import gzip
import http.server
import threading

import brotli
import pytest
from django.conf import settings
from django.db.models import F
from django.test import Client, override_settings

from accounts.audiences import COOKIE_NAME, Audience
from publishing import caching, pages
from publishing.models import PublishedPage
from review import workflow
from tests import factories
from web.reader import pages as article_pages

ARTICLE = "/articles/low-back-pain/"
READER_PAGES = ["/", "/articles/", "/board/", "/editorial-policy/", "/search/?q=back+pain", "/feed/", "/sitemap.xml"]
AUDIENCE_QUERIES = ["", *(f"?audience={a.value}" for a in Audience)]


browser = factories.reader_client


# --- no per-visitor state -------------------------------------------------------------------


@pytest.mark.parametrize("path", READER_PAGES + [ARTICLE + q for q in AUDIENCE_QUERIES] + ["/articles/leg-cramps/"])
def test_an_anonymous_reader_page_sets_no_cookie_and_carries_no_token(demo, path):
    response = browser().get(path)
    assert response.status_code == 200
    assert not response.cookies, response.cookies
    body = gzip.decompress(response.content) if response.get("Content-Encoding") == "gzip" else response.content
    assert b"csrfmiddlewaretoken" not in body


def test_choosing_an_audience_sets_only_that_cookie(demo):
    response = browser().post("/personalize/", {"audience": "patient", "next": ARTICLE})
    assert set(response.cookies) == {COOKIE_NAME}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {},
    ],
)
def test_the_token_less_forms_refuse_a_post_from_another_site(demo, headers):
    from articles.models import Question

    client = Client()  # sends nothing about where the post came from, unless told
    assert client.post("/personalize/", {"audience": "patient"}, **headers).status_code == 403
    assert client.post(ARTICLE + "questions/", {"question": "Is this safe?"}, **headers).status_code == 403
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "http://testserver/articles/"},
    ],
)
def test_the_token_less_forms_take_a_post_from_the_sites_own_pages(demo, headers):
    assert Client().post(ARTICLE + "questions/", {"question": "Is this safe?"}, **headers).status_code == 302


# --- HTTP caching --------------------------------------------------------------------------------


def test_an_article_is_public_with_a_strong_etag_and_last_modified(demo):
    response = browser().get(ARTICLE)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.PAGE_MAX_AGE}" in cache_control and f"s-maxage={settings.EDGE_MAX_AGE}" in cache_control
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert caching.render_version() in response["ETag"]
    assert response["Last-Modified"]
    assert "Cookie" in response["Vary"] and "Accept-Encoding" in response["Vary"]


def test_a_conditional_request_gets_304(demo):
    client = browser()
    first = client.get(ARTICLE)
    again = client.get(ARTICLE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_the_page_goes_gzipped_under_8_kb_to_a_client_that_takes_it(demo):
    plain = browser().get(ARTICLE)
    packed = browser().get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) <= 8 * 1024
    assert packed["ETag"] != plain["ETag"]  # each representation its own strong validator


@pytest.mark.parametrize("audience", ["", "patient", "caregiver", "student", "nurse", "physician"])
def test_a_browser_that_takes_brotli_gets_the_copy_made_when_the_page_was_stored(demo, audience):
    query = f"?audience={audience}" if audience else ""
    plain = browser().get(ARTICLE + query)
    packed = browser().get(ARTICLE + query, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    gzipped = browser().get(ARTICLE + query, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "br" and brotli.decompress(packed.content) == plain.content
    assert len(packed.content) < len(gzipped.content)
    assert len({packed["ETag"], gzipped["ETag"], plain["ETag"]}) == 3
    assert (
        browser().get(ARTICLE + query, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304
    )
    # "br;q=0" refuses brotli.
    assert browser().get(ARTICLE + query, HTTP_ACCEPT_ENCODING="gzip, br;q=0")["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("audience", ["patient", "physician", ""])
def test_other_cookies_do_not_change_the_bytes(demo, audience):
    alone, crowded = browser(), browser()
    for client in (alone, crowded):
        if audience:
            client.cookies[COOKIE_NAME] = audience
    crowded.cookies["_ga"] = "GA1.2.3"
    crowded.cookies["consent"] = "yes"
    one, two = alone.get(ARTICLE), crowded.get(ARTICLE)
    assert one["ETag"] == two["ETag"] and one.content == two.content


def test_each_audience_gets_its_own_bytes(demo):
    etags = {browser().get(ARTICLE + q)["ETag"] for q in AUDIENCE_QUERIES}
    assert len(etags) == len(AUDIENCE_QUERIES)


def test_staff_get_a_private_live_page_and_never_poison_the_readers_copy(demo, django_user_model):
    staff = browser()
    staff.force_login(django_user_model.objects.get(username="editor"))
    page = staff.get(ARTICLE)
    assert "private" in page["Cache-Control"] and "public" not in page["Cache-Control"]
    assert "Sign out" in page.content.decode()
    reader = browser().get(ARTICLE).content.decode()
    assert "Sign out" not in reader and "Editor dashboard" not in reader
    assert not PublishedPage.objects.filter(html__contains=b"Sign out").exists()


def test_a_reader_list_is_public_for_readers_and_private_for_staff(demo, django_user_model):
    assert "public" in browser().get("/")["Cache-Control"]
    staff = browser()
    staff.force_login(django_user_model.objects.get(username="editor"))
    assert "private" in staff.get("/")["Cache-Control"]


# --- the stored artifact and its invalidation ---------------------------------------------------


def read_all_audiences(slug):
    return {q: browser().get(f"/articles/{slug}/{q}").content.decode() for q in AUDIENCE_QUERIES}


def test_each_page_is_rendered_once_and_then_served_from_storage(demo):
    browser().get(ARTICLE)
    row = PublishedPage.objects.get(slug="low-back-pain", audience="default")
    assert row.render_version == pages.page_version()
    PublishedPage.objects.filter(pk=row.pk).update(html=b"<p>the stored bytes</p>")
    if settings.PUBLISHED_PAGES_IN_CACHE:
        from django.core.cache import cache

        cache.clear()
    pages.forget_recent()  # the bytes changed behind the ETag's back, which the site never does
    assert browser().get(ARTICLE).content == b"<p>the stored bytes</p>"


def test_a_new_render_version_stops_reading_old_pages(demo):
    browser().get(ARTICLE)
    PublishedPage.objects.update(render_version="old-deploy", html=b"<p>old bytes</p>")
    assert b"old bytes" not in browser().get(ARTICLE).content


def test_approving_a_new_revision_reaches_every_audience_on_the_very_next_read(editor, reviewer):
    article = factories.approved_article(editor, reviewer, summary="The first approved summary.")
    before = read_all_audiences(article.slug)
    assert all("The first approved summary." in html for html in before.values())
    factories.edit_article(article, editor, "The second approved summary.")
    assert all("The second approved summary." not in h for h in read_all_audiences(article.slug).values())
    factories.approve_latest(article, editor=editor, reviewer=reviewer)
    after = read_all_audiences(article.slug)
    assert all("The second approved summary." in html for html in after.values())


@override_settings(REVIEW_INTERVAL_MONTHS=0)
def test_re_confirming_and_returning_change_the_page_at_once(editor, reviewer, reviewer2):
    article = factories.approved_article(editor, reviewer)
    first = browser().get(f"/articles/{article.slug}/")["ETag"]
    workflow.reconfirm(article=article, by=reviewer2)
    assert "Daniel Reyes" in browser().get(f"/articles/{article.slug}/").content.decode()
    assert browser().get(f"/articles/{article.slug}/")["ETag"] != first


def test_a_draft_is_never_published(editor):
    article = factories.make_article(by=editor)
    assert browser().get(f"/articles/{article.slug}/").status_code == 404
    assert not PublishedPage.objects.exists()


# --- the edge cache is told ---------------------------------------------------------------------


class BanRecorder(http.server.BaseHTTPRequestHandler):
    bans: list[str] = []

    def do_BAN(self):  # noqa: N802 — the HTTP method's name
        BanRecorder.bans.append(self.headers["X-Ban-Url"])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def edge_server():
    BanRecorder.bans = []
    server = http.server.HTTPServer(("127.0.0.1", 0), BanRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_an_approval_bans_the_article_and_the_lists_at_the_edge(
    editor, reviewer, edge_server, django_capture_on_commit_callbacks
):
    with override_settings(EDGE_CACHE_URLS=[edge_server]), django_capture_on_commit_callbacks(execute=True):
        factories.approved_article(editor, reviewer)
    assert "^(/[a-z]{2})?/articles/leg\\-cramps/" in BanRecorder.bans
    assert {"^(/[a-z]{2})?/$", "^(/[a-z]{2})?/feed/", "^(/[a-z]{2})?/sitemap\\.xml"} <= set(BanRecorder.bans)


def test_an_edge_that_does_not_answer_is_logged_not_fatal(editor, reviewer, caplog, django_capture_on_commit_callbacks):
    with override_settings(EDGE_CACHE_URLS=["http://127.0.0.1:1"]), django_capture_on_commit_callbacks(execute=True):
        factories.approved_article(editor, reviewer)
    assert any("did not take the ban" in record.getMessage() for record in caplog.records)


# --- fewer bytes, the same page ---------------------------------------------------------------


def test_indentation_leaves_the_text_between_tags_but_not_pre_textarea_or_attributes():
    html = (
        '<main>\n    <p>One\n      two</p>\n  <pre>a\n    b</pre><textarea name="q">x\n   y</textarea>'
        '<meta content="keep\n   this"></main>'
    )
    assert article_pages.collapse_whitespace(html) == (
        '<main>\n<p>One\ntwo</p>\n<pre>a\n    b</pre><textarea name="q">x\n   y</textarea>'
        '<meta content="keep\n   this"></main>'
    )


@pytest.mark.parametrize("audience", [None, *Audience])
def test_the_stored_page_reads_exactly_as_the_template_renders_it(demo, audience):
    import re

    from django.template.loader import render_to_string

    from articles.models import Article
    from articles.presentation import presentation_for
    from review.publication import reader_page_for

    page = reader_page_for(Article.objects.get(slug="leg-cramps"))
    rendered = render_to_string(
        article_pages.TEMPLATE,
        article_pages.page_context(page, presentation_for(audience)),
        request=article_pages._anonymous_request("/articles/leg-cramps/"),
    )
    stored = pages.package(page, audience, article_pages.render_html(page, audience)).html.decode()
    assert len(stored) < len(rendered) and "\n  " not in stored
    # The same words and the same tags in the same order: only the space between them differs.
    pieces = re.compile(r"<[^>]+>|[^<\s]+")
    assert pieces.findall(stored) == pieces.findall(rendered)


# --- SQLite: no query at all while nothing was committed ---------------------------------------

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="PRAGMA data_version is SQLite's"
)


def read_counting_queries(slug="low-back-pain"):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        published = article_pages.published_article(slug=slug, audience=None)
    return published, len(queries)


def in_another_connection(work):
    """Run `work` in a thread of its own, so on a database connection of its own, and close it."""
    from django.db import connection

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


@sqlite_only
@override_settings(PUBLISHED_PAGES_IN_CACHE=False)
def test_on_sqlite_a_warm_read_asks_nothing_until_another_connection_commits(transactional_db):
    from demo.loader import load_demo
    from publishing.models import Publication

    load_demo(library=False)  # its own, committed: PRAGMA data_version and the stamps need commits
    pages.forget_recent()
    first, _ = read_counting_queries()  # rendered and stored: this connection wrote
    again, queries = read_counting_queries()
    assert again is first and queries == 1  # checked once
    again, queries = read_counting_queries()
    assert again is first and queries == 0
    # Anything committed elsewhere (here: an unrelated row) costs one check, and the copy stands.
    in_another_connection(lambda: factories.make_user("someone-else"))
    again, queries = read_counting_queries()
    assert again is first and queries == 1
    # What readers get changed in another connection (as another process's approval does): the copy is not sent.
    in_another_connection(
        lambda: Publication.objects.filter(article__slug="low-back-pain").update(version=F("version") + 1)
    )
    changed, _ = read_counting_queries()
    assert changed is not None and changed is not first


@sqlite_only
@override_settings(PUBLISHED_PAGES_IN_CACHE=False)
def test_on_sqlite_a_write_on_the_readers_own_connection_is_seen_too(transactional_db):
    from demo.loader import load_demo
    from publishing.models import Publication

    load_demo(library=False)  # its own, committed: PRAGMA data_version and the stamps need commits
    pages.forget_recent()
    first, _ = read_counting_queries()
    assert read_counting_queries() == (first, 1) and read_counting_queries() == (first, 0)
    # The same connection's own commits leave PRAGMA data_version alone; its change count moves.
    Publication.objects.filter(article__slug="low-back-pain").update(version=F("version") + 1)
    changed, queries = read_counting_queries()
    assert changed is not first and queries >= 2
