"""
The stems red flags compare a query's words with the signs' by (articles.search.redflags): a
rough English stem that readers' and signs' words share ("swelling" and "swollen" aside), and
Spanish search's own for Spanish; each a pure function, cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

from articles.content import ORIGINAL_LANGUAGE
from articles.identity import canonical_word
from articles.search import spanish
from articles.search.query import _STOPWORDS, Concept

# Longest first: "drowsiness" and "drowsy" → "drows", "confused" and "confusion" → "confus".
_SUFFIXES = ("ions", "ion", "ful", "ing", "ed", "es", "s", "ly", "y", "e")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A rough stem that query and sign words share ("swelling", "swollen" aside); a pure function, cached."""
    word = word.casefold()
    # "-ness" before the plural rule reads "redness" as a plural ("rednes").
    if word.endswith("iness") and len(word) > 7:
        word = word[:-5] + "y"  # "drowsiness" → "drowsy"
    elif word.endswith("ness") and len(word) > 6:
        word = word[:-4]  # "redness" → "red", "numbness" → "numb"
    word = canonical_word(word)
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    if word.endswith("eeing") and len(word) == 6:
        return word[:-3]  # "peeing", "weeing", "seeing": the stem is three letters
    return word


def _stemmer(language: str):
    """The stem function of `language`: this module's for English, Spanish search's for Spanish."""
    return stem if language == ORIGINAL_LANGUAGE else spanish.stem


def _stems(text: str, language: str = ORIGINAL_LANGUAGE) -> set[str]:
    return {_stemmer(language)(word) for word in re.findall(r"\w+", text)}


@lru_cache(maxsize=16_384)
def _alternative_stems(concept: Concept) -> tuple[frozenset[str], ...]:
    """The stems of each alternative of a concept (a Concept is immutable: cached)."""
    stem_of = _stemmer(concept.language)
    return tuple(frozenset(stem_of(word) for word in alt.split()) for alt in concept.alternatives)


@lru_cache(maxsize=2)
def _stemmed_stopwords(language: str) -> frozenset[str]:
    """The stems of `language`'s stopwords (a sign's "a", "or", "the")."""
    words = _STOPWORDS if language == ORIGINAL_LANGUAGE else spanish.STOPWORDS
    return frozenset(_stemmer(language)(word) for word in words)


@lru_cache(maxsize=16_384)
def _sign_stems(sign: str, language: str = ORIGINAL_LANGUAGE) -> frozenset[str]:
    """The stems of one sign's words (a pure function, cached)."""
    return frozenset(_stems(sign, language))


@lru_cache(maxsize=16_384)
def _signs_stems(signs: tuple[str, ...], language: str) -> frozenset[str]:
    """The stems of all an entry's signs' words together (a pure function, cached)."""
    return frozenset().union(*(_sign_stems(sign, language) for sign in signs))
