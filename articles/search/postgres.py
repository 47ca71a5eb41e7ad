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

from functools import cache

from django.contrib.postgres.search import SearchVector
from django.db import connection

from articles.content import ORIGINAL_LANGUAGE
from articles.models import SearchEntry
from articles.search import spanish
from articles.search.query import Concept, language_of
from articles.search.snippets import _START, _STOP, stem_passages

POSTGRES_WEIGHTS = [0.1, 0.2, 0.4, 1.0]


class _Postgres:
    """The full-text backend on PostgreSQL (articles.search.ranking._backend chooses it)."""

    # Its planner chooses how to find matches: callers need not guess how many there are (`expected`).
    PLANS_BY_MATCHES = False

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
    def _concept(concept: Concept, weights: str = "") -> Sql:
        """A tsquery matching any of the concept's alternatives (only in columns of `weights`, if given)."""
        if concept.language != ORIGINAL_LANGUAGE:
            return _stemmed_concept(concept, weights)
        terms = []
        for alternative in concept.alternatives:
            if weights:
                # \w+ words only, so the raw tsquery holds no operator of the reader's.
                raw = " <-> ".join(f"{word}:{weights}" for word in alternative.split())
                terms.append(_tsquery("to_tsquery", "english", raw))
            else:
                kind = "phraseto_tsquery" if " " in alternative else "plainto_tsquery"
                terms.append(_tsquery(kind, "english", alternative))
        return _combined(terms, "||")

    @classmethod
    def query(cls, concepts, *, every: bool, weights: str = "") -> Sql:
        """A tsquery matching every concept, or (every=False) any of them."""
        return _combined([cls._concept(concept, weights) for concept in concepts], "&&" if every else "||")

    @classmethod
    def scored(
        cls, concepts, register, *, every, bound, headings_only=False, best=None, **where
    ) -> list[tuple[int, float]]:
        """
        (entry id, score) of at most `bound` passages of `register` that match, in no
        order (articles.search.ranking orders them); the higher the score, the better.
        With `best`, only the `best` of them, best first (equal scores in id order).
        """
        language = language_of(concepts)
        # A Spanish diagnosis name is the stored vector's weight A (_insert_stemmed).
        query = cls.query(concepts, every=every, weights="A" if headings_only and language != ORIGINAL_LANGUAGE else "")
        where_sql, where_params = _where(query, register, language, headings_only=headings_only, **where)
        # The stored, weighted vector: ts_rank reads its A/B/C weights and recomputes nothing.
        sql = (
            f"SELECT id, ts_rank((%s)::float4[], search_vector, {query[0]}, 1) AS rank "  # noqa: S608 — %s parameters only
            f"FROM articles_searchentry WHERE {where_sql} LIMIT %s"
        )
        params = [POSTGRES_WEIGHTS, *query[1], *where_params, bound]
        # No ORDER BY inside: the first `bound` matches are scored. Only the `best` of them are
        # sent, in the caller's order (higher score, then lower id), not the thousands scored.
        if best is not None:
            sql = f"SELECT id, rank FROM ({sql}) AS scored ORDER BY rank DESC, id LIMIT %s"  # noqa: S608 — no reader text
            params.append(best)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    @classmethod
    def passages(cls, ids, concepts, register, *, expected=None) -> dict[int, str]:
        """The marked headline of each of `ids` that shows a match (articles.search.snippets); `expected`: SQLite's."""
        if language_of(concepts) != ORIGINAL_LANGUAGE:
            return stem_passages(ids, concepts)
        if not ids:
            return {}
        query_sql, query_params = cls.query(concepts, every=False)
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ts_headline(%s::regconfig, body, {query_sql}, %s) FROM articles_searchentry "  # noqa: S608 — %s parameters only
                f"WHERE id IN ({marks})",
                ["english", *query_params, _headline_options(), *ids],
            )
            return {entry_id: passage for entry_id, passage in cursor.fetchall() if _START in passage}

    @classmethod
    def matching(cls, ids, concept, register, *, headings_only=False, expected=None) -> set[int]:
        """
        Which of `ids` match `concept` (anywhere, or in the title, condition or diagnosis name).
        `expected` (how many passages hold it) is SQLite's: here `ids` are read by key and each checked.
        """
        ids = list(ids)
        if not ids:
            return set()
        if headings_only and concept.language != ORIGINAL_LANGUAGE:
            # The title, condition and diagnosis name are the stored vector's weights A and B.
            query_sql, query_params = cls._concept(concept, "AB")
            match, params = f"search_vector @@ {query_sql}", query_params
        elif headings_only:
            # The headings' own words, as on SQLite: not the readers' phrases, which share
            # weight B with the title and condition in the stored vector. `ids` are few.
            query_sql, query_params = cls._concept(concept)
            match, params = f"{_HEADINGS_VECTOR} @@ {query_sql}", ["english", "", "", "", *query_params]
        else:
            query_sql, query_params = cls._concept(concept)
            match, params = f"search_vector @@ {query_sql}", query_params
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM articles_searchentry WHERE id IN ({marks}) AND {match}",  # noqa: S608 — %s parameters only
                [*ids, *params],
            )
            return {entry_id for (entry_id,) in cursor.fetchall()}


