"""
The page tests that ask for `demo` share one copy of the demo data: it is loaded in a
transaction that stays open while such tests run, and is rolled back before any other
database test here (which expects an empty database) and at the end of the package.
Each test still runs in its own savepoint inside it, so what one test writes (a question,
an edit, a profile) the next never sees.
"""

import pytest

from articles.demo import load_demo
from tests.gates.shared_demo import RolledBack, is_transactional, uses_database


@pytest.fixture(scope="package")
def _shared_demo(django_db_setup, django_db_blocker):
    demo = RolledBack(django_db_blocker, load_demo)
    yield demo
    demo.close()


@pytest.fixture(autouse=True)
def _demo_only_where_asked(request):
    """Open the shared demo for a test that asks for `demo`; roll it back before any other database test."""
    if not uses_database(request):
        return
    shared = request.getfixturevalue("_shared_demo")
    if "demo" in request.fixturenames and not is_transactional(request):
        shared.open()
    else:
        shared.close()


@pytest.fixture
def demo(db, _shared_demo):
    """The demo data: the shared copy, or (for a transactional test) its own."""
    if not _shared_demo.is_open:
        load_demo()
