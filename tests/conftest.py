import os

import pytest
from django.core.cache import cache

from tests import factories


def pytest_sessionstart(session):
    # CI's PostgreSQL run must really use PostgreSQL, not fall back silently.
    if os.environ.get("MEDREVIEW_REQUIRE_POSTGRES"):
        from django.db import connection

        assert connection.vendor == "postgresql", f"expected PostgreSQL, got {connection.vendor}"


@pytest.fixture
def client():
    """Django's test client, sending what every current browser sends with a request
    from one of the site's own pages (Sec-Fetch-Site); a test of a cross-site post says so."""
    return factories.reader_client()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    return factories.make_editor("editor")


@pytest.fixture
def editor2(db):
    return factories.make_editor("editor2")


@pytest.fixture
def reviewer(db):
    return factories.make_board_member("reviewer", credentials="MD, FACP", name=("Amara", "Okafor"))


@pytest.fixture
def reviewer2(db):
    return factories.make_board_member("reviewer2", credentials="MD", name=("Daniel", "Reyes"))


@pytest.fixture
def reader_user(db):
    return factories.make_user("reader")


@pytest.fixture
def site_admin(db):
    return factories.make_site_admin("siteadmin")


@pytest.fixture
def article(editor):
    return factories.make_article(by=editor)
