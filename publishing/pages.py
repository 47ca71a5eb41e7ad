"""
Published pages: what an anonymous reader gets of an article, as stored bytes.

A reader page is a pure function of (the revision readers get and its review standing,
the audience, the render version). So it is rendered once — for each of the six
audiences (five and "no choice") — stored in the database with a gzipped copy and an
ETag, and served from there: one query, or none when the shared cache holds it. The
workflow calls `invalidate(article_id)` in the same transaction as every change of what
readers get (submit, start, decide, re-confirm, supersede): it counts the article's
publication version up, so that a page rendered from the old state is never read again,
deletes the stored pages, and tells the shared cache and — when configured — the edge
caches, for every process at once. A deployment that changes the render version simply
stops reading old rows.

Signed-in people never get these bytes: their pages are rendered live (they show who
is signed in) and are never cached at the edge.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import NamedTuple

import brotli
from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone

from accounts.audiences import Audience
from articles.content import ORIGINAL_LANGUAGE
from articles.models import Article
from publishing import caching, edge, versions
from publishing.models import Publication, PublishedPage
from review.publication import ReaderPage, reader_page_in

logger = logging.getLogger(__name__)

AUDIENCE_KEYS = ("default", *(audience.value for audience in Audience))


def page_version() -> str:
    """The render version of stored pages (publishing.caching.render_version: templates, the code that shapes
    the bytes, here included)."""
    return caching.render_version()


def audience_key(audience: Audience | None, language: str = ORIGINAL_LANGUAGE) -> str:
    """What a stored page is for: the audience ("default": no choice made), after the language but English's."""
    key = audience.value if audience else "default"
    return key if language == ORIGINAL_LANGUAGE else f"{language}-{key}"


@dataclass(frozen=True)
class Published:
    """A stored page, ready to send."""

    html: bytes
    gzipped: bytes
    etag: str
    last_modified: datetime
    is_approved: bool
    fresh_until: datetime | None = None  # from then on the page must say "Review overdue"
    content_type: str = "text/html; charset=utf-8"
    language: str = ORIGINAL_LANGUAGE  # sent as Content-Language
    brotli: bytes = b""  # compressed once, when stored; empty: not kept (served gzip instead)
    # Compressed on the first request that takes each encoding, not when stored (gzipped and brotli
    # empty): for pages most of which are read once, such as the results of a new search.
    when_asked: bool = False

    def body(self, encoding: str) -> bytes:
        """The bytes sent in `encoding` ("br", "gzip" or "" for identity)."""
        if encoding == "br":
            return self.brotli or self._compressed("br")
        if encoding == "gzip":
            return self.gzipped or self._compressed("gzip")
        return self.html

    def _compressed(self, encoding: str) -> bytes:
        """A page stored `when_asked`: its bytes in `encoding`, compressed once and kept with it."""
        kept = self.__dict__.get(f"_{encoding}")  # set below: a frozen dataclass's __dict__ takes a cache
        if kept is None:
            kept = compress(self.html, encoding)
            self.__dict__[f"_{encoding}"] = kept  # the same bytes whichever thread compresses first
        return kept

    def seconds_fresh(self) -> int | None:
        """How long the page stays true (None: until what readers get changes)."""
        if self.fresh_until is None:
            return None
        return max(0, int((self.fresh_until - timezone.now()).total_seconds()))


def compress(html: bytes, encoding: str, *, quality: int = 5) -> bytes:
    """
    A page's bytes in `encoding`: gzip level 6 (no timestamp: the same page, the same bytes) or
    brotli at `quality` (5 for pages compressed while a reader waits; articles take BROTLI_QUALITY once).
    """
    if encoding == "gzip":
        return gzip.compress(html, compresslevel=6, mtime=0)
    return brotli.compress(html, quality=quality)


def language_of(key: str) -> str:
    """The language of an audience key (audience_key): "es-patient" is Spanish, "patient" English."""
    language, dash, _audience = key.partition("-")
    return language if dash else ORIGINAL_LANGUAGE


def _published_from_row(row: StoredRow, key: str) -> Published:
    return Published(
        language=language_of(key),
        html=bytes(row.html),
        gzipped=bytes(row.gzipped),
        brotli=bytes(row.brotli),
        etag=row.etag,
        last_modified=row.last_modified,
        is_approved=row.is_approved,
        fresh_until=row.fresh_until,
    )


def _page_key(slug: str, key: str, version: int) -> str:
    return caching.key("page", slug, key, version, page_version())


