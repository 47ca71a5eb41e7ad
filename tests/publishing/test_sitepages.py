"""
publishing.sitepages: home, index, board, policy pages, feed, sitemap and search results,
stored like articles. Both paths (Django's view and the fast path) send the same bytes and
headers; a change of what the pages show is read at once; what may not be stored is not.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Synonym
from publishing import sitepages
from review import workflow
from review.models import BoardMember
from tests import factories
from tests.helpers import text_of
from tests.serving import environ, run

PAGES = ["/", "/articles/", "/board/", "/editorial-policy/", "/about/", "/contact/", "/privacy/", "/feed/"]


@pytest.mark.parametrize("path", [*PAGES, "/sitemap.xml"])
@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_both_paths_send_the_same_stored_bytes_and_headers(demo, sites, path, encoding):
    env = environ(path, **({"accept_encoding": encoding} if encoding else {}))
    run(sites.django, env)  # rendered and stored
    expected, got, answered = sites.both(env)
    assert answered and got == expected and expected[0] == "200 OK"
    headers = dict(got[1])
    assert headers["ETag"].startswith('"s-') and not headers["ETag"].startswith("W/")
    assert headers["Cache-Control"].startswith("public") and "Set-Cookie" not in headers
    assert (headers.get("Content-Encoding") == "gzip") == bool(encoding)


@pytest.mark.parametrize(
    "query",
    ["q=cramps", "q=cramps&utm_source=mail", "q=chest+pain+and+sweating&audience=patient", "q=zzzz"],
)
def test_search_results_are_stored_per_query_and_audience(demo, sites, query):
    env = environ("/search/", query=query)
    run(sites.django, env)
    expected, got, answered = sites.both(env)
    assert answered and got == expected


def test_search_results_differ_by_audience_and_each_keeps_its_own(demo, sites):
    patient = environ("/search/", query="q=cramps", cookie="medreview_audience=patient")
    physician = environ("/search/", query="q=cramps", cookie="medreview_audience=physician")
    first = (run(sites.django, patient)[2], run(sites.django, physician)[2])
    assert first[0] != first[1]
    assert (run(sites.fast, patient)[2], run(sites.fast, physician)[2]) == first


def test_every_stored_page_answers_304_to_its_etag_and_the_feed_to_its_date(demo):
    client = Client()
    for path in [*PAGES, "/search/?q=cramps"]:
        etag = client.get(path)["ETag"]
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304, path
    modified = client.get("/feed/")["Last-Modified"]
    assert client.get("/feed/", headers={"If-Modified-Since": modified}).status_code == 304
    earlier = http_date((timezone.now() - datetime.timedelta(days=2)).timestamp())
    assert client.get("/feed/", headers={"If-Modified-Since": earlier}).status_code == 200


def test_an_approval_reaches_every_list_at_once(sites, editor, reviewer):
    article = factories.make_article(by=editor, slug="gout", title="Differential Diagnosis for Gout")
    paths = ["/", "/articles/", "/feed/", "/search/"]
    for path in paths:
        env = environ(path, query="q=gout" if path == "/search/" else "")
        run(sites.django, env)
        assert b"Differential Diagnosis for Gout" not in run(sites.fast, env)[2]
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer, seen_revision=review.revision)
    for path in paths:
        env = environ(path, query="q=gout" if path == "/search/" else "")
        status, _, body = run(sites.fast, env)
        assert status == "200 OK" and b"Differential Diagnosis for Gout" in body, path


def test_a_board_change_and_a_synonym_change_are_read_at_once(demo):
    client = Client()
    assert "Daniel Reyes" in text_of(client.get("/board/"))
    member = BoardMember.objects.get(user__username="reviewer2")
    member.active = False
    member.save()
    assert "Daniel Reyes" not in text_of(client.get("/board/"))
    before = sitepages.current_signal()
    Synonym.objects.create(term="zzz test term", equivalents="leg cramp")
    assert sitepages.current_signal() != before


def test_a_sign_in_does_not_count_as_a_change(demo):
    before = sitepages.current_signal()
    user = factories.make_user("someone")
    changed = sitepages.current_signal()
    assert changed != before  # a new account may be a board member's
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert sitepages.current_signal() == changed


@pytest.mark.parametrize(
    ("path", "query", "cookie"),
    [
        ("/", "q=x", ""),  # a parameter the page does not read
        ("/articles/", "page=1&page=2", ""),  # one given twice
        ("/articles/", "condition=" + "x" * 300, ""),  # too long
        ("/", "", "messages=abc"),  # a message waiting for this reader
        ("/search/", "q=cramps", "sessionid=abc"),  # anyone who may be signed in
    ],
)
def test_what_may_not_be_stored_is_not(demo, sites, path, query, cookie):
    env = environ(path, query=query, cookie=cookie)
    run(sites.django, env)
    _, _, answered = sites.both(env)
    assert not answered
    assert not sitepages._stored  # nothing was kept in this process either


def test_a_refused_search_is_not_stored(demo):
    from web.reader.views import SEARCH_RATE

    limit = int(SEARCH_RATE.split("/")[0])
    client = Client()
    for n in range(limit):
        client.get(f"/search/?q=cramps+{n}", REMOTE_ADDR="10.0.0.9")
    assert client.get("/search/?q=night+cramps", REMOTE_ADDR="10.0.0.9").status_code == 429
    assert Client().get("/search/?q=night+cramps", REMOTE_ADDR="10.0.0.10").status_code == 200


def test_search_results_are_compressed_for_the_first_reader_who_takes_each_encoding(demo):
    import gzip

    import brotli

    client = Client()
    plain = client.get("/search/?q=night+cramps")
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    (stored,) = [published for _when, published in sitepages._stored.values()]
    assert stored.when_asked and not stored.gzipped and not stored.brotli
    assert "_gzip" not in stored.__dict__ and "_br" not in stored.__dict__  # nobody took either yet

    zipped = client.get("/search/?q=night+cramps", HTTP_ACCEPT_ENCODING="gzip")
    squeezed = client.get("/search/?q=night+cramps", HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip" and squeezed["Content-Encoding"] == "br"
    assert gzip.decompress(zipped.content) == brotli.decompress(squeezed.content) == plain.content
    assert len({plain["ETag"], zipped["ETag"], squeezed["ETag"]}) == 3  # one strong ETag per representation
    assert zipped["Content-Length"] == str(len(zipped.content))
    again = client.get("/search/?q=night+cramps", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert again.status_code == 304


def test_the_other_stored_pages_are_compressed_when_stored(demo):
    Client().get("/articles/")
    (stored,) = [published for _when, published in sitepages._stored.values()]
    assert not stored.when_asked and stored.gzipped and stored.brotli
