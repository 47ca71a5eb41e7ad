"""Readers' follow-up questions: asking (with a per-visitor limit) and the editors' handling."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.clients import client_ip
from articles.models import Article, HistoricalArticle, Question, QuestionStatus

MAX_LENGTH = Question._meta.get_field("text").max_length  # 1,000
RATE_LIMIT = 5  # questions per visitor ...
RATE_WINDOW = datetime.timedelta(hours=1)  # ... in this long


class TooManyQuestions(Exception):
    """The visitor has asked RATE_LIMIT questions within RATE_WINDOW."""


def visitor_key(request) -> str:
    """A keyed hash of the visitor's address: enough to count their questions, not to find them."""
    address = client_ip(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def clean_question(text: str) -> str:
    """The question as stored: plain text, trimmed; ValidationError with a reader-facing message."""
    text = "".join(ch for ch in (text or "") if ch in "\n\t" or ch.isprintable()).strip()
    if not text:
        raise ValidationError("Write your question.")
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"Keep your question to {MAX_LENGTH:,} characters (it has {len(text):,}).")
    return text


@transaction.atomic
def question_ask(*, article: Article, text: str, audience: str, visitor: str) -> Question:
    """Store a reader's question for the editors; raises ValidationError or TooManyQuestions."""
    text = clean_question(text)
    now = timezone.now()
    recent = Question.objects.filter(visitor=visitor, created_at__gte=now - RATE_WINDOW).count()
    if recent >= RATE_LIMIT:
        raise TooManyQuestions(
            f"You have asked {RATE_LIMIT} questions in the last hour. Please wait a while before asking another."
        )
    return Question.objects.create(article=article, text=text, audience=audience or "", visitor=visitor, created_at=now)


@transaction.atomic
def question_resolve(*, question: Question, by, status: str, revision: HistoricalArticle | None = None) -> Question:
    """Mark a question answered (optionally by the revision that answers it) or dismissed."""
    if not (by and by.is_active and by.has_perm("articles.change_article")):
        raise PermissionDenied("Only editors handle reader questions.")
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


question_ask.alters_data = True
question_resolve.alters_data = True
