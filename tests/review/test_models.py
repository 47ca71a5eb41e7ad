"""The approval readers get (review/models.py: Approval.objects.live / current_for / current)."""

import datetime

from django.utils import timezone

from review import workflow
from review.models import Approval, ApprovalKind
from tests import factories


def test_the_newest_approved_revision_wins_and_a_reconfirmation_of_it_is_its_current_approval(editor, reviewer):
    article = factories.approved_article(editor, reviewer)
    factories.edit_article(article, editor, "Second")
    second = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    assert Approval.objects.current_for(article.pk) == second
    again = workflow.reconfirm(article=article, by=reviewer)
    assert again.kind == ApprovalKind.RECONFIRMED and again.revision_id == second.revision_id
    assert Approval.objects.current_for(article.pk) == again
    assert list(Approval.objects.current()) == [again]  # one row per article


def test_a_first_of_two_and_a_scheduled_approval_are_not_what_readers_get(editor, reviewer, reviewer2, settings):
    settings.REQUIRED_APPROVALS = 2
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    first = workflow.approve(review=review, by=reviewer)
    assert not first.complete and Approval.objects.current_for(article.pk) is None
    settings.REQUIRED_APPROVALS = 1
    other = factories.make_article(by=editor, slug="gout")
    review = workflow.submit(article=other, by=editor)
    workflow.start_review(review=review, by=reviewer2)
    later = workflow.approve(review=review, by=reviewer2, go_live_at=timezone.now() + datetime.timedelta(hours=3))
    assert later.complete and list(Approval.objects.scheduled()) == [later]
    assert Approval.objects.current_for(other.pk) is None
    assert list(Approval.objects.current()) == []


def test_an_approval_is_overdue_from_its_due_day_on(editor, reviewer):
    article = factories.approved_article(editor, reviewer)
    approval = Approval.objects.get(article=article)
    due = approval.next_review_due
    assert not approval.review_overdue(today=due - datetime.timedelta(days=1))
    assert approval.review_overdue(today=due)
