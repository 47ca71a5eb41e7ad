"""Drafts nobody has sent to the board (review/drafts.py): an editor may delete one; its history stays."""

import pytest
from django.core.exceptions import PermissionDenied

from articles.models import Article
from review import drafts, workflow
from review.exceptions import IllegalTransition
from tests import factories
from tests.factories import reader_client as browser


def test_an_editor_deletes_a_never_submitted_draft_and_its_history_stays(editor):
    article = factories.make_article(by=editor)
    client = browser()
    client.force_login(editor)
    assert "Delete this draft" in client.get(f"/editor/articles/{article.slug}/delete/").content.decode()
    client.post(f"/editor/articles/{article.slug}/delete/")
    assert not Article.objects.filter(pk=article.pk).exists()
    assert Article.history.filter(id=article.pk).count() == 2  # the draft, and the record of its deletion


def test_a_submitted_article_cannot_be_deleted(editor):
    article = factories.make_article(by=editor)
    workflow.submit(article=article, by=editor)
    with pytest.raises(IllegalTransition):
        drafts.draft_delete(article=article, by=editor)
    client = browser()
    client.force_login(editor)
    client.post(f"/editor/articles/{article.slug}/delete/")
    assert Article.objects.filter(pk=article.pk).exists()


def test_only_editors_delete_drafts(editor, reviewer, site_admin, reader_user):
    article = factories.make_article(by=editor)
    for user in (reviewer, site_admin, reader_user):
        with pytest.raises(PermissionDenied):
            drafts.draft_delete(article=article, by=user)
    assert Article.objects.filter(pk=article.pk).exists()


def test_the_deletion_record_names_who_deleted_it_and_why(editor, editor2):
    article = factories.make_article(by=editor)
    drafts.draft_delete(article=article, by=editor2)
    record = Article.history.filter(id=article.pk).order_by("-history_id").first()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("-", editor2, "Draft deleted")
