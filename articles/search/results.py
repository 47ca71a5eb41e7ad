"""
search(): the passages readers may see that match a query, as Hits, best first.

A query is read as concepts (articles.search.query), ranked in the reader's register
(articles.search.ranking), and each ranked passage is shown with its matched words
highlighted (articles.search.snippets). Red flags reorder a pool of RED_FLAG_POOL ranked
passages, but only the `limit` shown are highlighted: a snippet is the dearest part of a hit
(the backend reads and marks the passage's text), and the passages past the limit are never shown.

A search is in one language, the reader's page's: English readers search the originals,
Spanish readers the approved Spanish translations (articles.search.indexing), and each
result links to the article's address in that language.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.safestring import SafeString

from accounts.audiences import Audience
from articles.content import ORIGINAL_LANGUAGE
from articles.search.query import Concept, language_of, parse_query, register_for
from articles.search.ranking import _backend, _expected_matches, _ranked, one_reading
from articles.search.redflags import emergency_first
from articles.search.snippets import Hit, _hit, _hit_rows, _shown, article_url
from articles.search.sqlite import STEMMED_LANGUAGES
from articles.search.stems import _alternative_stems, _stems

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
    concepts: list[Concept] | None = None,
) -> list[Hit]:
    """
    Passages readers (of `language`) may see that match `query`, best first, in the audience's
    register. `concepts`: parse_query(query, language=language), when the caller has read them already.
    """
    if concepts is None:
        concepts = parse_query(query, language=language)
    # Only words that say how it is asked or who it is about ("who said to be or not to be", "my
    # husband"): nothing says what is wrong, so no passage answers it.
    if all(concept.filler for concept in concepts):
        return []
    register = register_for(audience)
    with one_reading():
        ranked = _ranked(concepts, register, approved_only=approved_only, limit=max(limit, RED_FLAG_POOL))
        hits, rows = _unhighlighted(ranked)
        named = _named_titles(concepts, hits)
        hits = _flagged_of_named_first(emergency_first(concepts, _named_first(hits, named)), named)
        return _highlighted(hits[:limit], rows, concepts, register)


# What every article's title says ("Differential Diagnosis for …", "Diagnóstico diferencial de …").
_TITLE_FORM = "differential diagnosis diagnóstico diferencial"
# How many of an article's title's own words a query must say to name the article.
TITLE_CONCEPTS = 2


def _named_titles(concepts: list[Concept], hits: list[Hit]) -> set[str]:
    """
    The titles of the hits' articles that the query names (TITLE_CONCEPTS of a title's own words:
    "work with back pain" is about Low Back Pain, "chest pain walking uphill" about Chest Pain).
    """
    content = [c for c in concepts if not c.filler]
    if len(content) < TITLE_CONCEPTS:
        return set()
    language = language_of(concepts)
    return {hit.title for hit in hits if _title_words_said(hit.title, content, language) >= TITLE_CONCEPTS}


def _named_first(hits: list[Hit], named: set[str]) -> list[Hit]:
    """`hits` with those of the `named` articles first, each part in rank order. Red flags still come before them."""
    if not named:
        return hits
    return [hit for hit in hits if hit.title in named] + [hit for hit in hits if hit.title not in named]


def _flagged_of_named_first(hits: list[Hit], named: set[str]) -> list[Hit]:
    """
    `hits` (red flags first) with the flagged entries of the `named` articles before the other
    flagged ones: "chest pain" opens with the Chest Pain article's emergencies, not another
    article's entry that lists chest pain among its warning signs. Unflagged hits stay after them all.
    """
    flagged = 0
    while flagged < len(hits) and hits[flagged].is_emergency:
        flagged += 1
    return _named_first(hits[:flagged], named) + hits[flagged:]


def _title_words_said(title: str, content: list[Concept], language: str) -> int:
    """How many of a title's own words the concepts say, each once ("sore" and "hurts" both say "pain")."""
    stems = _title_stems(title, language)
    said: set[str] = set()
    for concept in content:
        for alternative in _alternative_stems(concept):
            if alternative <= stems:
                said |= alternative
    return len(said)


@lru_cache(maxsize=1024)
def _title_stems(title: str, language: str) -> frozenset[str]:
    """The stems of a title's own words (not what every title says)."""
    return frozenset(_stems(title, language) - _stems(_TITLE_FORM, language))


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


def _unhighlighted(ranked) -> tuple[list[Hit], dict[str, dict]]:
    """
    The hits for ranked passages, in their rank order, not yet highlighted, and their rows
    (_hit_rows) by key: until _highlighted replaces it, a hit's passage is its key (its entry
    id), so that whatever order red flags put the hits in, only those shown are highlighted.
    """
    rows = _hit_rows([entry_id for entry_id, _ in ranked])
    keyed = {str(entry_id): (rows[entry_id], score) for entry_id, score in ranked if entry_id in rows}
    hits = [_hit(row, SafeString(key), score) for key, (row, score) in keyed.items()]
    return hits, {key: row for key, (row, _) in keyed.items()}


def _highlighted(hits: list[Hit], rows: dict[str, dict], concepts, register) -> list[Hit]:
    """`hits` (from _unhighlighted) with their highlighted passages, as _hit_map gives them."""
    chosen = [rows[hit.passage] for hit in hits]
    passages = _passages([row["id"] for row in chosen], concepts, register) if chosen else {}
    return [
        dataclasses.replace(hit, passage=_shown(row, passages.get(row["id"], "")))
        for hit, row in zip(hits, chosen, strict=True)
    ]


def _passages(ids: list[int], concepts, register) -> dict[int, str]:
    """The backend's marked snippets of `ids`, told how many passages may match (its plan: sqlite._Sqlite._rowid)."""
    backend = _backend()
    expected = _expected_matches(concepts, backend)
    total = None if None in expected else sum(n or 0 for n in expected)
    return backend.passages(ids, concepts, register, expected=total)


def _hit_map(ranked, concepts, register) -> dict[int, Hit]:
    """The hits for ranked passages (all of `register`), with their highlighted passages."""
    if not ranked:
        return {}
    ids = [entry_id for entry_id, _ in ranked]
    passages = _passages(ids, concepts, register)
    rows = _hit_rows(ids)
    return {
        entry_id: _hit(rows[entry_id], _shown(rows[entry_id], passages.get(entry_id, "")), score)
        for entry_id, score in ranked
        if entry_id in rows
    }
