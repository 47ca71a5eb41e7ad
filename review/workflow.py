"""
The review state machine: Submitted → Under Review → Approved (or Changes requested),
with Superseded when a newer revision is saved while a review is open.

Each action is one atomic function that locks the article row and then the review row
(always in that order, the order article saves take too), checks the starting state
against TRANSITIONS, checks who may do it, and records a ReviewEvent. Views call these
and never set a state themselves.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from articles.models import Article, HistoricalArticle
from review import notifications, publication
from review.checklist import library_conflicts_for
from review.events import announce_reader_content_changed
from review.exceptions import (
    CommentRequired,
    FourEyesViolation,
    IllegalTransition,
    LibraryConflict,
    NotPermitted,
    StaleAssignment,
    StaleRevision,
)
from review.models import (
    COMMENT_MAX_LENGTH,
    OPEN_STATES,
    Approval,
    ApprovalKind,
    Review,
    ReviewAction,
    ReviewEvent,
    ReviewState,
    Withdrawal,
)
from review.permissions import (
    approval_tally,
    assign_refusal,
    authored_changes_in,
    can_release,
    can_schedule,
    can_submit,
    can_withdraw,
    decide_refusal,
    require_board_member,
    start_refusal,
    state_phrase,
)
from review.rereview import next_review_due

# From each state, the states a review may move to next. Absent or empty: final.
TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({ReviewState.SUBMITTED}),
    ReviewState.SUBMITTED: frozenset({ReviewState.UNDER_REVIEW, ReviewState.SUPERSEDED}),
    # Back to Submitted: released by its reviewer (or the board), or approved by one member
    # while REQUIRED_APPROVALS asks for more.
    ReviewState.UNDER_REVIEW: frozenset(
        {ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED, ReviewState.SUPERSEDED, ReviewState.SUBMITTED}
    ),
    ReviewState.CHANGES_REQUESTED: frozenset(),
    ReviewState.APPROVED: frozenset(),
    ReviewState.SUPERSEDED: frozenset(),
}


# --- transitions -------------------------------------------------------------------


def _move(
    review: Review, to_state: str, *, by, comment: str = "", at=None, action: str = "", assignee=None
) -> ReviewEvent:
    """Check the move against TRANSITIONS, apply it and record it. Caller holds the locks."""
    from_state = review.state
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        raise IllegalTransition(
            f"A review that is {review.get_state_display().lower()} cannot become "
            f"{ReviewState(to_state).label.lower()}."
        )
    at = at or timezone.now()
    review.state = to_state
    if to_state in (ReviewState.APPROVED, ReviewState.CHANGES_REQUESTED, ReviewState.SUPERSEDED):
        review.decided_at = at
    if review._state.adding:
        review.save()
    else:
        review.save(update_fields=["state", "decided_at", "assignee"])
    return ReviewEvent.objects.create(
        review=review,
        article_id=review.article_id,
        from_state=from_state,
        to_state=to_state,
        actor=by,
        at=at,
        comment=comment,
        action=action,
        assignee=assignee,
    )


def _record(review: Review, action: str, *, by, comment: str = "", assignee=None, at=None) -> ReviewEvent:
    """Record an event that leaves the state as it is (a reassignment, a go-live). Caller holds the locks."""
    return ReviewEvent.objects.create(
        review=review,
        article_id=review.article_id,
        from_state=review.state,
        to_state=review.state,
        actor=by,
        at=at or timezone.now(),
        comment=comment,
        action=action,
        assignee=assignee,
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
    if Approval.objects.filter(article=article, revision=latest, complete=True).exists() and not withdrawn:
        raise IllegalTransition("This revision is already approved.")
    # A save supersedes older open reviews; this covers one left by any other path.
    _supersede_open_reviews(article_id=article.pk, before=latest.history_id, by=by)
    now = timezone.now()
    review = Review(article=article, revision=latest, state="", submitted_by=by, submitted_at=now)
    _move(review, ReviewState.SUBMITTED, by=by, comment=comment, at=now)
    notifications.review_submitted(review)
    announce_reader_content_changed(article_id=article.pk)  # a never-approved article becomes visible, as pending
    return review


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
    withdrawal = Withdrawal.objects.create(
        article=article, withdrawn_by=by, withdrawn_at=timezone.now(), reason=reason.strip()
    )
    announce_reader_content_changed(article_id=article.pk)  # gone from every copy at once
    notifications.article_withdrawn(withdrawal)
    return withdrawal


@transaction.atomic
def start_review(*, review: Review, by) -> Review:
    """A board member takes a submitted review; it is assigned to them."""
    require_board_member(by, "start a review")
    review = _lock(review)
    refusal = start_refusal(review, by)
    if refusal is not None:
        raise refusal
    review.assignee = by
    _move(review, ReviewState.UNDER_REVIEW, by=by)
    announce_reader_content_changed(article_id=review.article_id)  # the tracker moves on
    return review


@transaction.atomic
def approve(
    *,
    review: Review,
    by,
    comment: str = "",
    seen_revision: HistoricalArticle | None = None,
    go_live_at: datetime.datetime | None = None,
    library_override: str = "",
) -> Approval:
    """
    Approve the exact revision under review. Readers get it once REQUIRED_APPROVALS
    distinct board members have approved it: an approval short of that puts the review
    back in the queue for another member. The approval that completes the count goes
    live at once, or — with `go_live_at` in the future — when publish_due runs after
    then; readers keep the previous approved revision until that moment.
    `seen_revision`, when given, is the revision the reviewer was shown; approval fails
    if the review is no longer about it. A revision that gives a diagnosis or sign another
    level of urgency than the rest of the library (review.checklist) is refused with
    LibraryConflict unless `library_override` says why; the reason is kept in the comment.
    """
    require_board_member(by, "approve articles")
    review = _lock(review)
    if seen_revision is not None and seen_revision.history_id != review.revision_id:
        raise StaleRevision("The revision you reviewed is not the one waiting for approval.")
    refusal = decide_refusal(review, by)
    if refusal is not None:
        raise refusal
    comment = _with_library_override(review, comment.strip(), library_override.strip())
    given, needed = approval_tally(review)
    given += 1  # this approval
    if given < needed:
        review.assignee = None
        event = _move(
            review,
            ReviewState.SUBMITTED,
            by=by,
            comment=comment,
            action=ReviewAction.PARTLY_APPROVED,
        )
        approval = _approval(review, by=by, at=event.at, comment=comment, complete=False)
        notifications.review_needs_another_approval(review, given=given, needed=needed)
        announce_reader_content_changed(article_id=review.article_id)
        return approval
    event = _move(review, ReviewState.APPROVED, by=by, comment=comment)
    scheduled = go_live_at is not None and go_live_at > event.at
    approval = _approval(
        review,
        by=by,
        at=event.at,
        comment=comment,
        complete=True,
        go_live_at=go_live_at if scheduled else None,
        published_at=None if scheduled else event.at,
    )
    if scheduled and go_live_at is not None:
        _record(review, ReviewAction.SCHEDULED, by=by, comment=_go_live_words(go_live_at), at=event.at)
    notifications.review_decided(review, comment, approval)
    announce_reader_content_changed(article_id=review.article_id)  # readers now get this revision (unless scheduled)
    return approval


def _with_library_override(review: Review, comment: str, override: str) -> str:
    """The approval's comment, with the reason for approving over library conflicts; LibraryConflict without one."""
    conflicts = library_conflicts_for(review.article, review.revision.document)
    if not conflicts:
        return comment
    if not override:
        raise LibraryConflict(conflicts)
    note = f"Approved over {len(conflicts)} library conflict{'s' if len(conflicts) != 1 else ''}: {override}"
    combined = f"{comment}\n\n{note}" if comment else note
    if len(combined) > COMMENT_MAX_LENGTH:
        raise CommentRequired(
            f"The comment and the reason together must fit in {COMMENT_MAX_LENGTH:,} characters; shorten one of them."
        )
    return combined


