"""What editors see of articles themselves: newest revisions, revisions by number, readers' questions.

What depends on the review workflow (drafts not yet submitted, reviews, what readers
get) lives in review.selectors and review.publication.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from articles.models import Article, HistoricalArticle, Question, QuestionStatus


def articles_with_latest():
    """Articles annotated with their newest revision's id and author."""
    latest = HistoricalArticle.objects.filter(id=OuterRef("pk")).order_by("-history_id")
    return Article.objects.annotate(
        latest_revision_id=Subquery(latest.values("history_id")[:1]),
        latest_author_id=Subquery(latest.values("history_user_id")[:1]),
        latest_date=Subquery(latest.values("history_date")[:1]),
    )


def revision_by_number(article: Article, number) -> HistoricalArticle | None:
    """The revision of `article` with this number (any type; junk gives None)."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        return None
    return article.history.filter(revision_number=number).first()


def new_questions():
    """Readers' questions no editor has handled yet, newest first."""
    return Question.objects.filter(status=QuestionStatus.NEW).select_related("article").order_by("-created_at")


def revision_contributors(revision: HistoricalArticle) -> list:
    """The people who wrote the revisions up to and including `revision`, first contribution first."""
    authors = (
        HistoricalArticle.objects.filter(id=revision.id, history_id__lte=revision.history_id)
        .exclude(history_user=None)
        .order_by("history_id")
        .select_related("history_user")
    )
    seen, people = set(), []
    for row in authors.only("history_id", "history_user"):
        if row.history_user_id not in seen:
            seen.add(row.history_user_id)
            people.append(row.history_user)
    return people
