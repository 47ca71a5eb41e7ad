"""The Atom feed of approved articles and their approved updates.

Everything in it is text: summaries go out as `type="text"`, so a feed reader shows
whatever an author typed as characters and never runs it as HTML. Ids are absolute
tag URIs (RFC 4287 wants an absolute IRI) made from SITE_URL, so they stay the same
whichever host name a request used. Internal change reasons are never published.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from review import publication
from review.models import Approval, ApprovalKind

# The date in the feed's own id: fixed, so that the id never changes.
FEED_STARTED = datetime.date(2026, 1, 1)


class TextSummaryAtomFeed(Atom1Feed):
    """Atom with plain-text summaries (Django's Atom1Feed marks them as HTML)."""

    def add_item_elements(self, handler, item):
        summary = item.get("description")
        item = {**item, "description": None}
        super().add_item_elements(handler, item)
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


def tag_uri(path: str, date) -> str:
    """An absolute, permanent id for a feed entry: tag:<site host>,<date>:<path>."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{date:%Y-%m-%d}:{path}"


class ApprovedArticlesFeed(Feed):
    feed_type = TextSummaryAtomFeed
    title = _("MedReview: articles reviewed by our Medical Advisory Board")
    subtitle = _("New and updated differential diagnoses, each approved by a board member.")
    author_name = "MedReview"

    def link(self):
        return reverse("articles:index")

    def feed_guid(self):
        return tag_uri(reverse("feed"), FEED_STARTED)

    def items(self):
        return (
            # Only approvals readers have: not a first of two, not one waiting to go live.
            Approval.objects.live()
            .filter(kind=ApprovalKind.APPROVED, article__in=publication.readable_articles().values("pk"))
            .select_related("article", "revision", "approved_by__board_member")
            .order_by("-approved_at", "-id")[:30]
        )

    def item_title(self, approval):
        return approval.revision.title

    def item_description(self, approval):
        return approval.revision.summary or gettext("Reviewed and approved by the MedReview Medical Advisory Board.")

    def item_link(self, approval):
        return approval.article.get_absolute_url()

    def item_guid(self, approval):
        path = f"{approval.article.get_absolute_url()}revisions/{approval.revision.revision_number}"
        return tag_uri(path, approval.approved_at)

    item_guid_is_permalink = False

    def item_pubdate(self, approval):
        return approval.approved_at

    def item_updateddate(self, approval):
        return approval.approved_at

    def item_author_name(self, approval):
        member = getattr(approval.approved_by, "board_member", None)
        return gettext("Reviewed by %(name)s") % {"name": member.display_name} if member else None
