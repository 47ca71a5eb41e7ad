"""
PostgreSQL's full-text search: a weighted tsvector stored in SearchEntry.search_vector,
with a GIN index per register (and one on the diagnosis name's own vector; migration
0010 says why per register), scored by ts_rank over that stored vector (its A/B/C
weights count), highlighted with ts_headline.

Column weights: the diagnosis name counts most, then the title and condition, then the
text — the diagnosis name is weighted A, the title and condition B, the text C
(insert), and ts_rank weighs D, C, B, A as POSTGRES_WEIGHTS (articles.search.sqlite
gives bm25 the same order).

A concept's alternatives are plain words (articles.search.query): in a raw tsquery they
hold no operator of the reader's.

Spanish passages (SearchEntry.language "es") are stemmed in Python (articles.search.spanish),
the same stems as on SQLite, and their vector is those stems under the 'simple'
configuration: the diagnosis name weighted A, the title and condition B, how readers
describe it C and the text D (so a heading search reads weights A and B alone). A Spanish
query is matched as the stems of its words; snippets are cut from the passage's text
(articles.search.snippets.stem_snippet). Every query names its language.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F

from articles.content import ORIGINAL_LANGUAGE
from articles.models import SearchEntry
from articles.search import spanish
from articles.search.query import Concept, language_of
from articles.search.snippets import _START, _STOP, stem_passages

POSTGRES_WEIGHTS = [0.1, 0.2, 0.4, 1.0]


class _Postgres:
    """The full-text backend on PostgreSQL (articles.search.ranking._backend chooses it)."""

    @staticmethod
    def insert(rows: list[SearchEntry]) -> None:
        """Store the weighted vector of new SearchEntry rows."""
        stemmed = [r for r in rows if r.language != ORIGINAL_LANGUAGE]
        if stemmed:
            _insert_stemmed(stemmed)
            rows = [r for r in rows if r.language == ORIGINAL_LANGUAGE]
        if not rows:
            return
        vector = (
            SearchVector("entry_name", weight="A", config="english")
            + SearchVector("title", weight="B", config="english")
            + SearchVector("condition", weight="B", config="english")
            + SearchVector("phrases", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        SearchEntry.objects.filter(id__in=[r.id for r in rows]).update(search_vector=vector)

    @staticmethod
    def _concept(concept: Concept, weights: str = "") -> SearchQuery:
        """A tsquery matching any of the concept's alternatives (only in columns of `weights`, if given)."""
        if concept.language != ORIGINAL_LANGUAGE:
            return _stemmed_concept(concept, weights)
        query = None
        for alternative in concept.alternatives:
            if weights:
                # \w+ words only, so the raw tsquery holds no operator of the reader's.
                raw = " <-> ".join(f"{word}:{weights}" for word in alternative.split())
                term = SearchQuery(raw, search_type="raw", config="english")
            else:
                kind = "phrase" if " " in alternative else "plain"
                term = SearchQuery(alternative, search_type=kind, config="english")
            query = term if query is None else query | term
        return query

    @classmethod
    def query(cls, concepts, *, every: bool, weights: str = "") -> SearchQuery:
        """A tsquery matching every concept, or (every=False) any of them."""
        query = None
        for concept in concepts:
            term = cls._concept(concept, weights)
            query = term if query is None else (query & term if every else query | term)
        return query

    @classmethod
    def scored(cls, concepts, register, *, every, bound, headings_only=False, **where) -> list[tuple[int, float]]:
        """
        (entry id, score) of at most `bound` passages of `register` that match, in no
        order (articles.search.ranking orders them); the higher the score, the better.
        """
        approved_only, article_id, exclude_article_id = (
            where["approved_only"],
            where["article_id"],
            where["exclude_article_id"],
        )
        language = language_of(concepts)
        # A literal register (Django binds parameters on the client), so that the planner
        # uses that register's partial GIN index (migration 0010).
        entries = SearchEntry.objects.filter(register=register, language=language)
        if headings_only and language != ORIGINAL_LANGUAGE:
            # The diagnosis name is the stored vector's weight A (_insert_stemmed).
            query = cls.query(concepts, every=every, weights="A")
            entries = entries.filter(search_vector=query)
        elif headings_only:
            query = cls.query(concepts, every=every)
            # The diagnosis name's own vector, as its index holds it: only passages whose
            # name holds the words are read, where `search_vector @@ 'word':A` rechecked on
            # the heap every passage with the words anywhere.
            entries = entries.annotate(name_vector=SearchVector("entry_name", config="english"))
            entries = entries.filter(name_vector=query)
        else:
            query = cls.query(concepts, every=every)
            entries = entries.filter(search_vector=query)
        if approved_only:
            entries = entries.filter(is_approved=True)
        if article_id is not None:
            entries = entries.filter(article_id=article_id)
        if exclude_article_id is not None:
            entries = entries.exclude(article_id=exclude_article_id)
        # The stored, weighted vector (F): ts_rank reads its A/B/C weights and recomputes nothing.
        entries = entries.annotate(
            rank=SearchRank(F("search_vector"), query, weights=POSTGRES_WEIGHTS, normalization=1)
        )
        # No ORDER BY: the first `bound` matches are scored, then sorted by the caller.
        return list(entries.values_list("id", "rank")[:bound])

    @classmethod
    def passages(cls, ids, concepts, register) -> dict[int, str]:
        """The marked headline of each of `ids` that shows a match (articles.search.snippets)."""
        if language_of(concepts) != ORIGINAL_LANGUAGE:
            return stem_passages(ids, concepts)
        query = cls.query(concepts, every=False)
        rows = SearchEntry.objects.filter(id__in=ids).annotate(
            passage=SearchHeadline(
                "body", query, config="english", start_sel=_START, stop_sel=_STOP, max_words=45, min_words=20
            )
        )
        return {entry_id: passage for entry_id, passage in rows.values_list("id", "passage") if _START in passage}

    @classmethod
    def matching(cls, ids, concept, register, *, headings_only=False) -> set[int]:
        """Which of `ids` match `concept` (anywhere, or in the title, condition or diagnosis name)."""
        entries = SearchEntry.objects.filter(id__in=ids)
        if headings_only and concept.language != ORIGINAL_LANGUAGE:
            # The title, condition and diagnosis name are the stored vector's weights A and B.
            entries = entries.filter(search_vector=cls._concept(concept, "AB"))
        elif headings_only:
            # The headings' own words, as on SQLite: not the readers' phrases, which share
            # weight B with the title and condition in the stored vector. `ids` are few.
            headings = SearchVector("title", "entry_name", "condition", config="english")
            entries = entries.annotate(headings=headings).filter(headings=cls._concept(concept))
        else:
            entries = entries.filter(search_vector=cls._concept(concept))
        return set(entries.values_list("id", flat=True))


