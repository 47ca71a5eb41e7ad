"""
`manage.py grant_role USERNAME ROLE`: give a user a staff role (editor, board,
site-admin). A site admin is also made staff, for the Django admin. The board role is
given only with a board-member profile (`manage.py add_board_member` makes both): a
member without one would be in the queue with no Start review button.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import roles
from review.management.commands._roles import ROLE_NAMES, role_group_name, user_named
from review.models import BoardMember


class Command(BaseCommand):
    help = f"Give USERNAME a staff role: {', '.join(ROLE_NAMES)}."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help=f"one of {', '.join(ROLE_NAMES)}")

    @transaction.atomic
    def handle(self, *args, username: str, role: str, verbosity: int = 1, **options):
        group_name = role_group_name(role)
        user = user_named(username)
        if not user.is_active:
            raise CommandError(f"{username} is not active; activate the account first.")
        if group_name == roles.BOARD:
            member = BoardMember.objects.filter(user=user).first()
            if member is None:
                raise CommandError(
                    f"{username} has no board-member profile (credentials and specialty, shown to readers): "
                    "use `manage.py add_board_member`, which makes the profile and gives the role."
                )
            if not member.active:
                member.active = True
                member.save(update_fields=["active"])
        user.groups.add(Group.objects.get(name=group_name))
        if group_name == roles.SITE_ADMINS and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{username} now has the role {group_name}."))
