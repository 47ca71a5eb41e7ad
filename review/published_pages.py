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
from dataclasses import dataclass
from datetime import datetime, time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import resolve
from django.utils import timezone

from accounts.audiences import Audience
from articles import caching
from articles.forms import QuestionForm
from articles.models import Article
from articles.presentation import Presentation, article_body_html, presentation_for
from articles.structured_data import json_ld, medical_web_page
from review import edge
from review.models import Publication, PublishedPage
from review.publication import ReaderPage, reader_page_for

logger = logging.getLogger(__name__)

AUDIENCE_KEYS = ("default", *(audience.value for audience in Audience))
TEMPLATE = "articles/article_detail.html"


def audience_key(audience: Audience | None) -> str:
    return audience.value if audience else "default"


def site_url(path: str) -> str:
    """An absolute address on the site (SITE_URL), the same whichever host a request used."""
    return settings.SITE_URL.rstrip("/") + path


def page_context(page: ReaderPage, presentation: Presentation, *, question_form=None) -> dict:
    """Everything the article template needs: the same for the stored page and a live one."""
    url = site_url(page.article.get_absolute_url())
    return {
        "page": page,
        "revision": page.revision,
        "presentation": presentation,
        "body": article_body_html(page.revision, presentation),
        "audiences": Audience.choices,
        "canonical_url": url,
        "json_ld": json_ld(medical_web_page(page=page, presentation=presentation, url=url)),
        "question_form": question_form or QuestionForm(),
    }


def _anonymous_request(path: str) -> HttpRequest:
    """The request every anonymous reader's page is rendered for: no user, no cookie, no token."""
    request = HttpRequest()
    parts = urlsplit(settings.SITE_URL)
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {"SERVER_NAME": parts.hostname or "localhost", "SERVER_PORT": str(parts.port or 80)}
    request.user = AnonymousUser()
    request.resolver_match = resolve(path)
    return request


@dataclass(frozen=True)
class Published:
    """A stored page, ready to send."""

    html: bytes
    gzipped: bytes
    etag: str
    last_modified: datetime
    is_approved: bool
    fresh_until: datetime | None = None  # from then on the page must say "Review overdue"

    def seconds_fresh(self) -> int | None:
        """How long the page stays true (None: until what readers get changes)."""
        if self.fresh_until is None:
            return None
        return max(0, int((self.fresh_until - timezone.now()).total_seconds()))


def _published_from_row(row: PublishedPage) -> Published:
    return Published(
        html=bytes(row.html),
        gzipped=bytes(row.gzipped),
        etag=row.etag,
        last_modified=row.last_modified,
        is_approved=row.is_approved,
        fresh_until=row.fresh_until,
    )


def _page_key(slug: str, key: str, version: int) -> str:
    return caching.key("page", slug, key, version)


def _version_key(slug: str) -> str:
    return caching.key("pubver", slug)


# A cached version number outlives its article's change only if the cache missed the
# update (it was down at that moment); this bounds how long that can last.
VERSION_CACHE_SECONDS = 300


def _shared_cache() -> bool:
    """Published bytes are cached only in a cache every process shares (Redis), never per process."""
    return bool(settings.PUBLISHED_PAGES_IN_CACHE)


def render(page: ReaderPage, audience: Audience | None) -> Published:
    """Render `page` for `audience` as an anonymous reader gets it."""
    presentation = presentation_for(audience)
    request = _anonymous_request(page.article.get_absolute_url())
    html = render_to_string(TEMPLATE, page_context(page, presentation), request=request).encode()
    digest = hashlib.sha256(html).hexdigest()[:16]
    etag = f'"{page.revision.history_id}-{audience_key(audience)}-{caching.render_version()}-{digest}"'
    approval = page.approval
    last_modified = max(page.revision.history_date, approval.approved_at) if approval else page.revision.history_date
    return Published(
        html=html,
        gzipped=gzip.compress(html, compresslevel=6, mtime=0),
        etag=etag,
        last_modified=last_modified,
        is_approved=page.is_approved,
        fresh_until=_review_due_moment(page) if not page.is_overdue else None,
    )