# A Spanish passage's vector: its columns' stems, weighted (the stems are plain words: 'simple').
_STEMMED_VECTOR = (
    "UPDATE articles_searchentry SET search_vector = "
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') || "
    "setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D') WHERE id = %s"
)


def _insert_stemmed(rows: list[SearchEntry]) -> None:
    """Store the weighted vector of the stems of new Spanish passages."""
    with connection.cursor() as cursor:
        cursor.executemany(
            _STEMMED_VECTOR,
            [
                (
                    spanish.stemmed(r.entry_name),
                    spanish.stemmed(f"{r.title} {r.condition}"),
                    spanish.stemmed(r.phrases),
                    spanish.stemmed(r.body),
                    r.id,
                )
                for r in rows
            ],
        )


def _stemmed_concept(concept: Concept, weights: str) -> SearchQuery:
    """A tsquery of the stems of any of a Spanish concept's alternatives (only in columns of `weights`, if given)."""
    query = None
    for alternative in concept.alternatives:
        stems = spanish.stemmed(alternative).split()
        if not stems:
            continue
        # Stems are letters and digits only: the raw tsquery holds no operator of the reader's.
        raw = " <-> ".join(f"{word}:{weights}" if weights else word for word in stems)
        term = SearchQuery(raw, search_type="raw", config="simple")
        query = term if query is None else query | term
    return query if query is not None else SearchQuery("", config="simple")
