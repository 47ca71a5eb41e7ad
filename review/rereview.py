"""
The re-review cycle: when an approval falls due again (REVIEW_INTERVAL_MONTHS), and the
reminders that tell the board about articles due or overdue.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from review import notifications, selectors
from review.models import Approval, ReviewReminder


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's end (Jan 31 + 1 → Feb 28/29)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_due(approved_on: datetime.date) -> datetime.date:
    """When an approval made on `approved_on` is due for re-review (REVIEW_INTERVAL_MONTHS)."""
    return add_months(approved_on, settings.REVIEW_INTERVAL_MONTHS)


def remind_due_reviews(*, today: datetime.date | None = None) -> list[tuple[Approval, int]]:
    """
    E-mail the board about each article whose re-review is overdue or due soon (the
    queue's "due" list), once per article and due date: each reminder is recorded
    (ReviewReminder, unique per article and date) in the same transaction that decides
    to send it, so a second run, or one running at the same time, sends nothing again.
    Returns each approval reminded about, with how many members were written to.
    """
    sent: list[tuple[Approval, int]] = []
    for approval in selectors.due_for_review(today=today):
        try:
            with transaction.atomic():
                reminder = ReviewReminder.objects.create(
                    article_id=approval.article_id, due=approval.next_review_due, sent_at=timezone.now()
                )
        except IntegrityError:
            continue  # reminded already (by an earlier run, or one running now)
        recipients = notifications.review_due_reminder(approval)  # after the record is committed
        ReviewReminder.objects.filter(pk=reminder.pk).update(recipients=recipients)
        sent.append((approval, recipients))
    return sent


remind_due_reviews.alters_data = True  # type: ignore[attr-defined]
