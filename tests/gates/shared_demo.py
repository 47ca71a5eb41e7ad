"""
One demo database for many tests, instead of loading the demo data again for each test.

Two ways, for the two kinds of test that read the demo:

- `RolledBack`, for tests that use the `db` fixture (Django's TestCase way). The demo is
  loaded once inside a transaction that stays open while those tests run; each test runs
  in a savepoint inside it, so whatever a test writes is undone after it, and the outer
  transaction is rolled back at the end: nothing is ever committed, and the next test
  that expects an empty database gets one.
- `CommittedDemo`, for read-only browser tests. A live server only sees committed rows
  (on PostgreSQL it has its own connection), so the demo is committed once and shared.
  Nothing rolls a test's writes back, so after each test `fingerprint` checks that it
  wrote nothing another test could see, and a database that something else changed or
  emptied (a transactional test flushes at teardown) is loaded again before the next.

pytest-django runs `db` tests first, then transactional tests, then tests that ask for
neither (the shared browser tests among them), so the committed demo never sits under a
test that expects an empty database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.test import Client

from articles.models import Article, Question
from articles.questions import question_answer, question_ask
from demo.loader import load_demo
from review.faq import answer_approve

# What reading the site writes that no test reads back: the time of the last sign-in, and
# the id the cache gives this database (made once, on first use). Left out of `fingerprint`.
BOOKKEEPING_MODELS = {"articles.databaseidentity"}
BOOKKEEPING_FIELDS = {"last_login"}
# What reading and signing in add, for the next request: sessions, django-axes' record of
# sign-ins (and failed ones, which could lock an account), the published page of an
# article and the version it belongs to. A read-only test's rows here are removed after
# it, so each test starts from the demo as loaded; changing a row that was there already
# is a write like any other. App labels or model labels.
ADDED_BY_READING = {"sessions", "axes", "publishing.publication", "publishing.publishedpage"}

# The database the settings name, before pytest-django swaps in the test database (this
# module is imported while tests are collected): never flushed.
NOT_THE_TEST_DATABASE = settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]


DEMO_QUESTION = "Are night cramps dangerous?"
# Editors' answers in both states the gates show: approved ("Readers asked" on the approved
# demo article) and waiting for the board (the board's approval screen).
FAQ_PUBLISHED = "Can I keep working with low back pain?"
FAQ_PENDING = "Is it safe to stretch my calf when a cramp starts?"
# The demo accounts the read-only browser tests look at pages as (see CommittedDemo.sessions).
SIGNED_IN_ACCOUNTS = ("editor", "reviewer", "admin")


def demo_question() -> Question:
    """A reader question about the demo article (the one there is, or a new one)."""
    return Question.objects.filter(text=DEMO_QUESTION).first() or question_ask(
        article=Article.objects.get(slug="leg-cramps"),
        text=DEMO_QUESTION,
        audience="patient",
        visitor="gate",
    )


def demo_faq() -> None:
    """One answer the board approved (on low back pain) and one waiting for the board (on leg cramps)."""
    users = get_user_model().objects
    editor, reviewer = users.get(username="editor"), users.get(username="reviewer")
    published = question_ask(
        article=Article.objects.get(slug="low-back-pain"), text=FAQ_PUBLISHED, audience="", visitor="gate"
    )
    question_answer(
        question=published,
        by=editor,
        text="Usually, yes. Staying active, with changes to heavy or awkward tasks for a while, helps most "
        "back pain get better. **Get emergency help at once** if you also have numbness around your bottom or "
        "genitals, or cannot control your bladder or bowels.",
    )
    answer_approve(question=published, by=reviewer)
    pending = question_ask(
        article=Article.objects.get(slug="leg-cramps"), text=FAQ_PENDING, audience="patient", visitor="gate"
    )
    question_answer(
        question=pending,
        by=editor,
        text="Yes. Gently stretching the muscle, for example pulling your toes towards you, often eases a cramp.",
    )


def load() -> None:
    """The demo data, one reader question (for the question page) and editors' answers (for "Readers asked")."""
    load_demo()
    demo_question()
    demo_faq()


def added_by_reading() -> dict:
    """The primary keys of the rows of the models in ADDED_BY_READING, by model."""
    models = [m for m in apps.get_models() if {m._meta.app_label, m._meta.label_lower} & ADDED_BY_READING]
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}


def fingerprint() -> str:
    """A digest of every row in the database, leaving out BOOKKEEPING_MODELS and _FIELDS."""
    digest = hashlib.sha256()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.label_lower in BOOKKEEPING_MODELS or meta.proxy or not meta.managed:
            continue
        columns = [field.attname for field in meta.concrete_fields if field.name not in BOOKKEEPING_FIELDS]
        rows = model._base_manager.order_by("pk").values_list(*columns)
        digest.update(f"{meta.label}:{list(rows)!r}\n".encode())
    return digest.hexdigest()


