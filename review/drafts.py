"""Drafts nobody has sent to the board: an editor may delete one (its history stays)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from articles.models import Article
from review.exceptions import IllegalTransition
from review.models import Review


def can_delete_draft(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.delete_article"))


def is_never_submitted(article: Article) -> bool:
    """True when no revision of the article was ever sent to the board (so readers never saw it)."""
    return not Review.objects.filter(article=article).exists()


@transaction.atomic
def draft_delete(*, article: Article, by) -> None:
    """
    Delete a never-submitted draft article. Its revisions stay in the history (with a
    deletion record naming who deleted it); anything ever submitted can only be withdrawn.
    """
    if not can_delete_draft(by):
        raise PermissionDenied("Only editors can delete drafts.")
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not is_never_submitted(article):
        raise IllegalTransition(
            "This article has been sent to the board, so it cannot be deleted; it can be withdrawn."
        )
    article._history_user = by
    article._change_reason = "Draft deleted"
    article.delete()


draft_delete.alters_data = True
