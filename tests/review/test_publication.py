"""What readers get (review/publication.py): which revision, its standing, and which articles at all."""

from review import drafts, publication, workflow
from review.publication import TrackerStep
from tests import factories


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


def test_a_draft_is_for_nobody_a_submitted_article_shows_its_submitted_revision(editor):
    article = factories.make_article(by=editor)
    assert publication.reader_page_for(article) is None and slugs(publication.readable_articles()) == set()
    workflow.submit(article=article, by=editor)
    page = publication.reader_page_for(article)
    assert (page.step, page.is_approved, page.revision.revision_number) == (TrackerStep.SUBMITTED, False, 1)
    assert slugs(publication.readable_articles()) == {"leg-cramps"}


def test_readers_keep_the_approved_revision_while_a_newer_one_waits(editor, reviewer):
    article = factories.approved_article(editor, reviewer, summary="The approved summary.")
    factories.edit_article(article, editor, "A newer summary.")
    workflow.submit(article=article, by=editor)
    page = publication.reader_page_for(article)
    assert (page.revision.summary, page.step, page.reviewers) == (
        "The approved summary.",
        TrackerStep.APPROVED,
        [reviewer.board_member],
    )
    assert publication.approved_revision(article).summary == "The approved summary."
    assert slugs(publication.approved_articles()) == {"leg-cramps"}


def test_changes_requested_is_said_and_never_called_pending(editor, reviewer):
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.request_changes(review=review, by=reviewer, comment="Add the references.")
    page = publication.reader_page_for(article)
    assert page.changes_requested and not page.is_approved


def test_a_withdrawn_article_leaves_the_reader_page_and_every_list(editor, reviewer, reviewer2):
    article = factories.approved_article(editor, reviewer)
    workflow.withdraw(article=article, by=reviewer2, reason="Under correction.")
    assert publication.reader_page_for(article) is None
    assert publication.withdrawn_article(slug="leg-cramps") is not None
    assert slugs(publication.readable_articles()) == slugs(publication.approved_articles()) == set()


def test_a_deleted_draft_is_no_withdrawal(editor):
    article = factories.make_article(by=editor)
    drafts.draft_delete(article=article, by=editor)
    assert publication.withdrawn_article(slug="leg-cramps") is None


def test_a_revision_with_one_of_two_approvals_is_under_review_for_readers(
    client, settings, editor, reviewer, reviewer2
):
    from tests import factories
    from tests.helpers import text_of

    settings.REQUIRED_APPROVALS = 2
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.approve(review=review, by=reviewer)  # 1 of 2: back in the queue, still "submitted"
    page = publication.reader_page(slug=article.slug)
    assert page.step == publication.TrackerStep.UNDER_REVIEW and page.approvals == (1, 2)
    assert "Under review: 1 of 2 approvals." in text_of(client.get(article.get_absolute_url()))