def _approval(review: Review, *, by, at, comment: str, complete: bool, go_live_at=None, published_at=None):
    return Approval.objects.create(
        article_id=review.article_id,
        revision_id=review.revision_id,
        review=review,
        approved_by=by,
        approved_at=at,
        next_review_due=next_review_due((published_at or go_live_at or at).date()),
        comment=comment,
        complete=complete,
        go_live_at=go_live_at,
        published_at=published_at,
    )


def _go_live_words(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"Goes live for readers on {local:%d %B %Y at %H:%M} ({local.tzname()})."


# --- assigning reviews ---------------------------------------------------------------

ANY = "any"  # seen_assignee_id's default: the caller does not say what it saw (commands, tests)


def _check_seen_assignee(review: Review, seen_assignee_id: int | str | None) -> None:
    """Refuse an assignment or release that crosses another made since the acting person looked."""
    if seen_assignee_id == ANY:
        return
    seen = None if seen_assignee_id is None or seen_assignee_id == "" else int(seen_assignee_id)
    if review.assignee_id != seen:
        now = f"now assigned to {review.assignee}" if review.assignee_id else "now waiting for a reviewer"
        raise StaleAssignment(
            f"Someone changed this review's assignment while you were looking at it: it is {now}. Nothing was changed."
        )


@transaction.atomic
def assign(*, review: Review, to, by, comment: str = "", seen_assignee_id: int | str | None = ANY) -> Review:
    """
    Give a waiting or started review to board member `to` (assign or reassign); they are told
    by e-mail. `seen_assignee_id` is the assignee the acting person saw (None: nobody): if the
    review was assigned or released since, StaleAssignment is raised and nothing changes.
    """
    review = _lock(review)
    _check_seen_assignee(review, seen_assignee_id)
    refusal = assign_refusal(review, to, by)
    if refusal is not None:
        raise refusal
    previous, previous_state = review.assignee, review.state
    review.assignee = to
    if review.state == ReviewState.SUBMITTED:
        _move(
            review, ReviewState.UNDER_REVIEW, by=by, comment=comment.strip(), action=ReviewAction.ASSIGNED, assignee=to
        )
    else:
        review.save(update_fields=["assignee"])
        _record(review, ReviewAction.ASSIGNED, by=by, comment=comment.strip(), assignee=to)
    notifications.review_assigned(review, by=by, previous=previous)
    if review.state != previous_state:
        announce_reader_content_changed(article_id=review.article_id)  # the tracker moves on
    return review


@transaction.atomic
def release(*, review: Review, by, comment: str = "", seen_assignee_id: int | str | None = ANY) -> Review:
    """Put a started review back to waiting, with no reviewer, for any board member to start."""
    review = _lock(review)
    _check_seen_assignee(review, seen_assignee_id)
    if review.state != ReviewState.UNDER_REVIEW:
        raise IllegalTransition(f"This review is {state_phrase(review)}; only a review in progress can be released.")
    if not can_release(review, by):
        raise NotPermitted("Only its reviewer, board members and site admins can release a review.")
    previous = review.assignee
    review.assignee = None
    _move(review, ReviewState.SUBMITTED, by=by, comment=comment.strip(), action=ReviewAction.RELEASED)
    notifications.review_released(review, by=by, previous=previous)
    announce_reader_content_changed(article_id=review.article_id)
    return review


# --- going live ----------------------------------------------------------------------


def _publish(approval: Approval, *, by=None, at=None) -> Approval:
    """Readers get `approval` from now on (and are told so). Caller holds the article lock and the approval row."""
    at = at or timezone.now()
    approval.published_at = at
    approval.save(update_fields=["published_at"])
    if approval.review is not None:
        _record(approval.review, ReviewAction.PUBLISHED, by=by, at=at, comment="Readers now get this revision.")
    announce_reader_content_changed(article_id=approval.article_id)
    return approval


def _lock_approval(approval_id: int) -> Approval:
    """Lock the article row, then the approval row (the workflow's lock order)."""
    article_id = Approval.objects.values_list("article_id", flat=True).get(pk=approval_id)
    Article.objects.select_for_update().filter(pk=article_id).first()
    locked = Approval.objects.select_for_update(of=("self",))
    return locked.select_related("article", "review", "revision").get(pk=approval_id)


@transaction.atomic
def schedule(*, approval: Approval, by, go_live_at: datetime.datetime | None) -> Approval:
    """
    Change when an approved revision that is not yet live goes live: a future moment
    (publish_due publishes it after then), or None/now to publish it at once.
    """
    approval = _lock_approval(approval.pk)
    if not can_schedule(approval, by):
        if approval.published_at is not None:
            raise IllegalTransition("This approval is already live; readers get it now.")
        raise NotPermitted("Only the board member who approved it, or a site admin, can set when it goes live.")
    now = timezone.now()
    if go_live_at is None or go_live_at <= now:
        return _publish(approval, by=by, at=now)
    approval.go_live_at = go_live_at
    approval.save(update_fields=["go_live_at"])
    if approval.review is not None:
        _record(approval.review, ReviewAction.SCHEDULED, by=by, comment=_go_live_words(go_live_at))
    return approval


def publish_due(*, now: datetime.datetime | None = None) -> list[tuple[Approval, str]]:
    """
    Publish every scheduled approval whose time has come; returns each with what was done.
    Safe to run from cron, at once on several machines: each approval is published in its
    own transaction under the article's and the approval's row locks, and one another run
    has published meanwhile is left alone.
    """
    now = now or timezone.now()
    due = Approval.objects.scheduled().filter(go_live_at__lte=now).order_by("go_live_at", "id")
    done: list[tuple[Approval, str]] = []
    for approval_id in list(due.values_list("id", flat=True)):
        with transaction.atomic():
            approval = _lock_approval(approval_id)
            if approval.published_at is not None:
                continue  # another run published it meanwhile
            withdrawal = publication.withdrawal_in_force(approval.article)
            if withdrawal is not None and withdrawal.withdrawn_at > approval.approved_at:
                done.append((approval, "not published: the article was withdrawn after this approval"))
                continue
            _publish(approval, at=now)
            done.append((approval, "published"))
    return done


@transaction.atomic
def reconfirm(*, article: Article, by, comment: str = "") -> Approval:
    """
    Re-confirm the approved revision unchanged at its periodic re-review: a new approval
    of the same revision, which moves "last reviewed" and the next review date on.
    """
    require_board_member(by, "re-confirm articles")
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
    approval = Approval.objects.create(
        article=article,
        revision=current.revision,
        kind=ApprovalKind.RECONFIRMED,
        approved_by=by,
        approved_at=now,
        published_at=now,
        next_review_due=next_review_due(now.date()),
        comment=comment.strip(),
    )
    announce_reader_content_changed(article_id=article.pk)  # "last reviewed" and the next review date move on
    return approval


@transaction.atomic
def request_changes(*, review: Review, by, comment: str) -> Review:
    """Send the revision back to its editors with a comment saying what to change."""
    require_board_member(by, "request changes")
    if not (comment or "").strip():
        raise CommentRequired("Say what needs to change: a comment is required.")
    review = _lock(review)
    refusal = decide_refusal(review, by)
    if refusal is not None:
        raise refusal
    _move(review, ReviewState.CHANGES_REQUESTED, by=by, comment=comment.strip())
    notifications.review_decided(review, comment.strip())
    announce_reader_content_changed(article_id=review.article_id)
    return review


def _supersede_open_reviews(*, article_id: int, before: int, by) -> list[Review]:
    """Supersede every open review of the article for a revision older than `before`."""
    reviews = list(
        Review.objects.select_for_update().filter(article_id=article_id, state__in=OPEN_STATES, revision_id__lt=before)
    )
    for review in reviews:
        _move(review, ReviewState.SUPERSEDED, by=by, comment="A newer revision was saved.")
        notifications.review_superseded(review)
    if reviews:
        announce_reader_content_changed(article_id=article_id)
    return reviews


@transaction.atomic
def supersede(*, revision: HistoricalArticle, by=None) -> list[Review]:
    """Supersede open reviews of revisions older than `revision`; returns them."""
    Article.objects.select_for_update().filter(pk=revision.id).first()
    return _supersede_open_reviews(article_id=revision.id, before=revision.history_id, by=by)


# Mutating functions must never be callable from a template.
for _action in (
    submit,
    start_review,
    approve,
    request_changes,
    supersede,
    reconfirm,
    withdraw,
    assign,
    release,
    schedule,
    publish_due,
):
    _action.alters_data = True  # type: ignore[union-attr]
