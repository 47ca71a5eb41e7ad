"""
Readers' follow-up questions: asking (with a per-client limit), the editors' queue, and
the editors' answers.

An editor's answer waits for the board (review.faq approves it, sends it back, or lets an
editor withdraw it once published); readers see it under "Readers asked" on the article
only once a board member who did not write it has approved it.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts import clients
from accounts.audiences import parse_audience
from articles import search
from articles.exceptions import IllegalAnswerMove
from articles.models import (
    ANSWER_MAX_LENGTH,
    ANSWER_MIN_LENGTH,
    AnswerEvent,
    Article,
    FaqState,
    HistoricalArticle,
    Question,
    QuestionStatus,
)
from articles.rendering import markdown_problems

logger = logging.getLogger(__name__)

MAX_LENGTH = Question._meta.get_field("text").max_length  # 1,000

# The editor's answer, from each state to the states it may move to next (absent or empty:
# final). An editor writes or rewrites it (→ pending); the board approves it (→ published)
# or sends it back (→ returned; review.faq); an editor withdraws a published one.
ANSWER_TRANSITIONS: dict[str, frozenset[str]] = {
    FaqState.NONE: frozenset({FaqState.PENDING}),
    FaqState.PENDING: frozenset({FaqState.PENDING, FaqState.PUBLISHED, FaqState.RETURNED}),
    FaqState.RETURNED: frozenset({FaqState.PENDING}),
    FaqState.PUBLISHED: frozenset({FaqState.WITHDRAWN}),
    FaqState.WITHDRAWN: frozenset({FaqState.PENDING}),
}


def answer_move(question: Question, to_state: str, *, by, comment: str = "", at=None) -> AnswerEvent:
    """
    Move an answer to `to_state` as ANSWER_TRANSITIONS allows and record the move; the one
    place an answer's state is set. The caller holds the question's row lock and saves the
    other fields it changes; this saves the state.
    """
    from_state = question.answer_state
    if to_state not in ANSWER_TRANSITIONS.get(from_state, frozenset()):
        raise IllegalAnswerMove(
            f"An answer that is {FaqState(from_state).label.lower()} cannot become {FaqState(to_state).label.lower()}."
        )
    at = at or timezone.now()
    question.answer_state = to_state
    question.save(update_fields=["answer_state"])
    return AnswerEvent.objects.create(
        question=question, from_state=from_state, to_state=to_state, actor=by, at=at, comment=comment
    )


def answer_history(question: Question) -> QuerySet[AnswerEvent]:
    """Every move of the question's answer, oldest first, with who made it."""
    return question.answer_events.select_related("actor").order_by("at", "id")


RATE_LIMIT = 5  # questions per visitor ...
RATE_WINDOW = datetime.timedelta(hours=1)  # ... in this long
RATE = f"{RATE_LIMIT}/{int(RATE_WINDOW.total_seconds())}s"  # as django-ratelimit reads it
RATE_GROUP = "articles.question_ask"
# How many published answers an article shows under "Readers asked", newest approval first.
FAQ_LIMIT = 10
EDIT = "articles.change_article"


class TooManyQuestions(Exception):
    """The visitor has asked RATE_LIMIT questions within RATE_WINDOW."""


visitor_key = clients.visitor_key  # a keyed hash of the visitor's address (accounts.clients)


def ask_limit_reached(request) -> bool:
    """Count one question from this request's client and say whether it is over RATE_LIMIT in the window."""
    return clients.limit_reached(request, group=RATE_GROUP, rate=RATE, what="Question")


def clean_question(text: str) -> str:
    """The question as stored: plain text, trimmed; ValidationError with a reader-facing message."""
    text = "".join(ch for ch in (text or "") if ch in "\n\t" or ch.isprintable()).strip()
    if not text:
        raise ValidationError("Write your question.")
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"Keep your question to {MAX_LENGTH:,} characters (it has {len(text):,}).")
    return text


def _passages_found(article: Article, text: str, audience: str) -> bool:
    """Whether the reader's answer page finds passages for the question (the queue's "no answer" filter)."""
    return bool(search.answer(text, article=article, audience=parse_audience(audience)))


@transaction.atomic
def question_ask(*, article: Article, text: str, audience: str, visitor: str, request=None) -> Question:
    """
    Store a reader's question for the editors; raises ValidationError, or TooManyQuestions
    when `request` (the reader's) is over the per-client limit. Without a request (a
    command, the demo) nothing is counted.
    """
    text = clean_question(text)
    if request is not None and ask_limit_reached(request):
        raise TooManyQuestions(
            f"You have asked {RATE_LIMIT} questions in the last hour. Please wait a while before asking another."
        )
    return Question.objects.create(
        article=article,
        text=text,
        audience=audience or "",
        visitor=visitor,
        created_at=timezone.now(),
        passages_found=_passages_found(article, text, audience or ""),
    )


