"""What the board sees: the queue, decisions, re-reviews due, and each article's audit trail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from articles.models import Article
from review.models import Approval, Review, ReviewEvent, ReviewState

DUE_SOON_DAYS = 30


def _search(queryset, query: str, prefix: str = "article__"):
    query = (query or "").strip()[:200]
    if not query:
        return queryset
    return queryset.filter(Q(**{f"{prefix}title__icontains": query}) | Q(**{f"{prefix}condition__icontains": query}))


def queue(*, query: str = ""):
    """Submitted revisions waiting for a reviewer, oldest first."""
    reviews = Review.objects.filter(state=ReviewState.SUBMITTED)
    return _search(reviews, query).select_related("article", "revision", "submitted_by").order_by("submitted_at", "id")


def reviewing(*, user, query: str = ""):
    """Reviews the user has started and not yet decided."""
    reviews = Review.objects.filter(state=ReviewState.UNDER_REVIEW, assignee=user)
    return _search(reviews, query).select_related("article", "revision", "submitted_by").order_by("submitted_at")


def in_review_by_others(*, user, query: str = ""):
    reviews = Review.objects.filter(state=ReviewState.UNDER_REVIEW).exclude(assignee=user)
    return _search(reviews, query).select_related("article", "revision", "assignee").order_by("submitted_at")


def recently_decided(*, query: str = ""):
    reviews = Review.objects.filter(state__in=[ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED])
    return _search(reviews, query).select_related("article", "revision", "assignee").order_by("-decided_at", "-id")


def current_approvals():
    """Each article's newest approval (the one that says when it was last reviewed)."""
    newest = Approval.objects.filter(article=OuterRef("article")).order_by("-approved_at", "-id").values("id")[:1]
    return Approval.objects.filter(id=Subquery(newest))


def due_for_review(*, today: datetime.date | None = None, within_days: int = DUE_SOON_DAYS, query: str = ""):
    """Approved articles whose next review is overdue or due within `within_days`, most overdue first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    approvals = current_approvals().filter(next_review_due__lte=horizon)
    return _search(approvals, query).select_related("article", "revision", "approved_by").order_by("next_review_due")


@dataclass(frozen=True)
class AuditEntry:
    at: datetime.datetime
    actor: object
    action: str
    from_state: str
    to_state: str
    revision_number: int
    comment: str


def audit_trail(article: Article) -> list[AuditEntry]:
    """Every transition and approval of an article, oldest first."""
    entries = [
        AuditEntry(
            at=event.at,
            actor=event.actor,
            action="transition",
            from_state=event.get_from_state_display() if event.from_state else "",
            to_state=event.get_to_state_display(),
            revision_number=event.review.revision.revision_number,
            comment=event.comment,
        )
        for event in ReviewEvent.objects.filter(review__article=article)
        .select_related("actor", "review__revision")
        .order_by("at", "id")
    ]
    entries += [
        AuditEntry(
            at=approval.approved_at,
            actor=approval.approved_by,
            action=approval.get_kind_display(),
            from_state="",
            to_state=f"next review due {approval.next_review_due.isoformat()}",
            revision_number=approval.revision.revision_number,
            comment=approval.comment,
        )
        for approval in Approval.objects.filter(article=article).select_related("approved_by", "revision")
    ]
    return sorted(entries, key=lambda e: e.at)
