"""review.revisions: saving, importing or restoring a revision supersedes older open reviews, in one transaction."""

from articles import canonical
from articles.content import ArticleFields
from review import revisions, workflow
from review.models import Review, ReviewState
from tests import factories


def test_a_saved_revision_supersedes_the_open_review_of_an_older_one(article, editor):
    review = workflow.submit(article=article, by=editor)
    new = factories.edit_article(article, editor, "A newer text.")
    assert new is not None
    assert Review.objects.get(pk=review.pk).state == ReviewState.SUPERSEDED


def test_an_unchanged_save_supersedes_nothing(article, editor):
    review = workflow.submit(article=article, by=editor)
    assert revisions.revision_update(article=article, fields=ArticleFields.of(article), by=editor, reason="x") is None
    assert Review.objects.get(pk=review.pk).state == ReviewState.SUBMITTED


def test_an_import_and_a_restore_supersede_too(article, editor):
    first = article.latest_revision()
    factories.edit_article(article, editor, "Second text.")
    review = workflow.submit(article=article, by=editor)
    revisions.revision_restore(article=article, revision=first, by=editor)
    assert Review.objects.get(pk=review.pk).state == ReviewState.SUPERSEDED
    review = workflow.submit(article=article, by=editor)
    article.refresh_from_db()
    text = canonical.to_markdown(ArticleFields.of(article)).replace(article.summary, "Imported summary.")
    revisions.revision_import(text=text, by=editor, reason="Imported")
    assert Review.objects.get(pk=review.pk).state == ReviewState.SUPERSEDED
