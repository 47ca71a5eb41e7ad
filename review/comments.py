"""Comments on a review, by its reviewers and editors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from review.models import Review, ReviewComment

MAX_LENGTH = 5000


def can_comment(user) -> bool:
    return bool(user and user.is_active and user.has_perm("review.add_reviewcomment"))


@transaction.atomic
def comment_add(*, review: Review, by, body: str, entry_name: str = "") -> ReviewComment:
    """Leave a plain-text comment on a review, optionally about one diagnosis of its revision."""
    if not can_comment(by):
        raise PermissionDenied("Only editors and board members can comment on reviews.")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write a comment."})
    if len(body) > MAX_LENGTH:
        raise ValidationError({"body": f"Keep comments under {MAX_LENGTH} characters."})
    entry_name = (entry_name or "").strip()
    names = {entry.name for _tier, entry in review.revision.document.all_entries()}
    if entry_name and entry_name not in names:
        raise ValidationError({"entry_name": "Choose a diagnosis of this revision, or none."})
    return ReviewComment.objects.create(
        review=review, author=by, body=body, entry_name=entry_name, created_at=timezone.now()
    )


comment_add.alters_data = True
