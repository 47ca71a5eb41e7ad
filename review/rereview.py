"""
The board's reminders: when an approval falls due again (REVIEW_INTERVAL_MONTHS), articles
due or overdue for re-review, and reviews that have waited too long in the queue
(REVIEW_WAITING_REMINDER_DAYS).
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from review import notifications, selectors
from review.models import OPEN_STATES, Approval, Review, ReviewReminder, WaitingReminder


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


def remind_waiting_reviews(*, now: datetime.datetime | None = None) -> list[tuple[Review, int]]:
    """
    E-mail about each review waiting or assigned longer than REVIEW_WAITING_REMINDER_DAYS, at
    most once in each such interval: the reminder is recorded under the review's row lock, so
    a second run, or one at the same time, sends nothing again. Returns each review with how
    many people were written to.
    """
    now = now or timezone.now()
    interval = datetime.timedelta(days=settings.REVIEW_WAITING_REMINDER_DAYS)
    waiting = Review.objects.filter(state__in=OPEN_STATES, submitted_at__lte=now - interval).order_by("submitted_at")
    sent: list[tuple[Review, int]] = []
    for review_id in list(waiting.values_list("id", flat=True)):
        with transaction.atomic():
            locked = Review.objects.select_for_update(of=("self",))  # assignee may be null: lock the review only
            review = locked.select_related("revision", "assignee").get(pk=review_id)
            if review.state not in OPEN_STATES or review.waiting_reminders.filter(sent_at__gt=now - interval).exists():
                continue
            reminder = WaitingReminder.objects.create(review=review, sent_at=now)
        recipients = notifications.review_waiting_reminder(review)  # after the record is committed
        WaitingReminder.objects.filter(pk=reminder.pk).update(recipients=recipients)
        sent.append((review, recipients))
    return sent


remind_waiting_reviews.alters_data = True  # type: ignore[attr-defined]
