"""Two editors saving the same article at the same moment: neither update is lost."""

import threading

import pytest
from django.db import connection
from django.test import Client

from articles.models import Article
from tests import factories
from tests.articles.editor_forms import post_data

pytestmark = pytest.mark.django_db(transaction=True)


def _needs_row_locks():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks for truly concurrent writers; CI runs this on PostgreSQL")


def _post_at_once(requests):
    """Send the requests from separate threads, released together; return their status codes."""
    barrier = threading.Barrier(len(requests))
    statuses = [None] * len(requests)

    def send(index, user, data):
        from django.db import connections

        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            statuses[index] = client.post("/articles/leg-cramps/edit/", data).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, *r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.parametrize("round_", range(5))
def test_two_concurrent_saves_from_the_same_revision_give_one_save_and_one_conflict(round_):
    _needs_row_locks()
    editor, editor2 = factories.make_editor("editor"), factories.make_editor("editor2")
    article = factories.make_article(by=editor)
    base = article.latest_revision().history_id
    statuses = _post_at_once(
        [
            (editor, post_data(factories.fields(summary="One."), reason="One", base_revision=base)),
            (editor2, post_data(factories.fields(summary="Two."), reason="Two", base_revision=base)),
        ]
    )
    assert sorted(statuses) == [302, 409]
    assert article.history.count() == 2
    winner = Article.objects.get(pk=article.pk)
    loser_summary = {"One.", "Two."} - {winner.summary}
    assert len(loser_summary) == 1  # exactly one text was saved; the other got the conflict page