# A tsquery or condition as SQL and its parameters. Queries are written as Django's SearchQuery,
# SearchVector and SearchHeadline write them (so PostgreSQL reads, ranks and highlights exactly
# those queries, and uses the same indexes), but without the ORM: building its expressions cost
# more of this process's time than the search itself.
Sql = tuple[str, list]
# The diagnosis name's own vector, as migration 0010 indexes it (parameters: 'english', '').
_NAME_VECTOR = "to_tsvector(%s::regconfig, COALESCE(entry_name, %s))"
# The headings' vector (parameters: 'english', '', '', '').
_HEADINGS_VECTOR = (
    "to_tsvector(%s::regconfig, COALESCE(title, %s) || ' ' || COALESCE(entry_name, %s) || ' ' || "
    "COALESCE(condition, %s))"
)


def _where(query: Sql, register: str, language: str, *, headings_only: bool, **where) -> Sql:
    """The passages of `register` in `language` that match `query` (in their diagnosis name, `headings_only`)."""
    # A literal register (Django binds parameters on the client), so that the planner
    # uses that register's partial GIN index (migration 0010).
    conditions: list[Sql] = [("language = %s", [language]), ("register = %s", [register])]
    if headings_only and language == ORIGINAL_LANGUAGE:
        # The diagnosis name's own vector, as its index holds it: only passages whose
        # name holds the words are read, where `search_vector @@ 'word':A` rechecked on
        # the heap every passage with the words anywhere.
        conditions.append((f"{_NAME_VECTOR} @@ {query[0]}", ["english", "", *query[1]]))
    else:
        conditions.append((f"search_vector @@ {query[0]}", query[1]))
    if where["approved_only"]:
        conditions.append(("is_approved", []))
    if where["article_id"] is not None:
        conditions.append(("article_id = %s", [where["article_id"]]))
    if where["exclude_article_id"] is not None:
        conditions.append(("NOT (article_id = %s)", [where["exclude_article_id"]]))
    return " AND ".join(sql for sql, _ in conditions), [param for _, params in conditions for param in params]


def _tsquery(function: str, config: str, text: str) -> Sql:
    """One tsquery function of a text (SearchQuery's plain, phrase or raw search type)."""
    return f"{function}(%s::regconfig, %s)", [config, text]


def _combined(queries: list[Sql], operator: str) -> Sql:
    """Queries joined left to right by || or && (as SearchQuery's | and & join them)."""
    sql, params = queries[0]
    for more_sql, more_params in queries[1:]:
        sql, params = f"({sql} {operator} {more_sql})", [*params, *more_params]
    return sql, params


@cache
def _headline_options() -> str:
    """ts_headline's options: the marks (articles.search.snippets) and the length, quoted as SearchHeadline does."""
    options = {"StartSel": _START, "StopSel": _STOP, "MaxWords": 45, "MinWords": 20}
    return ", ".join(connection.ops.compose_sql(f"{option}=%s", [value]) for option, value in options.items())


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


def _stemmed_concept(concept: Concept, weights: str) -> Sql:
    """A tsquery of the stems of any of a Spanish concept's alternatives (only in columns of `weights`, if given)."""
    terms = []
    for alternative in concept.alternatives:
        stems = spanish.stemmed(alternative).split()
        if not stems:
            continue
        # Stems are letters and digits only: the raw tsquery holds no operator of the reader's.
        raw = " <-> ".join(f"{word}:{weights}" if weights else word for word in stems)
        terms.append(_tsquery("to_tsquery", "simple", raw))
    return _combined(terms, "||") if terms else _tsquery("plainto_tsquery", "simple", "")