def _version_key(slug: str) -> str:
    return caching.key("pubver", slug)


# A cached version number outlives its article's change only if the cache missed the
# update (it was down at that moment); this bounds how long that can last.
VERSION_CACHE_SECONDS = 300


def shared_cache() -> bool:
    """Published bytes are cached in a cache every process shares (Redis) when there is one."""
    return bool(settings.PUBLISHED_PAGES_IN_CACHE)


# The pages this process read from the database last, by (slug, audience key, render
# version): (publication version, page). A copy is sent only when the row READ_SQL would
# find now has the same ETag — which holds a digest of the bytes — and version (CHECK_SQL,
# which leaves the ~50 KB row unread), so a change made by any process is seen at once.
# It saves reading and copying the page on every request. Bounded, oldest out first.
RECENT_PAGES = 96
_recent: dict[tuple[str, str, str], tuple[int, Published]] = {}
_recent_lock = threading.Lock()


def _remember(slug: str, key: str, version: int, published: Published) -> None:
    where = (slug, key, page_version())
    with _recent_lock:
        _recent.pop(where, None)
        while len(_recent) >= RECENT_PAGES:
            del _recent[next(iter(_recent))]
        _recent[where] = (version, published)


def forget_recent() -> None:
    """Drop this process's copies (for tests that change stored bytes behind their ETag, which the site never does,
    or empty the shared cache between tests)."""
    with _recent_lock:
        _recent.clear()
    versions.forget()


def _recent_page(slug: str, key: str) -> tuple[int, Published] | None:
    entry = _recent.get((slug, key, page_version()))
    if entry is None or entry[1].seconds_fresh() == 0:
        return None
    return entry


# The HTML of a reader's page: web.reader.pages.render_html, handed in by the caller.
RenderHtml = Callable[[ReaderPage, Audience | None], str]


# Brotli's best (and slowest, ~25 ms for an article): a page is compressed once and sent thousands of times.
BROTLI_QUALITY = 11


def package(
    page: ReaderPage, audience: Audience | None, html_text: str, language: str = ORIGINAL_LANGUAGE
) -> Published:
    """The stored form of `html_text`, the page of `page` for `audience` in `language`: bytes, gzip, ETag, freshness."""
    html = html_text.encode()
    digest = hashlib.sha256(html).hexdigest()[:16]
    etag = f'"{page.revision.history_id}-{audience_key(audience, language)}-{page_version()}-{digest}"'
    approval = page.approval
    last_modified = max(page.revision.history_date, approval.approved_at) if approval else page.revision.history_date
    return Published(
        html=html,
        gzipped=compress(html, "gzip"),
        brotli=compress(html, "br", quality=BROTLI_QUALITY),
        etag=etag,
        last_modified=last_modified,
        is_approved=page.is_approved,
        fresh_until=_review_due_moment(page) if not page.is_overdue else None,
        language=language,
    )


def _review_due_moment(page: ReaderPage) -> datetime | None:
    """The start of the day the approval falls due: from then on the page must say "Review overdue"."""
    if page.review_due is None:
        return None
    return timezone.make_aware(datetime.combine(page.review_due, time.min))


def published_page(
    *, slug: str, audience: Audience | None, render: RenderHtml, language: str = ORIGINAL_LANGUAGE
) -> Published | None:
    """The stored page of `slug` for `audience` in `language` (rendered with `render` and stored first if need be),
    or None if readers may not."""
    return _lookup(slug, audience, language, render=render)


def stored_page(*, slug: str, audience: Audience | None, language: str = ORIGINAL_LANGUAGE) -> Published | None:
    """
    The page of `slug` for `audience` if one is stored for what readers get now, else None:
    it renders nothing. For publishing.fastpath, which leaves every other case to the view.
    """
    return _lookup(slug, audience, language, render=None)


def _lookup(slug: str, audience: Audience | None, language: str, *, render: RenderHtml | None) -> Published | None:
    key = audience_key(audience, language)
    if not shared_cache():
        return _from_database(slug, key, audience, language, render=render)[0]
    version = versions.get(_version_key(slug))
    if version is not None:
        # This process's copy, when it is of the version every process is told of (publishing.versions: no
        # round trip while the version is known unchanged; else one small GET), no page fetched.
        recent = _recent_page(slug, key)
        if recent is not None and recent[0] == version:
            return recent[1]
        cached = caching.get(_page_key(slug, key, version))
        if cached is not None and cached.seconds_fresh() != 0:
            _remember(slug, key, version, cached)
            return cached
    published, current = _from_database(slug, key, audience, language, render=render)
    if published is not None:
        versions.add(_version_key(slug), current, timeout=VERSION_CACHE_SECONDS)
        if version is None or version == current:
            caching.set(_page_key(slug, key, current), published, timeout=published.seconds_fresh())
    return published


