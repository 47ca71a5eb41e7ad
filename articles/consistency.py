"""
The library's consistency: a diagnosis or a warning sign that appears in several articles
carries the same level of urgency everywhere (articles.content.Urgency).

Two diagnoses are the same when their names read the same as articles.identity compares
conditions (plural, British or American spelling, a phrase of the synonym table), the
bracketed part aside ("Deep vein thrombosis (DVT)" is "Deep vein thrombosis", and also
"DVT"). A diagnosis's level is the most urgent level of its warning signs. Two signs are
the same when their words read the same (articles.identity.condition_key). Each conflict
names every article and diagnosis involved; the board resolves it, or approves over it
with a recorded reason (review.workflow).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from articles.content import Document, Urgency
from articles.identity import canonical_words, condition_key, lookup_keys

_BRACKETED = re.compile(r"\(([^()]*)\)")
# A bracketed other name ("DVT", "hypothyroidism"), not a list of examples ("e.g., a, b").
_OTHER_NAME = re.compile(r"^(?!e\.g\.|i\.e\.)[^,;]{2,40}$", re.IGNORECASE)

Synonyms = Iterable[tuple[str, str, bool]]


@dataclass(frozen=True)
class Place:
    """Where a diagnosis or sign stands: the article (slug), the diagnosis, and its level."""

    slug: str
    entry: str
    urgency: Urgency

    def __str__(self) -> str:
        return f"{URGENCY_WORDS[self.urgency]} in {self.slug} (“{self.entry}”)"


@dataclass(frozen=True)
class Conflict:
    """One diagnosis or sign at different levels of urgency in the library."""

    kind: str  # "diagnosis" or "warning sign"
    subject: str  # as written where it was met first
    places: tuple[Place, ...]

    @property
    def slugs(self) -> set[str]:
        return {place.slug for place in self.places}

    def __str__(self) -> str:
        return f"The {self.kind} “{self.subject}”: " + "; ".join(str(place) for place in self.places) + "."


URGENCY_WORDS = {
    Urgency.EMERGENCY: "get emergency help now",
    Urgency.TODAY: "get help today",
    Urgency.SOON: "see a doctor soon",
}


def _canonical(text: str) -> str:
    return " ".join(canonical_words(text))


def diagnosis_keys(name: str, *, synonyms: Synonyms = ()) -> set[str]:
    """Every reading of a diagnosis name that another article's name may match."""
    bare = _BRACKETED.sub(" ", name).strip()
    keys = {_canonical(bare)} | {_canonical(key) for key in lookup_keys(bare, synonyms=synonyms)}
    for inside in _BRACKETED.findall(name):
        if _OTHER_NAME.match(inside.strip()):
            keys.add(_canonical(inside))
    return {key for key in keys if key}


def _most_urgent(levels: Iterable[Urgency]) -> Urgency | None:
    order = list(Urgency)
    found = sorted(levels, key=order.index)
    return found[0] if found else None


def library_conflicts(documents: Mapping[str, Document], *, synonyms: Synonyms = ()) -> list[Conflict]:
    """Every diagnosis and sign met at different levels of urgency across `documents` (slug → document)."""
    synonyms = list(synonyms)
    return _diagnosis_conflicts(documents, synonyms) + _sign_conflicts(documents)


def _diagnosis_conflicts(documents: Mapping[str, Document], synonyms: list) -> list[Conflict]:
    groups: list[tuple[set[str], str, list[Place]]] = []  # (keys, first name, places)
    for slug, document in documents.items():
        for _tier, entry in document.all_entries():
            level = _most_urgent(urgency for urgency, _signs in entry.signs_by_urgency())
            if level is None:
                continue
            keys = diagnosis_keys(entry.name, synonyms=synonyms)
            place = Place(slug, entry.name, level)
            for group_keys, _first, places in groups:
                if group_keys & keys:
                    group_keys |= keys
                    places.append(place)
                    break
            else:
                groups.append((keys, entry.name, [place]))
    return [
        Conflict("diagnosis", first, tuple(places))
        for _keys, first, places in groups
        if len({p.urgency for p in places}) > 1 and len({p.slug for p in places}) > 1
    ]


def _sign_conflicts(documents: Mapping[str, Document]) -> list[Conflict]:
    signs: dict[str, tuple[str, list[Place]]] = {}
    for slug, document in documents.items():
        for _tier, entry in document.all_entries():
            for urgency, level_signs in entry.signs_by_urgency():
                for sign in level_signs:
                    key = condition_key(sign.rstrip("."))
                    signs.setdefault(key, (sign, []))[1].append(Place(slug, entry.name, urgency))
    return [
        Conflict("warning sign", first, tuple(places))
        for first, places in signs.values()
        if len({p.urgency for p in places}) > 1
    ]


def conflicts_involving(slug: str, conflicts: Iterable[Conflict]) -> list[Conflict]:
    """The conflicts that concern the article at `slug`."""
    return [conflict for conflict in conflicts if slug in conflict.slugs]
