"""
search(): the passages readers may see that match a query, as Hits, best first.

A query is read as concepts (articles.search.query), ranked in the reader's register
(articles.search.ranking), and each ranked passage is shown with its matched words
highlighted (articles.search.snippets).

A search is in one language, the reader's page's: English readers search the originals,
Spanish readers the approved Spanish translations (articles.search.indexing), and each
result links to the article's address in that language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from accounts.audiences import Audience
from articles.content import ORIGINAL_LANGUAGE
from articles.models import SearchEntry
from articles.search.query import parse_query, register_for
from articles.search.ranking import _backend, _ranked
from articles.search.redflags import emergency_first
from articles.search.snippets import _HIT_FIELDS, Hit, _hit, article_url
from articles.search.sqlite import STEMMED_LANGUAGES

# Passages ranked before red flags are put first, so that an emergency entry ranked below
# the first page by shared words can still come first (articles.search.redflags).
RED_FLAG_POOL = 60


def search_language(code: str | None) -> str:
    """The language whose passages readers of a page in `code` search: theirs if it is indexed, else English."""
    code = (code or "").split("-")[0].lower()
    indexed = code in STEMMED_LANGUAGES and code in dict(settings.LANGUAGES)
    return code if indexed else ORIGINAL_LANGUAGE


def search(
    query: str,
    *,
    audience: Audience | None = None,
    approved_only: bool = False,
    limit: int = 20,
    language: str = ORIGINAL_LANGUAGE,
) -> list[Hit]:
    """Passages readers (of `language`) may see that match `query`, best first, in the audience's register."""
    concepts = parse_query(query, language=language)
    if not concepts:
        return []
    register = register_for(audience)
    ranked = _ranked(concepts, register, approved_only=approved_only, limit=max(limit, RED_FLAG_POOL))
    hits = emergency_first(concepts, _hits(ranked, concepts, register))
    return hits[:limit]


@dataclass(frozen=True)
class ArticleResults:
    """One article's matching passages: a symptom query lands on the whole differential, not one entry."""

    article_slug: str
    title: str
    hits: tuple[Hit, ...]
    language: str = ORIGINAL_LANGUAGE

    @property
    def url(self) -> str:
        return article_url(self.article_slug, self.language)

    @property
    def is_emergency(self) -> bool:
        return any(hit.is_emergency for hit in self.hits)


def group_by_article(hits: list[Hit]) -> list[ArticleResults]:
    """`hits` grouped by article, articles in the order of their best hit, passages in rank order."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.article_slug, []).append(hit)
    return [
        ArticleResults(article_slug=slug, title=found[0].title, hits=tuple(found), language=found[0].language)
        for slug, found in groups.items()
    ]


def _hits(ranked, concepts, register) -> list[Hit]:
    """The hits for ranked passages, in their rank order."""
    found = _hit_map(ranked, concepts, register)
    return [found[entry_id] for entry_id, _ in ranked if entry_id in found]


def _hit_map(ranked, concepts, register) -> dict[int, Hit]:
    """The hits for ranked passages (all of `register`), with their highlighted passages."""
    if not ranked:
        return {}
    backend = _backend()
    ids = [entry_id for entry_id, _ in ranked]
    passages = backend.passages(ids, concepts, register)
    # Only what a Hit shows: not the stored vector, nor the article's document.
    entries = SearchEntry.objects.select_related("article").only(*_HIT_FIELDS).in_bulk(ids)
    return {
        entry_id: _hit(entries[entry_id], passages.get(entry_id, ""), score)
        for entry_id, score in ranked
        if entry_id in entries
    }