def _require_editor(user) -> None:
    if not (user and user.is_active and user.has_perm(EDIT)):
        raise PermissionDenied("Only editors handle reader questions.")


@transaction.atomic
def question_resolve(*, question: Question, by, status: str, revision: HistoricalArticle | None = None) -> Question:
    """Mark a question answered (optionally by the revision that answers it) or dismissed."""
    _require_editor(by)
    if status not in (QuestionStatus.ANSWERED, QuestionStatus.DISMISSED):
        raise ValidationError("Choose answered or dismissed.")
    if revision is not None and revision.id != question.article_id:
        raise ValidationError("That revision belongs to another article.")
    question.status = status
    question.answer_revision = revision if status == QuestionStatus.ANSWERED else None
    question.handled_by = by
    question.handled_at = timezone.now()
    question.save(update_fields=["status", "answer_revision", "handled_by", "handled_at"])
    return question


# --- the editors' queue --------------------------------------------------------------

QUEUE_STATUSES = {"new": QuestionStatus.NEW, "answered": QuestionStatus.ANSWERED, "dismissed": QuestionStatus.DISMISSED}
QUEUE_FOUND = {"no": False, "yes": True}


def question_queue(*, status: str = "new", found: str = "", answer_state: str | None = None, article_id=None):
    """
    Readers' questions for editors, newest first: by handling status ("" for all), by
    whether the site found reviewed passages ("no": the reader got no answer), by the
    state of the editor's answer, and by article. Unknown values filter nothing.
    """
    questions = Question.objects.select_related("article", "answered_by", "approved_by").order_by("-created_at")
    if status in QUEUE_STATUSES:
        questions = questions.filter(status=QUEUE_STATUSES[status])
    if found in QUEUE_FOUND:
        questions = questions.filter(passages_found=QUEUE_FOUND[found])
    if answer_state is not None and answer_state in FaqState.values:
        questions = questions.filter(answer_state=answer_state)
    if article_id:
        questions = questions.filter(article_id=article_id)
    return questions


# --- editors' answers ------------------------------------------------------------------


def clean_answer(text: str) -> str:
    """An answer as stored: trimmed safe Markdown of a sensible length; ValidationError says what to change."""
    text = "".join(ch for ch in (text or "") if ch in "\n\t" or ch.isprintable()).strip()
    if not text:
        raise ValidationError("Write the answer readers will see.")
    if len(text) < ANSWER_MIN_LENGTH:
        raise ValidationError(f"Write at least {ANSWER_MIN_LENGTH} characters: a full sentence readers can act on.")
    if len(text) > ANSWER_MAX_LENGTH:
        raise ValidationError(
            f"Keep the answer to {ANSWER_MAX_LENGTH:,} characters (it has {len(text):,}); "
            "link to the article for the rest."
        )
    problems = markdown_problems(text)
    if problems:
        raise ValidationError("The answer " + " It ".join(problems))
    return text


@transaction.atomic
def question_answer(*, question: Question, by, text: str) -> Question:
    """
    An editor answers a reader's question: the answer waits for the board (review.faq)
    and readers see nothing of it yet. A published answer must be withdrawn before it is
    rewritten. Raises PermissionDenied, or ValidationError keyed by the field "answer".
    """
    _require_editor(by)
    try:
        text = clean_answer(text)
    except ValidationError as error:
        raise ValidationError({"answer": error.messages}) from error
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.answer_state == FaqState.PUBLISHED:
        raise ValidationError(
            {"answer": "This answer is published. Withdraw it first, then write the new one for the board."}
        )
    now = timezone.now()
    question.answer = text
    question.answered_by = by
    question.answered_at = now
    question.approved_by = None
    question.approved_at = None
    question.board_comment = ""
    question.status = QuestionStatus.ANSWERED
    question.handled_by = by
    question.handled_at = now
    question.save()
    answer_move(question, FaqState.PENDING, by=by, at=now)
    return question


def published_answers(article: Article) -> QuerySet[Question]:
    """The answers readers see under "Readers asked" on `article`: board-approved, newest approval first."""
    return (
        Question.objects.filter(article=article, answer_state=FaqState.PUBLISHED)
        .select_related("approved_by__board_member")
        .order_by("-approved_at")[:FAQ_LIMIT]
    )


question_ask.alters_data = True
question_resolve.alters_data = True
question_answer.alters_data = True
answer_move.alters_data = True  # type: ignore[attr-defined]
