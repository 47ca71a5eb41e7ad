"""
Every database test in tests/gates runs on one copy of the demo data (`demo_db`), loaded
once for the package in a transaction that is rolled back at the end. Each test runs in
its own savepoint inside it, so a request that writes (the matrix posts Approve, Start
review, …) is undone before the next test.
"""

import pytest

from tests.gates.shared_demo import RolledBack, is_transactional, uses_database


@pytest.fixture(scope="package")
def demo_db(django_db_setup, django_db_blocker):
    """The demo data and one reader question, never committed."""
    demo = RolledBack(django_db_blocker)
    demo.open()
    yield
    demo.close()


@pytest.fixture(autouse=True)
def _database_tests_run_on_the_demo(request):
    if not uses_database(request.node):
        return
    if is_transactional(request.node):
        pytest.fail(
            "a transactional test in tests/gates would run inside the shared demo's transaction; "
            "drive a live server from tests/journeys with the `site` fixture instead"
        )
    request.getfixturevalue("demo_db")
