"""
Full-text search over what readers may see, behind one interface:

- SQLite (the embedded default): an FTS5 table mirroring SearchEntry, ranked by bm25,
  highlighted with snippet();
- PostgreSQL: a weighted tsvector in SearchEntry.search_vector with a GIN index,
  ranked by ts_rank, highlighted with ts_headline.

User input never reaches either query language as syntax: it is reduced to plain words,
each matched on its own (any word may match; more and rarer matches rank higher).
Highlights are marked with control characters, the passage is escaped, and only then
are the marks turned into <mark> elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.audiences import Audience, is_lay
from articles.models import Article, HistoricalArticle, SearchEntry
from articles.presentation import entry_anchor
from articles.readability import plain_words

CLINICAL, LAY = "clinical", "lay"
MAX_QUERY_LENGTH = 500
MAX_WORDS = 16
_START, _STOP = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STOPWORDS = frozenset(
    "a an and are as at be been but by can could do does for from had has have how i if in into is it its "
    "me my of on or our should so that the their them then there these they this to was we were what when "
    "where which who why will with would you your".split()
)


def register_for(audience: Audience | None) -> str:
    return LAY if is_lay(audience) else CLINICAL


def query_words(query: str) -> list[str]:
    """The plain words of a query, without control characters, operators or stopwords."""
    text = _CONTROL.sub(" ", (query or "")[:MAX_QUERY_LENGTH]).casefold()
    words, seen = [], set()
    for word in re.findall(r"\w+", text):
        if word in _STOPWORDS or word in seen or (len(word) < 2 and not word.isdigit()):
            continue
        seen.add(word)
        words.append(word)
    return words[:MAX_WORDS]


@dataclass(frozen=True)
class Hit:
    article_slug: str
    title: str
    entry_name: str
    anchor: str
    passage: SafeString
    is_approved: bool
    score: float

    @property
    def url(self) -> str:
        return f"/articles/{self.article_slug}/" + (f"#{self.anchor}" if self.anchor else "")


def _highlight(text: str) -> SafeString:
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 — escaped above; only our own <mark> added


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", plain_words(text)).strip()


# --- indexing ----------------------------------------------------------------------


def _entries_for(article: Article, revision: HistoricalArticle, is_approved: bool) -> list[SearchEntry]:
    rows = []
    for register in (CLINICAL, LAY):
        common = {
            "article": article,
            "revision": revision,
            "register": register,
            "title": revision.title,
            "condition": revision.condition,
            "is_approved": is_approved,
        }
        if revision.summary:
            rows.append(SearchEntry(anchor="", entry_name="", body=_clean(revision.summary), **common))
        for _tier, entry in revision.document.all_entries():
            text = entry.plain if register == LAY and entry.plain else entry.clinical
            signs = [sign.rstrip(".") + "." for sign in (*entry.emergency_signs, *entry.see_doctor_signs)]
            body = _clean(" ".join([text, *signs]))
            rows.append(SearchEntry(anchor=entry_anchor(entry.name), entry_name=entry.name, body=body, **common))
    return rows


@transaction.atomic
def index_article(article: Article, *, revision: HistoricalArticle | None, is_approved: bool) -> int:
    """
    Make the index hold exactly `revision` of `article` (the revision readers get, which
    the caller knows), or nothing of it when `revision` is None; returns the passage count.
    """
    old_ids = list(SearchEntry.objects.filter(article=article).values_list("id", flat=True))
    if connection.vendor == "sqlite" and old_ids:
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM articles_search_fts WHERE rowid = %s", [(i,) for i in old_ids])
    SearchEntry.objects.filter(article=article).delete()
    rows = _entries_for(article, revision, is_approved) if revision is not None else []
    for row in rows:
        row.save()
    _index_rows(rows)
    return len(rows)


def _index_rows(rows: list[SearchEntry]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("entry_name", weight="A", config="english")
            + SearchVector("condition", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        SearchEntry.objects.filter(id__in=[r.id for r in rows]).update(search_vector=vector)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for row in rows:
                cursor.execute("DELETE FROM articles_search_fts WHERE rowid = %s", [row.id])
                cursor.execute(
                    "INSERT INTO articles_search_fts(rowid, title, entry_name, condition, body) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [row.id, row.title, row.entry_name, row.condition, row.body],
                )


@transaction.atomic
def clear_index() -> None:
    """Empty the index (before a rebuild by review.publication.rebuild_search_index)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_search_fts")
    SearchEntry.objects.all().delete()


# --- searching -----------------------------------------------------------------------


def search(query: str, *, audience: Audience | None = None, approved_only: bool = False, limit: int = 20) -> list[Hit]:
    """Passages readers may see that match `query`, best first, in the audience's register."""
    words = query_words(query)
    if not words:
        return []
    register = register_for(audience)
    if connection.vendor == "postgresql":
        return _search_postgres(words, register, approved_only, limit)
    return _search_sqlite(words, register, approved_only, limit)


def _search_sqlite(words, register, approved_only, limit) -> list[Hit]:
    match = " OR ".join(f'"{word}"' for word in words)  # words are \w+ only: safe inside quotes
    sql = (
        "SELECT e.id, bm25(articles_search_fts, 8.0, 6.0, 4.0, 1.0) AS rank, "
        "snippet(articles_search_fts, 3, char(2), char(3), '…', 32) "
        "FROM articles_search_fts JOIN articles_searchentry e ON e.id = articles_search_fts.rowid "
        "WHERE articles_search_fts MATCH %s AND e.register = %s"
        + (" AND e.is_approved" if approved_only else "")
        + " ORDER BY rank LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, register, limit])
        found = cursor.fetchall()
    entries = SearchEntry.objects.select_related("article").in_bulk([row[0] for row in found])
    return [_hit(entries[entry_id], snippet, -rank) for entry_id, rank, snippet in found if entry_id in entries]


def _search_postgres(words, register, approved_only, limit) -> list[Hit]:
    query = None
    for word in words:
        term = SearchQuery(word, search_type="plain", config="english")
        query = term if query is None else query | term
    entries = (
        SearchEntry.objects.filter(register=register, search_vector=query)
        .select_related("article")
        .annotate(
            # ts_rank barely tells a heading match from a passing mention, so matches in
            # the diagnosis name and in the title/condition count again on their own.
            rank=SearchRank("search_vector", query)
            + SearchRank(SearchVector("entry_name", config="english"), query)
            + 0.5 * SearchRank(SearchVector("title", "condition", config="english"), query),
            passage=SearchHeadline(
                "body", query, config="english", start_sel=_START, stop_sel=_STOP, max_words=45, min_words=20
            ),
        )
        .order_by("-rank", "id")
    )
    if approved_only:
        entries = entries.filter(is_approved=True)
    return [_hit(entry, entry.passage, entry.rank) for entry in entries[:limit]]


def _hit(entry: SearchEntry, passage: str, score: float) -> Hit:
    return Hit(
        article_slug=entry.article.slug,
        title=entry.title,
        entry_name=entry.entry_name,
        anchor=entry.anchor,
        passage=_highlight(passage or entry.body[:300]),
        is_approved=entry.is_approved,
        score=float(score),
    )
