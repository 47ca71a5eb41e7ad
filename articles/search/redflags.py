"""
Red flags first: a query that describes an entry's emergency signs puts that entry first.

Ranking is by words shared with the whole passage, so a benign entry that happens to
share the query's words can outrank the emergency it describes ("crushing chest pain and
sweating" under anxiety rather than a heart attack). After ranking, each hit's entry is
read from the revision it was indexed from, and a hit whose *emergency* signs cover the
query (most of its concepts, at least two, matched by word stems, British and American
spellings alike) moves ahead of every hit that does not, in rank order. The matched signs
go with the hit, so the page can open with "Call {EMERGENCY_NUMBER} now if …".

A Spanish query (its concepts' language) is read against the Spanish entries its hits were
indexed from, by Spanish stems (articles.search.spanish): their emergency signs and how
readers describe them in Spanish.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Set
from dataclasses import dataclass

from django.db import connection

from articles.content import ORIGINAL_LANGUAGE, Entry, Register, Tier, Urgency
from articles.models import HistoricalArticle
from articles.search import spanish
from articles.search.query import _STOPWORDS, Concept, language_of, names_one_thing
from articles.search.ranking import concept_weights
from articles.search.snippets import Hit
from articles.search.stems import (
    _alternative_stems,
    _sign_stems,
    _signs_stems,
    _stemmed_stopwords,
    _stemmer,
    _stems,
)

# Weighted share of a query's concepts the entry's emergency signs and its own description
# (name and how readers describe it) must hold between them.
MIN_COVERAGE = 0.8
# Weighted share of a query's concepts the entry must speak of somewhere: words it never
# uses may only be a little of the query ("my husband has …" is filler already).
SPOKEN_SHARE = 0.67
# A query of at most this many concepts must be covered whole (two words in common is not an emergency).
SHORT_QUERY = 3
# A long account (this many concepts or more) whose one sign holds SIGN_CONCEPTS of them needs only
# ACCOUNT_COVERAGE of its weight held by the signs and the entry's description (_an_account_of_one_sign).
ACCOUNT_CONCEPTS = 8
SIGN_CONCEPTS = 3
ACCOUNT_COVERAGE = 0.5
# A short query (SHORT_QUERY concepts or fewer) describes a sign only if it says at least this share
# of the sign's words: "numbness in feet" shares two words of ten with "a leg or foot that suddenly
# becomes cold, pale or blue, and very painful, numb or weak", which is not that emergency.
SHORT_QUERY_SIGN_SHARE = 1 / 3
# What the lay vocabulary reads thoughts of suicide or self-harm as (articles.search.lay): said in any
# words, they are enough for the sign that holds them ("saved up my tablets" with nothing else).
CRISIS = frozenset({"ending your life", "suicide", "harmed yourself", "self harm"})
# A sign of at most this many words (less stopwords) is said whole by a concept that holds them all.
WHOLE_SIGN_WORDS = 3
# Tiers in the order their entries come first among entries whose emergency the query
# describes equally well: an entry that *is* the emergency before one that only warns of it.
_TIER_ORDER = {Tier.DO_NOT_MISS: 0, Tier.RARE: 1, Tier.OTHER_LIKELY: 2, Tier.MOST_LIKELY: 3}


def _covers(sign_stems: Set[str], concept: Concept) -> bool:
    """Some alternative of the concept has all its words in the sign."""
    return any(stems <= sign_stems for stems in _alternative_stems(concept))


def _covers_as_typed(sign_stems: Set[str], concept: Concept) -> bool:
    """The concept's own words, or a synonym of them, are in the sign (not only a spelling correction)."""
    if concept.corrected:
        return all(_stemmer(concept.language)(word) in sign_stems for word in concept.text.split())
    return _covers(sign_stems, concept)


def _telling(concepts: list[Concept]) -> list[Concept]:
    """
    The concepts that may describe an emergency: not filler, nor told as the reader's usual
    ("same as my usual migraines": a known pattern is not the new one a sign warns of).
    """
    return [c for c in concepts if not c.filler and not c.as_usual]


def concepts_needed(count: int) -> int:
    """How many of a query's `count` concepts the signs and description must hold: all of a short query's."""
    return count if count <= SHORT_QUERY else max(SHORT_QUERY, math.ceil(MIN_COVERAGE * count))


