"""
What a reader is shown of a matching passage: a Hit, its passage highlighted.

The backends mark each matched word with control characters (_START and _STOP: SQLite's
snippet() writes them as char(2) and char(3), PostgreSQL's ts_headline as its start_sel
and stop_sel), which the indexed text never holds (articles.search.indexing removes
them). The passage is escaped, and only then are the marks turned into <mark> elements,
so nothing of the passage's own text can become markup.

A Spanish passage is indexed as stems (articles.search.spanish), which neither backend can
show: its snippet is cut here from the passage's own text (`stem_snippet`), marking the
words whose stems the query holds, with the same marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.content import ORIGINAL_LANGUAGE
from articles.models import SearchEntry
from articles.search import spanish
from articles.search.query import Concept

_START, _STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Hit:
    """A passage that matched, where it is, and its text with the matched words marked."""

    article_slug: str
    title: str
    entry_name: str
    anchor: str
    passage: SafeString
    is_approved: bool
    score: float
    article_id: int = 0
    revision_id: int = 0
    register: str = ""
    # The entry's emergency signs the query describes (articles.search.redflags): it comes first.
    emergency_signs: tuple[str, ...] = ()
    # The language of the passage: readers of that language find it at the original's address under /<language>/.
    language: str = ORIGINAL_LANGUAGE

    @property
    def is_emergency(self) -> bool:
        return bool(self.emergency_signs)

    @property
    def url(self) -> str:
        return article_url(self.article_slug, self.language) + (f"#{self.anchor}" if self.anchor else "")


def article_url(slug: str, language: str = ORIGINAL_LANGUAGE) -> str:
    """The reader address of the original article `slug` in `language` (English unprefixed)."""
    prefix = "" if language == ORIGINAL_LANGUAGE else f"/{language}"
    return f"{prefix}/articles/{slug}/"


# A snippet cut from a Spanish passage: this many words, a few before the first match.
SNIPPET_WORDS = 40
_WORD = re.compile(r"[^\W_]+")


def stem_snippet(body: str, stems: set[str]) -> str:
    """
    About SNIPPET_WORDS words of `body` around the most matched words, those whose Spanish
    stem is one of `stems` marked (as the backends mark theirs); "" if no word matches.
    """
    found = [(m.start(), m.end()) for m in _WORD.finditer(body) if spanish.stem(m.group().casefold()) in stems]
    if not found:
        return ""
    words = [m.span() for m in _WORD.finditer(body)]
    starts = {start: index for index, (start, _end) in enumerate(words)}
    positions = [starts[start] for start, _end in found]
    # The window of SNIPPET_WORDS words holding the most matched words, starting a few words before one.
    first = max(positions, key=lambda p: sum(p - 3 <= q < p - 3 + SNIPPET_WORDS for q in positions))
    first = max(0, first - 3)
    last = min(len(words), first + SNIPPET_WORDS) - 1
    begin, end = words[first][0], words[last][1]
    marked, at = [], begin
    for start, stop in found:
        if begin <= start and stop <= end:
            marked += [body[at:start], _START, body[start:stop], _STOP]
            at = stop
    marked.append(body[at:end])
    return ("…" if first > 0 else "") + "".join(marked) + ("…" if last < len(words) - 1 else "")


def stem_passages(ids, concepts: list[Concept]) -> dict[int, str]:
    """The marked snippet of each of `ids` (Spanish passages) that shows a match, cut from its text."""
    stems = {spanish.stem(word) for c in concepts for alternative in c.alternatives for word in alternative.split()}
    stems -= {spanish.stem(word) for word in spanish.STOPWORDS}
    bodies = SearchEntry.objects.filter(id__in=ids).values_list("id", "body")
    found = {entry_id: stem_snippet(body, stems) for entry_id, body in bodies}
    return {entry_id: text for entry_id, text in found.items() if _START in text}


def _highlight(text: str) -> SafeString:
    """The passage escaped, with the backend's marks (and only those) turned into <mark> elements."""
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 — escaped above; only our own <mark> added


# What a Hit shows of a passage (SearchEntry and its article's slug), read as plain rows:
# not the stored vector, nor the article's document, nor a model instance (plain SQL: the
# ORM's query building and instances cost more than the read, at every search).
_HIT_FIELDS = (
    "id",
    "article__slug",
    "article_id",
    "revision_id",
    "register",
    "anchor",
    "entry_name",
    "title",
    "body",
    "is_approved",
    "language",
)
_HIT_SQL = (
    "SELECT e.id, a.slug, e.article_id, e.revision_id, e.register, e.anchor, e.entry_name, e.title, e.body, "
    "e.is_approved, e.language FROM articles_searchentry e JOIN articles_article a ON a.id = e.article_id "
    "WHERE e.id IN ({marks})"
)


def _hit_rows(ids) -> dict[int, dict]:
    """entry id → the _HIT_FIELDS of each of `ids` that is still indexed."""
    ids = list(ids)
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_HIT_SQL.format(marks=", ".join(["%s"] * len(ids))), ids)
        rows = [dict(zip(_HIT_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["is_approved"] = bool(row["is_approved"])  # SQLite's 0 and 1
    return {row["id"]: row for row in rows}


def _shown(entry: dict, passage: str) -> SafeString:
    """What a hit shows of a passage (a _hit_rows row): its highlighted snippet, or its first 300 characters."""
    return _highlight(passage or entry["body"][:300])


def _hit(entry: dict, passage: SafeString, score: float) -> Hit:
    """The Hit for a passage (a _hit_rows row), showing `passage` (_shown)."""
    return Hit(
        article_slug=entry["article__slug"],
        title=entry["title"],
        entry_name=entry["entry_name"],
        anchor=entry["anchor"],
        passage=passage,
        is_approved=entry["is_approved"],
        score=float(score),
        article_id=entry["article_id"],
        revision_id=entry["revision_id"],
        register=entry["register"],
        language=entry["language"],
    )
