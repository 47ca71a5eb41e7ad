"""Races between people acting on the same review at the same moment (PostgreSQL)."""

import pytest
from django.urls import reverse

from articles.models import Article
from review import workflow
from review.models import Approval, Review, ReviewEvent, ReviewState
from tests import factories
from tests.concurrency import at_once, needs_row_locks
from tests.helpers import post_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("round_", range(5))
def test_two_members_starting_the_same_review_end_with_one_assignee(round_):
    needs_row_locks()
    editor = factories.make_editor("editor")
    one = factories.make_board_member("one", name=("One", "Member"))
    two = factories.make_board_member("two", name=("Two", "Member"))
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    url = reverse("review:start", kwargs={"pk": review.pk})
    statuses = at_once((one, lambda c: c.post(url).status_code), (two, lambda c: c.post(url).status_code))
    assert statuses == [302, 302]
    review.refresh_from_db()
    assert review.state == ReviewState.UNDER_REVIEW
    assert review.assignee in (one, two)
    assert ReviewEvent.objects.filter(review=review, to_state=ReviewState.UNDER_REVIEW).count() == 1


@pytest.mark.parametrize("round_", range(5))
def test_approving_while_the_editor_saves_pins_what_the_reviewer_saw(round_):
    needs_row_locks()
    editor = factories.make_editor("editor")
    reviewer = factories.make_board_member("reviewer")
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    seen = review.revision
    approve = reverse("review:approve", kwargs={"pk": review.pk})
    edit = reverse("editor:edit", kwargs={"slug": article.slug})
    data = post_data(
        factories.fields(summary="Saved during review."), reason="Late edit", base_revision=seen.history_id
    )
    at_once(
        (reviewer, lambda c: c.post(approve, {"seen_revision": seen.history_id, "confirmed": "1"}).status_code),
        (editor, lambda c: c.post(edit, data).status_code),
    )
    review.refresh_from_db()
    article = Article.objects.get(pk=article.pk)
    assert article.history.count() == 2  # the editor's save always lands
    approvals = list(Approval.objects.filter(article=article))
    if review.state == ReviewState.APPROVED:
        # Approve came first: exactly the revision the reviewer saw is approved, nothing else.
        assert [a.revision_id for a in approvals] == [seen.history_id]
    else:
        # The save came first: the review was superseded and nothing was approved.
        assert review.state == ReviewState.SUPERSEDED
        assert approvals == []
    assert not Review.objects.filter(state__in=["submitted", "under_review"]).exclude(pk=review.pk).exists()


@pytest.mark.parametrize("round_", range(3))
def test_two_assignments_at_once_end_with_one_and_the_other_told_it_lost(round_):
    needs_row_locks()
    editor = factories.make_editor("editor")
    one = factories.make_board_member("one", name=("One", "Member"))
    two = factories.make_board_member("two", name=("Two", "Member"))
    three = factories.make_board_member("three", name=("Three", "Member"))
    review = workflow.submit(article=factories.make_article(by=editor), by=editor)
    url = reverse("review:assign", kwargs={"pk": review.pk})

    def assign_to(member):
        data = {"assign-assignee": str(member.pk), "seen_assignee": ""}
        return lambda c: c.post(url, data, follow=True).content.decode()

    pages = at_once((one, assign_to(three)), (two, assign_to(one)))
    review.refresh_from_db()
    assert review.assignee in (three, one)
    told_lost = [page for page in pages if "assignment while you were looking at it" in page]
    assert len(told_lost) == 1
    assert ReviewEvent.objects.filter(review=review, action="assigned").count() == 1