def _review_due_moment(page: ReaderPage) -> datetime | None:
    """The start of the day the approval falls due: from then on the page must say "Review overdue"."""
    if page.review_due is None:
        return None
    return timezone.make_aware(datetime.combine(page.review_due, time.min))


def published_page(*, slug: str, audience: Audience | None) -> Published | None:
    """The stored page of `slug` for `audience` (rendered and stored first if need be), or None if readers may not."""
    key = audience_key(audience)
    if not _shared_cache():
        return _from_database(slug, key, audience)[0]
    version = caching.get(_version_key(slug))
    if version is not None:
        cached = caching.get(_page_key(slug, key, version))
        if cached is not None and cached.seconds_fresh() != 0:
            return cached
    published, current = _from_database(slug, key, audience)
    if published is not None:
        caching.add(_version_key(slug), current, timeout=VERSION_CACHE_SECONDS)
        if version is None or version == current:
            caching.set(_page_key(slug, key, current), published, timeout=published.seconds_fresh())
    return published


# The one query of a warm read, written out: the same rows as
#   PublishedPage.objects.filter(slug=, audience=, render_version=,
#       version=F("article__publication__version"))
#   .filter(Q(fresh_until__isnull=True) | Q(fresh_until__gt=now)).first()
# (tests/review/test_published_read.py holds them equal), because the ORM spends about
# 0.8 ms of CPU building and compiling that filter on every request: more than the rest
# of the request together (`python -m bench.profile`). Publication's key is its article.
READ_SQL = (
    'SELECT p."id", p."html", p."gzipped", p."etag", p."last_modified", p."is_approved", p."version", '
    'p."fresh_until" FROM "review_publishedpage" p '
    'INNER JOIN "review_publication" v ON v."article_id" = p."article_id" '
    'WHERE p."slug" = %s AND p."audience" = %s AND p."render_version" = %s AND p."version" = v."version" '
    'AND (p."fresh_until" IS NULL OR p."fresh_until" > %s) '
    'ORDER BY p."id" LIMIT 1'
)


def read_stored(slug: str, key: str) -> PublishedPage | None:
    """The stored page of `slug` for audience `key` that may be served now (current version and render), or None."""
    pages = PublishedPage.objects
    now = connections[pages.db].ops.adapt_datetimefield_value(timezone.now())  # as the ORM would send it
    return next(iter(pages.raw(READ_SQL, [slug, key, caching.render_version(), now])), None)


def _from_database(slug: str, key: str, audience: Audience | None) -> tuple[Published | None, int]:
    """The stored page for the article's current version (one query), publishing it first if there is none."""
    row = read_stored(slug, key)
    if row is not None:
        return _published_from_row(row), row.version
    return _publish(slug=slug, audience=audience)


def _publish(*, slug: str, audience: Audience | None) -> tuple[Published | None, int]:
    """Render and store one page for the current version (another process may have stored it first: as good)."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        return None, 0
    version = Publication.objects.get_or_create(article=article)[0].version
    page = reader_page_for(article)
    if page is None:
        return None, version
    published = render(page, audience)
    try:
        with transaction.atomic():
            # A page whose review has fallen due since it was stored holds this key but must
            # not be read again; without this, every request would render it anew.
            PublishedPage.objects.filter(
                slug=slug,
                audience=audience_key(audience),
                render_version=caching.render_version(),
                version=version,
                fresh_until__lte=timezone.now(),
            ).delete()
            PublishedPage.objects.create(
                article=article,
                slug=slug,
                audience=audience_key(audience),
                render_version=caching.render_version(),
                version=version,
                revision=page.revision,
                etag=published.etag,
                last_modified=published.last_modified,
                is_approved=published.is_approved,
                html=published.html,
                gzipped=published.gzipped,
                published_at=timezone.now(),
                fresh_until=published.fresh_until,
            )
    except IntegrityError:
        pass  # published meanwhile by another request
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
    if _shared_cache():
        for slug in slugs:
            caching.set(_version_key(slug), version, timeout=VERSION_CACHE_SECONDS)


def _after_commit(slugs: list[str], version: int) -> None:
    _announce(slugs, version)
    edge.purge_articles(slugs)
