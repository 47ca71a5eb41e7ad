"""
The review state machine: Submitted → Under Review → Approved (or Changes requested),
with Superseded when a newer revision is saved while a review is open.

Each action is one atomic function that locks the article row and then the review row
(always in that order, the order article saves take too), checks the starting state
against TRANSITIONS, checks who may do it, and records a ReviewEvent. Views call these
and never set a state themselves.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, HistoricalArticle
from review import notifications, publication, published_pages
from review.exceptions import (
    CommentRequired,
    FourEyesViolation,
    IllegalTransition,
    NotPermitted,
    StaleRevision,
    WorkflowError,
)
from review.models import (
    OPEN_STATES,
    Approval,
    ApprovalKind,
    BoardMember,
    Review,
    ReviewEvent,
    ReviewState,
    Withdrawal,
)

# From each state, the states a review may move to next. Absent or empty: final.
TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({ReviewState.SUBMITTED}),
    ReviewState.SUBMITTED: frozenset({ReviewState.UNDER_REVIEW, ReviewState.SUPERSEDED}),
    ReviewState.UNDER_REVIEW: frozenset({ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED, ReviewState.SUPERSEDED}),
    ReviewState.CHANGES_REQUESTED: frozenset(),
    ReviewState.APPROVED: frozenset(),
    ReviewState.SUPERSEDED: frozenset(),
}


# --- who may act -------------------------------------------------------------------


def can_submit(user) -> bool:
    """Editors (holders of review.submit_revision) may send revisions to the board."""
    return bool(user and user.is_active and user.has_perm("review.submit_revision"))


def active_board_member(user) -> BoardMember | None:
    """The user's active board membership, or None."""
    if not user or not user.is_active:
        return None
    member = BoardMember.objects.filter(user=user, active=True).first()
    return member


def authored_changes_in(revision: HistoricalArticle, user) -> bool:
    """
    True when `user` wrote any change that `revision` contains that readers have not
    had approved: every revision after the newest approved one, up to and including it.
    """
    baseline = (
        Approval.objects.filter(article_id=revision.id, revision_id__lt=revision.history_id)
        .order_by("-revision_id")
        .values_list("revision_id", flat=True)
        .first()
    ) or 0
    return HistoricalArticle.objects.filter(
        id=revision.id, history_id__gt=baseline, history_id__lte=revision.history_id, history_user=user
    ).exists()


def _require_board_member(user, action: str) -> BoardMember:
    member = active_board_member(user)
    if member is None:
        raise NotPermitted(f"Only active members of the Medical Advisory Board can {action}.")
    return member


def _start_refusal(review: Review, user) -> WorkflowError | None:
    """Why `user` may not start `review` now, or None if they may."""
    if active_board_member(user) is None:
        return NotPermitted("Only active members of the Medical Advisory Board can start a review.")
    if review.state == ReviewState.UNDER_REVIEW:
        return IllegalTransition("Someone has already started this review.")
    if review.state != ReviewState.SUBMITTED:
        return IllegalTransition(f"This review is {review.get_state_display().lower()}; it cannot be started.")
    if authored_changes_in(review.revision, user):
        return FourEyesViolation(
            "You wrote some of the changes in this revision, so another board member must review it."
        )
    return None


def _decide_refusal(review: Review, user) -> WorkflowError | None:
    """Why `user` may not approve or return `review` now, or None if they may."""
    if active_board_member(user) is None:
        return NotPermitted("Only active members of the Medical Advisory Board can decide reviews.")
    if review.state == ReviewState.SUPERSEDED:
        return StaleRevision("A newer revision was saved; this review was superseded and cannot be decided.")
    if review.state == ReviewState.SUBMITTED:
        return IllegalTransition("Start the review before deciding it.")
    if review.state != ReviewState.UNDER_REVIEW:
        return IllegalTransition(f"This review has already been decided: {review.get_state_display().lower()}.")
    if review.assignee_id != user.pk:
        return NotPermitted("Only the board member who started this review can decide it.")
    if authored_changes_in(review.revision, user):
        return FourEyesViolation(
            "You wrote some of the changes in this revision, so another board member must review it."
        )
    return None


def can_start(review: Review, user) -> bool:
    """May `user` start `review` now? The rule start_review enforces; views ask it too."""
    return _start_refusal(review, user) is None


def can_decide(review: Review, user) -> bool:
    """May `user` approve or request changes on `review` now? The rule approve and request_changes enforce."""
    return _decide_refusal(review, user) is None


