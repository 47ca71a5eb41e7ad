"""HTTP caching of reader pages (publishing/http.py): shared for anonymous readers, private for staff, 304s."""

import datetime
import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from publishing.http import published_response, reader_page
from publishing.pages import Published

HTML = b"<!doctype html><title>Leg cramps</title><p>Stretch the calf."
MODIFIED = datetime.datetime(2026, 11, 1, 9, 30, tzinfo=datetime.UTC)


def page(**overrides):
    values = {
        "html": HTML,
        "gzipped": gzip.compress(HTML, mtime=0),
        "etag": '"41-default-r1-abc"',
        "last_modified": MODIFIED,
        "is_approved": True,
    }
    values.update(overrides)
    return Published(**values)


@override_settings(PAGE_MAX_AGE=0, EDGE_MAX_AGE=86400)
def test_a_stored_page_is_shared_cacheable_with_its_etag_and_date():
    response = published_response(RequestFactory().get("/articles/leg-cramps/"), page())
    assert response.content == HTML and response["ETag"] == '"41-default-r1-abc"'
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=86400"
    assert response["Vary"] == "Cookie, Accept-Encoding"
    assert response["Last-Modified"] == "Sun, 01 Nov 2026 09:30:00 GMT"
    assert "X-Robots-Tag" not in response


def test_gzip_is_sent_to_clients_that_take_it_under_its_own_etag():
    request = RequestFactory().get("/articles/leg-cramps/", headers={"Accept-Encoding": "br, GZIP"})
    response = published_response(request, page())
    assert response["Content-Encoding"] == "gzip" and gzip.decompress(response.content) == HTML
    assert response["ETag"] == '"41-default-r1-abc-gz"'


def test_a_client_with_the_current_etag_gets_304_without_a_body():
    request = RequestFactory().get("/articles/leg-cramps/", headers={"If-None-Match": '"41-default-r1-abc"'})
    response = published_response(request, page())
    assert response.status_code == 304 and response.content == b""
    stale = RequestFactory().get("/articles/leg-cramps/", headers={"If-None-Match": '"40-default-r1-old"'})
    assert published_response(stale, page()).status_code == 200


@override_settings(PAGE_MAX_AGE=300, EDGE_MAX_AGE=86400)
def test_a_page_that_falls_due_soon_is_cached_no_longer_than_that_and_a_pending_one_is_not_indexed():
    soon = page(fresh_until=timezone.now() + datetime.timedelta(seconds=120), is_approved=False)
    response = published_response(RequestFactory().get("/articles/leg-cramps/"), soon)
    max_age, s_maxage = (int(part.split("=")[1]) for part in response["Cache-Control"].split(", ")[1:])
    assert 100 <= max_age <= 120 and 100 <= s_maxage <= 120
    assert response["X-Robots-Tag"] == "noindex"


def test_reader_pages_are_public_for_anonymous_readers_and_private_for_anyone_with_a_session():
    view = reader_page(lambda request: HttpResponse("the home page"))
    anonymous = view(RequestFactory().get("/"))
    signed_in = RequestFactory().get("/")
    signed_in.COOKIES["sessionid"] = "x"
    staff = view(signed_in)
    assert "public" in anonymous["Cache-Control"] and "Cookie" in anonymous["Vary"]
    assert "private" in staff["Cache-Control"] and "no-cache" in staff["Cache-Control"]
    assert "Cache-Control" not in view(RequestFactory().post("/"))


READER_PAGES = ["/", "/articles/", "/board/", "/editorial-policy/", "/about/", "/search/?q=cramps", "/feed/"]


@pytest.mark.parametrize("path", READER_PAGES)
def test_every_reader_page_answers_304_to_its_etag(client, demo, path):
    first = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["ETag"], path
    again = client.get(path, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
