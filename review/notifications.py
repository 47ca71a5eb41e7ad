"""
E-mail about reviews. Sent after the transition has committed, so a failed or slow mail
server can never undo or block a transition; a failure is logged and nothing else.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from review.models import Approval, BoardMember, Review, ReviewState, Withdrawal

logger = logging.getLogger(__name__)


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(subject: str, body: str, recipients: list[str]) -> None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("Could not send review e-mail %r to %s", subject, recipients)


def _after_commit(function, *args) -> None:
    transaction.on_commit(lambda: function(*args))


def _review_link(review: Review) -> str:
    return _site_url(reverse("review:detail", kwargs={"pk": review.pk}))


def _submitted(review: Review) -> None:
    members = BoardMember.objects.filter(active=True).select_related("user")
    recipients = [m.user.email for m in members if m.user_id != review.submitted_by_id and m.user.is_active]
    _send(
        f"For review: {review.revision.title} (revision {review.revision.revision_number})",
        f"{review.submitted_by} submitted revision {review.revision.revision_number} of "
        f"“{review.revision.title}” for Medical Advisory Board review.\n\n"
        f"Open the review: {_review_link(review)}\n",
        recipients,
    )


def _decided(review: Review, comment: str, approval: Approval | None = None) -> None:
    outcome = "approved" if review.state == ReviewState.APPROVED else "returned with requested changes"
    body = (
        f"Revision {review.revision.revision_number} of “{review.revision.title}” was {outcome} by {review.assignee}.\n"
    )
    if approval is not None and approval.is_scheduled and approval.go_live_at is not None:
        body += (
            f"\nIt goes live for readers on {_when(approval.go_live_at)}; until then they keep the previous version.\n"
        )
    if comment:
        body += f"\nTheir comment:\n{comment}\n"
    body += f"\nOpen the review: {_review_link(review)}\n"
    _send(f"{outcome.capitalize()}: {review.revision.title}", body, [review.submitted_by.email])


def _superseded(review: Review) -> None:
    if review.assignee is None:
        return
    _send(
        f"Review superseded: {review.revision.title}",
        f"A newer revision of “{review.revision.title}” was saved, so the review you started of "
        f"revision {review.revision.revision_number} was superseded. Nothing more is needed on it; "
        "the newer revision will be submitted for review separately.\n\n"
        f"Open the article's history: {_site_url(reverse('editor:history', kwargs={'slug': review.article.slug}))}\n",
        [review.assignee.email],
    )


def review_submitted(review: Review) -> None:
    _after_commit(_submitted, review)


def review_decided(review: Review, comment: str = "", approval: Approval | None = None) -> None:
    _after_commit(_decided, review, comment, approval)


def review_superseded(review: Review) -> None:
    _after_commit(_superseded, review)


def _withdrawn(withdrawal: Withdrawal) -> None:
    article = withdrawal.article
    editors = get_user_model().objects.filter(is_active=True, groups__name=roles.EDITORS)
    members = BoardMember.objects.filter(active=True).select_related("user")
    recipients = [u.email for u in editors] + [m.user.email for m in members if m.user.is_active]
    _send(
        f"Withdrawn from readers: {article.title}",
        f"{withdrawal.withdrawn_by} withdrew “{article.title}” from readers.\n\nReason:\n{withdrawal.reason}\n\n"
        "Readers now get a page saying it was withdrawn and why. To reinstate it, submit a revision "
        "for review; it returns when the board approves one.\n\n"
        f"Audit trail: {_site_url(reverse('review:audit', kwargs={'slug': article.slug}))}\n",
        recipients,
    )


def article_withdrawn(withdrawal: Withdrawal) -> None:
    _after_commit(_withdrawn, withdrawal)


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%d %B %Y at %H:%M} ({local.tzname()})"


def _assigned(review: Review, by, previous) -> None:
    title, number = review.revision.title, review.revision.revision_number
    _send(
        f"Assigned to you for review: {title} (revision {number})",
        f"{by} asked you to review revision {number} of “{title}”. It is now in your list on the "
        "board's queue; you decide it (approve, or request changes).\n\n"
        f"Open the review: {_review_link(review)}\n",
        [review.assignee.email] if review.assignee else [],
    )
    if previous is not None and previous.pk not in (by.pk, getattr(review.assignee, "pk", None)):
        _send(
            f"Review reassigned: {title}",
            f"{by} gave the review of revision {number} of “{title}” to {review.assignee}. "
            "Nothing more is needed from you on it.\n\n"
            f"Open the review: {_review_link(review)}\n",
            [previous.email],
        )


def _released(review: Review, by, previous) -> None:
    if previous is None or previous.pk == by.pk:
        return
    _send(
        f"Review released: {review.revision.title}",
        f"{by} put the review of revision {review.revision.revision_number} of “{review.revision.title}” "
        "back in the queue, so it is no longer yours. Nothing more is needed from you on it.\n\n"
        f"Open the review: {_review_link(review)}\n",
        [previous.email],
    )


def _needs_another_approval(review: Review, given: int, needed: int) -> None:
    members = BoardMember.objects.filter(active=True, user__is_active=True).select_related("user")
    approvers = set(review.approvals.values_list("approved_by_id", flat=True))
    recipients = [m.user.email for m in members if m.user_id not in approvers and m.user_id != review.submitted_by_id]
    _send(
        f"Another approval needed: {review.revision.title} ({given} of {needed})",
        f"Revision {review.revision.revision_number} of “{review.revision.title}” has {given} of the {needed} "
        "board approvals it needs before readers get it. A member who has not approved it yet, and who "
        "wrote none of its changes, can start the review.\n\n"
        f"Open the review: {_review_link(review)}\n",
        recipients,
    )


def review_assigned(review: Review, *, by, previous=None) -> None:
    _after_commit(_assigned, review, by, previous)


def review_released(review: Review, *, by, previous=None) -> None:
    _after_commit(_released, review, by, previous)


def review_needs_another_approval(review: Review, *, given: int, needed: int) -> None:
    _after_commit(_needs_another_approval, review, given, needed)


def review_due_reminder(approval: Approval) -> int:
    """E-mail every active board member that `approval`'s article is due for re-review; returns how many."""
    members = BoardMember.objects.filter(active=True, user__is_active=True).select_related("user")
    recipients = sorted({m.user.email for m in members if m.user.email})
    due = approval.next_review_due
    overdue = approval.review_overdue()
    state = f"was due on {due:%d %B %Y} and is overdue" if overdue else f"is due on {due:%d %B %Y}"
    _send(
        f"Re-review {'overdue' if overdue else 'due'}: {approval.revision.title}",
        f"The board's periodic re-review of “{approval.revision.title}” {state}. Readers are told when a "
        "review is overdue.\n\nReview a newer revision if one is submitted, or re-confirm the approved text "
        "unchanged if it is still accurate:\n"
        f"{_site_url(reverse('review:reconfirm', kwargs={'slug': approval.article.slug}))}\n\n"
        f"The board's queue: {_site_url(reverse('review:queue'))}\n",
        recipients,
    )
    return len(recipients)


def review_waiting_reminder(review: Review) -> int:
    """E-mail the assignee (or, unassigned, every active board member) that `review` has waited; returns how many."""
    if review.assignee is not None:
        recipients = [review.assignee.email]
        whom = "It is assigned to you."
    else:
        members = BoardMember.objects.filter(active=True, user__is_active=True).select_related("user")
        recipients = [m.user.email for m in members]
        whom = "Nobody has started it yet."
    days = review.waiting_days
    _send(
        f"Waiting {days} days for review: {review.revision.title}",
        f"Revision {review.revision.revision_number} of “{review.revision.title}” was submitted "
        f"{days} days ago and has not been decided. {whom}\n\n{_review_link(review)}\n",
        recipients,
    )
    return len({address for address in recipients if address})
