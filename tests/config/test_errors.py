"""The site's 400, CSRF-failure and 413 pages (config/errors.py, config/middleware.py)."""

import logging
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests import factories
from tests.gates import html_validator
from tests.gates.inline_code import inline_code_in
from tests.helpers import post_data


def assert_site_page(response, status):
    """A page in the site's layout under the site's CSP, with no inline code."""
    assert response.status_code == status
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert inline_code_in(html) == []
    return html


def no_traceback_logged(caplog):
    return not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_bad_request_gets_the_site_page(client, db, caplog):
    html = assert_site_page(client.get("/", HTTP_HOST="bad host name"), 400)
    assert "We could not understand that request" in html
    assert "Back" in html


def test_a_form_without_the_csrf_cookie_is_explained_in_terms_of_cookies(db):
    client = Client(enforce_csrf_checks=True)
    html = assert_site_page(client.post("/accounts/login/", {"username": "someone", "password": "x"}), 403)
    assert "Your form could not be sent" in html
    assert "nothing was saved" in html
    assert "allow cookies for this site" in html
    assert "Back" in html
    assert "CSRF cookie not set." in html


def test_a_form_with_a_stale_csrf_token_is_explained_without_blaming_cookies(db):
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")  # sets the cookie
    response = client.post("/accounts/login/", {"username": "someone", "csrfmiddlewaretoken": "x" * 64})
    html = assert_site_page(response, 403)
    assert "the page was open for a long time" in html
    assert "allow cookies for this site" not in html


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("content_type", ["multipart", "urlencoded"])
def test_an_over_size_form_gets_the_styled_413_and_nothing_is_saved(editor_client, article, caplog, content_type):
    data = post_data(
        factories.fields(summary="x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)),
        reason="A very long summary",
        base_revision=article.history.latest().history_id,
    )
    url = reverse("editor:edit", kwargs={"slug": article.slug})
    if content_type == "urlencoded":
        response = editor_client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
    else:
        response = editor_client.post(url, data)
    html = assert_site_page(response, 413)
    assert "That was too much to send at once" in html
    assert "2.5 MB" in html
    assert "the form still holds what you typed" in html
    assert "Sign out" in html  # the page knows who is signed in
    assert Article.objects.get(pk=article.pk).history.count() == 1
    assert no_traceback_logged(caplog)


def test_a_form_just_under_the_limit_is_not_refused_by_size(editor_client, article, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    response = editor_client.post(
        reverse("editor:edit", kwargs={"slug": article.slug}),
        post_data(factories.fields(summary="A short summary."), reason="Shorter", base_revision=0),
    )
    assert response.status_code != 413


def test_a_multipart_form_whose_fields_are_over_the_limit_is_refused(editor_client, article, settings, caplog):
    # Content-Length counts the whole body; Django's own limit counts only the fields.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    response = editor_client.post(reverse("editor:paste"), {"text": "y" * 3_000})
    assert_site_page(response, 413)
    assert no_traceback_logged(caplog)


def test_the_error_pages_are_valid_html(client, db, editor):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(editor)
    pages = {
        "400": client.get("/", HTTP_HOST="bad host name").content.decode(),
        "403-csrf": csrf_client.post("/personalize/", {"audience": "patient"}).content.decode(),
        "413": csrf_client.post("/personalize/", {"audience": "x" * 3_000_000}).content.decode(),
    }
    assert html_validator.validate(pages) == {name: [] for name in pages}
