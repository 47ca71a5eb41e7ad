"""
`manage.py revoke_role USERNAME ROLE`: take a staff role away. Taking the board role also
marks the board-member profile inactive (it stays, because past approvals name the
member, but the member leaves /board/ and can start or decide no review). Taking the
site-admin role also ends Django admin access, unless the user is a superuser.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import roles
from review.management.commands._roles import ROLE_NAMES, role_group_name, user_named
from review.models import BoardMember, Review, ReviewState


class Command(BaseCommand):
    help = f"Take a staff role away from USERNAME: {', '.join(ROLE_NAMES)}."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=f"one of {', '.join(ROLE_NAMES)}")

    @transaction.atomic
    def handle(self, *args, username: str, role: str, verbosity: int = 1, **options):
        group_name = role_group_name(role)
        user = user_named(username)
        user.groups.remove(Group.objects.get(name=group_name))
        if group_name == roles.BOARD:
            for member in BoardMember.objects.filter(user=user, active=True):
                member.active = False
                member.save(update_fields=["active"])  # saved, not updated: the board page hears of it
            started = Review.objects.filter(assignee=user, state=ReviewState.UNDER_REVIEW).select_related("article")
            for review in started:
                self.stderr.write(
                    f"Note: {username} has started the review of {review.article.slug} (review {review.pk}); "
                    "it stays assigned to them, and nobody can decide it until they are a board member again."
                )
        if group_name == roles.SITE_ADMINS and user.is_staff and not user.is_superuser:
            user.is_staff = False
            user.save(update_fields=["is_staff"])
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{username} no longer has the role {group_name}."))