def uses_database(item) -> bool:
    """Whether the test (a pytest item) asks for the database, by fixture or mark."""
    names = set(getattr(item, "fixturenames", ()))
    return bool({"db", "transactional_db", "live_server"} & names or item.get_closest_marker("django_db"))


def is_transactional(item) -> bool:
    """Whether the test (a pytest item) commits (and so flushes the database at teardown) rather than rolling back."""
    names = set(item.fixturenames)
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and any(
        marker.kwargs.get(key, marker.args[index] if len(marker.args) > index else False)
        for index, key in enumerate(("transaction", "reset_sequences"))
    )
    return marked or bool({"transactional_db", "live_server", "django_db_reset_sequences"} & names)


def flush() -> None:
    """Empty the test database as a transactional test does at teardown (the roles are made again)."""
    if connection.settings_dict["NAME"] == NOT_THE_TEST_DATABASE:
        raise RuntimeError(f"refusing to empty {NOT_THE_TEST_DATABASE}: it is not the test database")
    call_command("flush", verbosity=0, interactive=False, database=DEFAULT_DB_ALIAS)


class RolledBack:
    """
    Rows written once by `setup` inside a transaction that stays open across tests and is
    rolled back by `close`. One may be opened inside another (a module's extra rows over
    a package's demo), never inside a test's own transaction.
    """

    def __init__(self, django_db_blocker, setup: Callable[[], object] = load):
        self._blocker = django_db_blocker
        self._setup = setup
        self._atomic = None
        self.value = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def open(self):
        """Begin the transaction and write the rows (once); return what `setup` returned."""
        if self._atomic is not None:
            return self.value
        with self._blocker.unblock():
            blocks = connection.atomic_blocks
            if blocks and not getattr(blocks[-1], "_shared_test_data", False):
                raise RuntimeError(
                    "shared test data must be set up before the test's own transaction: ask for it with a "
                    "fixture of a wider scope, or the db fixture rather than the django_db mark"
                )
            atomic = transaction.atomic()
            atomic._shared_test_data = True
            # As django.test.TestCase marks its own: a durable block may run inside.
            atomic._from_testcase = True
            atomic.__enter__()
            try:
                self.value = self._setup()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        self._atomic = atomic
        return self.value

    def close(self) -> None:
        """Roll the rows back, leaving the database as it was before `open`."""
        if self._atomic is None:
            return
        atomic, self._atomic, self.value = self._atomic, None, None
        with self._blocker.unblock():
            if not connection.atomic_blocks or connection.atomic_blocks[-1] is not atomic:
                raise RuntimeError("shared test data closed while another transaction inside it is still open")
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def signed_in_session(username: str) -> str:
    """
    The key of a new signed-in session for a demo account, made as Django's test client
    does (force_login): for tests that check a page, not the sign-in form (the journeys
    and tests/accounts sign in through the form).
    """
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class CommittedDemo:
    """The demo data committed to the test database once, and again only after something changed it."""

    def __init__(self):
        self._expected: str | None = None  # the fingerprint right after loading; None when not loaded
        self._loaded_rows: dict = {}  # the rows of ADDED_BY_READING right after loading
        self.loads = 0
        # A signed-in session key per account that read-only tests sign in as, made with the
        # data (so it is part of what every test starts from) and made again with each load.
        self.sessions: dict[str, str] = {}
        # Whether `changed` found the database as loaded after the last test that used it.
        self._checked_after_use = False

    def ensure(self) -> None:
        """Make the database hold the demo data and nothing else (loading it again if it does not)."""
        if self._expected is not None and (self._untouched_since_checked() or fingerprint() == self._expected):
            return
        flush()
        load()
        self.sessions = {username: signed_in_session(username) for username in SIGNED_IN_ACCOUNTS}
        self._loaded_rows = added_by_reading()
        self._expected = fingerprint()
        self.loads += 1

    def changed(self) -> bool:
        """
        After a test: remove the rows its reading added, then say whether the database
        still differs from the loaded demo (then the next `ensure` loads it again).
        """
        for model, kept in self._loaded_rows.items():
            model._base_manager.exclude(pk__in=kept).delete()
        self._checked_after_use = self._expected is not None and fingerprint() == self._expected
        if self._checked_after_use:
            return False
        self._expected = None
        return True

    def _untouched_since_checked(self) -> bool:
        """
        Whether the database is still as `changed` last found it, without digesting every row
        again. In between, only other kinds of test ran: a `db` test's writes are rolled back,
        and a test that commits (transactional) empties the database at teardown, which takes
        the demo's sessions with it.
        """
        if not self._checked_after_use:
            return False
        self._checked_after_use = False
        return Session.objects.filter(pk__in=self.sessions.values()).count() == len(self.sessions)

    def discard(self) -> None:
        """Empty the database, if it holds the shared demo."""
        if self._expected is not None:
            self._expected = None
            flush()
