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

from articles.models import Article
from publishing import index, pages


def refresh_copies(sender, *, article_id: int, **kwargs) -> None:
    """Bring every copy of what readers get of the article up to date (receiver of reader_content_changed)."""
    pages.invalidate(article_id)
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        index.reindex(article)
