"""
Red flags first: a query that describes an entry's emergency signs puts that entry first.

Ranking is by words shared with the whole passage, so a benign entry that happens to
share the query's words can outrank the emergency it describes ("crushing chest pain and
sweating" under anxiety rather than a heart attack). After ranking, each hit's entry is
read from the revision it was indexed from, and a hit whose *emergency* signs cover the
query (most of its concepts, at least two, matched by word stems, British and American
spellings alike) moves ahead of every hit that does not, in rank order. The matched signs
go with the hit, so the page can open with "Call {EMERGENCY_NUMBER} now if …".
"""

from __future__ import annotations

import dataclasses
import math
import re
from functools import lru_cache

from articles.content import Entry, Register, Urgency
from articles.identity import canonical_word
from articles.models import HistoricalArticle
from articles.search.query import Concept
from articles.search.snippets import Hit

# Share of a query's concepts an emergency sign must cover (and never fewer than two).
MIN_COVERAGE = 0.8
# A query of at most this many concepts must be covered whole (two words in common is not an emergency).
SHORT_QUERY = 3
_SUFFIXES = ("ing", "ed", "es", "s", "ly", "y")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A rough stem that query and sign words share ("swelling", "swollen" aside); a pure function, cached."""
    word = canonical_word(word.casefold())
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _stems(text: str) -> set[str]:
    return {stem(word) for word in re.findall(r"\w+", text)}


def _covers(sign_stems: set[str], concept: Concept) -> bool:
    """Some alternative of the concept has all its words in the sign."""
    return any(all(stem(word) in sign_stems for word in alt.split()) for alt in concept.alternatives)


def _covers_as_typed(sign_stems: set[str], concept: Concept) -> bool:
    """The concept's own words, or a synonym of them, are in the sign (not only a spelling correction)."""
    alternatives = [concept.text] if concept.corrected else concept.alternatives
    return any(all(stem(word) in sign_stems for word in alt.split()) for alt in alternatives)


def concepts_needed(count: int) -> int:
    """How many of a query's `count` concepts one emergency sign must cover: all of a short query's."""
    return count if count <= SHORT_QUERY else max(SHORT_QUERY, math.ceil(MIN_COVERAGE * count))


def matched_signs(
    concepts: list[Concept], signs: tuple[str, ...], entry_stems: set[str] | None = None
) -> tuple[str, ...]:
    """
    The signs that each cover most of the query's concepts (none for a query of fewer than
    two). With `entry_stems` (every word of the entry), only the concepts the entry speaks of
    count, so that words it never uses ("my husband has …") do not dilute a description of
    its emergency; the entry must still speak of at least half of them.
    """
    content = [c for c in concepts if not c.filler]
    # At least three concepts (or all of a shorter query) in one sign, however few the entry speaks of.
    floor = min(SHORT_QUERY, len(content))
    if entry_stems is not None:
        spoken = [c for c in content if _covers(entry_stems, c)]
        if 2 * len(spoken) < len(content):
            return ()
        content = spoken
    if len(content) < 2:
        return ()
    needed = max(floor, concepts_needed(len(content)))
    matched = []
    for sign in signs:
        sign_stems = _stems(sign)
        # A query of unknown words "corrected" into medical ones ("cheap flights" → "chest",
        # "light") is not an emergency: at least one word must match as typed.
        if sum(_covers(sign_stems, c) for c in content) >= needed and any(
            _covers_as_typed(sign_stems, c) for c in content
        ):
            matched.append(sign)
    return tuple(matched)


def _entry_words(entry) -> set[str]:
    """The stems of everything an entry says: its texts, how readers describe it, its signs."""
    parts = [entry.name, *(entry.text(register) for register in Register), *entry.reader_phrases]
    parts += [sign for _urgency, signs in entry.signs_by_urgency() for sign in signs]
    return _stems(" ".join(parts))


def _emergency_entries(hits: list[Hit]) -> dict[tuple[int, str], Entry]:
    """(revision id, entry name) → the entry, for the entries hit that have emergency signs."""
    wanted = {(hit.revision_id, hit.entry_name) for hit in hits if hit.entry_name}
    revisions = HistoricalArticle.objects.only("history_id", "content").in_bulk({rid for rid, _name in wanted})
    signs = {}
    for revision_id, revision in revisions.items():
        for _tier, entry in revision.document.all_entries():
            emergency = entry.signs(Urgency.EMERGENCY)
            if emergency and (revision_id, entry.name) in wanted:
                signs[(revision_id, entry.name)] = entry
    return signs


def _could_match(concepts: list[Concept], signs: tuple[str, ...]) -> bool:
    """Whether some sign covers as many of the query's concepts as any match needs (cheap: before the entry's words)."""
    content = [c for c in concepts if not c.filler]
    floor = min(SHORT_QUERY, len(content))
    return any(sum(_covers(_stems(sign), c) for c in content) >= floor for sign in signs)


def emergency_line(hits: list[Hit]) -> tuple[str, ...]:
    """The signs a page opens with ("Call … now if this is happening now"): the first hit's, when it is flagged."""
    return hits[0].emergency_signs if hits and hits[0].is_emergency else ()


def emergency_first(concepts: list[Concept], hits: list[Hit]) -> list[Hit]:
    """`hits` with those whose emergency signs the query describes first (each marked with the signs matched)."""
    if len([c for c in concepts if not c.filler]) < 2 or not hits:
        return hits
    entries = _emergency_entries(hits)
    flagged, others = [], []
    for hit in hits:
        entry = entries.get((hit.revision_id, hit.entry_name))
        matched: tuple[str, ...] = ()
        if entry is not None and _could_match(concepts, entry.signs(Urgency.EMERGENCY)):
            matched = matched_signs(concepts, entry.signs(Urgency.EMERGENCY), _entry_words(entry))
        if matched:
            flagged.append(dataclasses.replace(hit, emergency_signs=matched))
        else:
            others.append(hit)
    return flagged + others
