"""
The search index, one of the copies of what readers get: it holds exactly what readers may find.

For each original, what English readers find at /articles/<slug>/; for each language it is
translated into, what readers of that language find at /<language>/articles/<slug>/ when it
is the approved translation (review.publication.reader_page_in) — else nothing in that
language: Spanish readers whose page is the English original (the translation pending)
find that article by searching in English, not in Spanish.
"""

from __future__ import annotations

from articles import search
from articles.content import ORIGINAL_LANGUAGE
from articles.models import Article
from articles.translations import translation_languages
from review.publication import reader_page_for, reader_page_in


def reindex(article: Article) -> int:
    """
    Make the search index hold exactly what readers may now find of `article`: an original's
    passages in every language (a withdrawal takes its translations' too), a translation's
    in its language. Returns the passages indexed.
    """
    if article.translation_of_id is not None:
        original = Article.objects.get(pk=article.translation_of_id)
        return _reindex_in(original, article.language)
    page = reader_page_for(article)
    if page is None:
        indexed = search.index_article(article, revision=None, is_approved=False)
    else:
        indexed = search.index_article(article, revision=page.revision, is_approved=page.is_approved)
    return indexed + sum(_reindex_in(article, code) for code, _name in translation_languages())


def _reindex_in(original: Article, language: str) -> int:
    """Make the index hold, in `language`, the approved translation of `original` readers get, or nothing."""
    page = reader_page_in(original, language)
    if page is None or not page.is_approved or page.article.language != language:
        return search.index_article(original, revision=None, is_approved=False, language=language)
    return search.index_article(original, revision=page.revision, is_approved=True, language=language)


def rebuild_search_index() -> int:
    """Rebuild the whole search index from what readers get (every language); returns the passages indexed."""
    search.clear_index()
    return sum(reindex(article) for article in Article.objects.filter(language=ORIGINAL_LANGUAGE))
