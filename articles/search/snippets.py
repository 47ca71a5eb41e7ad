"""
What a reader is shown of a matching passage: a Hit, its passage highlighted.

The backends mark each matched word with control characters (_START and _STOP: SQLite's
snippet() writes them as char(2) and char(3), PostgreSQL's ts_headline as its start_sel
and stop_sel), which the indexed text never holds (articles.search.indexing removes
them). The passage is escaped, and only then are the marks turned into <mark> elements,
so nothing of the passage's own text can become markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import SearchEntry

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

    @property
    def is_emergency(self) -> bool:
        return bool(self.emergency_signs)

    @property
    def url(self) -> str:
        return f"/articles/{self.article_slug}/" + (f"#{self.anchor}" if self.anchor else "")


def _highlight(text: str) -> SafeString:
    """The passage escaped, with the backend's marks (and only those) turned into <mark> elements."""
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 — escaped above; only our own <mark> added


# The fields of SearchEntry (and its article) that a Hit shows: a query for hits loads
# only these, not the stored vector, nor the article's document.
_HIT_FIELDS = (
    "article__slug",
    "revision_id",
    "register",
    "anchor",
    "entry_name",
    "title",
    "body",
    "is_approved",
)


def _hit(entry: SearchEntry, passage: str, score: float) -> Hit:
    """The Hit for a passage: its highlighted snippet, or its first 300 characters when it has none."""
    return Hit(
        article_slug=entry.article.slug,
        title=entry.title,
        entry_name=entry.entry_name,
        anchor=entry.anchor,
        passage=_highlight(passage or entry.body[:300]),
        is_approved=entry.is_approved,
        score=float(score),
        article_id=entry.article_id,
        revision_id=entry.revision_id,
        register=entry.register,
    )
