"""
Typo tolerance: for a word the index does not hold, the closest words it does.

The candidates are SearchTerm's rows, the indexed vocabulary with the number of passages
holding each word (articles.search.indexing keeps the counts in step with the index).
PostgreSQL compares with pg_trgm's trigram similarity, in the database; SQLite with
rapidfuzz over the vocabulary, which this process keeps until the vocabulary changes.
Only words at least FUZZY_MIN_LENGTH long, without digits, are corrected.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db import connection
from rapidfuzz import fuzz, process

from articles.models import SearchTerm

# Typo tolerance: only words at least this long are corrected, to indexed words this close.
FUZZY_MIN_LENGTH = 4
FUZZY_MIN_SCORE = 80  # rapidfuzz ratio, 0-100
TRIGRAM_MIN_SIMILARITY = 0.4
FUZZY_CHOICES = 2


def _correctable(word: str) -> bool:
    """Whether a word is long enough, and free of digits, to be corrected."""
    return len(word) >= FUZZY_MIN_LENGTH and not any(ch.isdigit() for ch in word)


def _known_words(words: set[str]) -> set[str]:
    """Those of `words` that some indexed passage holds."""
    return set(SearchTerm.objects.filter(term__in=words, entries__gt=0).values_list("term", flat=True))


def _corrections(word: str) -> list[str]:
    """The indexed words closest to a word the index does not hold (best first)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM articles_searchterm WHERE term %% %s AND entries > 0 AND similarity(term, %s) >= %s "
                "ORDER BY similarity(term, %s) DESC, entries DESC, term LIMIT %s",
                [word, word, TRIGRAM_MIN_SIMILARITY, word, FUZZY_CHOICES],
            )
            return [row[0] for row in cursor.fetchall()]
    vocabulary = _vocabulary()
    found = process.extract(word, vocabulary.terms, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE, limit=10)
    found.sort(key=lambda match: (-match[1], -vocabulary.entries[match[2]], match[0]))
    return [match[0] for match in found[:FUZZY_CHOICES]]


@dataclass
class _Vocabulary:
    """The indexed words and how many passages hold each, as of `version` (_vocabulary)."""

    version: tuple = ()
    terms: list[str] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)


_vocabulary_cache = _Vocabulary()
_vocabulary_lock = threading.Lock()


def _vocabulary() -> _Vocabulary:
    """The indexed words (SQLite), kept in this process until the vocabulary changes."""
    global _vocabulary_cache
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COALESCE(SUM(entries), 0), COALESCE(MAX(id), 0) FROM articles_searchterm")
        version = (connection.settings_dict["NAME"], *cursor.fetchone())
    with _vocabulary_lock:
        if _vocabulary_cache.version != version:
            rows = list(SearchTerm.objects.filter(entries__gt=0).values_list("term", "entries"))
            _vocabulary_cache = _Vocabulary(version=version, terms=[r[0] for r in rows], entries=[r[1] for r in rows])
        return _vocabulary_cache
