"""
Which passages match a query's concepts, and in which order.

Passages whose diagnosis name holds every concept come first, then passages that hold
every concept anywhere, then — while there are fewer than asked for — passages that
hold some, those covering more of the query first. A concept counts by how rare it is
among the indexed passages (concept_weights: rarer words count more).

On either database, a step ranks at most RANK_CANDIDATES matching passages: a bound on any
one query's work, set far above what a real library gives one step, so the order stays
exact (RANK_CANDIDATES says why). Equal scores are in passage id order (_best).
"""

from __future__ import annotations

import math
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

from articles.content import ORIGINAL_LANGUAGE, Register
from articles.search.postgres import _Postgres
from articles.search.query import Concept, language_of
from articles.search.spelling import term_key
from articles.search.sqlite import _Sqlite

# Passages matching only some concepts: how many of the best ranked are ordered by coverage,
# and how common a word may be to take part in finding them.
PARTIAL_CANDIDATES = 60
PARTIAL_MAX_PASSAGES = 3000
# How many matching passages one step ranks, at most: a bound on the work of any one query
# (ts_rank reads each scored passage's stored vector; bm25 each one's column sizes). Below
# it the order is exact; above it, the best of the first RANK_CANDIDATES in index order
# (the oldest passages) would be returned, so it is set far above what a real library
# gives one step — a cap of 400 made 10,000 generated articles faster still (bench_search,
# 2026-12-04: SQLite p50/p99 5.3/17 ms, PostgreSQL 9.5/22 ms, against 8.2/25 and 15.7/49
# with this one) but would hide a newer article's better passage behind 400 older ones.
RANK_CANDIDATES = 5000


def _backend():
    """The full-text backend of this database: _Postgres or _Sqlite."""
    return _Postgres if connection.vendor == "postgresql" else _Sqlite


def _best(rows, limit: int) -> list[tuple[int, float]]:
    """The `limit` best (entry id, score) rows, best first; equal scores in id order."""
    return sorted(((entry_id, float(score)) for entry_id, score in rows), key=lambda row: (-row[1], row[0]))[:limit]


def _step(backend, concepts, register, *, every, limit, where, headings_only=False) -> list[tuple[int, float]]:
    """One step: the `limit` best of at most RANK_CANDIDATES matching passages, best first."""
    scored = backend.scored(
        concepts, register, every=every, bound=RANK_CANDIDATES, headings_only=headings_only, best=limit, **where
    )
    return _best(scored, limit)


def _ranked(concepts, register, *, approved_only=False, limit=20, article_id=None, exclude_article_id=None):
    """
    (entry id, score) best first: passages with every concept, then — while fewer than
    `limit` — passages with some, those covering more of the query first (rarer words
    count more). The second step leaves out words so common that ranking every passage
    holding them would be slow (PARTIAL_MAX_PASSAGES); they still count in its order.
    Each step ranks at most RANK_CANDIDATES matching passages.
    """
    backend = _backend()
    where = {"approved_only": approved_only, "article_id": article_id, "exclude_article_id": exclude_article_id}
    # Passages whose diagnosis name holds every concept: the best answers, and a smaller
    # set than the passages that mention every concept somewhere.
    found = _step(backend, concepts, register, every=True, headings_only=True, limit=limit, where=where)
    if len(found) < limit:
        seen = {entry_id for entry_id, _ in found}
        more = _step(backend, concepts, register, every=True, limit=limit + len(found), where=where)
        found += [(entry_id, score) for entry_id, score in more if entry_id not in seen][: limit - len(found)]
    if len(found) < limit and len(concepts) > 1:
        found += _partly_matching(backend, concepts, register, found=found, limit=limit, where=where)
    return found


def _partly_matching(backend, concepts, register, *, found, limit, where) -> list[tuple[int, float]]:
    """Up to `limit` less `found` more passages that match some concepts, those covering more of the query first."""
    weights, frequencies = concept_weights(concepts, with_frequencies=True)
    telling = [c for c, n in zip(concepts, frequencies, strict=True) if n <= PARTIAL_MAX_PASSAGES]
    telling = telling or [concepts[weights.index(max(weights))]]
    seen = {entry_id for entry_id, _ in found}
    more = _step(backend, telling, register, every=False, limit=PARTIAL_CANDIDATES + len(found), where=where)
    more = [(entry_id, score) for entry_id, score in more if entry_id not in seen]
    covered = _coverage([entry_id for entry_id, _ in more], concepts, register, weights=weights)
    # Words no passage holds (nor a correction of them) say what the query is about as much as
    # any: a passage must hold more than they weigh ("weather tomorrow" is not about dehydration
    # because a passage says "hot weather"; "cheap flights to spain" is not about a clot).
    unknown = sum(w for c, w, n in zip(concepts, weights, frequencies, strict=True) if n == 0 and not c.filler)
    unknown /= sum(weights) or 1.0
    more = [item for item in more if covered[item[0]] > unknown]
    more.sort(key=lambda item: -round(covered[item[0]], 2))  # stable: the rank orders equal coverage
    return more[: limit - len(found)]


