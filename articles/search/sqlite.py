"""
SQLite's full-text search (the embedded default): an FTS5 table per register mirroring
that register's SearchEntry rows, so that a query reads only its register's passages
(migration 0010 says why the tables are per register); scored by bm25 with column
weights, highlighted with snippet().

Column weights: the diagnosis name counts most, then the title and condition, then the
text — bm25 weights 4, 10, 4, 1, 6 of the FTS5 columns title, entry_name, condition, body,
phrases: how readers describe a diagnosis counts between its name and its text
(articles.search.postgres gives PostgreSQL's ts_rank the same order).

A concept's alternatives are plain words joined by spaces (articles.search.query), so
each is safe inside an FTS5 phrase's double quotes; a register is a Register value, so
a table name is never the reader's text.

Spanish passages have FTS5 tables of their own, per register (migration 0015), holding the
stems of their words (articles.search.spanish), which a Spanish query's words are matched as;
their snippets are cut from the passage's text (articles.search.snippets.stem_snippet).
"""

from __future__ import annotations

from django.db import connection

from articles.content import ORIGINAL_LANGUAGE, Register
from articles.models import SearchEntry
from articles.search import spanish
from articles.search.query import Concept, language_of
from articles.search.snippets import _START, stem_passages

# The languages whose passages have FTS5 tables of stems (migration 0015).
STEMMED_LANGUAGES = ("es",)
# Matches SQLite reads in the time it takes to find one passage in one word's list of the FTS5 index.
_MATCHES_PER_SEEK = 80