@dataclass(frozen=True)
class Description:
    """What an entry says of itself: every word of it, its name, and its name with how readers describe it."""

    words: set[str]
    name: set[str]
    described: set[str]
    condition: frozenset[str] = frozenset()  # the article's condition: words every entry of it shares


def describe(entry: Entry, condition: str = "", language: str = ORIGINAL_LANGUAGE) -> Description:
    """The stems of an entry's words, of its name, and of its name and readers' phrases (in `language`)."""
    parts = [entry.name, *(entry.text(register) for register in Register), *entry.reader_phrases]
    parts += [sign for _urgency, signs in entry.signs_by_urgency() for sign in signs]
    name = _stems(entry.name, language)
    described = name | _stems(" ".join(entry.reader_phrases), language)
    return Description(
        words=_stems(" ".join(parts), language),
        name=name,
        described=described,
        condition=frozenset(_stems(condition, language)),
    )


def matched_signs(
    concepts: list[Concept],
    signs: tuple[str, ...],
    description: Description | None = None,
    weights: dict[str, float] | None = None,
) -> tuple[str, ...]:
    """The emergency signs the query describes, the closest first (none for a query of fewer than two words)."""
    return _match(concepts, signs, description, weights or {})[0]


def _weight(concepts: list[Concept], weights: dict[str, float]) -> float:
    """How much the concepts count together (each 1.0 without weights)."""
    return sum(weights.get(c.text, 1.0) for c in concepts)


def _enough(
    covered: list[Concept], content: list[Concept], sign_stems: Set[str] = frozenset(), language: str = ""
) -> bool:
    """
    Whether one sign holds enough of the query: two concepts, all of a one-phrase query of two
    words or more, or a concept that says the whole of a short sign ("had a convulsion" says
    "A fit (seizure)", which is an emergency in itself).
    """
    if len(covered) >= 2 or (len(content) == 1 and covered == content and _size(content) >= 2):
        return True
    if sign_stems and any(_said_in_two(c, sign_stems, language) for c in covered):
        return True
    if _crisis(covered):
        return True  # thoughts of ending one's life, however few other words go with them
    return bool(covered) and bool(sign_stems) and _said_whole(covered, sign_stems, language)


def _said_in_two(concept: Concept, sign_stems: Set[str], language: str) -> bool:
    """
    Whether a reader's phrase that the sign does not hold as typed says two of its words another
    way: "numb bum" is the sign's "numbness" and "buttocks", "can't pee" its "trouble peeing", as
    two concepts would. A phrase typed as the sign says it ("chest pain") is one concept, as ever,
    and so is one the vocabulary reads as one thing ("out of breath" is "short of breath", which
    says "shortness of breath" but not also how severe).
    """
    stem_of = _stemmer(concept.language)
    if {stem_of(word) for word in concept.text.split()} <= sign_stems:
        return False
    stop = _stemmed_stopwords(language or ORIGINAL_LANGUAGE)
    return any(
        len(stems - stop) >= 2 and not names_one_thing(alternative, concept.language)
        for alternative, stems in zip(concept.alternatives, _alternative_stems(concept), strict=True)
        if stems <= sign_stems
    )


def _crisis(concepts: list[Concept]) -> bool:
    """Whether the concepts tell of thoughts of ending one's life or of self-harm (CRISIS), in any words."""
    return any(alternative in CRISIS for c in concepts for alternative in c.alternatives)


def _sign_share(covered: list[Concept], sign_stems: Set[str], language: str) -> float:
    """The share of a sign's words (less stopwords) that the concepts' alternatives it holds say."""
    words = set(sign_stems) - _stemmed_stopwords(language or ORIGINAL_LANGUAGE)
    said = set().union(*(stems for c in covered for stems in _alternative_stems(c) if stems <= sign_stems))
    return len(words & said) / len(words) if words else 0.0


def _said_whole(covered: list[Concept], sign_stems: Set[str], language: str) -> bool:
    """Whether the concepts' alternatives that the sign holds hold every word of the sign (one of a few words)."""
    stop = _stemmed_stopwords(language or ORIGINAL_LANGUAGE)
    words = set(sign_stems) - stop
    if not words or len(words) > WHOLE_SIGN_WORDS:
        return False
    said = set().union(*(stems for c in covered for stems in _alternative_stems(c) if stems <= sign_stems))
    return words <= said