# The one query of a warm read, written out: the same rows as
#   PublishedPage.objects.filter(slug=, audience=, render_version=,
#       version=F("article__publication__version"))
#   .filter(Q(fresh_until__isnull=True) | Q(fresh_until__gt=now)).first()
# (tests/publishing/test_pages_read.py holds them equal), because the ORM spends about
# 0.8 ms of CPU building and compiling that filter on every request: more than the rest
# of the request together (`python -m bench.profile`). Publication's key is its article.
_READ_FROM = (
    'FROM "review_publishedpage" p '
    'INNER JOIN "review_publication" v ON v."article_id" = p."article_id" '
    'WHERE p."slug" = %s AND p."audience" = %s AND p."render_version" = %s AND p."version" = v."version" '
    'AND (p."fresh_until" IS NULL OR p."fresh_until" > %s) '
    'ORDER BY p."id" LIMIT 1'
)
READ_SQL = (
    'SELECT p."id", p."html", p."gzipped", p."etag", p."last_modified", p."is_approved", p."version", '
    f'p."fresh_until", p."brotli" {_READ_FROM}'
)
# The same row's ETag and version only: whether this process's copy is still the page.
CHECK_SQL = f'SELECT p."etag", p."version" {_READ_FROM}'


class StoredRow(NamedTuple):
    """One row of READ_SQL, with the values the ORM would give (aware datetimes, bool)."""

    id: int
    html: bytes
    gzipped: bytes
    etag: str
    last_modified: datetime
    is_approved: bool
    version: int
    fresh_until: datetime | None
    brotli: bytes


def _fetch_one(connection, sql: str, slug: str, key: str) -> tuple | None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # as the ORM would send it
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug, key, page_version(), now])
        return cursor.fetchone()


def read_stored(slug: str, key: str) -> StoredRow | None:
    """The stored page of `slug` for audience `key` that may be served now (current version and render), or None."""
    connection = connections[PublishedPage.objects.db]
    row = _fetch_one(connection, READ_SQL, slug, key)
    if row is None:
        return None
    # A cursor, not the ORM's raw(): building a model instance through its converters
    # cost ~80 µs a request. SQLite hands back datetimes as text and booleans as 0/1;
    # the backend's own converter (absent where the driver converts) does what the ORM does.
    to_datetime = getattr(connection.ops, "convert_datetimefield_value", None)
    last_modified, fresh_until = row[4], row[7]
    if to_datetime is not None:
        last_modified = to_datetime(last_modified, None, connection)
        fresh_until = to_datetime(fresh_until, None, connection)
    return StoredRow(
        id=row[0],
        html=bytes(row[1]),
        gzipped=bytes(row[2]),
        etag=row[3],
        last_modified=last_modified,
        is_approved=bool(row[5]),
        version=row[6],
        fresh_until=fresh_until,
        brotli=bytes(row[8] or b""),
    )


class SqliteStamp(NamedTuple):
    """Where an SQLite connection stands: unchanged only if nothing was committed since, by anyone."""

    raw: object  # the driver's connection: the other two mean something only on the same one
    data_version: int  # PRAGMA data_version: changes when another connection commits
    total_changes: int  # rows this connection itself changed


