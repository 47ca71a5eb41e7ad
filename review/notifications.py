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

from accounts import roles
from review.models import BoardMember, Review, ReviewState, Withdrawal

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


def _decided(review: Review, comment: str) -> None:
    outcome = "approved" if review.state == ReviewState.APPROVED else "returned with requested changes"
    body = (
        f"Revision {review.revision.revision_number} of “{review.revision.title}” was {outcome} by {review.assignee}.\n"
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


def review_decided(review: Review, comment: str = "") -> None:
    _after_commit(_decided, review, comment)


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