def concept_weights(concepts: list[Concept], *, with_frequencies: bool = False):
    """
    How much each concept counts: its inverse document frequency over the indexed
    passages (and, `with_frequencies`, in how many passages its commonest alternative is).
    """
    language = language_of(concepts)
    words = {word for c in concepts for alternative in c.alternatives for word in alternative.split()}
    # "the" ("de" in Spanish) is in nearly every passage: its count stands for the number of passages.
    every = term_key("the" if language == ORIGINAL_LANGUAGE else "de", language)
    counts = _passage_counts({term_key(word, language) for word in words} | {every})
    total = max([counts.get(every, 0), *counts.values(), 1])
    weights, frequencies = [], []
    for concept in concepts:
        # A phrase is as rare as its rarest word; a concept as common as its commonest alternative.
        frequency = max(
            min(counts.get(term_key(word, language), 0) for word in alternative.split())
            for alternative in concept.alternatives
        )
        weights.append(math.log(1 + total / (1 + frequency)))
        frequencies.append(frequency)
    return (weights, frequencies) if with_frequencies else weights


# Within one search or answer (one_reading), each vocabulary row's count is read once: the
# weights, the plans and the coverage of one query ask for the same words several times.
_counts_read: ContextVar[dict[str, int | None] | None] = ContextVar("search_counts_read", default=None)


@contextmanager
def one_reading():
    """Inside it, _passage_counts reads each row from the database once (the index does not change under one query)."""
    token = _counts_read.set({})
    try:
        yield
    finally:
        _counts_read.reset(token)


def _passage_counts(keys: set[str]) -> dict[str, int]:
    """How many indexed passages hold each of the vocabulary rows `keys` (SearchTerm; absent if none ever did)."""
    read = _counts_read.get()
    if read is None:
        return _read_passage_counts(keys)
    missing = keys - read.keys()
    if missing:
        found = _read_passage_counts(missing)
        read.update({key: found.get(key) for key in missing})
    return {key: count for key in keys if (count := read[key]) is not None}


def _read_passage_counts(keys: set[str]) -> dict[str, int]:
    if not keys:
        return {}
    wanted = sorted(keys)
    with connection.cursor() as cursor:
        # Plain SQL: the ORM's query building cost more than the lookup, several times per search.
        marks = ", ".join(["%s"] * len(wanted))
        cursor.execute(f"SELECT term, entries FROM articles_searchterm WHERE term IN ({marks})", wanted)  # noqa: S608 — %s marks
        return dict(cursor.fetchall())


def _expected_matches(concepts: list[Concept], backend) -> list[int | None]:
    """
    About how many passages of one register hold each concept: its alternatives' passages (a
    phrase as many as its rarest word) shared among the registers. A guess (the full-text index
    also matches other forms of a word), which only chooses how the backend finds the matches;
    None for a backend that does not choose (PLANS_BY_MATCHES).
    """
    if not backend.PLANS_BY_MATCHES:
        return [None] * len(concepts)
    language = language_of(concepts)
    words = {word for c in concepts for alternative in c.alternatives for word in alternative.split()}
    counts = _passage_counts({term_key(word, language) for word in words})

    def passages(alternative: str) -> int:
        return min((counts.get(term_key(word, language), 0) for word in alternative.split()), default=0)

    return [sum(passages(alternative) for alternative in c.alternatives) // len(Register) for c in concepts]


def _coverage(ids: list[int], concepts: list[Concept], register: str, *, weights=None, with_counts: bool = False):
    """The share of the concepts' weight each passage in `ids` matches (0 to 1), and how many concepts."""
    backend = _backend()
    if weights is None:
        weights = concept_weights(concepts) if ids and concepts else []
    expected = _expected_matches(concepts, backend) if ids else [None] * len(concepts)
    covered: Counter[int] = Counter()
    counts: Counter[int] = Counter()
    for concept, weight, matches in zip(concepts, weights, expected, strict=False):
        for entry_id in backend.matching(ids, concept, register, expected=matches):
            covered[entry_id] += weight
            counts[entry_id] += 1
    total = sum(weights) or 1.0
    shares = {entry_id: covered[entry_id] / total for entry_id in ids}
    return (shares, counts) if with_counts else shares
