"""An article and its revisions (articles/models.py): a revision per real change, numbered per article."""

from articles.models import Article
from tests import factories


def test_an_unchanged_save_through_the_model_makes_no_revision(article):
    # Any save path (admin, shell) is covered, not just the service.
    Article.objects.get(pk=article.pk).save()
    assert article.history.count() == 1


def test_revision_numbers_are_per_article(editor):
    a = factories.make_article(by=editor)
    b = factories.make_article(by=editor, slug="low-back-pain", title="Differential Diagnosis for Low Back Pain")
    assert a.latest_revision().revision_number == 1
    assert b.latest_revision().revision_number == 1


def test_a_changed_field_through_the_model_makes_the_next_numbered_revision(article):
    row = Article.objects.get(pk=article.pk)
    assert not row.differs_from_latest_revision()
    row.summary = "Changed in the shell."
    assert row.differs_from_latest_revision()
    row.save()
    latest = article.latest_revision()
    assert (latest.revision_number, latest.summary) == (2, "Changed in the shell.")
    assert latest.document == row.document  # the parsed document reads the same from either row
