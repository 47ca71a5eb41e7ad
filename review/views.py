"""Public pages of the review app."""

from django.db.models import Count
from django.shortcuts import render

from review.models import BoardMember


def board(request):
    """The Medical Advisory Board: each active member and how many articles they reviewed."""
    members = (
        BoardMember.objects.filter(active=True)
        .select_related("user")
        .annotate(articles_reviewed=Count("user__approvals_given__article", distinct=True))
    )
    return render(request, "review/board.html", {"members": members})
