"""Gate: every reader page is valid HTML by the Nu Html Checker."""

import pytest
from django.contrib.auth import get_user_model

from articles.demo import load_demo
from tests.gates import html_validator
from tests.gates.inline_code import inline_code_in
from tests.gates.pages import ALL_PAGES, PAGE_IDS

# The module's pages are rendered once (a module fixture) in a transaction that is
# rolled back; the mark makes pytest-django create the test database for this module
# even when it runs alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rendered_pages(django_db_setup, django_db_blocker):
    """The HTML of every gated page, rendered once against the demo data."""
    from django.test import Client

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_demo()
            User = get_user_model()
            pages = {}
            for page in ALL_PAGES:
                client = Client()
                if page.user:
                    client.force_login(User.objects.get(username=page.user))
                response = client.get(page.path)
                assert response.status_code == page.status, page
                pages[page.name] = response.content.decode()
            transaction.set_rollback(True)
    return pages


@pytest.fixture(scope="module")
def vnu_errors(rendered_pages):
    return html_validator.validate(rendered_pages)


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_is_valid_html(vnu_errors, name):
    assert vnu_errors[name] == []


@pytest.mark.parametrize("name", PAGE_IDS)
def test_page_has_no_inline_script_or_style(rendered_pages, name):
    assert inline_code_in(rendered_pages[name]) == []


def test_the_validator_catches_invalid_html():
    broken = (
        "<!DOCTYPE html><html lang='en'><head><title>x</title></head>"
        "<body><ul><div>not a list item</div></ul><span><p>block in inline</p></span><blink>x</blink></body></html>"
    )
    good = "<!DOCTYPE html><html lang='en'><head><title>x</title></head><body><p>fine</p></body></html>"
    errors = html_validator.validate({"broken": broken, "good": good})
    assert len(errors["broken"]) >= 2
    assert errors["good"] == []