def _size(concepts: list[Concept]) -> int:
    """How many words the concepts stand for: "end my life" is one concept but says two things."""
    return sum(max(1, len([w for w in c.text.split() if not _stopword(w, c.language)])) for c in concepts)


def _stopword(word: str, language: str) -> bool:
    return word in _STOPWORDS if language == ORIGINAL_LANGUAGE else spanish.fold(word) in spanish.STOPWORDS


def _match(
    concepts: list[Concept],
    signs: tuple[str, ...],
    description: Description | None,
    weights: dict[str, float],
    is_the_emergency: bool = True,
) -> tuple[tuple[str, ...], float]:
    """
    The emergency signs the query describes, closest first, and the weight of the concepts
    the entry's emergency signs hold. Each matched sign holds at least two of the query's words, one as
    typed; between them, the entry's emergency signs hold at least three (all of a shorter
    query), and with the entry's own description (`description`: its name and how readers
    describe it) most of the query (concepts_needed of its concepts, or MIN_COVERAGE of its
    weight). Fewer words in the signs are enough when the query is told as the entry's own
    (_told_as_its_own), but only of an entry that is itself an emergency (`is_the_emergency`: Do
    Not Miss): "sciatica down one leg" describes sciatica, not its emergency. Only the concepts
    the entry speaks of count, so that words it never uses ("tall and thin") do not dilute a
    description of its emergency; it must still speak of at least SPOKEN_SHARE of their weight.
    A query that only names the entry ("adrenal insufficiency") describes no emergency.
    """
    content = _telling(concepts)
    # At least three words (or all of a shorter query) in the signs, however few the entry speaks of.
    floor = min(SHORT_QUERY, len(content))
    if description is not None:
        content = _spoken(content, description, weights)
    if _size(content) < 2:
        return (), 0.0
    matched: list[tuple[float, int, str]] = []
    held: list[Concept] = []
    language = language_of(content)
    for sign in signs:
        sign_stems = _sign_stems(sign, language)
        covered = [c for c in content if _covers(sign_stems, c)]
        held += [c for c in covered if c not in held]
        # A query of unknown words "corrected" into medical ones ("cheap flights" → "chest",
        # "light") is not an emergency: at least one word must match as typed.
        if (
            _enough(covered, content, sign_stems, language)
            and any(_covers_as_typed(sign_stems, c) for c in covered)
            and (len(content) > SHORT_QUERY or _sign_share(covered, sign_stems, language) >= SHORT_QUERY_SIGN_SHARE)
        ):
            matched.append((-sum(weights.get(c.text, 1.0) for c in covered), len(matched), sign))
    if not matched or (
        _size(held) < floor and not (is_the_emergency and _told_as_its_own(content, signs, description))
    ):
        return (), 0.0
    signs_held = list(held)
    if description is not None:
        held += [c for c in content if c not in held and _covers(description.described, c)]
    share = _weight(held, weights) / _weight(content, weights)
    needed = ACCOUNT_COVERAGE if _an_account_of_one_sign(content, matched) else MIN_COVERAGE
    if len(held) < concepts_needed(len(content)) and share < needed:
        return (), 0.0
    matched.sort()
    return tuple(sign for _weight, _order, sign in matched), sum(weights.get(c.text, 1.0) for c in signs_held)


def _spoken(content: list[Concept], description: Description, weights: dict[str, float]) -> list[Concept]:
    """
    The concepts the entry speaks of, or none when they are less than SPOKEN_SHARE of the query's
    weight or only name the entry. Thoughts of ending one's life are the emergency whatever else
    the query tells (CRISIS).
    """
    spoken = [c for c in content if _covers(description.words, c)]
    if not _crisis(content) and _weight(spoken, weights) < SPOKEN_SHARE * _weight(content, weights):
        return []
    return [] if all(_covers(description.name, c) for c in spoken) else spoken


def _an_account_of_one_sign(content: list[Concept], matched: list[tuple[float, int, str]]) -> bool:
    """
    Whether the query is a long account (ACCOUNT_CONCEPTS or more) and one sign holds
    SIGN_CONCEPTS of its words: an account tells more than the emergency (when, who, what they
    thought), and so needs less of its weight held (ACCOUNT_COVERAGE) when a sign holds that much.
    """
    if len(content) < ACCOUNT_CONCEPTS:
        return False
    language = language_of(content)
    held = (len([c for c in content if _covers(_sign_stems(sign, language), c)]) for _w, _o, sign in matched)
    return max(held, default=0) >= SIGN_CONCEPTS


