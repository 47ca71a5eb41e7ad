"""
The one domain event: what readers get of an article has changed.

Every workflow transition that changes what readers get of an article (the revision they
are shown, its review standing, "Readers asked", a withdrawal) sends it once, at its end,
inside its transaction. Publishing subscribes (publishing.refresh) and brings every copy
of what readers get up to date. It is the only signal that carries a business step.
"""

from __future__ import annotations

from django.dispatch import Signal

from articles.models import Article

# Sent with sender=articles.models.Article and article_id=<the article's id>.
reader_content_changed = Signal()


def announce_reader_content_changed(*, article_id: int) -> None:
    """Tell publishing that what readers get of the article has changed (call inside the transaction)."""
    reader_content_changed.send(sender=Article, article_id=article_id)
