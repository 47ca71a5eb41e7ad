"""Two editors saving the same article at the same moment: neither update is lost."""

import pytest

from articles.models import Article
from tests import factories
from tests.concurrency import at_once, needs_row_locks
from tests.helpers import post_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("round_", range(5))
def test_two_concurrent_saves_from_the_same_revision_give_one_save_and_one_conflict(round_):
    needs_row_locks()
    editor, editor2 = factories.make_editor("editor"), factories.make_editor("editor2")
    article = factories.make_article(by=editor)
    base = article.latest_revision().history_id

    def save(summary):
        data = post_data(factories.fields(summary=summary), reason=summary, base_revision=base)
        return lambda client: client.post("/editor/articles/leg-cramps/edit/", data).status_code

    statuses = at_once((editor, save("One.")), (editor2, save("Two.")))
    assert sorted(statuses) == [302, 409]
    assert article.history.count() == 2
    winner = Article.objects.get(pk=article.pk)
    assert winner.summary in {"One.", "Two."}  # exactly one text was saved; the other got the conflict page
