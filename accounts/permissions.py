"""
Who counts as staff: anyone who may read unpublished work. The rules for *actions* live
with the actions (articles.services, review.workflow); web.permissions turns this into
what a staff page answers to whom.
"""

STAFF_PERMISSION = "articles.view_article"


def is_staff_member(user) -> bool:
    """Editors, board members and site admins (anyone who may read unpublished work)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(STAFF_PERMISSION))
