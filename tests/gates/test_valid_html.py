"""Gate: every reader page is valid HTML by the Nu Html Checker."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from articles.models import Article
from articles.services import article_update
from tests import factories
from tests.gates import html_validator
from tests.gates.inline_code import inline_code_in
from tests.gates.pages import ALL_PAGES, PAGE_IDS
from tests.helpers import post_data

# The pages are rendered once (module fixtures) on the package's shared demo data, in a
# savepoint that is rolled back. The mark makes these database tests, which pytest-django
# runs together with the package's others, so the shared demo is loaded once for them all.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rendered_pages(demo_db, django_db_blocker):
    """The HTML of every gated page, rendered once against the demo data."""
    with django_db_blocker.unblock(), transaction.atomic():
        User = get_user_model()
        pages = {}
        for page in ALL_PAGES:
            client = Client()
            if page.user:
                client.force_login(User.objects.get(username=page.user))
            response = client.get(page.url())
            assert response.status_code == page.status, page
            pages[page.name] = response.content.decode()
        transaction.set_rollback(True)
    return pages


BROKEN = (
    "<!DOCTYPE html><html lang='en'><head><title>x</title></head>"
    "<body><ul><div>not a list item</div></ul><span><p>block in inline</p></span><blink>x</blink></body></html>"
)
GOOD = "<!DOCTYPE html><html lang='en'><head><title>x</title></head><body><p>fine</p></body></html>"


@pytest.fixture(scope="module")
def vnu_errors(rendered_pages, posted_pages):
    """The checker's errors for every page of this module, from one run of the checker (a Java start
    costs more than checking the pages): "get:<page>", "post:<page>", and two samples."""
    documents = {
        **{f"get:{name}": html for name, html in rendered_pages.items()},
        **{f"post:{name}": html for name, html in posted_pages.items()},
        "sample:broken": BROKEN,
        "sample:good": GOOD,
    }
    return html_validator.validate(documents)


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_is_valid_html(vnu_errors, name):
    assert vnu_errors[f"get:{name}"] == []


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_has_no_inline_script_or_style(rendered_pages, name):
    assert inline_code_in(rendered_pages[name]) == []


def test_the_validator_catches_invalid_html(vnu_errors):
    # Checked in the same run as the pages: a run that reported nothing would fail here.
    assert len(vnu_errors["sample:broken"]) >= 2
    assert vnu_errors["sample:good"] == []


@pytest.fixture(scope="module")
def posted_pages(demo_db, django_db_blocker):
    """Pages that only a POST shows: form errors, previews, the edit-conflict page."""
    with django_db_blocker.unblock(), transaction.atomic():
        editor = get_user_model().objects.get(username="editor")
        client = Client()
        client.force_login(editor)
        article = Article.objects.get(slug="leg-cramps")
        base = article.latest_revision().history_id
        bad = post_data(factories.fields(title="", slug="x"), **{"tier-rare-0-clinical": "", "refs-0-pmid": "x"})
        pages = {
            "new-with-errors": client.post("/editor/articles/new/", bad),
            "preview": client.post(
                "/editor/articles/leg-cramps/edit/",
                post_data(factories.fields(slug="leg-cramps"), reason="x", base_revision=base, action="preview"),
            ),
            "paste-with-error": client.post("/editor/import/", {"text": "no title here"}),
            "new-with-document-errors": client.post(
                "/editor/articles/new/",
                post_data(
                    factories.fields(slug="x"),
                    **{"tier-rare-0-name": "Dehydration", "tier-do_not_miss-0-clinical": "# Heading"},
                ),
            ),
            "edit-add-row": client.post(
                "/editor/articles/leg-cramps/edit/",
                post_data(factories.fields(slug="leg-cramps"), base_revision=base, action="add-tier-rare"),
            ),
        }
        article_update(article=article, fields=factories.fields(slug="leg-cramps"), by=editor, reason="Meanwhile")
        pages["conflict"] = client.post(
            "/editor/articles/leg-cramps/edit/",
            post_data(factories.fields(slug="leg-cramps"), reason="x", base_revision=base),
        )
        pages["login-with-error"] = Client().post("/accounts/login/", {"username": "editor", "password": "wrong"})
        html = {name: response.content.decode() for name, response in pages.items()}
        statuses = {name: response.status_code for name, response in pages.items()}
        transaction.set_rollback(True)
    assert statuses == {
        "new-with-errors": 400,
        "preview": 200,
        "paste-with-error": 400,
        "new-with-document-errors": 400,
        "edit-add-row": 200,
        "conflict": 409,
        "login-with-error": 200,
    }
    return html


@pytest.mark.parametrize(
    "name",
    [
        "new-with-errors",
        "new-with-document-errors",
        "edit-add-row",
        "preview",
        "paste-with-error",
        "conflict",
        "login-with-error",
    ],
)
def test_posted_page_is_valid_html_without_inline_code(posted_pages, vnu_errors, name):
    assert vnu_errors[f"post:{name}"] == []
    assert inline_code_in(posted_pages[name]) == []