def sqlite_stamp(connection) -> SqliteStamp | None:
    """The stamp of `connection` now, or None where there is none to trust (not SQLite, inside a transaction)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    raw = connection.connection
    if raw is None:
        connection.ensure_connection()
        raw = connection.connection
    return SqliteStamp(raw, raw.execute("PRAGMA data_version").fetchone()[0], raw.total_changes)


# Per thread (each has its own connection): the stamp at which each of this process's
# copies was last found to be the page readers get. While the stamp has not moved, no
# one has committed anything, so the copy still is: SQLite answers PRAGMA data_version
# without reading a table, and CHECK_SQL is skipped.
class _Checked(threading.local):
    def __init__(self):
        self.stamps: dict[tuple[str, str], tuple[SqliteStamp, str, int]] = {}


_checked = _Checked()


def _from_database(
    slug: str, key: str, audience: Audience | None, language: str, *, render: RenderHtml | None
) -> tuple[Published | None, int]:
    """The stored page for the article's current version (one query; two when it changed since this process
    last sent it; none on SQLite when nothing was committed since), publishing it first if there is none
    (when given `render`)."""
    connection = connections[PublishedPage.objects.db]
    stamp = sqlite_stamp(connection)  # taken before the query: a commit after it moves the next one
    checked = _checked.stamps
    recent = _recent_page(slug, key)
    if recent is not None:
        if stamp is not None and checked.get((slug, key)) == (stamp, recent[1].etag, recent[0]):
            return recent[1], recent[0]
        found = _fetch_one(connection, CHECK_SQL, slug, key)
        if found is not None and tuple(found) == (recent[1].etag, recent[0]):
            _note_checked(checked, slug, key, stamp, recent[1].etag, recent[0])
            return recent[1], recent[0]
    row = read_stored(slug, key)
    if row is not None:
        published = _published_from_row(row, key)
        _remember(slug, key, row.version, published)
        _note_checked(checked, slug, key, stamp, published.etag, row.version)
        return published, row.version
    checked.pop((slug, key), None)
    if render is None:
        return None, 0
    return _publish(slug=slug, audience=audience, language=language, render=render)


def _note_checked(checked: dict, slug: str, key: str, stamp: SqliteStamp | None, etag: str, version: int) -> None:
    """Remember that the copy with `etag` and `version` was the page readers get at `stamp`."""
    if stamp is None:
        checked.pop((slug, key), None)
        return
    while len(checked) >= RECENT_PAGES and (slug, key) not in checked:
        del checked[next(iter(checked))]
    checked[(slug, key)] = (stamp, etag, version)


def _publish(
    *, slug: str, audience: Audience | None, language: str, render: RenderHtml
) -> tuple[Published | None, int]:
    """Render and store one page for the current version (another process may have stored it first: as good).
    Every language's page of an article is stored under the original (its version counts changes of either)."""
    article = Article.objects.filter(slug=slug, language=ORIGINAL_LANGUAGE).first()
    if article is None:
        return None, 0
    version = Publication.objects.get_or_create(article=article)[0].version
    page = reader_page_in(article, language)
    if page is None:
        return None, version
    key = audience_key(audience, language)
    published = package(page, audience, render(page, audience), language)
    try:
        with transaction.atomic():
            # A page whose review has fallen due since it was stored holds this key but must
            # not be read again; without this, every request would render it anew.
            PublishedPage.objects.filter(
                slug=slug,
                audience=key,
                render_version=page_version(),
                version=version,
                fresh_until__lte=timezone.now(),
            ).delete()
            PublishedPage.objects.create(
                article=article,
                slug=slug,
                audience=key,
                render_version=page_version(),
                version=version,
                revision=page.revision,
                etag=published.etag,
                last_modified=published.last_modified,
                is_approved=published.is_approved,
                html=published.html,
                gzipped=published.gzipped,
                brotli=published.brotli,
                published_at=timezone.now(),
                fresh_until=published.fresh_until,
            )
    except IntegrityError:
        return published, version  # published meanwhile by another request (its ETag may differ: not remembered)
    _remember(slug, key, version, published)
    return published, version


def invalidate(article_id: int) -> None:
    """
    What readers get of an article is changing: count its publication version up (in the
    caller's transaction, so pages rendered from the old state are never read again),
    delete its stored pages, and tell the shared cache and the edge caches — now, and
    again once the transaction commits. Called by review.workflow on every change of a
    review and every approval.
    """
    publication, _ = Publication.objects.get_or_create(article_id=article_id)
    Publication.objects.filter(pk=publication.pk).update(version=F("version") + 1)
    version = publication.version + 1
    slugs = sorted(
        {
            *Article.objects.filter(pk=article_id).values_list("slug", flat=True),
            *PublishedPage.objects.filter(article_id=article_id).values_list("slug", flat=True),
        }
    )
    PublishedPage.objects.filter(article_id=article_id).delete()
    _announce(slugs, version)
    transaction.on_commit(lambda: _after_commit(slugs, version))


def _announce(slugs: list[str], version: int) -> None:
    if shared_cache():
        for slug in slugs:
            versions.set(_version_key(slug), version, timeout=VERSION_CACHE_SECONDS)


def _after_commit(slugs: list[str], version: int) -> None:
    _announce(slugs, version)
    edge.purge_articles(slugs)
