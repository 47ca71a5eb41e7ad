"""
Every copy of what readers get, refreshed on the workflow's one event
(review.events.reader_content_changed):

- in the transaction that changed it: the article's publication version counts up (so a
  page rendered from the old state is never read again), its stored pages go, and the
  search index is rewritten — the copies kept in the database change atomically with the
  workflow, so none of them can disagree with it after a commit or a rollback;
- once it commits: the shared cache learns the new version and every edge cache drops the
  article's pages and the lists that show it (publishing.pages.invalidate schedules both).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from articles.models import Article
from publishing import edge, index, pages, sitepages


def refresh_copies(sender, *, article_id: int, **kwargs) -> None:
    """Bring every copy of what readers get of the article up to date (receiver of reader_content_changed)."""
    pages.invalidate(article_id)
    sitepages.announce_change()
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return
    if article.translation_of_id is not None:
        # A translation is read at its original's address: those pages are stored under the original.
        pages.invalidate(article.translation_of_id)
        index.reindex(article)  # its language's passages of the original (publishing.index)
    else:
        index.reindex(article)  # the search index holds the originals (what readers search, in English)


# What a User save changes that no reader page shows.
_UNSHOWN_USER_FIELDS = frozenset({"last_login", "password", "audience"})


def refresh_site_pages(sender, **kwargs) -> None:
    """
    The board, the synonyms or the set of articles changed (receiver of their post_save and
    post_delete): the stored site pages (publishing.sitepages) are read no more, and the
    edge caches drop the lists.
    """
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= _UNSHOWN_USER_FIELDS:
        return
    sitepages.count_site_version()
    if settings.EDGE_CACHE_URLS:
        transaction.on_commit(lambda: edge.ban(list(edge.LIST_PATTERNS)))
