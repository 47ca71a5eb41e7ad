"""The search index, one of the copies of what readers get: it holds exactly what readers may find."""

from __future__ import annotations

from articles import search
from articles.content import ORIGINAL_LANGUAGE
from articles.models import Article
from review.publication import reader_page_for


def reindex(article: Article) -> int:
    """Make the search index hold exactly what readers may now find of `article`."""
    page = reader_page_for(article)
    if page is None:
        return search.index_article(article, revision=None, is_approved=False)
    return search.index_article(article, revision=page.revision, is_approved=page.is_approved)


def rebuild_search_index() -> int:
    """Rebuild the whole search index from what readers get; returns the passages indexed."""
    search.clear_index()
    return sum(reindex(article) for article in Article.objects.filter(language=ORIGINAL_LANGUAGE))
