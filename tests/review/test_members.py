"""Board membership and the board role move together (review/members.py)."""

from django.contrib.auth.models import Group

from accounts import roles
from review.members import board_role_sync
from review.models import BoardMember


def board_role_of(user):
    return user.groups.filter(name=roles.BOARD).exists()


def test_an_active_member_gets_the_board_role_and_loses_it_when_inactive(reader_user):
    member = BoardMember.objects.create(user=reader_user, credentials="MD", specialty="Neurology", bio="Bio.")
    board_role_sync(member)
    assert board_role_of(reader_user)
    member.active = False
    board_role_sync(member)
    assert not board_role_of(reader_user)


def test_a_deactivated_account_keeps_no_board_role_whatever_the_profile_says(reviewer):
    member = BoardMember.objects.get(user=reviewer)
    reviewer.is_active = False
    reviewer.save()
    board_role_sync(member)
    assert not board_role_of(reviewer)
    assert Group.objects.filter(name=roles.BOARD).exists()  # the role itself stays
