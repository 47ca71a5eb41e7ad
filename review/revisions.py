"""
Saving a revision, as the review workflow sees it: a new revision supersedes every open
review of an older one, in the same transaction as the save, so nothing is approved that
the reviewer did not see. Pages and commands that change an existing article call these;
articles.services saves the text and knows nothing of reviews.
"""

from __future__ import annotations

from django.db import transaction

from articles import services, translations
from articles.content import ArticleFields
from articles.models import Article, HistoricalArticle
from review import workflow


def _superseding(revision: HistoricalArticle | None, *, by) -> HistoricalArticle | None:
    if revision is not None:
        workflow.supersede(revision=revision, by=by)
    return revision


@transaction.atomic
def revision_update(
    *,
    article: Article,
    fields: ArticleFields,
    by,
    reason: str,
    base_revision_id: int | None = None,
    allow_similar: bool = False,
) -> HistoricalArticle | None:
    """Save new fields as a new revision (articles.services.article_update) and supersede older open reviews."""
    revision = services.article_update(
        article=article,
        fields=fields,
        by=by,
        reason=reason,
        base_revision_id=base_revision_id,
        allow_similar=allow_similar,
    )
    return _superseding(revision, by=by)


@transaction.atomic
def revision_import(
    *, text: str, by, reason: str, allow_similar: bool = False
) -> tuple[Article, HistoricalArticle | None]:
    """Import article or translation text (articles.translations.text_import); a new revision supersedes older
    open reviews."""
    article, revision = translations.text_import(text=text, by=by, reason=reason, allow_similar=allow_similar)
    return article, _superseding(revision, by=by)


@transaction.atomic
def revision_restore(*, article: Article, revision: HistoricalArticle, by) -> HistoricalArticle | None:
    """Make an old revision's text the newest revision (articles.services.article_restore), superseding reviews."""
    return _superseding(services.article_restore(article=article, revision=revision, by=by), by=by)


revision_update.alters_data = True  # type: ignore[attr-defined]
revision_import.alters_data = True  # type: ignore[attr-defined]
revision_restore.alters_data = True  # type: ignore[attr-defined]