# --- transitions -------------------------------------------------------------------


def _move(review: Review, to_state: str, *, by, comment: str = "", at=None) -> ReviewEvent:
    """Check the move against TRANSITIONS, apply it and record it. Caller holds the locks."""
    from_state = review.state
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        raise IllegalTransition(
            f"A review that is {review.get_state_display().lower()} cannot become "
            f"{ReviewState(to_state).label.lower()}."
        )
    at = at or timezone.now()
    published_pages.invalidate(review.article_id)  # what readers get of the article may change now
    review.state = to_state
    if to_state in (ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED, ReviewState.SUPERSEDED):
        review.decided_at = at
    if review._state.adding:
        review.save()
    else:
        review.save(update_fields=["state", "decided_at", "assignee"])
    return ReviewEvent.objects.create(
        review=review, from_state=from_state, to_state=to_state, actor=by, at=at, comment=comment
    )


def _lock(review: Review) -> Review:
    """Lock the article row, then the review row, and return the review as stored now."""
    Article.objects.select_for_update().filter(pk=review.article_id).first()
    return Review.objects.select_for_update().select_related("revision").get(pk=review.pk)


@transaction.atomic
def submit(*, article: Article, by, revision: HistoricalArticle | None = None, comment: str = "") -> Review:
    """Send the article's newest revision to the board; returns the new review."""
    if not can_submit(by):
        raise NotPermitted("Only editors can submit articles for review.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    latest = article.latest_revision()
    if revision is not None and revision.history_id != latest.history_id:
        raise StaleRevision(
            f"Revision {revision.revision_number} is not the newest; submit revision {latest.revision_number}."
        )
    if Review.objects.filter(article=article, revision=latest, state__in=OPEN_STATES).exists():
        raise IllegalTransition("This revision is already waiting for review.")
    withdrawn = publication.withdrawal_in_force(article) is not None
    if Approval.objects.filter(article=article, revision=latest).exists() and not withdrawn:
        raise IllegalTransition("This revision is already approved.")
    # A save supersedes older open reviews; this covers one left by any other path.
    _supersede_open_reviews(article_id=article.pk, before=latest.history_id, by=by)
    now = timezone.now()
    review = Review(article=article, revision=latest, state="", submitted_by=by, submitted_at=now)
    _move(review, ReviewState.SUBMITTED, by=by, comment=comment, at=now)
    notifications.review_submitted(review)
    publication.reindex(article)  # a never-approved article becomes visible, as pending
    return review


def can_withdraw(user) -> bool:
    """Board members and site admins (holders of review.withdraw_article) may withdraw live articles."""
    return bool(user and user.is_active and user.has_perm("review.withdraw_article"))


@transaction.atomic
def withdraw(*, article: Article, by, reason: str) -> Withdrawal:
    """
    Take an article away from readers at once, saying why. Readers get 410 with the
    reason; it leaves every list, the search index, the feed and the sitemap, and every
    cache. It comes back only when the board approves a revision after this (a new one,
    or the same one submitted again). Nothing is erased.
    """
    if not can_withdraw(by):
        raise NotPermitted("Only board members and site admins can withdraw articles.")
    if not (reason or "").strip():
        raise CommentRequired("Say why the article is withdrawn: readers are shown the reason.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if publication.reader_page_for(article) is None:
        raise IllegalTransition("Readers cannot see this article, so there is nothing to withdraw.")
    published_pages.invalidate(article.pk)
    withdrawal = Withdrawal.objects.create(
        article=article, withdrawn_by=by, withdrawn_at=timezone.now(), reason=reason.strip()
    )
    publication.reindex(article)  # gone from search at once
    notifications.article_withdrawn(withdrawal)
    return withdrawal


@transaction.atomic
def start_review(*, review: Review, by) -> Review:
    """A board member takes a submitted review; it is assigned to them."""
    _require_board_member(by, "start a review")
    review = _lock(review)
    refusal = _start_refusal(review, by)
    if refusal is not None:
        raise refusal
    review.assignee = by
    _move(review, ReviewState.UNDER_REVIEW, by=by)
    return review


@transaction.atomic
def approve(*, review: Review, by, comment: str = "", seen_revision: HistoricalArticle | None = None) -> Approval:
    """
    Approve the exact revision under review: readers get it from now on.
    `seen_revision`, when given, is the revision the reviewer was shown; approval fails
    if the review is no longer about it.
    """
    _require_board_member(by, "approve articles")
    review = _lock(review)
    if seen_revision is not None and seen_revision.history_id != review.revision_id:
        raise StaleRevision("The revision you reviewed is not the one waiting for approval.")
    refusal = _decide_refusal(review, by)
    if refusal is not None:
        raise refusal
    event = _move(review, ReviewState.APPROVED, by=by, comment=comment.strip())
    notifications.review_decided(review, comment.strip())
    approval = Approval.objects.create(
        article_id=review.article_id,
        revision_id=review.revision_id,
        review=review,
        approved_by=by,
        approved_at=event.at,
        next_review_due=next_review_due(event.at.date()),
        comment=comment.strip(),
    )
    publication.reindex(review.article)  # readers now get this revision
    return approval


@transaction.atomic
def reconfirm(*, article: Article, by, comment: str = "") -> Approval:
    """
    Re-confirm the approved revision unchanged at its periodic re-review: a new approval
    of the same revision, which moves "last reviewed" and the next review date on.
    """
    _require_board_member(by, "re-confirm articles")
    article = Article.objects.select_for_update().get(pk=article.pk)
    current = Approval.objects.select_related("revision").current_for(article.pk)
    if current is None:
        raise IllegalTransition("This article has never been approved; review a submitted revision instead.")
    if article.latest_revision().history_id != current.revision_id:
        raise StaleRevision("The article has changed since its approval; review the new revision instead.")
    if Review.objects.filter(article=article, state__in=OPEN_STATES).exists():
        raise IllegalTransition("A revision of this article is waiting for review; decide that first.")
    if publication.withdrawal_in_force(article) is not None:
        raise IllegalTransition("This article is withdrawn; to reinstate it, review a submitted revision.")
    if authored_changes_in(current.revision, by):
        raise FourEyesViolation("You wrote some of this revision, so another board member must re-confirm it.")
    now = timezone.now()
    published_pages.invalidate(article.pk)  # "last reviewed" and the next review date move on
    return Approval.objects.create(
        article=article,
        revision=current.revision,
        kind=ApprovalKind.RECONFIRMED,
        approved_by=by,
        approved_at=now,
        next_review_due=next_review_due(now.date()),
        comment=comment.strip(),
    )


@transaction.atomic
def request_changes(*, review: Review, by, comment: str) -> Review:
    """Send the revision back to its editors with a comment saying what to change."""
    _require_board_member(by, "request changes")
    if not (comment or "").strip():
        raise CommentRequired("Say what needs to change: a comment is required.")
    review = _lock(review)
    refusal = _decide_refusal(review, by)
    if refusal is not None:
        raise refusal
    _move(review, ReviewState.CHANGES_REQUESTED, by=by, comment=comment.strip())
    notifications.review_decided(review, comment.strip())
    return review


def _supersede_open_reviews(*, article_id: int, before: int, by) -> list[Review]:
    """Supersede every open review of the article for a revision older than `before`."""
    reviews = list(
        Review.objects.select_for_update().filter(article_id=article_id, state__in=OPEN_STATES, revision_id__lt=before)
    )
    for review in reviews:
        _move(review, ReviewState.SUPERSEDED, by=by, comment="A newer revision was saved.")
        notifications.review_superseded(review)
    return reviews


@transaction.atomic
def supersede(*, revision: HistoricalArticle, by=None) -> list[Review]:
    """Supersede open reviews of revisions older than `revision`; returns them."""
    Article.objects.select_for_update().filter(pk=revision.id).first()
    return _supersede_open_reviews(article_id=revision.id, before=revision.history_id, by=by)


def on_revision_created(sender, history_instance, history_user=None, **kwargs):
    """simple-history hook: a new revision supersedes reviews of older ones."""
    supersede(revision=history_instance, by=history_user)


# --- dates -------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus whole months, clamped to the month's end (Jan 31 + 1 → Feb 28/29)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_due(approved_on: datetime.date) -> datetime.date:
    """When an approval made on `approved_on` is due for re-review (REVIEW_INTERVAL_MONTHS)."""
    return add_months(approved_on, settings.REVIEW_INTERVAL_MONTHS)


# Mutating functions must never be callable from a template.
for _action in (submit, start_review, approve, request_changes, supersede, reconfirm, withdraw):
    _action.alters_data = True  # type: ignore[union-attr]
