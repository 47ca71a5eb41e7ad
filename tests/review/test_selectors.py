"""What editors and the board see of the workflow (review/selectors.py): queue, drafts, returned, due, audit."""

import datetime

from review import selectors, workflow
from tests import factories


def test_the_queue_is_oldest_first_and_searchable_and_started_reviews_leave_it(editor, reviewer, reviewer2):
    first = workflow.submit(article=factories.make_article(by=editor), by=editor)
    second = workflow.submit(article=factories.make_article(by=editor, slug="gout"), by=editor)
    assert list(selectors.queue()) == [first, second]
    assert list(selectors.queue(query="gout")) == [second]
    workflow.start_review(review=first, by=reviewer)
    assert list(selectors.queue()) == [second]
    assert list(selectors.reviewing(user=reviewer)) == [first]
    assert list(selectors.in_review_by_others(user=reviewer2)) == [first]
    assert list(selectors.in_review_by_others(user=reviewer)) == []


def test_a_draft_is_the_authors_until_it_is_sent_to_the_board(editor, editor2):
    article = factories.make_article(by=editor)
    assert list(selectors.drafts_of(editor)) == [article] and list(selectors.drafts_of(editor2)) == []
    factories.edit_article(article, editor2, "Taken over")
    assert list(selectors.drafts_of(editor)) == [] and list(selectors.drafts_of(editor2)) == [article]
    workflow.submit(article=article, by=editor2)
    assert list(selectors.drafts_of(editor2)) == []


def test_returned_reviews_stay_listed_until_a_newer_revision_answers_them(editor, reviewer):
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    workflow.request_changes(review=review, by=reviewer, comment="Add the references.")
    (returned,) = selectors.returned_reviews()
    assert (returned, returned.comment) == (review, "Add the references.")
    factories.edit_article(article, editor, "References added")
    assert list(selectors.returned_reviews()) == []


def test_articles_due_for_review_are_listed_most_overdue_first(editor, reviewer):
    article = factories.approved_article(editor, reviewer)
    approval = article.approvals.get()
    assert list(selectors.due_for_review(today=approval.next_review_due - datetime.timedelta(days=60))) == []
    assert list(selectors.due_for_review(today=approval.next_review_due)) == [approval]


def test_the_audit_trail_holds_every_transition_and_the_approval_in_order(editor, reviewer):
    article = factories.approved_article(editor, reviewer)
    trail = selectors.audit_trail(article)
    assert len(trail) >= 3
    assert [entry.at for entry in trail] == sorted(entry.at for entry in trail)  # the export: oldest first
    page = selectors.audit_page(article=article, page_number="junk")  # the page: newest first
    assert page.number == 1 and list(page.object_list) == trail[::-1]
