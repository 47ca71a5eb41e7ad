"""
Typo tolerance: for a word the index does not hold, the closest words it does.

The candidates are SearchTerm's rows, the indexed vocabulary with the number of passages
holding each word (articles.search.indexing keeps the counts in step with the index).
PostgreSQL compares with pg_trgm's trigram similarity, in the database; SQLite with
rapidfuzz over the vocabulary, which this process keeps until the vocabulary changes.
Only words at least FUZZY_MIN_LENGTH long, without digits, are corrected. A common word of its
language that the library does not use (by pyspellchecker's word frequencies, shipped with it:
nothing is downloaded) is read as another form of itself, or as a word far commoner than it
(COMMONER), never as a near word of like frequency: "hart" is "heart", but "bang" is not
"band", nor "bake" "baker", nor "barking" "bearing".

Each language has its own vocabulary in SearchTerm, so that an English word is never
corrected to a Spanish one, nor counted as one: English words as they are, and for the
Spanish passages (articles.search.spanish) each word with its accents folded as "es:word"
(what a word is corrected to) and each stem as "es::stem" (whether a word is known, and how
many passages hold it: Spanish matches by stem). A query's words are plain letters and
digits, so no English word is ever a Spanish term.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

from articles.content import ORIGINAL_LANGUAGE
from articles.models import SearchTerm
from articles.search import spanish

# Typo tolerance: only words at least this long are corrected, to indexed words this close.
FUZZY_MIN_LENGTH = 4
FUZZY_MIN_SCORE = 80  # rapidfuzz ratio, 0-100
TRIGRAM_MIN_SIMILARITY = 0.4
FUZZY_CHOICES = 2
TRIGRAM_CANDIDATES = 10
# A word this short is corrected only to a word one edit away ("legg" → "leg", not "spots" → "sport").
SHORT_WORD = 5
# A word at least this common in its language's word frequencies (pyspellchecker's counts) is a
# word, not a misspelling, unless a near word is COMMONER times as common ("hart" and "heart").
COMMON_WORD_COUNT = 100
COMMONER = 20
# A word this common is never read as another: a short common word has common neighbours.
ALWAYS_A_WORD = 5000
# Endings of the forms of one word: ending → what may stand in its place.
_INFLECTIONS = (
    ("ies", ("y",)),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ing", ("", "e")),
    ("ed", ("", "e")),
    ("ly", ("",)),
)


def term_key(word: str, language: str = ORIGINAL_LANGUAGE) -> str:
    """The vocabulary row that says how many passages hold `word` (in `language`): the word, or its stem."""
    return word if language == ORIGINAL_LANGUAGE else f"{language}::{spanish.stem(word)}"


def surface_key(word: str, language: str) -> str:
    """The vocabulary row a word of a `language` passage is corrected towards (not the original language's)."""
    return f"{language}:{spanish.fold(word)}"


def _in_language(term: str, language: str) -> str:
    """`term` as a word of `language`'s vocabulary to correct towards, or "" if it is not one."""
    if language == ORIGINAL_LANGUAGE:
        return "" if ":" in term else term
    prefix = f"{language}:"
    return term[len(prefix) :] if term.startswith(prefix) and not term.startswith(prefix + ":") else ""


def _correctable(word: str) -> bool:
    """Whether a word is long enough, and free of digits, to be corrected."""
    return len(word) >= FUZZY_MIN_LENGTH and not any(ch.isdigit() for ch in word)


def _known_words(words: set[str], language: str = ORIGINAL_LANGUAGE) -> set[str]:
    """Those of `words` that some indexed passage (of `language`) holds: in Spanish, a word with the same stem."""
    keys = {word: term_key(word, language) for word in words}
    wanted = sorted(set(keys.values()))
    if not wanted:
        return set()
    with connection.cursor() as cursor:
        # Plain SQL: the ORM's query building cost more than the lookup, twice per search.
        marks = ", ".join(["%s"] * len(wanted))
        cursor.execute(f"SELECT term FROM articles_searchterm WHERE entries > 0 AND term IN ({marks})", wanted)  # noqa: S608 — %s marks
        known = {term for (term,) in cursor.fetchall()}
    return {word for word, key in keys.items() if key in known}


def _inflections(word: str) -> list[str]:
    """Other forms of the same word ("spots" → "spot", "cramping" → "cramp"), most likely first."""
    forms = []
    for suffix, replacements in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms += [word[: len(word) - len(suffix)] + ending for ending in replacements]
    forms += [word + "s", word + "es", word + "ing", word + "ed"]
    if word.endswith("e"):
        forms += [word[:-1] + "ing", word + "d"]  # "smoke" → "smoking"
    return [form for form in dict.fromkeys(forms) if form != word]


def _corrections(word: str, language: str = ORIGINAL_LANGUAGE) -> list[str]:
    """
    The indexed words closest to a word the index does not hold (best first): another form of
    the same word if the index holds one, else the closest spellings — only those that begin
    with the same letter and, for a short word, are very close, since in medicine a letter
    or two is often another condition. (A Spanish word's other forms share its stem: known already.)
    """
    if language != ORIGINAL_LANGUAGE:
        folded = spanish.fold(word)
        return _likelier_than(word, [found for found in _closest(folded, language) if found[0] == folded[0]], language)
    forms = _inflections(word)
    known = _known_words(set(forms))
    if known:
        return [form for form in forms if form in known][:FUZZY_CHOICES]
    return _likelier_than(word, [found for found in _closest(word) if found[0] == word[0]], language)


def _likelier_than(word: str, candidates: list[str], language: str) -> list[str]:
    """
    The candidates a reader more likely meant than `word` itself: any, for a word that is not a
    common one of the language (a misspelling); for a common word, only those COMMONER times as
    common; for a very common one (ALWAYS_A_WORD), none.
    """
    counts = common_words(language)
    typed = counts.get(word, 0)
    if typed < COMMON_WORD_COUNT:
        return candidates
    if typed >= ALWAYS_A_WORD:
        return []  # "belt" is not a slip for "best", however common "best" is
    return [candidate for candidate in candidates if counts.get(candidate, 0) >= COMMONER * typed]


@lru_cache(maxsize=4)
def common_words(language: str) -> dict[str, int]:
    """
    The common words of `language` (COMMON_WORD_COUNT or more in pyspellchecker's counts) and
    their counts: read once per process (about 0.3 s; 47,000 English words, a few MB).
    """
    try:
        counts = SpellChecker(language=language, distance=1).word_frequency.dictionary
    except ValueError:  # a language pyspellchecker has no list for: every word may be a misspelling
        return {}
    return {word: count for word, count in counts.items() if count >= COMMON_WORD_COUNT}


def _closest(word: str, language: str = ORIGINAL_LANGUAGE) -> list[str]:
    """
    The indexed words spelt most like `word` (best first). A short word is read only as a
    word one edit away, a swap of two letters counting as one ("tierd" → "tired", "legg" →
    "leg"; not "spots" → "sport"); a longer one by trigram similarity (PostgreSQL) or
    rapidfuzz's ratio (SQLite).
    """
    if len(word) <= SHORT_WORD:
        return _one_edit_away(word, language)
    if connection.vendor == "postgresql":
        prefix = "" if language == ORIGINAL_LANGUAGE else f"{language}:"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM articles_searchterm WHERE term %% %s AND entries > 0 AND similarity(term, %s) >= %s "
                # Only this language's words: the original's hold no ":", another's begin "<language>:".
                "AND left(term, %s) = %s AND strpos(substr(term, %s), ':') = 0 "
                "ORDER BY similarity(term, %s) DESC, entries DESC, term LIMIT %s",
                (prefix + word, prefix + word, TRIGRAM_MIN_SIMILARITY, len(prefix), prefix, len(prefix) + 1)
                + (prefix + word, TRIGRAM_CANDIDATES),
            )
            # Trigrams find candidates; the same spelling ratio as on SQLite chooses among them,
            # so that "heartbrun" reads "heartburn", not "heart".
            terms = [row[0][len(prefix) :] for row in cursor.fetchall()]
            scored = [(term, fuzz.ratio(word, term)) for term in terms]
            scored = [item for item in scored if item[1] >= FUZZY_MIN_SCORE]
            scored.sort(key=lambda item: -item[1])  # stable: similarity, then commoner, orders equal ratios
            return [term for term, _score in scored[:FUZZY_CHOICES]]
    vocabulary = _vocabulary(language)
    found = process.extract(word, vocabulary.terms, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE, limit=10)
    found.sort(key=lambda match: (-match[1], -vocabulary.entries[match[2]], match[0]))
    return [match[0] for match in found[:FUZZY_CHOICES]]


