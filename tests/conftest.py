import os

import pytest
from django.core.cache import cache

from demo.loader import load_demo
from publishing import pages, sitepages
from tests import factories, serving
from tests.gates.shared_demo import RolledBack, is_transactional


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


# --- one copy of the demo data for the session ---------------------------------------------------
#
# A test that asks for `demo` runs on one copy of the demo data (per xdist worker), loaded
# in a transaction that stays open while such tests follow one another and is never
# committed. Each test still runs in its own savepoint inside it, so what one test writes
# (a question, an edit, a profile) the next never sees. Before any other test the shared
# transaction is rolled back (and the demo loaded again for the next `demo` test), so a
# database test that asks for no demo gets an empty database, tests/gates opens its own
# shared demo (`demo_db`) from nothing, and nothing that commits (a transactional test, a
# live server, the browser tests' committed demo) runs under it. A test that asks for `demo`
# but is transactional, or marked django_db (whose transaction begins before any fixture
# of the test could open the shared demo), loads its own copy.

SHARED_DEMO = pytest.StashKey[RolledBack]()


@pytest.fixture(scope="session")
def _shared_demo(request, django_db_setup, django_db_blocker):
    demo = RolledBack(django_db_blocker, load_demo)
    request.config.stash[SHARED_DEMO] = demo
    yield demo
    del request.config.stash[SHARED_DEMO]
    demo.close()


def _on_the_shared_demo(item) -> bool:
    """Whether the test runs on the shared demo: it asks for `demo` (so for `db`), without the django_db mark."""
    if "demo" not in getattr(item, "fixturenames", ()) or item.get_closest_marker("django_db") is not None:
        return False
    return not is_transactional(item)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any of the test's fixtures: a package or module fixture (tests/gates' demo_db)
    # or the django_db mark's transaction would otherwise be opened inside the shared demo.
    demo = item.config.stash.get(SHARED_DEMO, None)
    if demo is not None and not _on_the_shared_demo(item):
        demo.close()


@pytest.fixture(autouse=True)
def _shared_demo_where_asked(request):
    """Open the shared demo (once) for a test that runs on it, before the test's own transaction begins."""
    if _on_the_shared_demo(request.node):
        request.getfixturevalue("_shared_demo").open()


@pytest.fixture
def demo(db, _shared_demo):
    """The demo data (demo.load_demo): the shared copy, or (see above) the test's own."""
    if not _shared_demo.is_open:
        load_demo()


@pytest.fixture(autouse=True)
def _fresh_cache(_shared_demo_where_asked):
    # After the demo is opened: what loading it cached belongs to no test. Nor do the pages
    # this process kept: a rolled-back test's versions and signal come round again.
    cache.clear()
    sitepages.forget_stored()
    pages.forget_recent()
    yield
    cache.clear()
    sitepages.forget_stored()
    pages.forget_recent()


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


@pytest.fixture
def live_article(editor, reviewer):
    """The factory leg-cramps article, approved, so readers can ask about it and search finds its passages."""
    return factories.approved_article(editor, reviewer)


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """gunicorn (two workers, DEBUG off) behind Varnish with the project's VCL, on a fresh demo database."""
    serving.needs_varnish()
    with serving.behind_varnish(tmp_path_factory.mktemp("edge")) as site:
        yield site
