"""
publishing.refresh: every workflow transition that changes what readers get announces it
once (review.events), and that one announcement refreshes every copy: the publication
version, the stored pages and the search index.
"""

import pytest
from django.test import Client

from articles.models import SearchEntry
from publishing.models import Publication, PublishedPage
from review import events, workflow
from review.models import Review
from tests import factories


@pytest.fixture
def announcements():
    """Every article id announced while the test runs, in order (a real receiver beside publishing's)."""
    heard: list[int] = []

    def hear(sender, *, article_id, **kwargs):
        heard.append(article_id)

    events.reader_content_changed.connect(hear, dispatch_uid="test-hear")
    yield heard
    events.reader_content_changed.disconnect(dispatch_uid="test-hear")


def version_of(article) -> int:
    return Publication.objects.filter(article=article).values_list("version", flat=True).first() or 0


def test_each_transition_announces_once(article, editor, reviewer, announcements):
    review = workflow.submit(article=article, by=editor)
    assert announcements == [article.pk]
    workflow.start_review(review=review, by=reviewer)
    assert announcements == [article.pk] * 2
    workflow.release(review=review, by=reviewer)
    assert announcements == [article.pk] * 3
    review.refresh_from_db()
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    assert announcements == [article.pk] * 5
    workflow.withdraw(article=article, by=reviewer, reason="Under correction.")
    assert announcements == [article.pk] * 6


def test_saving_a_new_revision_during_review_announces_the_supersede(article, editor, announcements):
    workflow.submit(article=article, by=editor)
    factories.edit_article(article, editor, "A newer text.")
    assert Review.objects.get(article=article).state == "superseded"
    assert announcements == [article.pk, article.pk]


def test_one_announcement_refreshes_the_version_the_stored_pages_and_the_search_index(article, editor, reviewer):
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)
    assert Client().get(article.get_absolute_url()).status_code == 200
    assert PublishedPage.objects.filter(article=article).exists()
    assert SearchEntry.objects.filter(article=article).exists()
    before = version_of(article)

    workflow.withdraw(article=article, by=reviewer, reason="Under correction.")

    assert version_of(article) == before + 1
    assert not PublishedPage.objects.filter(article=article).exists()
    assert not SearchEntry.objects.filter(article=article).exists()
