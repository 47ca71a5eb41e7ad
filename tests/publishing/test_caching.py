"""publishing.caching: keys that cannot lie, and a cache outage that only slows the site."""

import logging

import pytest
from django.test import override_settings

from articles.models import DatabaseIdentity, HistoricalArticle
from articles.presentation import presentation_for
from publishing import caching
from publishing.caching import article_body_html
from tests import factories

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # A real Redis client against a port nothing listens on: every call fails to connect.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.fixture(autouse=True)
def _fresh_identity():
    caching.forget_database_identity()
    yield
    caching.forget_database_identity()


def test_keys_name_the_render_version_and_the_database(db):
    key = caching.key("body", 7, "patient")
    assert key.split(":")[:3] == ["mr", caching.render_version(), DatabaseIdentity.current()]


def test_a_restored_database_never_gets_another_articles_cached_body(editor):
    """After a restore that keeps the cache, a reused revision id holds another text."""
    article = factories.make_article(by=editor)
    revision = article.latest_revision()
    before = str(article_body_html(revision, presentation_for(None)))
    assert "Benign nocturnal leg cramps" in before
    # The restore: the same revision id now holds another article's document.
    other = factories.fields(
        document=factories.document(
            tiers={factories.Tier.MOST_LIKELY: (factories.Entry(name="Muscle strain", clinical="Strain."),)}
        )
    )
    HistoricalArticle.objects.filter(history_id=revision.history_id).update(content=other.as_model_values()["content"])
    restored = HistoricalArticle.objects.get(history_id=revision.history_id)
    after = str(article_body_html(restored, presentation_for(None)))
    assert "Muscle strain" in after and "Benign nocturnal leg cramps" not in after


def test_a_renewed_database_identity_changes_every_key(db):
    old = caching.key("body", 1, "default")
    DatabaseIdentity.renew()
    caching.forget_database_identity()
    assert caching.key("body", 1, "default") != old


def test_the_render_version_follows_the_templates(settings, tmp_path):
    caching.render_version.cache_clear()
    try:
        template = tmp_path / "page.html"
        template.write_text("<p>one</p>")
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
        first = caching.render_version()
        caching.render_version.cache_clear()
        template.write_text("<p>two</p>")
        assert caching.render_version() != first
    finally:
        caching.render_version.cache_clear()


def test_a_rendered_body_is_stored_under_its_key_and_served_from_it(editor):
    from articles.presentation import content_digest

    revision = factories.make_article(by=editor).latest_revision()
    key = caching.key("body", revision.history_id, "default", "en", content_digest(revision))
    assert caching.get(key) is None
    html = str(article_body_html(revision, presentation_for(None)))
    assert caching.get(key) == html
    caching.set(key, "<p>from the cache</p>")
    assert str(article_body_html(revision, presentation_for(None))) == "<p>from the cache</p>"


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_an_unreachable_redis_serves_every_article_page_and_logs_once(client, caplog, demo):
    caching._answered()  # start from "the cache answers"
    with caplog.at_level(logging.WARNING, logger="publishing.caching"):
        for audience in ("", "?audience=patient", "?audience=physician"):
            response = client.get("/articles/low-back-pain/" + audience)
            assert response.status_code == 200
            assert "Cauda equina" in response.content.decode()
    warnings = [r for r in caplog.records if "Cache unavailable" in r.getMessage()]
    assert len(warnings) == 1
