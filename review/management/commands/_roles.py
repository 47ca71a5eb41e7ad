"""What grant_role and revoke_role share: the role names an operator types."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from accounts import roles

# What an operator types → the group (accounts/roles.py). The group's own name works too.
ROLE_NAMES = {"editor": roles.EDITORS, "board": roles.BOARD, "site-admin": roles.SITE_ADMINS}


def role_group_name(name: str) -> str:
    """The group for a role as typed ("editor", "board", "site-admin" or a group name)."""
    if name in ROLE_NAMES:
        return ROLE_NAMES[name]
    if name in ROLE_NAMES.values():
        return name
    raise CommandError(f"Unknown role {name!r}: use one of {', '.join(ROLE_NAMES)}.")


def user_named(username: str):
    try:
        return get_user_model().objects.get_by_natural_key(username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"No user {username!r}.") from None
