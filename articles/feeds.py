"""The Atom feed of approved articles and their approved updates."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from review.models import Approval, ApprovalKind


class ApprovedArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "MedReview: articles reviewed by our Medical Advisory Board"
    subtitle = "New and updated differential diagnoses, each approved by a board member."
    author_name = "MedReview"

    def link(self):
        return reverse("articles:index")

    def items(self):
        return (
            Approval.objects.filter(kind=ApprovalKind.APPROVED)
            .select_related("article", "revision", "approved_by__board_member")
            .order_by("-approved_at", "-id")[:30]
        )

    def item_title(self, approval):
        return approval.revision.title

    def item_description(self, approval):
        reason = approval.revision.history_change_reason or "Approved"
        summary = approval.revision.summary or approval.revision.title
        return f"{summary} — Revision {approval.revision.revision_number}: {reason}."

    def item_link(self, approval):
        return approval.article.get_absolute_url()

    def item_guid(self, approval):
        return f"{approval.article.get_absolute_url()}#approved-revision-{approval.revision.revision_number}"

    item_guid_is_permalink = False

    def item_pubdate(self, approval):
        return approval.approved_at

    def item_updateddate(self, approval):
        return approval.approved_at

    def item_author_name(self, approval):
        member = getattr(approval.approved_by, "board_member", None)
        return f"Reviewed by {member.display_name}" if member else None
