"""The project-wide middleware (config/middleware.py): a request id for the logs, and the styled 413."""

import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from config import logs
from config.middleware import RequestIdMiddleware, RequestTooLargeMiddleware


def seen_ids(headers):
    seen = {}

    def view(request):
        seen["request"], seen["logs"] = request.request_id, logs.current_request_id.get()
        return HttpResponse()

    RequestIdMiddleware(view)(RequestFactory().get("/", headers=headers))
    return seen


def test_a_proxys_id_is_kept_for_the_request_and_its_log_lines():
    assert seen_ids({"X-Request-ID": "varnish-1234.5:6"}) == {"request": "varnish-1234.5:6", "logs": "varnish-1234.5:6"}


@pytest.mark.parametrize("incoming", ["", "short", "x" * 65, "bad id", "id\nINFO forged", "<script>12345</script>"])
def test_anything_but_a_short_plain_token_gets_a_new_id(incoming):
    seen = seen_ids({"X-Request-ID": incoming})
    assert re.fullmatch(r"[0-9a-f]{32}", seen["request"]) and seen["logs"] == seen["request"]


def test_outside_the_request_the_log_id_is_reset():
    seen_ids({"X-Request-ID": "varnish-1234.5:6"})
    assert logs.current_request_id.get() == logs.NO_REQUEST


def passes(request):
    return RequestTooLargeMiddleware(lambda request: HttpResponse("the view ran"))(request)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_post_declaring_more_than_the_limit_gets_413_before_the_view(caplog):
    request = RequestFactory().post("/editor/", data="x=" + "a" * 200, content_type="application/x-www-form-urlencoded")
    response = passes(request)
    assert response.status_code == 413 and b"the view ran" not in response.content
    assert "over the limit of 100" in caplog.text


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_reads_and_posts_within_the_limit_reach_the_view():
    factory = RequestFactory()
    small = factory.post("/editor/", data="x=1", content_type="application/x-www-form-urlencoded")
    big_get = factory.get("/search/", {"q": "a" * 500})
    assert [passes(r).content for r in (small, big_get)] == [b"the view ran", b"the view ran"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_a_content_length_that_is_no_number_is_a_bad_request_not_a_server_error():
    request = RequestFactory().post("/editor/", data="x=1", content_type="application/x-www-form-urlencoded")
    request.META["CONTENT_LENGTH"] = "not a number"
    response = passes(request)
    assert response.status_code == 400 and b"the view ran" not in response.content
