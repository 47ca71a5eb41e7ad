"""
Stored site pages: every reader page besides the articles, kept as bytes like them.

Home, the article index (with its filters and pages), the board, the policy pages, the
feed, the sitemap and search results are, for an anonymous reader, a function of the
address (its meaningful query parameters), the audience (search results only: they are
written in the reader's register), the library, the day (listings say when a review falls
due) and the render version. So each is rendered once and kept — in this process and, when
there is one, in the shared cache (Redis) — under the **site signal**: a small value that
changes whenever anything those pages show may have changed. It is the articles'
publication versions (counted up by publishing.pages.invalidate, in the transaction of
every change of what readers get) together with SiteVersion (counted up by
publishing.refresh when the board, the synonyms or the set of articles change).

Reading the signal costs nothing while this process's listener has heard no change of it
(publishing.versions), else one GET of a few bytes from the shared cache, which the
publishing call sets after each commit (set, not add, so no reader's older value can
outlive it); without a shared cache, one small query — none on SQLite while nothing has
been committed since (PRAGMA data_version, as publishing.pages does). A page is stored
under the signal read *before* it was rendered, so a change made while rendering leaves
it unread.

Never stored: a signed-in person's page, one with a message waiting (the messages
cookie), any status but 200, a response that sets a cookie, and an address with query
parameters the page does not read (tracking parameters are dropped from the key).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from accounts.audiences import audience_for_request
from publishing import caching, versions
from publishing.http import is_anonymous, is_tracking, published_response, reader_page
from publishing.models import Publication, SiteVersion
from publishing.pages import Published, SqliteStamp, audience_key, compress, shared_cache, sqlite_stamp

MAX_QUERY_LENGTH = 512
MAX_VALUE_LENGTH = 200


@dataclass(frozen=True)
class StoredRule:
    """Which query parameters a page reads, and whether it is written per audience."""

    parameters: frozenset[str] = frozenset()
    by_audience: bool = False
    # Compressed for the first reader who takes gzip or brotli, not when stored: search results, most of
    # which are read once (publishing.pages.Published.when_asked).
    compressed_when_asked: bool = False


# The reader pages stored here, by path (web/reader/urls.py). Article pages are publishing.pages'.
STORED_PAGES: dict[str, StoredRule] = {
    "/": StoredRule(),
    "/articles/": StoredRule(frozenset({"specialty", "condition", "sort", "page"})),
    "/board/": StoredRule(),
    "/editorial-policy/": StoredRule(),
    "/about/": StoredRule(),
    "/contact/": StoredRule(),
    "/privacy/": StoredRule(),
    "/feed/": StoredRule(),
    "/sitemap.xml": StoredRule(),
    "/search/": StoredRule(frozenset({"q"}), by_audience=True, compressed_when_asked=True),
}


# The address's language prefix: one of LANGUAGES' codes but the default's (i18n_patterns with
# prefix_default_language=False, config/urls.py), exactly as the URL resolver reads it.
_PREFIXES = "|".join(re.escape(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
_PREFIXED = re.compile(f"/(?:{_PREFIXES})(?=/)")


def _unprefixed(path: str) -> str:
    """The path without its language prefix (/es/articles/ → /articles/): the rules are the same in every language."""
    match = _PREFIXED.match(path)
    return path[match.end() :] if match else path


def is_stored_path(path: str) -> bool:
    return _unprefixed(path) in STORED_PAGES


def page_key(request) -> str | None:
    """Where `request`'s page is stored, or None when it may not be (module docstring)."""
    rule = STORED_PAGES.get(_unprefixed(request.path_info))
    if rule is None or request.method not in ("GET", "HEAD") or not is_anonymous(request):
        return None
    if CookieStorage.cookie_name in request.COOKIES:
        return None
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_LENGTH:
        return None
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query), max_num_fields=16)
    except ValueError:
        return None
    kept: dict[str, str] = {}
    for name, value in pairs:
        # The audience is read by audience_for_request below (and changes only search results).
        if name == "audience" or is_tracking(name):
            continue
        if name not in rule.parameters or name in kept or len(value) > MAX_VALUE_LENGTH:
            return None
        kept[name] = value
    audience = audience_key(audience_for_request(request)) if rule.by_audience else "-"
    # The feed and the sitemap hold absolute addresses (and every page without SITE_URL its alternates):
    # the host and scheme are part of the page. The host was checked against ALLOWED_HOSTS before this
    # (CommonMiddleware, or the fast path's own get_host()), so its raw value names it: get_host() again
    # would cost as much as the rest of the key.
    where = f"{request.scheme}://{request._get_raw_host()}"
    return f"{where}{request.path_info}?{urlencode(sorted(kept.items()))}|{audience}"


# --- the site signal ------------------------------------------------------------------

_SIGNAL_SQL = (
    'SELECT (SELECT COALESCE(SUM("version"), 0) FROM "review_publication"), '
    '(SELECT COUNT(*) FROM "review_publication"), '
    '(SELECT COALESCE(MAX("version"), 0) FROM "publishing_siteversion")'
)
SIGNAL_CACHE_SECONDS = 300  # bounds how long a signal the cache missed the update of can last


def _signal_key() -> str:
    return caching.key("sitesig")


class _Stamped(threading.local):
    """Per thread (each has its own SQLite connection): the signal read at an SQLite stamp (publishing.pages)."""

    def __init__(self):
        self.stamp: SqliteStamp | None = None
        self.signal = ""


_stamped = _Stamped()


