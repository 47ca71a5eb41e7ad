"""review.rereview: when an approval falls due again."""

import datetime

import pytest
from django.test import override_settings

from review import rereview, workflow
from tests import factories


def test_an_approval_is_due_for_review_in_twelve_months_by_default(article, editor, reviewer):
    approval = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    approved_on = approval.approved_at.date()
    assert approval.next_review_due == rereview.add_months(approved_on, 12)
    assert approval.next_review_due.year == approved_on.year + 1


@override_settings(REVIEW_INTERVAL_MONTHS=6)
def test_the_review_interval_is_a_setting(article, editor, reviewer):
    approval = factories.approve_latest(article, editor=editor, reviewer=reviewer)
    assert approval.next_review_due == rereview.add_months(approval.approved_at.date(), 6)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 11, 15), 3, datetime.date(2026, 2, 15)),
        (datetime.date(2025, 10, 3), 12, datetime.date(2026, 10, 3)),
    ],
)
def test_add_months(day, months, expected):
    assert rereview.add_months(day, months) == expected


def test_a_review_waiting_too_long_is_chased_once_per_interval_and_recorded(article, editor, reviewer, mailoutbox):
    from django.utils import timezone

    from review.models import Review, WaitingReminder

    reviewer.email = "member@example.org"
    reviewer.save()
    review = workflow.submit(article=article, by=editor)
    now = timezone.now()
    assert rereview.remind_waiting_reviews(now=now) == []  # not waiting long enough yet
    Review.objects.filter(pk=review.pk).update(submitted_at=now - datetime.timedelta(days=8))
    mailoutbox.clear()
    sent = rereview.remind_waiting_reviews(now=now)
    assert [r.pk for r, _count in sent] == [review.pk]
    assert "Waiting 8 days for review" in mailoutbox[-1].subject and reviewer.email in mailoutbox[-1].to
    assert rereview.remind_waiting_reviews(now=now + datetime.timedelta(days=3)) == []  # once per interval
    assert len(rereview.remind_waiting_reviews(now=now + datetime.timedelta(days=8))) == 1  # the next interval
    assert WaitingReminder.objects.filter(review=review).count() == 2
    workflow.start_review(review=review, by=reviewer)  # assigned: only the assignee is chased
    mailoutbox.clear()
    rereview.remind_waiting_reviews(now=now + datetime.timedelta(days=16))
    assert mailoutbox[-1].to == [reviewer.email]
