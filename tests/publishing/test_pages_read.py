"""
publishing.pages.read_stored: the warm read, written out as SQL for speed, finds
exactly the row the ORM's filter finds, in every state a stored page can be in.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db.models import F, Q
from django.utils import timezone

from accounts.audiences import Audience
from publishing import pages
from publishing.models import Publication, PublishedPage
from web.reader import pages as article_pages


@pytest.fixture
def demo(demo):
    """The shared demo data (tests/conftest.py), with both demo articles' pages published on it."""
    cache.clear()  # a shared cache outlives each test's database: rows are stored only on a miss
    for slug in ("leg-cramps", "low-back-pain"):
        for audience in (None, "patient"):
            article_pages.published_article(slug=slug, audience=Audience(audience) if audience else None)


def orm_row(slug, key):
    return (
        PublishedPage.objects.filter(
            slug=slug,
            audience=key,
            render_version=pages.page_version(),
            version=F("article__publication__version"),
        )
        .filter(Q(fresh_until__isnull=True) | Q(fresh_until__gt=timezone.now()))
        .first()
    )


def both(slug, key):
    orm, raw = orm_row(slug, key), pages.read_stored(slug, key)
    assert (orm and orm.pk) == (raw and raw.id)
    return raw


def same_fields(row, stored):
    assert bytes(row.html) == bytes(stored.html) and bytes(row.gzipped) == bytes(stored.gzipped)
    for name in ("etag", "last_modified", "is_approved", "version", "fresh_until"):
        assert getattr(row, name) == getattr(stored, name), name


def test_a_current_page_is_found_with_every_field(demo):
    for slug in ("leg-cramps", "low-back-pain"):
        for key in ("default", "patient"):
            row = both(slug, key)
            assert row is not None
            same_fields(row, PublishedPage.objects.get(pk=row.id))
            assert isinstance(row.is_approved, bool) and row.last_modified.tzinfo is not None


def test_nothing_for_an_unknown_article_or_audience(demo):
    assert both("no-such-article", "default") is None
    assert both("leg-cramps", "nurse") is None  # not published for that audience yet


def test_an_old_version_or_render_is_not_read(demo):
    Publication.objects.filter(article__slug="leg-cramps").update(version=F("version") + 1)
    assert both("leg-cramps", "default") is None
    PublishedPage.objects.filter(slug="low-back-pain").update(render_version="old-deploy")
    assert both("low-back-pain", "default") is None


def test_a_page_past_its_fresh_until_is_not_read_and_one_before_it_is(demo):
    now = timezone.now()
    PublishedPage.objects.filter(slug="leg-cramps").update(fresh_until=now - datetime.timedelta(seconds=1))
    assert both("leg-cramps", "default") is None
    PublishedPage.objects.filter(slug="leg-cramps").update(fresh_until=now + datetime.timedelta(minutes=5))
    row = both("leg-cramps", "default")
    assert row is not None
    same_fields(row, PublishedPage.objects.get(pk=row.id))
