import dataclasses

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.content import Entry, Tier
from articles.models import Article, HistoricalArticle
from articles.services import article_create, article_update
from tests import factories


def test_creating_an_article_records_revision_one_with_who_and_why(article, editor):
    revision = article.latest_revision()
    assert revision.revision_number == 1
    assert revision.history_user == editor
    assert revision.history_change_reason == "First draft"
    assert revision.history_date is not None


def test_one_revision_is_a_complete_snapshot_of_entries_and_references(article, editor):
    fields = factories.fields(summary="Changed summary.")
    new_doc = dataclasses.replace(
        fields.document,
        tiers={**fields.document.tiers, Tier.RARE: (Entry(name="Sarcoidosis", clinical="Rare cause."),)},
    )
    article_update(article=article, fields=dataclasses.replace(fields, document=new_doc), by=editor, reason="Add")

    first, second = article.history.order_by("revision_number")
    assert [e.name for e in first.document.entries(Tier.RARE)] == ["Amyloidosis"]
    assert [e.name for e in second.document.entries(Tier.RARE)] == ["Sarcoidosis"]
    # Each snapshot carries its own references and summary too.
    assert first.document.references == second.document.references
    assert first.summary == "Sudden painful muscle contractions."
    assert second.summary == "Changed summary."


def test_an_unchanged_save_makes_no_revision(article, editor):
    assert article_update(article=article, fields=factories.fields(), by=editor, reason="Nothing") is None
    assert article.history.count() == 1


def test_whitespace_only_differences_are_not_a_change(article, editor):
    fields = factories.fields(
        title="  Differential Diagnosis for Leg Cramps  ", summary="Sudden painful muscle contractions.\n"
    )
    assert article_update(article=article, fields=fields, by=editor, reason="Spaces") is None


def test_each_change_is_numbered_and_attributed(article, editor, editor2):
    r2 = article_update(article=article, fields=factories.fields(summary="Two."), by=editor2, reason="Second")
    r3 = article_update(article=article, fields=factories.fields(summary="Three."), by=editor, reason="Third")
    assert (r2.revision_number, r2.history_user, r2.history_change_reason) == (2, editor2, "Second")
    assert (r3.revision_number, r3.history_user, r3.history_change_reason) == (3, editor, "Third")
    assert article.summary == "Three."


def test_invalid_document_is_refused_and_nothing_is_saved(editor):
    bad = factories.fields(document=factories.document(tiers={Tier.RARE: (Entry(name="Amyloidosis", clinical=""),)}))
    with pytest.raises(ValidationError) as excinfo:
        article_create(fields=bad, by=editor, reason="x")
    assert "clinical text is missing" in str(excinfo.value)
    assert not Article.objects.exists()
    assert not HistoricalArticle.objects.exists()


def test_duplicate_slug_is_refused(article, editor):
    with pytest.raises(ValidationError):
        factories.make_article(by=editor)


def test_only_editors_can_write(article, reader_user, reviewer):
    for user in (reader_user, reviewer, None):
        with pytest.raises(PermissionDenied):
            article_update(article=article, fields=factories.fields(summary="x"), by=user, reason="x")
        with pytest.raises(PermissionDenied):
            factories.make_article(by=user, slug="other")
    assert article.history.count() == 1
