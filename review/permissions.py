"""
Who may do what in the review workflow: the predicates that review.workflow enforces and
that views ask before offering a button. Each refusal says why, in words for the page.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info

from accounts.roles import is_site_admin
from articles.models import HistoricalArticle
from review.exceptions import FourEyesViolation, IllegalTransition, NotPermitted, StaleRevision, WorkflowError
from review.models import OPEN_STATES, Approval, BoardMember, Review, ReviewState


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
        Approval.objects.live()
        .filter(article_id=revision.id, revision_id__lt=revision.history_id)
        .order_by("-revision_id")
        .values_list("revision_id", flat=True)
        .first()
    ) or 0
    return HistoricalArticle.objects.filter(
        id=revision.id, history_id__gt=baseline, history_id__lte=revision.history_id, history_user=user
    ).exists()


def require_board_member(user, action: str) -> BoardMember:
    member = active_board_member(user)
    if member is None:
        raise NotPermitted(f"Only active members of the Medical Advisory Board can {action}.")
    return member


def required_approvals() -> int:
    """How many distinct board members must approve a revision before readers get it."""
    return max(1, int(settings.REQUIRED_APPROVALS))


def approval_tally(review: Review) -> tuple[int, int]:
    """(how many distinct board members have approved `review` so far, how many readers' quorum needs)."""
    return len(set(approvers_of(review))), required_approvals()


def approvers_of(review: Review) -> list[int]:
    """The user ids of the board members who have approved this review so far, in order."""
    approvals = Approval.objects.filter(review_id=review.pk).order_by("approved_at", "id")
    return list(approvals.values_list("approved_by_id", flat=True))


# What a finished review is, in words that read after "This review" / "It was".
STATE_PHRASES: dict[str, str] = {
    ReviewState.SUBMITTED: "waiting for a reviewer",
    ReviewState.UNDER_REVIEW: "in progress",
    ReviewState.CHANGES_REQUESTED: "already decided: the board asked for changes",
    ReviewState.APPROVED: "already decided: approved",
    ReviewState.SUPERSEDED: "closed: a newer revision replaced it",
}


def state_phrase(review: Review) -> str:
    """The review's state in words that read in a sentence ("already decided: approved")."""
    return STATE_PHRASES.get(review.state, review.get_state_display().lower())


def language_refusal(review: Review, member, *, you: bool) -> WorkflowError | None:
    """Why board member `member` may not take the review of a translation (not a language they review in), or None."""
    language = review.article.language
    board_member = BoardMember.objects.filter(user=member).first()
    if board_member is None or board_member.reviews_in(language):
        return None
    name = get_language_info(language)["name"]
    who = "you do" if you else f"{member} does"
    return NotPermitted(
        f"This is the {name} translation: only board members who review in {name} may review it, and {who} not."
    )


def member_refusal(review: Review, member, *, you: bool) -> WorkflowError | None:
    """Why board member `member` may not take `review` (its language, four eyes, a second approval), or None."""
    refused = language_refusal(review, member, you=you)
    if refused is not None:
        return refused
    who = "You" if you else str(member)
    if authored_changes_in(review.revision, member):
        return FourEyesViolation(
            f"{who} wrote some of the changes in this revision, so another board member must review it."
        )
    if member.pk in approvers_of(review):
        have = "have" if you else "has"
        return FourEyesViolation(
            f"{who} {have} already approved this revision; a different board member must give the next approval."
        )
    return None


def start_refusal(review: Review, user) -> WorkflowError | None:
    """Why `user` may not start `review` now, or None if they may."""
    if active_board_member(user) is None:
        return NotPermitted("Only active members of the Medical Advisory Board can start a review.")
    if review.state == ReviewState.UNDER_REVIEW:
        return IllegalTransition("Someone has already started this review.")
    if review.state != ReviewState.SUBMITTED:
        return IllegalTransition(f"This review is {state_phrase(review)}; it cannot be started.")
    return member_refusal(review, user, you=True)


def decide_refusal(review: Review, user) -> WorkflowError | None:
    """Why `user` may not approve or return `review` now, or None if they may."""
    if active_board_member(user) is None:
        return NotPermitted("Only active members of the Medical Advisory Board can decide reviews.")
    if review.state == ReviewState.SUPERSEDED:
        return StaleRevision("A newer revision was saved; this review was superseded and cannot be decided.")
    if review.state == ReviewState.SUBMITTED:
        return IllegalTransition("Start the review before deciding it.")
    if review.state != ReviewState.UNDER_REVIEW:
        return IllegalTransition(f"This review is {state_phrase(review)}.")
    if review.assignee_id != user.pk:
        return NotPermitted("Only the board member this review is assigned to can decide it.")
    return member_refusal(review, user, you=True)


def can_start(review: Review, user) -> bool:
    """May `user` start `review` now? The rule start_review enforces; views ask it too."""
    return start_refusal(review, user) is None


def can_decide(review: Review, user) -> bool:
    """May `user` approve or request changes on `review` now? The rule approve and request_changes enforce."""
    return decide_refusal(review, user) is None


def can_withdraw(user) -> bool:
    """Board members and site admins (holders of review.withdraw_article) may withdraw live articles."""
    return bool(user and user.is_active and user.has_perm("review.withdraw_article"))


def can_assign(user) -> bool:
    """Active board members and site admins may assign, reassign and release reviews."""
    return active_board_member(user) is not None or is_site_admin(user)


def assign_refusal(review: Review, assignee, by) -> WorkflowError | None:
    """Why `by` may not give `review` to `assignee` now, or None if they may."""
    if not can_assign(by):
        return NotPermitted("Only board members and site admins can assign reviews.")
    if review.state not in OPEN_STATES:
        return IllegalTransition(f"This review is {state_phrase(review)}, so it cannot be assigned.")
    if active_board_member(assignee) is None:
        return NotPermitted(f"{assignee} is not an active member of the Medical Advisory Board.")
    if review.assignee_id == assignee.pk:
        return IllegalTransition(f"{assignee} is already reviewing this revision.")
    return member_refusal(review, assignee, you=assignee.pk == by.pk)


def assignable_members(review: Review) -> list[BoardMember]:
    """The active board members `review` may be given to now (four eyes, one approval each)."""
    members = BoardMember.objects.filter(active=True, user__is_active=True).select_related("user")
    return [m for m in members if m.user_id != review.assignee_id and member_refusal(review, m.user, you=False) is None]


def can_release(review: Review, user) -> bool:
    """May `user` put a started review back in the queue? Its reviewer, board members and site admins."""
    if review.state != ReviewState.UNDER_REVIEW:
        return False
    return review.assignee_id == getattr(user, "pk", None) or can_assign(user)


def can_schedule(approval: Approval, user) -> bool:
    """May `user` set when `approval` goes live? Its approver or a site admin, until it is live."""
    if not approval.complete or approval.published_at is not None:
        return False
    return (approval.approved_by_id == getattr(user, "pk", None) and active_board_member(user) is not None) or (
        is_site_admin(user)
    )