def _told_as_its_own(content: list[Concept], signs: tuple[str, ...], description: Description | None) -> bool:
    """
    Whether the entry's name and readers' phrases hold (nearly) the whole query and one of
    its emergency signs two of its words besides the article's condition: "lost the sight in one
    eye and my temple is tender" is giant cell arteritis's emergency though its signs hold
    only "loss of sight"; "sharp chest pain when I press on it", though a chest wall pain
    phrase and a sign hold it, shares only "chest pain" with the sign.
    """
    if description is None:
        return False
    needed = concepts_needed(len(content))
    if sum(_covers(description.described, c) for c in content) < needed:
        return False
    beyond = [c for c in content if not _covers(set(description.condition), c)]
    language = language_of(content)
    return any(len([c for c in beyond if _covers(_sign_stems(sign, language), c)]) >= 2 for sign in signs)


def ownership(concepts: list[Concept], description: Description, weights: dict[str, float]) -> float:
    """The weight of the query's concepts the entry's name and readers' phrases hold: whose emergency it is."""
    # A word read as another by a spelling correction ("bang" as "band") does not make it this entry's.
    owned = [c for c in _telling(concepts) if _covers_as_typed(description.described, c)]
    return sum(weights.get(c.text, 1.0) for c in owned)


# A revision never changes: what its entries with emergency signs are, and how each describes
# itself, is kept in this process, keyed by the database, the revision id and its date (so that
# an id a test database reuses is not read as the revision it once was). Only what every search
# reads is kept of each revision (its entries' names, tiers and emergency signs), so that a
# large library's revisions fit (about 4 KB each, at most _KEPT of them); the whole entry is
# read again only for the few whose signs could match a query, and its Description kept.
_Key = tuple[str, int, object]


@dataclass(frozen=True)
class _Emergency:
    """An entry with emergency signs, as every search reads it."""

    tier: Tier
    signs: tuple[str, ...]
    condition: str  # its article's


_revisions: dict[_Key, dict[str, _Emergency]] = {}
_descriptions: dict[tuple[_Key, str], Description] = {}
_KEPT = 16_384
_DESCRIPTIONS_KEPT = 4096
# The fields of a stored entry that say its name and emergency signs (Entry.from_json reads them).
_SIGN_FIELDS = ("name", "emergency_signs", "warning_signs")


def _emergency_entries(hits: list[Hit]) -> dict[tuple[int, str], tuple[_Emergency, _Key]]:
    """(revision id, entry name) → (its _Emergency, the cache key), for each entry of `hits` with emergency signs."""
    wanted = {(hit.revision_id, hit.entry_name) for hit in hits if hit.entry_name}
    database = str(connection.settings_dict["NAME"])
    keys = {rid: (database, rid, date) for rid, date in _revision_dates({rid for rid, _name in wanted}).items()}
    missing = [rid for rid, key in keys.items() if key not in _revisions]
    if missing:
        if len(_revisions) + len(missing) > _KEPT:
            _revisions.clear()
        rows = HistoricalArticle.objects.filter(history_id__in=missing).values_list(
            "history_id", "content", "condition"
        )
        for revision_id, content, condition in rows:
            _revisions[keys[revision_id]] = _emergencies(content, condition)
    found = {}
    for revision_id, name in wanted:
        key = keys.get(revision_id)
        entries = _revisions.get(key, {}) if key else {}
        if key and name in entries:
            found[(revision_id, name)] = (entries[name], key)
    return found


def _emergencies(content: dict | None, condition: str) -> dict[str, _Emergency]:
    """
    A revision's entries with emergency signs, by name (as Document.from_json(content).all_entries()
    reads them, the last of a name winning), each read by Entry.from_json from only its name and
    signs: its texts, most of a document, are not needed to tell whether a query could describe it.
    """
    raw_tiers = (content or {}).get("tiers") or {}
    found = {}
    for tier in Tier:
        for raw in raw_tiers.get(tier.value) or ():
            entry = Entry.from_json({field: raw[field] for field in _SIGN_FIELDS if field in raw})
            if entry.signs(Urgency.EMERGENCY):
                found[entry.name] = _Emergency(tier, entry.signs(Urgency.EMERGENCY), condition)
    return found


