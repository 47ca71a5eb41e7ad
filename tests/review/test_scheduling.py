"""Cron commands run at the same moment on two machines (review.workflow.publish_due, remind_due_reviews)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from review import rereview, workflow
from review.models import Approval, ReviewAction, ReviewEvent, ReviewReminder
from tests import factories
from tests.concurrency import at_once, needs_row_locks

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("round_", range(3))
def test_two_publish_due_runs_at_once_publish_a_scheduled_approval_once(round_):
    needs_row_locks()
    editor = factories.make_editor(f"editor{round_}")
    reviewer = factories.make_board_member(f"reviewer{round_}")
    article = factories.make_article(by=editor)
    review = workflow.submit(article=article, by=editor)
    workflow.start_review(review=review, by=reviewer)
    approval = workflow.approve(review=review, by=reviewer, go_live_at=timezone.now() + datetime.timedelta(hours=1))
    later = timezone.now() + datetime.timedelta(hours=2)

    results = at_once(
        (editor, lambda client: workflow.publish_due(now=later)),
        (editor, lambda client: workflow.publish_due(now=later)),
    )

    assert sorted(len(done) for done in results) == [0, 1]  # one run published it, the other found nothing
    approval.refresh_from_db()
    assert approval.published_at == later
    assert ReviewEvent.objects.filter(review=review, action=ReviewAction.PUBLISHED).count() == 1
    assert Approval.objects.current_for(article.pk) == approval


def test_two_reminder_runs_at_once_send_one_email_per_due_article():
    needs_row_locks()
    editor = factories.make_editor("editor")
    reviewer = factories.make_board_member("reviewer")
    reviewer.email = "r@example.org"
    reviewer.save()
    article = factories.make_article(by=editor)
    approval = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    Approval.objects.filter(pk=approval.pk).update(next_review_due=timezone.localdate())
    mail.outbox.clear()

    results = at_once(
        (editor, lambda client: rereview.remind_due_reviews()), (editor, lambda client: rereview.remind_due_reviews())
    )

    assert sorted(len(sent) for sent in results) == [0, 1]
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.count() == 1
