"""
Real-browser tests: Playwright (Python) driving Debian's Chromium.

Where Chromium is missing these tests skip and say how to enable them; CI sets
MEDREVIEW_REQUIRE_GATES=1, which turns a missing browser into a failure.

Two servers, for two kinds of test:

- `demo_site`, for tests that only read: one live server and one copy of the demo data,
  committed once and shared by all of them (tests/gates/shared_demo.py). Signing in and
  reading count as reading, though they write a little (a session, the sign-in log and
  time, a published page), which is removed or left aside after each test. Anything
  else a test writes fails it at teardown; such a test uses `site`.
- `site`, for journeys that write (edit, submit, approve, ask, save a profile): the
  demo data loaded into a database of its own, emptied again after the test.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.test import TransactionTestCase
from django.test.utils import modify_settings, setup_databases, teardown_databases
from pytest_django.live_server_helper import LiveServer

from demo.loader import DEMO_PASSWORD, load_demo
from tests.gates.shared_demo import CommittedDemo, signed_in_session, uses_database

# Playwright's sync API runs an event loop in this thread; the ORM calls that the test
# makes around it (setting up data) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        reason = "Chromium not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH"
        if os.environ.get("MEDREVIEW_REQUIRE_GATES"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def _asks_for_the_database(item) -> bool:
    """Whether pytest-django makes the test database for this test (the same rule it uses)."""
    cls = getattr(item, "cls", None)
    return uses_database(item) or (cls is not None and issubclass(cls, TransactionTestCase))


@pytest.fixture(scope="session")
def _test_database(request, django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """
    The test database, made here when no selected test asks pytest-django for it: it makes
    one only for tests that ask for `db`, `transactional_db` or `live_server` (or are
    marked), and `demo_site` can ask for none of them without its data being rolled back
    or emptied after each test. Without this, a run of read-only browser tests alone
    would load the demo into the development database.
    """
    if any(_asks_for_the_database(item) for item in request.session.items):
        yield
        return
    with django_db_blocker.unblock():
        keepdb = django_db_keepdb and not django_db_createdb
        made = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS}, keepdb=keepdb)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(made, verbosity=0)


@pytest.fixture(scope="package")
def _committed_demo(_test_database, django_db_blocker):
    demo = CommittedDemo()
    yield demo
    with django_db_blocker.unblock():
        demo.discard()


@pytest.fixture(scope="session")
def _shared_server(_test_database):
    # Not pytest-django's `live_server`: asking for that makes every test transactional,
    # which empties the database after each one.
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def demo_site(request, _shared_server, _committed_demo, django_db_blocker):
    """A live server with the shared demo data, for a test that only reads."""
    with django_db_blocker.unblock():
        _committed_demo.ensure()
        with modify_settings(ALLOWED_HOSTS={"append": _shared_server.thread.host}):
            yield _shared_server
        wrote = _committed_demo.changed()
    if wrote:
        pytest.fail(
            f"{request.node.nodeid} changed the demo data that read-only tests share "
            "(the next one gets a fresh copy); a test that writes uses the `site` fixture",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def _reading_tabs():
    """Browser tabs kept for the session, one per (account, JavaScript on, demo load)."""
    tabs: dict = {}
    yield tabs
    for tab in tabs.values():
        tab.context.close()


@pytest.fixture
def open_as(browser, demo_site, _committed_demo, _reading_tabs):
    """
    For read-only tests: `open_as(username, path)` opens the path on the shared demo in a
    browser tab kept for that account (None: an anonymous reader), signed in with the
    session made when the demo was loaded, so that each test does not sign in and start a
    browser again. `javascript=False`: a tab with JavaScript off. Returns (page, response).
    """

    def open_(username, path, *, javascript=True):
        key = (username, javascript, _committed_demo.loads)
        page = _reading_tabs.get(key)
        if page is None:
            for stale in [k for k in _reading_tabs if k[2] != _committed_demo.loads]:
                _reading_tabs.pop(stale).context.close()
            context = browser.new_context(java_script_enabled=javascript)
            if username:
                with_session(context, demo_site, _committed_demo.sessions[username])
            page = _reading_tabs[key] = context.new_page()
        response = page.goto(demo_site.url + path)
        # No gated page redirects: a redirect here would be the sign-in page standing in for
        # the page asked for (a session that no longer signs the account in).
        assert response.request.redirected_from is None, f"{path} as {username} redirected to {page.url}"
        return page, response

    return open_


@pytest.fixture
def site(live_server, transactional_db, _committed_demo):
    """A live server with the demo accounts, leg cramps and low back pain (no more: a third of
    the time) in a database of its own, for a journey that writes."""
    _committed_demo.discard()
    load_demo(library=False)
    return live_server


def with_session(context, site, session_key):
    """Give a browser context the session cookie of a signed-in session (tests/gates/shared_demo.signed_in_session)."""
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": site.url}])


def sign_in(page, site, username):
    """Sign in through the real sign-in form as a demo account, landing on the home page (?next=/)."""
    page.goto(site.url + "/accounts/login/?next=/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site.url + "/")


def as_user(browser, site, username):
    """
    A new browser context and page, signed in as the demo account `username` on the home
    page (None: anonymous, on a blank page), with a session made directly, as the journeys' second and
    later users: the sign-in form is driven by `sign_in` (the editor and discovery journeys)
    and tested in tests/accounts.
    """
    context = browser.new_context()
    page = context.new_page()
    if username:
        with_session(context, site, signed_in_session(username))
        page.goto(site.url + "/")
    return context, page
