"""What editors see of articles themselves (articles/selectors.py)."""

import pytest

from articles.models import QuestionStatus
from articles.questions import question_resolve
from articles.selectors import articles_with_latest, new_questions, revision_by_number, revision_contributors
from tests import factories


@pytest.mark.parametrize("junk", [None, "", "two", "1.5", "9" * 40, [], {}])
def test_a_revision_number_that_is_not_a_number_finds_nothing(article, junk):
    assert revision_by_number(article, junk) is None


def test_revisions_are_found_by_their_number_within_their_own_article(editor, article):
    other = factories.make_article(by=editor, slug="back-pain")
    factories.edit_article(article, editor, "Second summary")
    assert revision_by_number(article, "2").summary == "Second summary"
    assert revision_by_number(article, 2).id == article.id
    assert revision_by_number(other, 2) is None


def test_each_article_carries_its_newest_revision_and_its_author(editor, editor2, article):
    factories.edit_article(article, editor2, "By the second editor")
    row = articles_with_latest().get(pk=article.pk)
    newest = article.history.order_by("-history_id").first()
    assert (row.latest_revision_id, row.latest_author_id) == (newest.history_id, editor2.pk)


def test_contributors_are_everyone_who_wrote_up_to_that_revision_first_contribution_first(editor, editor2, article):
    first = article.history.get()
    factories.edit_article(article, editor2, "Second")
    factories.edit_article(article, editor, "Third")
    latest = article.history.order_by("-history_id").first()
    assert revision_contributors(first) == [editor]
    assert revision_contributors(latest) == [editor, editor2]


def test_new_questions_are_the_unhandled_ones_newest_first(editor, article):
    from articles.questions import question_ask

    older = question_ask(article=article, text="First?", audience="", visitor="a")
    newer = question_ask(article=article, text="Second?", audience="", visitor="b")
    handled = question_ask(article=article, text="Handled?", audience="", visitor="c")
    question_resolve(question=handled, by=editor, status=QuestionStatus.DISMISSED)
    assert list(new_questions()) == [newer, older]