def _one_edit_away(word: str, language: str = ORIGINAL_LANGUAGE) -> list[str]:
    """The indexed words one edit (or one swap of neighbouring letters) from a short word, commonest first."""
    if connection.vendor == "postgresql":
        # Words with the same first letter: a range scan of the vocabulary's unique index.
        start = ("" if language == ORIGINAL_LANGUAGE else f"{language}:") + word[0]
        rows = SearchTerm.objects.filter(term__gte=start, term__lt=start[:-1] + chr(ord(word[0]) + 1), entries__gt=0)
        found = ((_in_language(term, language), n) for term, n in rows.values_list("term", "entries"))
        candidates: list[tuple[str, int]] = [(term, n) for term, n in found if term]
    else:
        vocabulary = _vocabulary(language)
        # Words with the same first letter, as on PostgreSQL: the two commonest close words are of those.
        candidates = [(t, n) for t, n in zip(vocabulary.terms, vocabulary.entries, strict=True) if t[:1] == word[:1]]
    close = [(term, n) for term, n in candidates if abs(len(term) - len(word)) <= 1 and OSA.distance(word, term) <= 1]
    close.sort(key=lambda item: (-item[1], item[0]))
    return [term for term, _n in close[:FUZZY_CHOICES]]


@dataclass
class _Vocabulary:
    """The indexed words and how many passages hold each, as of `version` (_vocabulary)."""

    version: tuple = ()
    terms: list[str] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)


_vocabulary_cache: dict[str, _Vocabulary] = {}
_vocabulary_lock = threading.Lock()


def _vocabulary(language: str = ORIGINAL_LANGUAGE) -> _Vocabulary:
    """The indexed words of `language` (SQLite), kept in this process until the vocabulary changes."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), COALESCE(SUM(entries), 0), COALESCE(MAX(id), 0) FROM articles_searchterm")
        version = (connection.settings_dict["NAME"], *cursor.fetchone())
    with _vocabulary_lock:
        cached = _vocabulary_cache.get(language)
        if cached is None or cached.version != version:
            rows = SearchTerm.objects.filter(entries__gt=0).values_list("term", "entries")
            found = [(_in_language(term, language), n) for term, n in rows]
            cached = _Vocabulary(version=version, terms=[t for t, _n in found if t], entries=[n for t, n in found if t])
            _vocabulary_cache[language] = cached
        return cached