def signal_from_database() -> str:
    connection = connections[Publication.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(_SIGNAL_SQL)
        total, count, site = cursor.fetchone()
    return f"{total}.{count}.{site}"


def current_signal() -> str:
    """The site signal now (module docstring): a GET of the shared cache, a stamp check, or a query."""
    if shared_cache():
        signal = versions.get(_signal_key())
        if signal is None:
            signal = signal_from_database()
            if _committed_state():
                versions.add(_signal_key(), signal, timeout=SIGNAL_CACHE_SECONDS)
        return signal
    connection = connections[Publication.objects.db]
    stamp = sqlite_stamp(connection)
    if stamp is not None and stamp == _stamped.stamp:
        return _stamped.signal
    signal = signal_from_database()
    if stamp is not None:
        _stamped.stamp, _stamped.signal = stamp, signal
    return signal


def _committed_state() -> bool:
    """True when what this connection reads is what every process reads (not inside a transaction)."""
    return not connections[Publication.objects.db].in_atomic_block


def announce_change() -> None:
    """
    Something the site pages show changed: the shared cache forgets the signal now (so that
    this transaction reads its own from the database) and learns the new one once it is
    committed — set, not added, so no value read before the commit outlives it.
    """
    if shared_cache():
        versions.delete(_signal_key())
        transaction.on_commit(lambda: versions.set(_signal_key(), signal_from_database(), SIGNAL_CACHE_SECONDS))


def count_site_version() -> None:
    """A change the articles' publication versions do not count (board, synonyms, a deleted article)."""
    if not SiteVersion.objects.filter(pk=1).update(version=F("version") + 1):
        SiteVersion.objects.get_or_create(pk=1, defaults={"version": 2})
    announce_change()


# --- stored pages -----------------------------------------------------------------------

STORED_IN_PROCESS = 512
_stored: OrderedDict[str, tuple[tuple[str, str, str], Published]] = OrderedDict()
_stored_lock = threading.Lock()


_today: tuple[str, float] = ("", 0.0)  # (the local date, the timestamp its day ends at)


def _day() -> str:
    """The local date (the pages say when a review falls due), worked out again only once the day has ended."""
    global _today
    day, ends = _today
    if time.time() >= ends:
        day, ends = timezone.localdate().isoformat(), _next_midnight().timestamp()
        _today = (day, ends)
    return day


def _full_key(key: str, signal: str) -> str:
    return caching.key("site", _day(), signal, key)


def _in_process(signal: str) -> tuple[str, str, str]:
    """What a copy kept in this process was stored under: the signal, the day and the render version (the
    database identity is read once per process, so it cannot differ between copies of one process)."""
    return (signal, _day(), caching.render_version())


def _keep(key: str, signal: str, published: Published) -> None:
    with _stored_lock:
        _stored.pop(key, None)
        while len(_stored) >= STORED_IN_PROCESS:
            _stored.popitem(last=False)
        _stored[key] = (_in_process(signal), published)


def forget_stored() -> None:
    """Drop this process's copies (tests)."""
    with _stored_lock:
        _stored.clear()
    versions.forget()


def stored_site_page(key: str) -> Published | None:
    """The stored page for `key` under the current signal, or None (it renders nothing: publishing.fastpath)."""
    signal = current_signal()
    entry = _stored.get(key)
    if entry is not None and entry[0] == _in_process(signal) and entry[1].seconds_fresh() != 0:
        return entry[1]
    # The shared cache's key names the day, the signal, the render version and the database (a restore renews it).
    if not shared_cache():
        return None
    published = caching.get(_full_key(key, signal))
    if published is not None and published.seconds_fresh() != 0:
        _keep(key, signal, published)
        return published
    return None


def _next_midnight() -> datetime.datetime:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))


def package(response, key: str, *, when_asked: bool = False) -> Published:
    """
    The stored form of a rendered page: bytes, gzip and brotli (now, or `when_asked`: for the first
    reader who takes each), a strong ETag of the bytes, good until midnight.
    """
    body = bytes(response.content)
    digest = hashlib.sha256(body).hexdigest()[:20]
    return Published(
        html=body,
        gzipped=b"" if when_asked else compress(body, "gzip"),
        brotli=b"" if when_asked else compress(body, "br"),
        when_asked=when_asked,
        etag=f'"s-{digest}"',
        last_modified=timezone.now().replace(microsecond=0),
        is_approved=True,
        fresh_until=_next_midnight(),
        content_type=response["Content-Type"],
        language=get_language(),
    )


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in response.get("Cache-Control", "")
        and "Content-Encoding" not in response
    )


def store(key: str, signal: str, published: Published) -> None:
    _keep(key, signal, published)
    if shared_cache() and _committed_state():  # a page of uncommitted state is for no other process
        caching.set(_full_key(key, signal), published, timeout=published.seconds_fresh())


def stored_reader_page(view):
    """A reader page (publishing.http.reader_page) that anonymous readers get as stored bytes (module docstring)."""
    shared = reader_page(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        key = page_key(request)
        if key is None:
            return shared(request, *args, **kwargs)
        published = stored_site_page(key)
        if published is None:
            signal = current_signal()  # before rendering: a change while rendering leaves the page unread
            response = shared(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                response.render()  # a TemplateResponse (the policy pages): its bytes are what is stored
            if not _storable(response):
                return response
            rule = STORED_PAGES[_unprefixed(request.path_info)]
            published = package(response, key, when_asked=rule.compressed_when_asked)
            store(key, signal, published)
        return published_response(request, published)

    return wrapped