def _entry(key: _Key, name: str) -> Entry:
    """The whole entry `name` of the revision `key` (one with emergency signs: _emergency_entries found it)."""
    revision = HistoricalArticle.objects.only("history_id", "content").get(history_id=key[1])
    entries = {entry.name: entry for _tier, entry in revision.document.all_entries() if entry.signs(Urgency.EMERGENCY)}
    return entries[name]


def _revision_dates(ids: set[int]) -> dict[int, object]:
    """
    revision id → its date, as the database gives it (only compared with itself, to tell a
    revision from one that once had its id): plain SQL, as it is read at every search.
    """
    if not ids:
        return {}
    wanted = sorted(ids)
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(wanted))
        cursor.execute(
            f"SELECT history_id, history_date FROM articles_historicalarticle WHERE history_id IN ({marks})",  # noqa: S608 — %s marks
            wanted,
        )
        return dict(cursor.fetchall())


def _description(key: _Key, name: str, condition: str, language: str) -> Description:
    """The Description of entry `name` of revision `key`, kept in this process (a revision is immutable)."""
    found = _descriptions.get((key, name))
    if found is None:
        if len(_descriptions) >= _DESCRIPTIONS_KEPT:
            _descriptions.clear()
        found = _descriptions[(key, name)] = describe(_entry(key, name), condition, language)
    return found


def _could_match(concepts: list[Concept], signs: tuple[str, ...], stems=None) -> bool:
    """
    Whether some sign holds two of the query's words, as any match needs (cheap: before the
    entry's words). `stems`, the content concepts with their alternatives' stems (_content_stems),
    when the caller asks this of many entries.
    """
    content = _telling(concepts)
    language = language_of(concepts)
    stems = _content_stems(concepts) if stems is None else stems
    # Every way below needs a sign to hold some alternative whole: none of the signs' words, no match.
    every = _signs_stems(signs, language)
    if not any(alternative <= every for _c, alternatives in stems for alternative in alternatives):
        return False
    for sign in signs:
        sign_stems = _sign_stems(sign, language)
        covered = [c for c, alternatives in stems if any(a <= sign_stems for a in alternatives)]
        if _enough(covered, content, sign_stems, language):
            return True
    return False


def _content_stems(concepts: list[Concept]) -> list[tuple[Concept, tuple[frozenset[str], ...]]]:
    """The concepts that are not filler, each with the stems of its alternatives (as _covers reads them)."""
    return [(c, _alternative_stems(c)) for c in _telling(concepts)]


def emergency_line(hits: list[Hit]) -> tuple[str, ...]:
    """The signs a page opens with ("Call … now if this is happening now"): the first hit's, when it is flagged."""
    return hits[0].emergency_signs if hits and hits[0].is_emergency else ()


def emergency_first(concepts: list[Concept], hits: list[Hit]) -> list[Hit]:
    """
    `hits` with those whose emergency signs the query describes first (each marked with the
    signs matched). Among those, the closest first: the weight of the query its emergency
    signs hold and that its own name and readers' phrases hold (so that it is that entry's
    emergency, not a warning it shares: "crushing chest pain and sweating" is a heart
    attack's before reflux's), then an entry that is itself the emergency (Do Not Miss)
    before one that only warns of it, then rank order.
    """
    if _size(_telling(concepts)) < 2 or not hits:
        return hits
    entries = _emergency_entries(hits)
    weights: dict[str, float] = {}
    stems = _content_stems(concepts)
    flagged, others = [], []
    for order, hit in enumerate(hits):
        emergency, key = entries.get((hit.revision_id, hit.entry_name), (None, None))
        if emergency is None or key is None or not _could_match(concepts, emergency.signs, stems):
            others.append(hit)
            continue
        weights = weights or dict(zip((c.text for c in concepts), concept_weights(concepts), strict=True))
        description = _description(key, hit.entry_name, emergency.condition, language_of(concepts))
        matched, closest = _match(
            concepts, emergency.signs, description, weights, is_the_emergency=emergency.tier == Tier.DO_NOT_MISS
        )
        if not matched:
            others.append(hit)
            continue
        score = closest + ownership(concepts, description, weights)
        flagged.append(
            (-round(score, 6), _TIER_ORDER[emergency.tier], order, dataclasses.replace(hit, emergency_signs=matched))
        )
    return [item[-1] for item in sorted(flagged, key=lambda item: item[:3])] + others
