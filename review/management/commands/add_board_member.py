"""
`manage.py add_board_member USERNAME --first-name … --last-name … --credentials …
--specialty … [--email …] [--bio …] [--password … | --no-password]`

Makes a Medical Advisory Board member in one step — the account (or an existing one),
the board's group (its permissions: the queue, review.review_revision) and the
BoardMember profile with the credentials and bio readers see — so that the member can
start a review at once. With neither --password nor a terminal to ask on, the account
gets no usable password and the command prints a link where the member sets one.
"""

from __future__ import annotations

import getpass
import sys

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import roles
from review import permissions
from review.models import BoardMember


def password_set_link(user) -> str:
    """The password-reset link for `user`, as the reset e-mail would carry it."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


class Command(BaseCommand):
    help = "Add a Medical Advisory Board member (account, role and profile) who can start reviews at once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--first-name", help="Shown to readers (required for a new account).")
        parser.add_argument("--last-name", help="Shown to readers (required for a new account).")
        parser.add_argument("--email", default=None)
        parser.add_argument("--credentials", required=True, help='Shown after the name, e.g. "MD, FACP".')
        parser.add_argument("--specialty", required=True, help='e.g. "Internal medicine".')
        parser.add_argument("--bio", default=None, help="A short biography for the board page.")
        parser.add_argument(
            "--languages",
            default=None,
            help='Languages besides English this member reviews translations in, e.g. "es" (comma-separated).',
        )
        secret = parser.add_mutually_exclusive_group()
        secret.add_argument("--password", help="Set this password (it is checked like any other).")
        secret.add_argument(
            "--no-password", action="store_true", help="Do not ask: print a link where the member sets a password."
        )

    def handle(self, *args, username: str, verbosity: int = 1, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None and not (options["first_name"] and options["last_name"]):
            raise CommandError("A new board member needs --first-name and --last-name: readers see the name.")
        if user is not None and not user.is_active:
            raise CommandError(f"{username} exists but is not active; activate the account first.")
        password = options["password"]
        asked = False
        if password is None and not options["no_password"] and (user is None or not user.has_usable_password()):
            if sys.stdin.isatty():
                password, asked = self._ask_password(), True

        try:
            with transaction.atomic():
                member, created = self._save(user, username, password, options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        # The same question the workflow asks before a review is started.
        user = User.objects.get(pk=member.user_id)
        if permissions.active_board_member(user) is None or not user.has_perm("review.review_revision"):
            raise CommandError(f"{username} was saved but cannot start reviews; check the account.")
        if verbosity:
            what = "Added" if created else "Updated"
            self.stdout.write(self.style.SUCCESS(f"{what} board member {member.display_name} ({username})."))
            self.stdout.write(f"{username} can start reviews now at {settings.SITE_URL.rstrip('/')}/review/.")
            if not user.has_usable_password():
                self.stdout.write(
                    f"No password is set. The member sets one here (the link works once): {password_set_link(user)}"
                )
            elif asked:
                self.stdout.write("The password you typed is set.")

    def _save(self, user, username: str, password: str | None, options) -> tuple[BoardMember, bool]:
        """The account, the board's group and the profile; raises ValidationError."""
        created = user is None
        if created:
            user = get_user_model()(username=username)
        for field in ("first_name", "last_name", "email"):
            if options[field] is not None:
                setattr(user, field, options[field])
        if password is not None:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                raise CommandError("Password refused: " + " ".join(error.messages)) from None
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        user.groups.add(Group.objects.get(name=roles.BOARD))
        defaults = {"credentials": options["credentials"], "specialty": options["specialty"], "active": True}
        if options["bio"] is not None:
            defaults["bio"] = options["bio"]
        if options["languages"] is not None:
            defaults["languages"] = _languages(options["languages"])
        member, _ = BoardMember.objects.update_or_create(user=user, defaults=defaults)
        member.full_clean()
        return member, created

    def _ask_password(self) -> str:
        for _ in range(3):
            first = getpass.getpass("Password for the new board member: ")
            if first and first == getpass.getpass("Password (again): "):
                return first
            self.stderr.write("The two passwords differ, or are empty. Try again.")
        raise CommandError("No password set.")


def _languages(value: str) -> str:
    """The codes of `value` that are languages of the site besides English, or CommandError."""
    codes = [code.strip().lower() for code in value.split(",") if code.strip()]
    known = {code for code, _name in settings.LANGUAGES if code != "en"}
    unknown = [code for code in codes if code not in known]
    if unknown:
        choices = ", ".join(sorted(known))
        raise CommandError(f"--languages: {', '.join(unknown)} is not a translation language ({choices}).")
    return ",".join(dict.fromkeys(codes))
