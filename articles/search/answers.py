"""
answer(): passages that answer a reader's follow-up question about an article.

Only passages that cover most of the question's topic words count (words that say how
it is asked, not what it is about, do not: query._QUESTION_FILLER), preferring the
article being read; from another article only an approved passage whose article or
diagnosis the question names, so that another condition's warning signs never stand in
for an answer. No passage good enough means "no answer": the question goes to the
editors (articles.questions).

A question is answered in the language of the page it was asked from: a question about a
translation (asked where readers got the approved translation) from that language's
passages, read in that language, with the original's passages in it as "this article's";
a question about an original from the English passages.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from accounts.audiences import Audience
from articles import synonyms
from articles.content import ORIGINAL_LANGUAGE
from articles.models import Article, SearchEntry
from articles.search.lay import lay_map
from articles.search.query import Concept, parse_query, register_for
from articles.search.ranking import _backend, _coverage, _ranked, concept_weights, one_reading
from articles.search.results import _hit_map
from articles.search.snippets import Hit

# The share of a question's topic words a passage must cover.
ANSWER_MIN_COVERAGE = 0.6
ANSWER_LIMIT = 3


@dataclass(frozen=True)
class Answer:
    """A passage chosen to answer a question, and how well it covers the question."""

    hit: Hit
    coverage: float
    from_this_article: bool


@one_reading()  # the question's words' counts are read once (articles.search.ranking)
def answer(text: str, *, article: Article, audience: Audience | None, limit: int = ANSWER_LIMIT) -> list[Answer]:
    """
    Passages that answer a reader's question about `article`, best first (reviewed passages
    before unreviewed ones); empty means "no answer". A passage must cover
    ANSWER_MIN_COVERAGE of the question's topic words
    (synonyms and corrected spellings count); one from another article must also be
    approved and belong to an article or diagnosis the question names, so that another
    condition's warning signs never stand in for an answer.
    """
    language, article_id = answer_language(article), article.translation_of_id or article.pk
    concepts = parse_query(text, language=language)
    topics = _answerable(concepts)
    if not topics:
        return []
    register = register_for(audience)
    own = _ranked(concepts, register, article_id=article_id, limit=10)
    others = _ranked(concepts, register, approved_only=True, exclude_article_id=article_id, limit=10)
    if not own + others:
        return []
    best = _chosen(own, others, topics, register)[:limit]
    hits = _hit_map([(entry_id, coverage) for _key, _order, entry_id, coverage in best], concepts, register)
    own_ids = {entry_id for entry_id, _ in own}
    return [
        Answer(hit=hits[entry_id], coverage=coverage, from_this_article=entry_id in own_ids)
        for _key, _order, entry_id, coverage in best
        if entry_id in hits
    ]


def answer_language(article: Article) -> str:
    """The language a question about `article` is answered in: a translation's, else the original's."""
    return article.language if article.translation_of_id is not None else ORIGINAL_LANGUAGE


def _answerable(concepts: list[Concept]) -> list[Concept]:
    """
    The question's topic words, less those no passage holds in any spelling ("I'm 70",
    "Grandad") when at least two others remain: no passage can cover them, so they would
    only keep a passage that covers everything else from answering.
    """
    topics = [c for c in concepts if not c.filler]
    if not topics:
        return []
    _weights, frequencies = concept_weights(topics, with_frequencies=True)
    known = [c for c, n in zip(topics, frequencies, strict=True) if n > 0]
    return known if len(known) >= 2 else topics


def _chosen(own, others, topics: list[Concept], register: str) -> list[tuple[float, int, int, float]]:
    """The candidates that answer, best first, as (sort key, rank order, entry id, coverage)."""
    candidates = own + others
    covered, matched = _coverage([entry_id for entry_id, _ in candidates], topics, register, with_counts=True)
    named = _named(others, topics, register)
    own_ids = {entry_id for entry_id, _ in own}
    chosen = []
    for order, (entry_id, _score) in enumerate(candidates):
        coverage = covered[entry_id]
        if coverage < ANSWER_MIN_COVERAGE or matched[entry_id] < min(2, len(topics)):
            continue  # one word in common is not an answer
        if entry_id not in own_ids and entry_id not in named:
            continue
        chosen.append((-(coverage + (0.25 if entry_id in own_ids else 0.0)), order, entry_id, coverage))
    chosen.sort()
    return _reviewed_first(chosen)


def _reviewed_first(chosen: list[tuple[float, int, int, float]]) -> list[tuple[float, int, int, float]]:
    """Reviewed (approved) passages before unreviewed ones, each group in its own order."""
    approved = set(
        SearchEntry.objects.filter(id__in=[c[2] for c in chosen], is_approved=True).values_list("id", flat=True)
    )
    return [c for c in chosen if c[2] in approved] + [c for c in chosen if c[2] not in approved]


def _named(others, topics: list[Concept], register: str) -> set[int]:
    """
    The other articles' passages whose title, condition or diagnosis name holds a topic of the
    question, in the reader's words or the editors' synonyms of them: not in the built-in lay
    vocabulary's ("my legs hurt" is read as leg pain, but names no article called "… pain").
    """
    backend = _backend()
    named: set[int] = set()
    other_ids = [entry_id for entry_id, _ in others]
    if other_ids:
        for concept in topics:
            named |= backend.matching(other_ids, _as_named(concept), register, headings_only=True)
    return named


def _as_named(concept: Concept) -> Concept:
    """The concept with only the alternatives that name something: not those the lay vocabulary alone gives it."""
    lay = lay_map().get(concept.text)
    if not lay:
        return concept
    lay_only = set(lay) - set(synonyms.expansion_map().get(concept.text, ()))
    kept = tuple(alternative for alternative in concept.alternatives if alternative not in lay_only)
    return concept if len(kept) == len(concept.alternatives) else dataclasses.replace(concept, alternatives=kept)
