"""
The board's decision on an editor's answer to a reader's question ("Readers asked").

An editor writes the answer (articles.questions.question_answer); it waits here until an
active board member who did not write it approves it (four eyes, as for revisions), or
sends it back with a comment. An approved answer is published on the article's page for
every audience; an editor may withdraw it. Approving and withdrawing change what readers
get, so each announces it (review.events) in the same transaction.
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from articles import questions
from articles.models import BOARD_COMMENT_MAX_LENGTH, FaqState, Question
from review.events import announce_reader_content_changed
from review.exceptions import (
    CommentRequired,
    FourEyesViolation,
    IllegalTransition,
    NotPermitted,
    StaleRevision,
    WorkflowError,
)
from review.permissions import active_board_member

EDIT = "articles.change_article"


def answers_awaiting_board() -> QuerySet[Question]:
    """Editors' answers waiting for a board decision, oldest first."""
    return (
        Question.objects.filter(answer_state=FaqState.PENDING)
        .select_related("article", "answered_by")
        .order_by("answered_at")
    )


def answer_version(question: Question) -> str:
    """A short fingerprint of the answer's text: the approval screen sends back the one the member read."""
    return hashlib.sha256(question.answer.encode()).hexdigest()[:16]


def decide_refusal(question: Question, user) -> WorkflowError | None:
    """Why `user` may not approve or send back this answer now, or None if they may."""
    if active_board_member(user) is None:
        return NotPermitted("Only active members of the Medical Advisory Board can decide on answers.")
    if question.answer_state != FaqState.PENDING:
        return IllegalTransition(f"This answer is not waiting for the board ({question.get_answer_state_display()}).")
    if question.answered_by_id == user.pk:
        return FourEyesViolation("You wrote this answer, so another board member must decide on it.")
    return None


def can_decide(question: Question, user) -> bool:
    """May `user` approve or send back this answer now? The rule answer_approve and answer_return enforce."""
    return decide_refusal(question, user) is None


def _lock(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("article").get(pk=question.pk)


@transaction.atomic
def answer_approve(*, question: Question, by, seen: str | None = None) -> Question:
    """
    A board member approves an editor's answer: it appears under "Readers asked" for every
    audience. With `seen` (answer_version of the text the member read), an answer rewritten
    since is refused: nothing is approved that the member did not see.
    """
    question = _lock(question)
    refusal = decide_refusal(question, by)
    if refusal is not None:
        raise refusal
    if seen is not None and seen != answer_version(question):
        raise StaleRevision("The editor changed this answer after you opened it. Read the new text, then decide.")
    now = timezone.now()
    question.approved_by = by
    question.approved_at = now
    question.board_comment = ""
    question.save(update_fields=["approved_by", "approved_at", "board_comment"])
    questions.answer_move(question, FaqState.PUBLISHED, by=by, at=now)
    announce_reader_content_changed(article_id=question.article_id)
    return question


@transaction.atomic
def answer_return(*, question: Question, by, comment: str) -> Question:
    """A board member sends an answer back to the editors, saying why; readers never saw it."""
    comment = (comment or "").strip()
    question = _lock(question)
    refusal = decide_refusal(question, by)
    if refusal is not None:
        raise refusal
    if not comment:
        raise CommentRequired("Say what the editor should change: the comment is sent back with the answer.")
    if len(comment) > BOARD_COMMENT_MAX_LENGTH:
        raise CommentRequired(f"Keep the comment to {BOARD_COMMENT_MAX_LENGTH:,} characters (it has {len(comment):,}).")
    question.board_comment = comment
    question.save(update_fields=["board_comment"])
    questions.answer_move(question, FaqState.RETURNED, by=by, comment=comment)
    return question


def can_withdraw(user) -> bool:
    """Editors may take a published answer off the article."""
    return bool(user and user.is_active and user.has_perm(EDIT))


@transaction.atomic
def answer_withdraw(*, question: Question, by) -> Question:
    """An editor takes a published answer off the article's page at once (every audience, every cache)."""
    if not can_withdraw(by):
        raise NotPermitted("Only editors can withdraw an answer from an article.")
    question = _lock(question)
    if question.answer_state != FaqState.PUBLISHED:
        raise IllegalTransition("Only a published answer can be withdrawn.")
    now = timezone.now()
    question.withdrawn_by = by
    question.withdrawn_at = now
    question.save(update_fields=["withdrawn_by", "withdrawn_at"])
    questions.answer_move(question, FaqState.WITHDRAWN, by=by, at=now)
    announce_reader_content_changed(article_id=question.article_id)
    return question


answer_approve.alters_data = True
answer_return.alters_data = True
answer_withdraw.alters_data = True
