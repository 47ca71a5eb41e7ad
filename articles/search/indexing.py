"""
Keeping the index in step with what readers may see.

The index holds, for each article, exactly the revision its caller hands in (the one
readers get, which only the caller, knowing the approvals, can tell) or nothing of it:
a passage per register for the summary and for each diagnosis, with the text that
register's readers get. It also keeps SearchTerm in step: the indexed words, with how
many passages hold each — the vocabulary that typo tolerance corrects towards
(articles.search.spelling) and that concept weights count (articles.search.ranking).

Indexed text is plain words without control characters, so the highlight marks
(articles.search.snippets) can only be the backends' own.

Each passage is in one language (SearchEntry.language): the caller hands in, for an
original, the revision English readers get, and for each other language the revision of
the approved translation readers of that language get at the original's address (or
None) — indexed under the original, in that language, with the page's headings as those
readers see them (gettext). Indexing one language of an article leaves its others alone.
A Spanish passage's words are counted in the Spanish vocabulary (articles.search.spelling).
"""

from __future__ import annotations

import re
from collections import Counter

from django.db import connection, transaction
from django.utils import translation

from articles.content import ORIGINAL_LANGUAGE, Register
from articles.models import Article, HistoricalArticle, SearchEntry, SearchTerm
from articles.presentation import LAY_TIER_HEADINGS, entry_anchor
from articles.readability import plain_words
from articles.search import spanish
from articles.search.postgres import _Postgres
from articles.search.query import _CONTROL, MAX_TERM_LENGTH
from articles.search.spelling import surface_key, term_key
from articles.search.sqlite import _Sqlite


def _clean(text: str) -> str:
    """The plain words of a text, without control characters."""
    return _CONTROL.sub(" ", plain_words(text)).strip()


def _entries_for(
    article: Article, revision: HistoricalArticle, is_approved: bool, language: str = ORIGINAL_LANGUAGE
) -> list[SearchEntry]:
    """A passage per register for the summary and for each diagnosis: the text that register's readers get."""
    shown = _headings_in(language)
    rows = []
    for register in Register:
        common = {
            "article": article,
            "revision": revision,
            "language": language,
            "register": register.value,
            "title": revision.title,
            "condition": revision.condition,
            "is_approved": is_approved,
        }
        if revision.summary:
            rows.append(SearchEntry(anchor="", entry_name="", body=_clean(revision.summary), **common))
        for tier, entry in revision.document.all_entries():
            text, _written_in = entry.text_for(register)
            # Each level of signs after its own heading, so a snippet never runs the text into a
            # list of signs as if they were one sentence, and it says how urgent they are.
            signs = [
                f"{shown(urgency.heading)}: " + "; ".join(sign.rstrip(".") for sign in level) + "."
                for urgency, level in entry.signs_by_urgency()
            ]
            # The tier's heading as this register's readers see it above the entry ("Do Not
            # Miss Diagnoses", "Serious causes that need a doctor") is part of what they read.
            heading = shown(LAY_TIER_HEADINGS[tier] if register.lay else tier.heading)
            body = _clean(" ".join([heading + ".", text, *signs]))
            phrases = _clean(" ".join(phrase.rstrip(".") + "." for phrase in entry.reader_phrases))
            rows.append(
                SearchEntry(
                    anchor=entry_anchor(entry.name), entry_name=entry.name, body=body, phrases=phrases, **common
                )
            )
    return rows


def _headings_in(language: str):
    """The page's headings ("Get emergency help now") as readers of `language` see them: a str → str function."""
    if language == ORIGINAL_LANGUAGE:
        return str

    def translated(heading: str) -> str:
        with translation.override(language):
            return translation.gettext(heading)

    return translated


@transaction.atomic
def index_article(
    article: Article, *, revision: HistoricalArticle | None, is_approved: bool, language: str = ORIGINAL_LANGUAGE
) -> int:
    """
    Make the index hold exactly `revision` for readers of `article` in `language` (the
    revision they get, which the caller knows: the original's, or in another language its
    approved translation's), or nothing of it when `revision` is None; returns the passage count.
    """
    return index_articles([(article, revision, is_approved)], language=language)


@transaction.atomic
def index_articles(items, *, language: str = ORIGINAL_LANGUAGE) -> int:
    """index_article for many (article, revision, is_approved) at once, in one language; returns the passage count."""
    _remove([article for article, _revision, _approved in items], language)
    rows = [
        row
        for article, revision, is_approved in items
        if revision is not None
        for row in _entries_for(article, revision, is_approved, language)
    ]
    if rows:
        SearchEntry.objects.bulk_create(rows, batch_size=500)
        _index_rows(rows)
        _count_terms([(r.title, r.entry_name, r.condition, r.body, r.phrases) for r in rows], sign=1, language=language)
    return len(rows)


def _remove(articles: list[Article], language: str = ORIGINAL_LANGUAGE) -> None:
    """Take every passage of `articles` in `language` out of the index, and their words out of SearchTerm's counts."""
    old = list(
        SearchEntry.objects.filter(article__in=articles, language=language).values_list(
            "id", "register", "title", "entry_name", "condition", "body", "phrases"
        )
    )
    if old:
        if connection.vendor == "sqlite":
            _Sqlite.delete([(entry_id, register, language) for entry_id, register, *_texts in old])
        SearchEntry.objects.filter(id__in=[row[0] for row in old]).delete()
        _count_terms([row[2:] for row in old], sign=-1, language=language)


def _words(text: str, language: str) -> set[str]:
    """The vocabulary rows a text's words count in: the words, or in Spanish their folded forms and stems."""
    if language == ORIGINAL_LANGUAGE:
        return {w for w in re.findall(r"\w+", text.casefold()) if 2 <= len(w) <= MAX_TERM_LENGTH}
    found = [w for w in spanish.words(text) if 2 <= len(w) <= MAX_TERM_LENGTH - len(language) - 2]
    return {surface_key(w, language) for w in found} | {term_key(w, language) for w in found}


def _count_terms(texts, *, sign: int, language: str = ORIGINAL_LANGUAGE) -> None:
    """Keep SearchTerm's passage counts in step with the index (the vocabulary typo tolerance reads)."""
    counts: Counter[str] = Counter()
    for fields in texts:
        counts.update({w for text in fields for w in _words(text, language)})
    if not counts:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO articles_searchterm (term, entries) VALUES (%s, %s) "
            "ON CONFLICT (term) DO UPDATE SET entries = articles_searchterm.entries + excluded.entries",
            [(term, sign * n) for term, n in sorted(counts.items())],  # sorted: locks in one order
        )


def _index_rows(rows: list[SearchEntry]) -> None:
    """Add new SearchEntry rows to this database's full-text index."""
    if connection.vendor == "postgresql":
        _Postgres.insert(rows)
    elif connection.vendor == "sqlite":
        _Sqlite.insert(rows)


@transaction.atomic
def clear_index() -> None:
    """Empty the index (before a rebuild of the whole index: rebuild_search_index)."""
    if connection.vendor == "sqlite":
        _Sqlite.clear()
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