class _Sqlite:
    """The full-text backend on SQLite (articles.search.ranking._backend chooses it)."""

    # How it finds which passages match depends on how many do (_rowid): callers say (`expected`).
    PLANS_BY_MATCHES = True

    @staticmethod
    def table(register: str, language: str = ORIGINAL_LANGUAGE) -> str:
        """
        The FTS5 table of one register's passages in `language` (migrations 0010 and 0015);
        Register() and STEMMED_LANGUAGES refuse any other name.
        """
        if language == ORIGINAL_LANGUAGE:
            return f"articles_search_fts_{Register(register).value}"
        if language not in STEMMED_LANGUAGES:
            raise ValueError(f"no search index for language {language!r}")
        return f"articles_search_fts_{language}_{Register(register).value}"

    @staticmethod
    def _texts(r: SearchEntry) -> tuple[str, str, str, str, str]:
        """A passage's columns as its table holds them: a Spanish passage's as stems."""
        texts = (r.title, r.entry_name, r.condition, r.body, r.phrases)
        return texts if r.language == ORIGINAL_LANGUAGE else tuple(spanish.stemmed(t) for t in texts)  # type: ignore[return-value]

    @classmethod
    def insert(cls, rows: list[SearchEntry]) -> None:
        """Add new SearchEntry rows to their registers' (and languages') tables."""
        with connection.cursor() as cursor:
            for register, language in {(row.register, row.language) for row in rows}:
                cursor.executemany(
                    # OR REPLACE: a row left behind by a flush of articles_searchentry (which cannot
                    # reach this virtual table) must not stop a passage with its reused id.
                    f"INSERT OR REPLACE INTO {cls.table(register, language)}"  # noqa: S608 — a Register and a language
                    "(rowid, title, entry_name, condition, body, phrases) VALUES (%s, %s, %s, %s, %s, %s)",
                    [(r.id, *cls._texts(r)) for r in rows if (r.register, r.language) == (register, language)],
                )

    @classmethod
    def delete(cls, entries: list[tuple[int, str, str]]) -> None:
        """Remove (entry id, register, language) passages from their tables."""
        with connection.cursor() as cursor:
            for register, language in {(register, language) for _entry_id, register, language in entries}:
                cursor.executemany(
                    f"DELETE FROM {cls.table(register, language)} WHERE rowid = %s",  # noqa: S608 — a Register, a language
                    [(entry_id,) for entry_id, *where in entries if tuple(where) == (register, language)],
                )

    @classmethod
    def clear(cls) -> None:
        """Empty every register's tables."""
        with connection.cursor() as cursor:
            for register in Register:
                for language in (ORIGINAL_LANGUAGE, *STEMMED_LANGUAGES):
                    cursor.execute(f"DELETE FROM {cls.table(register, language)}")  # noqa: S608 — a Register

    @staticmethod
    def _concept(concept: Concept) -> str:
        """An FTS5 query matching any of the concept's alternatives, each as a phrase (of stems, in Spanish)."""
        alternatives = concept.alternatives
        if concept.language != ORIGINAL_LANGUAGE:
            alternatives = tuple(dict.fromkeys(spanish.stemmed(a) or a for a in alternatives))
        # Alternatives are \w+ words joined by spaces: safe inside double quotes.
        return "(" + " OR ".join(f'"{alternative}"' for alternative in alternatives if alternative) + ")"

    @classmethod
    def expression(cls, concepts, *, every: bool) -> str:
        """An FTS5 query matching every concept, or (every=False) any of them."""
        return (" AND " if every else " OR ").join(cls._concept(c) for c in concepts)

    @classmethod
    def scored(
        cls, concepts, register, *, every, bound, headings_only=False, best=None, **where
    ) -> list[tuple[int, float]]:
        """
        (entry id, score) of at most `bound` passages of `register` that match, in no
        order (articles.search.ranking orders them); the higher the score, the better.
        With `best`, only the `best` of them, best first (equal scores in id order).
        """
        table = cls.table(register, language_of(concepts))
        match = cls.expression(concepts, every=every)
        if headings_only:
            match = "entry_name : (" + match + ")"
        rank = f"bm25({table}, 4.0, 10.0, 4.0, 1.0, 6.0)"  # column weights, a constant: no reader text
        sql, params = cls._scoring(table, rank, match, **where)
        # No ORDER BY inside: the first `bound` matches in rowid order are scored. Only the `best`
        # of them leave SQLite, in the caller's order (higher score, then lower id): sorting a few
        # thousand rows here costs a fraction of fetching and sorting them in Python.
        if best is not None:
            sql = f"SELECT id, score FROM ({sql} LIMIT %s) ORDER BY score, id LIMIT %s"  # noqa: S608 — no reader text
            params += [bound, best]
        else:
            sql += " LIMIT %s"
            params.append(bound)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(entry_id, -score) for entry_id, score in cursor.fetchall()]  # bm25: lower is better

    @staticmethod
    def _scoring(
        table: str, rank: str, match: str, *, approved_only, article_id, exclude_article_id
    ) -> tuple[str, list]:
        """The SQL (and parameters) of (id, score) for the passages of `table` that match and meet the conditions."""
        params: list = [match]
        if article_id is not None:
            # One article's passages (a few dozen): SQLite holds their ids while it reads the
            # full-text matches, where a join would look each match up in articles_searchentry.
            sql = (
                f"SELECT rowid AS id, {rank} AS score FROM {table} WHERE {table} MATCH %s "  # noqa: S608 — a Register and %s parameters only
                "AND +rowid IN (SELECT id FROM articles_searchentry WHERE article_id = %s"
            )
            params.append(article_id)
            if approved_only:
                sql += " AND is_approved"
            if exclude_article_id is not None:
                sql += " AND article_id <> %s"
                params.append(exclude_article_id)
            return sql + ")", params
        if approved_only or exclude_article_id is not None:
            # CROSS JOIN: SQLite then reads the full-text matches first and looks each passage
            # up. Left to choose, it would start from the approved passages and run the
            # full-text query once per passage, 30-70 ms for a question of several words.
            sql = (
                f"SELECT e.id AS id, {rank} AS score FROM {table} "  # noqa: S608 — a Register and %s parameters only
                f"CROSS JOIN articles_searchentry e ON e.id = {table}.rowid WHERE {table} MATCH %s"
            )
            if approved_only:
                sql += " AND e.is_approved"
            if exclude_article_id is not None:
                sql += " AND e.article_id <> %s"
                params.append(exclude_article_id)
            return sql, params
        # No join: the FTS5 table alone.
        return f"SELECT rowid AS id, {rank} AS score FROM {table} WHERE {table} MATCH %s", params  # noqa: S608 — a Register

    @classmethod
    def passages(cls, ids, concepts, register, *, expected=None) -> dict[int, str]:
        """
        The marked snippet of each of `ids` that shows a match (articles.search.snippets);
        `expected`, if known, is about how many passages of the register match a concept (_rowid).
        """
        language = language_of(concepts)
        if language != ORIGINAL_LANGUAGE:
            return stem_passages(ids, concepts)
        table = cls.table(register)
        match = cls.expression(concepts, every=False)
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            sql = (
                f"SELECT rowid, snippet({table}, 3, char(2), char(3), '…', 40) "  # noqa: S608 — a Register, %s marks
                f"FROM {table} WHERE {table} MATCH %s AND {cls._rowid(expected, len(ids), concepts)} IN ({marks})"
            )
            cursor.execute(sql, [match, *ids])
            return {entry_id: text for entry_id, text in cursor.fetchall() if _START in (text or "")}

    @classmethod
    def matching(cls, ids, concept, register, *, headings_only=False, expected=None) -> set[int]:
        """
        Which of `ids` match `concept` (anywhere, or in the title, condition or diagnosis name);
        `expected`, if known, is about how many passages of the register match it (the plan, not the answer).
        """
        table = cls.table(register, concept.language)
        match = cls._concept(concept)
        if headings_only:
            match = "{title entry_name condition} : " + match
        found: set[int] = set()
        ids = list(ids)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 200):
                chunk = ids[start : start + 200]
                marks = ", ".join(["%s"] * len(chunk))
                rowid = cls._rowid(expected, len(chunk), [concept])
                cursor.execute(
                    f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND {rowid} IN ({marks})",  # noqa: S608 — a Register, %s marks
                    [match, *chunk],
                )
                found.update(row[0] for row in cursor.fetchall())
        return found

    @staticmethod
    def _rowid(expected: int | None, ids: int, concepts: list[Concept]) -> str:
        """
        How a query of the passages among `ids` matching `concepts` names the rowid: `rowid` makes
        SQLite look each id up in the FTS5 index (a search of each of the concepts' words' lists
        per id, some 10-20 µs each), `+rowid` makes it read the concepts' matches once and keep
        those among the ids (some 0.1 µs a match): the cheaper when, as `expected` says, few passages
        of the register match. The same passages either way.
        """
        words = sum(len(alternative.split()) for c in concepts for alternative in c.alternatives)
        return "+rowid" if expected is not None and expected <= ids * words * _MATCHES_PER_SEEK else "rowid"
