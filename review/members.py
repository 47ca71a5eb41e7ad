"""Board membership: the profile readers see and the role that lets a member review move together."""

from __future__ import annotations

from django.contrib.auth.models import Group

from accounts import roles
from review.models import BoardMember


def board_role_sync(member: BoardMember) -> None:
    """Give an active member (of an active account) the board role; take it from anyone else's profile."""
    board = Group.objects.get(name=roles.BOARD)
    if member.active and member.user.is_active:
        member.user.groups.add(board)
    else:
        member.user.groups.remove(board)
